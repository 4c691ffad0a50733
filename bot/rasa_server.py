"""Runs the Rasa server (the `rasa` command line) with its stores configured, the action
server's trouble handled, health and metrics routes, and two memory savings.

Action server trouble (bot/action_guard.py): a deadline of ACTION_TIMEOUT_SECONDS per
call, then a short apology and the way to reach a person; the conversation goes on.

Routes added to Rasa's own (bot/health.py):
- ``GET /health``: ``{"status": "ok"|"degraded"|"down", "dependencies": {...}}``: the
  model loaded, the tracker store's database, the Redis lock store when configured (503
  when one of those fails), and the action server (``degraded`` when it does not answer:
  answers that need no action still work);
- ``GET /metrics``: Prometheus metrics, loopback only (bot/metrics.py).

Stores (endpoints.yml, bot/conversations/): the variables that endpoints.yml reads are
filled here from bot.conversations.settings, so that `TRACKER_STORE_URL` and
`LOCK_STORE_URL` may stay unset (conversations beside the bookings; in-memory lock).

Memory, measured with `make bench` (docs/performance.md):
- TensorFlow's lite utilities import jax when it is installed (TensorFlow 2.12
  depends on it); Rasa never uses jax: blocking the import saves about 65 MB.
- oneDNN's primitive caches are turned off (TF_ENABLE_ONEDNN_OPTS=0): about 40 MB,
  with no measurable change in latency for this model's small inputs.
"""
import logging
import os
import sys
from functools import wraps

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


def add_routes() -> None:
    """Adds /health and /metrics to the Sanic application Rasa builds (rasa.core.run.configure_app)."""
    import rasa.core.run

    from bot.health import add_rasa_routes

    configure_app = rasa.core.run.configure_app

    @wraps(configure_app)
    def configure_app_with_routes(*args, **kwargs):
        app = configure_app(*args, **kwargs)
        add_rasa_routes(app)
        return app

    rasa.core.run.configure_app = configure_app_with_routes


def json_logs_if_asked() -> None:
    """LOG_FORMAT=json: Rasa's own logging set up, then its handlers replaced by ours."""
    from bot.logs import configure_logging, log_format

    if log_format() != "json":
        return
    import rasa.utils.common

    configure_rasa = rasa.utils.common.configure_logging_and_warnings

    @wraps(configure_rasa)
    def configure_then_json(*args, **kwargs):
        configure_rasa(*args, **kwargs)
        level = logging.getLogger().level
        configure_logging("rasa", level=level)

    import rasa.__main__
    import rasa.utils.io

    def json_instead_of_colours(*_args, **_kwargs) -> None:
        configure_logging("rasa", level=logging.getLogger().level)

    rasa.utils.common.configure_logging_and_warnings = configure_then_json
    rasa.__main__.configure_logging_and_warnings = configure_then_json  # imported by name there
    rasa.utils.io.configure_colored_logging = json_instead_of_colours  # called next, for the command


if __name__ == "__main__":
    install_log_scrubbing()  # no phone number or e-mail address in its logs (docs/privacy.md)
    configure_stores()
    sys.modules["jax"] = None  # "import jax" now raises ImportError, which TensorFlow handles
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

    from rasa.__main__ import main  # after the settings above, on purpose

    from bot import action_guard

    action_guard.install()
    add_routes()
    json_logs_if_asked()

    sys.argv[0] = "rasa"
    main()
