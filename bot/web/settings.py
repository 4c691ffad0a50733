"""The web server's settings, read from the environment (documented in README.md and docs/web.md)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Tuple
from urllib.parse import urlsplit

from actions.booking.database import DEFAULT_DATABASE_PATH
from bot.settings import PROJECT_ROOT, load_settings, read_number

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_SECRET_FILE = PROJECT_ROOT / "var" / "web-secret"
# A conversation token is valid this long after it was issued; then the widget
# starts a new conversation (and says so).
DEFAULT_CONVERSATION_HOURS = 24.0
# Per conversation: like the Telegram bridge.
DEFAULT_RATE_LIMIT_MESSAGES = 20
DEFAULT_RATE_LIMIT_SECONDS = 60.0
# Per address: generous, because a whole computer room (a library, a Mission
# locale, a school) often shares one public address.
DEFAULT_ADDRESS_RATE_LIMIT_REQUESTS = 300
DEFAULT_ADDRESS_RATE_LIMIT_SECONDS = 60.0
# The user must get an answer, at worst the apology, within 10 s.
DEFAULT_RASA_TIMEOUT_SECONDS = 8.0
MAX_RASA_TIMEOUT_SECONDS = 9.0
# uvicorn trusts X-Forwarded-For / X-Forwarded-Proto from these addresses only:
# the reverse proxy in front of the server, usually on the same machine.
DEFAULT_FORWARDED_ALLOW_IPS = "127.0.0.1"
# Staff page sign-in (bot/web/staff/): attempts per e-mail address in the period; an
# address of the network gets four times as many (a team behind one public address).
DEFAULT_STAFF_SIGN_IN_ATTEMPTS = 5
DEFAULT_STAFF_SIGN_IN_SECONDS = 900.0


@dataclass(frozen=True)
class WebSettings:
    host: str
    port: int
    # The address browsers use to reach this server (behind an HTTPS reverse proxy:
    # https://assistant.example.fr); the widget snippet and the CORS list use it.
    public_url: str
    # Other sites whose pages may embed the widget (scheme://host[:port]).
    allowed_origins: Tuple[str, ...]
    # The REST channel of each Rasa server (RASA_URLS); RASA_DISCOVERY=dns: resolved to every address.
    rasa_webhook_urls: Tuple[str, ...]
    rasa_discover_by_dns: bool
    secret_file: Path
    conversation_seconds: float
    rate_limit_messages: int
    rate_limit_seconds: float
    address_rate_limit_requests: int
    address_rate_limit_seconds: float
    rasa_timeout_seconds: float
    forwarded_allow_ips: str
    # Shown on the privacy page: who to write to about personal data.
    privacy_contact: str
    # The bookings' database (DATABASE_URL, default var/afpa.db): the staff page reads it.
    database_url: str = ""
    staff_sign_in_attempts: int = DEFAULT_STAFF_SIGN_IN_ATTEMPTS
    staff_sign_in_seconds: float = DEFAULT_STAFF_SIGN_IN_SECONDS

    @property
    def secure_cookies(self) -> bool:
        """Cookies only over HTTPS when browsers reach the server by HTTPS."""
        return self.public_url.lower().startswith("https://")

    @property
    def public_origin(self) -> str:
        return origin_of(self.public_url)

    @property
    def cors_origins(self) -> Tuple[str, ...]:
        """Origins whose pages may call the relay: the allow-list and the server's own public origin."""
        return tuple(dict.fromkeys((self.public_origin, *self.allowed_origins)))

    @property
    def widget_url(self) -> str:
        return f"{self.public_url}/widget.js"


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL, lower-cased, default ports dropped (as browsers send Origin)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    port = parts.port
    if port is None or (scheme, port) in (("http", 80), ("https", 443)):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def _origin(raw: str, name: str) -> str:
    value = raw.strip().rstrip("/")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise SystemExit(f"{name} : adresse invalide {raw!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query or parts.fragment:
        raise SystemExit(f"{name} : {raw!r} n'est pas une origine de la forme https://site.exemple.fr[:port]")
    return origin_of(value)


def _public_url(raw: str, host: str, port: int) -> str:
    if not raw.strip():
        shown_host = f"[{host}]" if ":" in host else host
        if host in ("0.0.0.0", "::"):
            shown_host = "127.0.0.1"
        return f"http://{shown_host}:{port}"
    value = raw.strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise SystemExit(f"WEB_PUBLIC_URL doit être une adresse https://… (ou http:// en local), pas {raw!r}")
    return value


def load_web_settings(environ: Mapping[str, str] = os.environ) -> WebSettings:
    """Reads and checks the settings; exits with a message in French when one is wrong."""
    host = environ.get("WEB_HOST", "").strip() or DEFAULT_HOST
    port = int(read_number(environ, "WEB_PORT", DEFAULT_PORT, minimum=1, maximum=65535))
    allowed = tuple(
        _origin(item, "WEB_ALLOWED_ORIGINS") for item in environ.get("WEB_ALLOWED_ORIGINS", "").split(",") if item.strip()
    )
    secret_file = environ.get("WEB_SECRET_FILE", "").strip()
    rasa = load_settings()  # RASA_URLS, RASA_DISCOVERY (or the one server on RASA_PORT)
    return WebSettings(
        host=host,
        port=port,
        public_url=_public_url(environ.get("WEB_PUBLIC_URL", ""), host, port),
        allowed_origins=allowed,
        rasa_webhook_urls=rasa.rest_webhook_urls,
        rasa_discover_by_dns=rasa.rasa_discover_by_dns,
        secret_file=Path(secret_file) if secret_file else DEFAULT_SECRET_FILE,
        conversation_seconds=3600
        * read_number(environ, "WEB_CONVERSATION_HOURS", DEFAULT_CONVERSATION_HOURS, minimum=0.01, maximum=24 * 30),
        rate_limit_messages=int(
            read_number(environ, "WEB_RATE_LIMIT_MESSAGES", DEFAULT_RATE_LIMIT_MESSAGES, minimum=1, maximum=10_000)
        ),
        rate_limit_seconds=read_number(environ, "WEB_RATE_LIMIT_SECONDS", DEFAULT_RATE_LIMIT_SECONDS, minimum=1, maximum=86_400),
        address_rate_limit_requests=int(
            read_number(
                environ, "WEB_ADDRESS_RATE_LIMIT_REQUESTS", DEFAULT_ADDRESS_RATE_LIMIT_REQUESTS, minimum=1, maximum=1_000_000
            )
        ),
        address_rate_limit_seconds=read_number(
            environ, "WEB_ADDRESS_RATE_LIMIT_SECONDS", DEFAULT_ADDRESS_RATE_LIMIT_SECONDS, minimum=1, maximum=86_400
        ),
        rasa_timeout_seconds=read_number(
            environ,
            "WEB_RASA_TIMEOUT_SECONDS",
            DEFAULT_RASA_TIMEOUT_SECONDS,
            minimum=1,
            maximum=MAX_RASA_TIMEOUT_SECONDS,
        ),
        forwarded_allow_ips=environ.get("WEB_FORWARDED_ALLOW_IPS", "").strip() or DEFAULT_FORWARDED_ALLOW_IPS,
        privacy_contact=environ.get("WEB_PRIVACY_CONTACT", "").strip(),
        database_url=environ.get("DATABASE_URL", "").strip() or f"sqlite:///{DEFAULT_DATABASE_PATH}",
        staff_sign_in_attempts=int(
            read_number(environ, "WEB_STAFF_SIGN_IN_ATTEMPTS", DEFAULT_STAFF_SIGN_IN_ATTEMPTS, minimum=1, maximum=1000)
        ),
        staff_sign_in_seconds=read_number(
            environ, "WEB_STAFF_SIGN_IN_SECONDS", DEFAULT_STAFF_SIGN_IN_SECONDS, minimum=1, maximum=86_400
        ),
    )
