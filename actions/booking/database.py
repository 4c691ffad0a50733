"""Engines and schema: ``make_engine(url)`` and ``upgrade_database(url_or_engine)``.

The URL comes from ``DATABASE_URL`` (any SQLAlchemy URL; PostgreSQL in production,
e.g. ``postgresql+psycopg2://user@host:5432/afpa``), by default the SQLite file
``var/afpa.db`` at the repository root.

SQLite needs three settings to be a safe multi-threaded booking store, all made by
``make_engine``: foreign keys on, a busy timeout (writers wait instead of failing),
and ``BEGIN IMMEDIATE`` transactions, so that two transactions never both read and
then both try to write (SQLite would make one of them fail at once, busy timeout or
not). Always build engines with ``make_engine``.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterator, Union

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_PATH = REPOSITORY_ROOT / "var" / "afpa.db"
ALEMBIC_INI = REPOSITORY_ROOT / "alembic.ini"
SQLITE_BUSY_TIMEOUT_SECONDS = 30
POSTGRES_CONNECT_TIMEOUT_SECONDS = 3
# PostgreSQL advisory lock taken while one action server prepares the database (any
# fixed number, the same in every process: "afpa" in ASCII).
PREPARATION_LOCK_KEY = 0x61667061


def default_database_url() -> str:
    """``DATABASE_URL`` if set, else the SQLite file var/afpa.db (absolute path)."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_DATABASE_PATH}"


def make_engine(url: str | None = None, **options) -> Engine:
    """A SQLAlchemy 2.0-style engine for ``url`` (default: ``default_database_url()``)."""
    url = url or default_database_url()
    # Database errors end up in logs: their SQL parameters (first names, phone
    # numbers, e-mails) must not.
    options.setdefault("hide_parameters", True)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        options.setdefault("pool_pre_ping", True)  # a restarted server must not break the bot
        if parsed.get_backend_name() == "postgresql":
            # A server that does not answer costs seconds, not the system's minutes-long TCP timeout.
            connect_args = dict(options.pop("connect_args", {}))
            connect_args.setdefault("connect_timeout", POSTGRES_CONNECT_TIMEOUT_SECONDS)
            options["connect_args"] = connect_args
        return create_engine(url, future=True, **options)

    database = parsed.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    connect_args = dict(options.pop("connect_args", {}))
    connect_args.setdefault("timeout", SQLITE_BUSY_TIMEOUT_SECONDS)
    connect_args.setdefault("check_same_thread", False)
    engine = create_engine(url, future=True, connect_args=connect_args, **options)

    @event.listens_for(engine, "connect")
    def _configure_sqlite(dbapi_connection, _record) -> None:
        # pysqlite's own transaction handling is turned off so that the "begin" hook
        # below decides how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def upgrade_database(target: Union[str, Engine, None] = None, revision: str = "head") -> None:
    """Creates or upgrades the schema by running the Alembic migrations (migrations/).

    ``target`` is a URL or an engine (default: ``default_database_url()``). Safe to
    call at every start: an up-to-date database is left as it is.
    """
    from alembic import command
    from alembic.config import Config

    config = Config(str(ALEMBIC_INI))
    config.set_main_option("script_location", str(REPOSITORY_ROOT / "migrations"))
    engine = target if isinstance(target, Engine) else make_engine(target)
    try:
        with engine.begin() as connection:
            # env.py uses this connection rather than opening its own.
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        if not isinstance(target, Engine):
            engine.dispose()


@contextlib.contextmanager
def preparation_lock(engine: Engine) -> Iterator[None]:
    """Holds, on PostgreSQL, a lock that one process at a time gets: several action
    servers starting together prepare the database one after the other (migrations,
    reference data), instead of all creating the same tables at once and failing.
    Nothing to do on SQLite, which one action server uses alone."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": PREPARATION_LOCK_KEY})
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": PREPARATION_LOCK_KEY})
