"""The conversation records anonymous events for the staff statistics, and never fails on them."""
from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.booking.database import make_engine
from actions.booking.runtime import BookingBackend, use_backend
from actions.booking.service import make_sessionmaker
from actions.dialogue import statistics
from actions.dialogue.eligibility import ActionEligibilityResult
from actions.staff.events import record_safely
from actions.staff.models import AssistantEvent

MEL = "200093201"


def tracker(text: str, slots=None) -> Tracker:
    return Tracker(
        sender_id="rest:someone", slots=dict(slots or {}),
        latest_message={"text": text, "entities": [], "intent": {"name": "nlu_fallback"}},
        events=[{"event": "user", "text": text}], paused=False, followup_action=None,
        active_loop={}, latest_action_name="action_listen",
    )


def recorded(backend):
    record_safely(lambda db: None).result(timeout=10)  # one writer: every earlier write is done
    with make_sessionmaker(backend.engine)() as db:
        return [(e.kind, e.outcome, e.epci_siren, e.programme_id, e.text) for e in db.scalars(select(AssistantEvent))]


def test_a_question_not_understood_is_counted_without_personal_data(booking_backend):
    statistics.note_action("action_clarify", tracker("Je m'appelle Zoé, 06 12 34 56 78, où se garer ?",
                                                     {"place_insee": "59512"}))
    statistics.note_action("action_programme_info", tracker("c'est quoi hope"))
    statistics.note_action("action_listen", tracker("bonjour"))  # not a question
    statistics.note_action("action_clarify", tracker("/ask_programme_info"))  # a payload: no text
    assert recorded(booking_backend) == [
        ("question", "unanswered", MEL, None, "je m'appelle [prénom], [téléphone], où se garer ?"[:-2]),
        ("question", "answered", None, None, None),
        ("question", "unanswered", None, None, None),
    ]


def test_an_eligibility_result_is_counted(booking_backend):
    dispatcher = CollectingDispatcher()
    slots = {"eligibility_profile": {"age": 17, "decrocheur": True, "salarie": False}, "place_insee": "59350"}
    ActionEligibilityResult().run(dispatcher, tracker("non", slots), {})
    assert dispatcher.messages  # the result itself
    assert recorded(booking_backend) == [("eligibility_check", "fits", MEL, "promo_16_18", None)]


def test_nothing_is_written_before_the_database_is_ready():
    use_backend(None)
    future = statistics.note_action("action_clarify", tracker("quoi ?"))
    assert future.result(timeout=10) is False


def test_a_database_error_never_reaches_the_conversation(tmp_path, caplog):
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")  # no tables: every insert fails
    use_backend(BookingBackend(engine))
    try:
        assert statistics.note_action("action_clarify", tracker("quoi ?")).result(timeout=10) is False
        dispatcher = CollectingDispatcher()
        ActionEligibilityResult().run(dispatcher, tracker("non", {"eligibility_profile": {"age": 30}}), {})
        assert dispatcher.messages
        assert record_safely(lambda db: None).result(timeout=10) is True
    finally:
        use_backend(None)
        engine.dispose()
    assert "assistant event not recorded (OperationalError)" in caplog.text


def test_the_action_server_notes_each_action(monkeypatch):
    from bot.action_server import make_executor

    seen = []
    monkeypatch.setattr(statistics, "note_action", lambda name, tracker: seen.append(name))
    executor = make_executor()()
    call = {"tracker": {"sender_id": "rest:x", "slots": {}, "latest_message": {"text": "??"}, "events": [],
                        "paused": False, "followup_action": None, "active_loop": {}, "latest_action_name": None},
            "domain": {}}
    executor._run_action(lambda dispatcher, tracker, domain: [], "action_clarify", call)
    assert seen == ["action_clarify"]

    def broken(name, tracker):
        raise RuntimeError("boom")

    monkeypatch.setattr(statistics, "note_action", broken)
    assert executor._run_action(lambda dispatcher, tracker, domain: [], "action_clarify", call) is not None
