"""``python -m bot.web``: runs the web server (``make run`` does it)."""
from __future__ import annotations

import logging
import sys

import uvicorn

from bot.logs import configure_logging
from bot.telegram.privacy import quiet_noisy_loggers
from bot.web.app import create_app
from bot.web.settings import load_web_settings

logger = logging.getLogger("bot.web")


def main() -> int:
    configure_logging("web")
    quiet_noisy_loggers()
    settings = load_web_settings()
    app = create_app(settings)
    logger.info("Serveur web : %s (écoute sur %s:%s)", settings.public_url, settings.host, settings.port)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        # Behind a reverse proxy: the user's address and https come from its X-Forwarded-* headers,
        # trusted from WEB_FORWARDED_ALLOW_IPS only.
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        # The access log would record every visitor's address: off.
        access_log=False,
        server_header=False,
        # No WebSocket here; and Rasa 3.6 pins a websockets too old for uvicorn's WebSocket support.
        ws="none",
        http="h11",
        log_config=None,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
