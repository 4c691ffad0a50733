"""Thin Rasa actions: read the tracker, call plain-Python replies, send them."""
from actions.log_privacy import install_log_scrubbing

# The action server (``python -m rasa_sdk --actions actions.dialogue``) loads this package
# first: from here on, no phone number or e-mail address reaches its logs (docs/privacy.md).
install_log_scrubbing()
