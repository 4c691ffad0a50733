"""Settings read from the environment, with the defaults documented in README.md."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Tuple
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parents[1]
REST_WEBHOOK_PATH = "/webhooks/rest/webhook"


@dataclass(frozen=True)
class Settings:
    rasa_port: int
    action_port: int
    model_path: Path
    # Base URLs of the Rasa servers the bridges talk to (RASA_URLS); by default the
    # one server that make run starts on RASA_PORT.
    rasa_urls: Tuple[str, ...] = ()
    # RASA_DISCOVERY=dns: each host name of rasa_urls stands for all its addresses.
    rasa_discover_by_dns: bool = False

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"

    @property
    def rest_webhook_url(self) -> str:
        return f"{self.rasa_url}{REST_WEBHOOK_PATH}"

    @property
    def rest_webhook_urls(self) -> Tuple[str, ...]:
        """The REST channel of every Rasa server the bridges use (sticky routing, bot/routing.py)."""
        return tuple(f"{url}{REST_WEBHOOK_PATH}" for url in self.rasa_urls) or (self.rest_webhook_url,)


def read_number(environ: Mapping[str, str], name: str, default: float, *, minimum: float, maximum: float) -> float:
    """The number in the variable ``name`` (``default`` when unset or blank), between
    ``minimum`` and ``maximum``; stops with a French message otherwise. Every process's
    settings read their numbers with it."""
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SystemExit(f"{name} doit être un nombre, pas {raw!r}") from None
    if not minimum <= value <= maximum:
        raise SystemExit(f"{name} doit être entre {minimum:g} et {maximum:g}, pas {raw}")
    return value


def read_integer(environ: Mapping[str, str], name: str, default: int, *, minimum: int, maximum: int) -> int:
    """Like ``read_number``, for whole numbers (a count, a port)."""
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} doit être un nombre entier, pas {raw!r}") from None
    if not minimum <= value <= maximum:
        raise SystemExit(f"{name} doit être entre {minimum} et {maximum}, pas {raw}")
    return value


def _port(name: str, default: int, environ: Mapping[str, str] = os.environ) -> int:
    raw = environ.get(name, str(default))
    try:
        port = int(raw)
    except ValueError:
        raise SystemExit(f"{name} doit être un numéro de port, pas {raw!r}") from None
    if not 0 < port < 65536:
        raise SystemExit(f"{name} doit être entre 1 et 65535, pas {port}")
    return port


def _rasa_urls(raw: str) -> Tuple[str, ...]:
    urls = []
    for item in raw.split(","):
        url = item.strip().rstrip("/")
        if not url:
            continue
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 - raises ValueError on a bad port
        except ValueError:
            raise SystemExit(f"RASA_URLS : adresse invalide {item.strip()!r}") from None
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise SystemExit(f"RASA_URLS : {item.strip()!r} n'est pas une adresse de la forme http://hôte:5005")
        urls.append(url)
    return tuple(dict.fromkeys(urls))


def _discovery(raw: str) -> bool:
    value = raw.strip().lower()
    if value not in ("", "none", "dns"):
        raise SystemExit(f"RASA_DISCOVERY doit valoir none ou dns, pas {raw!r}")
    return value == "dns"


def load_settings(environ: Mapping[str, str] = os.environ) -> Settings:
    rasa_port = _port("RASA_PORT", 5005, environ)
    return Settings(
        rasa_port=rasa_port,
        action_port=_port("ACTION_SERVER_PORT", 5055, environ),
        model_path=Path(environ.get("RASA_MODEL", PROJECT_ROOT / "models")),
        rasa_urls=_rasa_urls(environ.get("RASA_URLS", "")) or (f"http://127.0.0.1:{rasa_port}",),
        rasa_discover_by_dns=_discovery(environ.get("RASA_DISCOVERY", "")),
    )
