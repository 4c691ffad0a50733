"""Runs the Rasa server (the `rasa` command line) with its stores configured and two memory savings.

Stores (endpoints.yml, bot/conversations/): the variables that endpoints.yml reads are
filled here from bot.conversations.settings, so that `TRACKER_STORE_URL` and
`LOCK_STORE_URL` may stay unset (conversations beside the bookings; in-memory lock).

Memory, measured with `make bench` (docs/performance.md):
- TensorFlow's lite utilities import jax when it is installed (TensorFlow 2.12
  depends on it); Rasa never uses jax: blocking the import saves about 65 MB.
- oneDNN's primitive caches are turned off (TF_ENABLE_ONEDNN_OPTS=0): about 40 MB,
  with no measurable change in latency for this model's small inputs.
"""
import os
import sys

from actions.log_privacy import install_log_scrubbing
from bot.conversations.settings import load_conversation_store_settings, sqlite_file


def configure_stores() -> None:
    """Puts the conversation stores' settings where endpoints.yml reads them."""
    stores = load_conversation_store_settings()
    os.environ["TRACKER_STORE_URL"] = stores.tracker_store_url
    os.environ["LOCK_STORE_URL"] = stores.lock_store_url or ""
    os.environ["LOCK_STORE_KEY_PREFIX"] = stores.lock_key_prefix
    conversations_file = sqlite_file(stores.tracker_store_url)
    if conversations_file is not None:
        conversations_file.parent.mkdir(parents=True, exist_ok=True)


if __name__ == "__main__":
    install_log_scrubbing()  # no phone number or e-mail address in its logs (docs/privacy.md)
    configure_stores()
    sys.modules["jax"] = None  # "import jax" now raises ImportError, which TensorFlow handles
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

    from rasa.__main__ import main  # after the settings above, on purpose

    sys.argv[0] = "rasa"
    main()
