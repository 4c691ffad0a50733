"""The Telegram bridge's settings, read from the environment (documented in docs/telegram.md)."""
from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from typing import Mapping, Optional, Tuple
from urllib.parse import urlsplit

from bot.settings import load_settings, read_integer, read_number

TOKEN_VARIABLE = "TELEGRAM_BOT_TOKEN"
DEFAULT_API_ROOT = "https://api.telegram.org"
DEFAULT_WEBHOOK_LISTEN = "127.0.0.1"
DEFAULT_WEBHOOK_PORT = 8088
DEFAULT_STATUS_PORT = 8089
DEFAULT_RATE_LIMIT_MESSAGES = 20
DEFAULT_RATE_LIMIT_SECONDS = 60.0
# The user must get an answer (at worst the apology) within 10 s: 8 s for Rasa
# leaves room for sending the apology itself.
DEFAULT_RASA_DEADLINE_SECONDS = 8.0
MAX_RASA_DEADLINE_SECONDS = 9.0
DEFAULT_POLL_TIMEOUT_SECONDS = 30
# What Telegram accepts as a webhook secret token.
SECRET_TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


@dataclass(frozen=True)
class TelegramSettings:
    bot_token: str
    # The REST channel of each Rasa server (RASA_URLS); RASA_DISCOVERY=dns: resolved to every address.
    rasa_webhook_urls: Tuple[str, ...]
    # Root of the Bot API ("https://api.telegram.org", or a self-hosted server / a test stand-in).
    api_root: str = DEFAULT_API_ROOT
    # Webhook mode when set; long polling otherwise.
    webhook_url: Optional[str] = None
    webhook_secret: str = ""
    webhook_listen: str = DEFAULT_WEBHOOK_LISTEN
    webhook_port: int = DEFAULT_WEBHOOK_PORT
    # /health and /metrics of the bridge (bot/telegram/status.py), on the loopback; 0: none.
    status_port: int = DEFAULT_STATUS_PORT
    rate_limit_messages: int = DEFAULT_RATE_LIMIT_MESSAGES
    rate_limit_seconds: float = DEFAULT_RATE_LIMIT_SECONDS
    rasa_deadline_seconds: float = DEFAULT_RASA_DEADLINE_SECONDS
    poll_timeout_seconds: int = DEFAULT_POLL_TIMEOUT_SECONDS
    rasa_discover_by_dns: bool = False

    @property
    def uses_webhook(self) -> bool:
        return bool(self.webhook_url)

    @property
    def api_base_url(self) -> str:
        """python-telegram-bot's ``base_url``: the token is appended to it."""
        return f"{self.api_root}/bot"

    @property
    def api_base_file_url(self) -> str:
        return f"{self.api_root}/file/bot"

    @property
    def webhook_path(self) -> str:
        """The path the webhook receiver serves: the path of the public webhook URL."""
        return urlsplit(self.webhook_url or "").path or "/"


def telegram_token_configured(environ: Mapping[str, str] = os.environ) -> bool:
    return bool(environ.get(TOKEN_VARIABLE, "").strip())


def _api_root(raw: str) -> str:
    root = raw.strip().rstrip("/") or DEFAULT_API_ROOT
    # Accept python-telegram-bot's own form ("…/bot") as well as the root.
    if root.endswith("/bot"):
        root = root[: -len("/bot")]
    if urlsplit(root).scheme not in ("http", "https"):
        raise SystemExit(f"TELEGRAM_API_BASE_URL doit commencer par http:// ou https://, pas {raw!r}")
    return root


def load_telegram_settings(environ: Mapping[str, str] = os.environ) -> TelegramSettings:
    """Reads and checks the settings; exits with a message in French when one is wrong."""
    token = environ.get(TOKEN_VARIABLE, "").strip()
    if not token:
        raise SystemExit(f"{TOKEN_VARIABLE} n'est pas défini : le pont Telegram ne peut pas démarrer (voir docs/telegram.md).")

    webhook_url = environ.get("TELEGRAM_WEBHOOK_URL", "").strip() or None
    if webhook_url and urlsplit(webhook_url).scheme not in ("http", "https"):
        raise SystemExit(f"TELEGRAM_WEBHOOK_URL doit commencer par https:// (http:// seulement pour un serveur Bot API local), pas {webhook_url!r}")
    webhook_secret = environ.get("TELEGRAM_WEBHOOK_SECRET", "").strip()
    if webhook_secret and not SECRET_TOKEN_PATTERN.match(webhook_secret):
        raise SystemExit("TELEGRAM_WEBHOOK_SECRET : 1 à 256 caractères parmi A-Z, a-z, 0-9, _ et -.")
    if webhook_url and not webhook_secret:
        # Without a configured secret, a fresh one per start still lets the
        # receiver reject requests that do not come from Telegram: the bridge
        # registers it with setWebhook every time it starts.
        webhook_secret = secrets.token_urlsafe(32)

    rasa = load_settings()  # RASA_URLS, RASA_DISCOVERY (or the one server on RASA_PORT)
    return TelegramSettings(
        bot_token=token,
        rasa_webhook_urls=rasa.rest_webhook_urls,
        rasa_discover_by_dns=rasa.rasa_discover_by_dns,
        api_root=_api_root(environ.get("TELEGRAM_API_BASE_URL", "")),
        webhook_url=webhook_url,
        webhook_secret=webhook_secret,
        webhook_listen=environ.get("TELEGRAM_WEBHOOK_LISTEN", "").strip() or DEFAULT_WEBHOOK_LISTEN,
        webhook_port=int(read_number(environ, "TELEGRAM_WEBHOOK_PORT", DEFAULT_WEBHOOK_PORT, minimum=1, maximum=65535)),
        status_port=read_integer(environ, "TELEGRAM_STATUS_PORT", DEFAULT_STATUS_PORT, minimum=0, maximum=65535),
        rate_limit_messages=int(
            read_number(environ, "TELEGRAM_RATE_LIMIT_MESSAGES", DEFAULT_RATE_LIMIT_MESSAGES, minimum=1, maximum=10_000)
        ),
        rate_limit_seconds=read_number(
            environ, "TELEGRAM_RATE_LIMIT_SECONDS", DEFAULT_RATE_LIMIT_SECONDS, minimum=1, maximum=86_400
        ),
        rasa_deadline_seconds=read_number(
            environ,
            "TELEGRAM_RASA_TIMEOUT_SECONDS",
            DEFAULT_RASA_DEADLINE_SECONDS,
            minimum=1,
            maximum=MAX_RASA_DEADLINE_SECONDS,
        ),
        poll_timeout_seconds=int(
            read_number(environ, "TELEGRAM_POLL_TIMEOUT_SECONDS", DEFAULT_POLL_TIMEOUT_SECONDS, minimum=0, maximum=50)
        ),
    )
