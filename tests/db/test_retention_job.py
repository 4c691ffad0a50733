"""The retention job of ``make run`` (bot/retention.py) on SQLite and PostgreSQL: bookings'
personal data RETENTION_DAYS after the workshop, conversations RETENTION_DAYS after their
last message; what is younger stays."""
from __future__ import annotations

import datetime as dt

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select, text

from actions.booking.models import Booking
from actions.booking.service import BookingService
from bot.conversations.tracker_store import ErasingSQLTrackerStore
from bot.retention import run_once
from tests.db.support import NOW, booking_kwargs


async def remember(url, sender, days_ago):
    store = ErasingSQLTrackerStore(domain=Domain.empty(), host=url)
    try:
        tracker = DialogueStateTracker(sender, slots=[])
        at = (NOW - dt.timedelta(days=days_ago)).timestamp()
        tracker.update(SessionStarted(timestamp=at))
        tracker.update(UserUttered("je m'appelle Zoé, j'ai 17 ans", timestamp=at))
        await store.save(tracker)
    finally:
        store.engine.dispose()


def senders(engine):
    with engine.connect() as connection:
        return {row[0] for row in connection.execute(text("SELECT DISTINCT sender_id FROM events"))}


def first_names(engine):
    with engine.connect() as connection:
        return dict(connection.execute(select(Booking.reference, Booking.first_name)).all())


@pytest.mark.parametrize("days", [90, 30])
async def test_one_run_purges_old_bookings_and_old_conversations(engine, database_url, service, workshops, days):
    then = NOW - dt.timedelta(days=days + 5)  # booked then, for a workshop a few days later
    old = BookingService(engine, clock=lambda: then).book(
        workshops.add(starts_at=NOW - dt.timedelta(days=days, hours=1)), **booking_kwargs("web:old", consent_at=then)
    )
    recent = service.book(workshops.add(starts_at=NOW + dt.timedelta(days=2)), **booking_kwargs("web:recent"))
    assert old.ok and recent.ok
    await remember(database_url, "web:old", days_ago=days + 1)
    await remember(database_url, "web:recent", days_ago=days - 1)

    environ = {"DATABASE_URL": database_url, "TRACKER_STORE_URL": database_url, "RETENTION_DAYS": str(days)}
    report = run_once(environ, now=NOW)

    assert (report.bookings_erased, report.conversations_deleted) == (1, 1)
    assert first_names(engine) == {old.booking.reference: None, recent.booking.reference: "Zoé"}
    assert senders(engine) == {"web:recent"}
    # Again: nothing left to do.
    assert run_once(environ, now=NOW) == report.__class__(bookings_erased=0, conversations_deleted=0)


def test_a_database_where_nothing_was_stored_yet_is_no_error(database_url):
    report = run_once({"DATABASE_URL": database_url, "TRACKER_STORE_URL": database_url}, now=NOW)
    assert (report.bookings_erased, report.conversations_deleted) == (0, 0)


def test_a_database_that_does_not_answer_costs_only_that_run(tmp_path):
    unreachable = "postgresql+psycopg2://nobody@127.0.0.1:1/none?connect_timeout=1"
    report = run_once({"DATABASE_URL": unreachable, "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'c.db'}"}, now=NOW)
    assert report.bookings_erased is None and report.conversations_deleted == 0
