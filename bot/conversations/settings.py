"""The conversation stores' settings, read from the environment (documented in README.md).

- ``TRACKER_STORE_URL``: where conversations are stored, any SQLAlchemy URL. By default
  the bookings' PostgreSQL database when ``DATABASE_URL`` is PostgreSQL (Rasa's
  ``events`` table beside the bookings' tables), otherwise the SQLite file
  ``conversations.db`` beside the bookings' SQLite file (``var/`` by default).
- ``LOCK_STORE_URL``: ``redis://[:password@]host[:port][/db]`` (``rediss://`` for TLS):
  the lock store shared by several Rasa servers. Unset: the lock lives in the Rasa
  server's memory, which is right for one server only.
- ``LOCK_STORE_KEY_PREFIX``: letters and digits prepended to the lock keys in Redis
  (default ``afpa``), so that two deployments, or a test, sharing a Redis never meet.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional
from urllib.parse import unquote, urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from actions.booking.database import DEFAULT_DATABASE_PATH, default_database_url

DEFAULT_LOCK_KEY_PREFIX = "afpa"
CONVERSATIONS_FILE_NAME = "conversations.db"
DEFAULT_REDIS_PORT = 6379
DEFAULT_REDIS_DB = 0


@dataclass(frozen=True)
class RedisAddress:
    """A ``redis://`` URL taken apart, as Rasa's ``RedisLockStore`` wants it."""

    host: str
    port: int = DEFAULT_REDIS_PORT
    db: int = DEFAULT_REDIS_DB
    username: Optional[str] = None
    password: Optional[str] = None
    use_ssl: bool = False


@dataclass(frozen=True)
class ConversationStoreSettings:
    tracker_store_url: str
    # None: the in-memory lock of a single Rasa server.
    lock_store_url: Optional[str]
    lock_key_prefix: str


def default_tracker_store_url(database_url: str) -> str:
    """Conversations beside the bookings: the same PostgreSQL database, or a SQLite file
    in the same folder as the bookings' SQLite file."""
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        return database_url
    database = url.database if url.get_backend_name() == "sqlite" else None
    if database and database != ":memory:" and not database.startswith("file:"):
        folder = Path(database).parent
    else:
        folder = DEFAULT_DATABASE_PATH.parent
    return f"sqlite:///{folder.resolve() / CONVERSATIONS_FILE_NAME}"


def sqlite_file(url: str) -> Optional[Path]:
    """The file of a SQLite URL (None for any other database, or an in-memory one)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def parse_redis_url(url: str) -> RedisAddress:
    """``redis://[[user]:password@]host[:port][/db]`` → its parts; SystemExit in French if wrong."""
    parts = urlsplit(url.strip())
    try:
        port = parts.port or DEFAULT_REDIS_PORT
    except ValueError:
        raise SystemExit(f"LOCK_STORE_URL : port invalide dans {_hide_password(url)!r}") from None
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise SystemExit(
            f"LOCK_STORE_URL doit être de la forme redis://hôte:6379/0 (ou rediss:// pour TLS), "
            f"pas {_hide_password(url)!r}"
        )
    path = parts.path.strip("/")
    if path and not path.isdigit():
        raise SystemExit(f"LOCK_STORE_URL : la base Redis doit être un numéro (/0, /1…), pas {path!r}")
    return RedisAddress(
        host=parts.hostname,
        port=port,
        db=int(path) if path else DEFAULT_REDIS_DB,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_ssl=parts.scheme == "rediss",
    )


def _hide_password(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.password is None:
        return url.strip()
    return parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@", 1)).geturl()


def load_conversation_store_settings(environ: Mapping[str, str] = os.environ) -> ConversationStoreSettings:
    """Reads and checks the settings; exits with a message in French when one is wrong."""
    database_url = environ.get("DATABASE_URL") or default_database_url()
    tracker_store_url = environ.get("TRACKER_STORE_URL", "").strip() or default_tracker_store_url(database_url)
    try:
        make_url(tracker_store_url)
    except ArgumentError:
        raise SystemExit(
            "TRACKER_STORE_URL doit être une adresse de base de données SQLAlchemy "
            "(postgresql+psycopg2://utilisateur@hôte:5432/base ou sqlite:////chemin/conversations.db)"
        ) from None
    lock_store_url = environ.get("LOCK_STORE_URL", "").strip() or None
    if lock_store_url:
        parse_redis_url(lock_store_url)
    prefix = environ.get("LOCK_STORE_KEY_PREFIX", "").strip() or DEFAULT_LOCK_KEY_PREFIX
    if not prefix.isascii() or not prefix.isalnum():
        # Rasa would ignore such a prefix silently and share keys with everyone.
        raise SystemExit(f"LOCK_STORE_KEY_PREFIX ne doit contenir que des lettres et des chiffres, pas {prefix!r}")
    return ConversationStoreSettings(
        tracker_store_url=tracker_store_url, lock_store_url=lock_store_url, lock_key_prefix=prefix
    )
