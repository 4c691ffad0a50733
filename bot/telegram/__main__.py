"""``python -m bot.telegram``: runs the Telegram bridge (``make run`` does it when TELEGRAM_BOT_TOKEN is set)."""
from __future__ import annotations

import asyncio
import logging
import sys

from bot.logs import configure_logging
from bot.telegram.privacy import quiet_noisy_loggers
from bot.telegram.runner import serve
from bot.telegram.settings import load_telegram_settings


def main() -> int:
    configure_logging("telegram")
    quiet_noisy_loggers()
    settings = load_telegram_settings()
    return asyncio.run(serve(settings))


if __name__ == "__main__":
    sys.exit(main())
