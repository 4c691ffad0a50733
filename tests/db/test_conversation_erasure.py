"""« Supprimer mes données » deletes the stored conversation (SQLite and PostgreSQL).

The Rasa server saves a turn with ``ErasingSQLTrackerStore.save`` (endpoints.yml); the turn
where ``action_delete_my_data`` set ``erasure_requested`` deletes every stored event of that
sender instead. Checked against the table Rasa really uses, read with plain SQL.
"""
from __future__ import annotations

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.slots import AnySlot, BooleanSlot
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text

from bot.conversations.tracker_store import ErasingSQLTrackerStore

DOMAIN = Domain.from_dict({
    "slots": {
        "age": {"type": "any", "influence_conversation": False, "mappings": [{"type": "custom"}]},
        "erasure_requested": {"type": "bool", "influence_conversation": False, "mappings": [{"type": "custom"}]},
    }
})


def slots():
    return [AnySlot("age", mappings=[]), BooleanSlot("erasure_requested", mappings=[], influence_conversation=False)]


@pytest.fixture
def store(database_url):
    store = ErasingSQLTrackerStore(domain=DOMAIN, host=database_url)
    yield store
    store.engine.dispose()


def stored_texts(database_url, sender):
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return [row[0] for row in connection.execute(
                text("SELECT data FROM events WHERE sender_id = :sender ORDER BY id"), {"sender": sender}
            )]
    finally:
        engine.dispose()


async def converse(store, sender, message):
    tracker = await store.retrieve(sender) or DialogueStateTracker(sender, slots=slots())
    if not tracker.events:
        tracker.update(ActionExecuted("action_session_start"))
        tracker.update(SessionStarted())
    tracker.update(UserUttered(message))
    tracker.update(SlotSet("age", 17))
    await store.save(tracker)
    return tracker


async def test_the_erasure_turn_deletes_every_stored_event_of_that_person_only(store, database_url):
    await converse(store, "rest:marie", "j'ai 17 ans, je suis réfugiée")
    await converse(store, "rest:marie", "Prenomunique 06 11 22 33 44")
    await converse(store, "rest:other", "j'ai 17 ans")
    assert any("Prenomunique" in data for data in stored_texts(database_url, "rest:marie"))

    tracker = await store.retrieve("rest:marie")
    tracker.update(UserUttered("oui"))
    tracker.update(ActionExecuted("action_delete_my_data"))
    tracker.update(SlotSet("erasure_requested", True))
    await store.save(tracker)

    assert stored_texts(database_url, "rest:marie") == []
    assert await store.retrieve("rest:marie") is None  # the next message starts afresh
    assert len(stored_texts(database_url, "rest:other")) == 4  # the other person's stays whole


async def test_an_ordinary_turn_is_stored_as_rasa_stores_it(store, database_url):
    await converse(store, "rest:paul", "bonjour")
    await converse(store, "rest:paul", "j'ai 19 ans")
    assert len(stored_texts(database_url, "rest:paul")) == 6
    assert (await store.retrieve("rest:paul")).get_slot("age") == 17
