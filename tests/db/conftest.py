"""Database fixtures: every test runs on SQLite (a file) and on PostgreSQL.

PostgreSQL runs when ``TEST_DATABASE_URL`` points to a server, e.g.
``TEST_DATABASE_URL=postgresql+psycopg2://postgres@127.0.0.1:5432/test``; otherwise
those tests are skipped with that reason. Each test gets a fresh, empty database:
a new SQLite file, or a new PostgreSQL schema (through ``search_path``) that is
dropped afterwards, so tests never see each other's rows nor leave any behind.
"""
from __future__ import annotations

import os
from typing import Iterator

import pytest
from sqlalchemy.engine import Engine, make_url

from actions.booking.database import make_engine
from actions.booking.service import BookingService
from actions.booking.startup import prepare_database
from tests.db.support import CENTRES, NOW, PROGRAMMES, SessionFactory, fresh_postgres_schema


def _postgres_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip(
            "PostgreSQL tests skipped: set TEST_DATABASE_URL "
            "(e.g. postgresql+psycopg2://postgres@127.0.0.1:5432/test)"
        )
    if make_url(url).get_backend_name() != "postgresql":
        pytest.skip("PostgreSQL tests skipped: TEST_DATABASE_URL is not a PostgreSQL URL")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> Iterator[str]:
    """The URL of a fresh, empty database (see the module docstring)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bookings.db'}"
        return
    with fresh_postgres_schema(_postgres_url()) as url:
        yield url


@pytest.fixture
def engine(database_url) -> Iterator[Engine]:
    """A migrated database holding the test centres and programmes, no session."""
    engine = prepare_database(
        make_engine(database_url), centres=CENTRES, programmes=PROGRAMMES, demo_schedule=False, now=NOW
    )
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def service(engine) -> BookingService:
    return BookingService(engine, clock=lambda: NOW)


@pytest.fixture
def workshops(engine) -> SessionFactory:
    return SessionFactory(engine)
