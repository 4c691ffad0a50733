"""``python -m bot.telegram``: runs the Telegram bridge (``make run`` does it when TELEGRAM_BOT_TOKEN is set)."""
from __future__ import annotations

import asyncio
import logging
import sys

from actions.log_privacy import install_log_scrubbing
from bot.telegram.privacy import quiet_noisy_loggers
from bot.telegram.runner import serve
from bot.telegram.settings import load_telegram_settings


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    quiet_noisy_loggers()
    install_log_scrubbing()
    settings = load_telegram_settings()
    return asyncio.run(serve(settings))


if __name__ == "__main__":
    sys.exit(main())
