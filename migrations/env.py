"""Alembic environment of the booking database.

The URL comes from the ``DATABASE_URL`` environment variable (default: the SQLite
file var/afpa.db at the repository root). ``actions.booking.database.upgrade_database``
passes its own connection in ``config.attributes["connection"]`` instead.
"""
from __future__ import annotations

import sys
from logging.config import fileConfig
from pathlib import Path

from alembic import context

REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
if str(REPOSITORY_ROOT) not in sys.path:
    sys.path.insert(0, str(REPOSITORY_ROOT))

from actions.booking.database import default_database_url, make_engine  # noqa: E402
from actions.booking.models import Base  # noqa: E402
import actions.staff.models  # noqa: E402,F401 - the staff tables join Base's metadata

config = context.config
target_metadata = Base.metadata
given_connection = config.attributes.get("connection")

# From the command line only: a program that upgrades its database at start keeps
# its own logging configuration.
if given_connection is None and config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _configure(**options) -> None:
    context.configure(
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch mode rebuilds the table instead.
        render_as_batch=True,
        compare_type=True,
        **options,
    )


def run_migrations_offline() -> None:
    _configure(url=default_database_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    if given_connection is not None:
        _configure(connection=given_connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(default_database_url())
    try:
        with engine.connect() as connection:
            _configure(connection=connection)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
