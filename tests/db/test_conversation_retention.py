"""Old conversations are deleted from Rasa's tracker store (SQLite and PostgreSQL).

The conversations are written by Rasa's own SQLTrackerStore, as the Rasa server does,
so that the purge is checked against the table Rasa really uses.
"""
from __future__ import annotations

import datetime as dt

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.conversations.retention import purge_expired_conversations
from tests.db.support import NOW

RETENTION = dt.timedelta(days=90)


@pytest.fixture
def store(database_url):
    store = SQLTrackerStore(domain=Domain.empty(), host=database_url)
    yield store
    store.engine.dispose()


async def remember(store, sender, *days_ago):
    """A conversation with one exchange per age given (in days before NOW)."""
    tracker = DialogueStateTracker(sender, slots=[])
    for days in days_ago:
        at = (NOW - dt.timedelta(days=days)).timestamp()
        tracker.update(ActionExecuted("action_session_start", timestamp=at))
        tracker.update(SessionStarted(timestamp=at))
        tracker.update(UserUttered("j'ai 17 ans", timestamp=at))
        tracker.update(SlotSet("age", 17, timestamp=at))
    await store.save(tracker)


async def events_of(store, sender):
    tracker = await store.retrieve_full_tracker(sender)
    return [] if tracker is None else list(tracker.events)


async def test_conversations_idle_longer_than_the_retention_are_deleted_whole(store, database_url):
    await remember(store, "web:ancienne", 200, 120)
    await remember(store, "telegram:recente", 2)
    await remember(store, "rest:revenue", 150, 10)  # came back since: kept whole
    kept_before = await events_of(store, "rest:revenue")

    assert purge_expired_conversations(database_url, retention=RETENTION, now=NOW) == 1

    assert await events_of(store, "web:ancienne") == []
    assert await store.retrieve("web:ancienne") is None  # the next message starts afresh
    assert len(await events_of(store, "telegram:recente")) == 4
    assert await events_of(store, "rest:revenue") == kept_before
    assert purge_expired_conversations(database_url, retention=RETENTION, now=NOW) == 0  # nothing left to do


async def test_the_cut_off_is_the_retention_period(store, database_url):
    await remember(store, "web:juste-avant", 89)
    await remember(store, "web:juste-apres", 91)
    assert purge_expired_conversations(store.engine, retention=RETENTION, now=NOW) == 1
    assert await events_of(store, "web:juste-avant") != []
    assert await events_of(store, "web:juste-apres") == []


def test_a_tracker_store_never_used_has_nothing_to_purge(database_url):
    assert purge_expired_conversations(database_url, retention=RETENTION, now=NOW) == 0


def test_the_retention_must_be_positive(database_url):
    with pytest.raises(ValueError):
        purge_expired_conversations(database_url, retention=dt.timedelta(0), now=NOW)
