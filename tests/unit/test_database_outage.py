"""The bookings' database prepared lazily with retries, and the answer while it is down."""
from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

import actions.booking.runtime as runtime
import actions.booking.startup as startup
from actions.booking.runtime import BookingUnavailable, booking_backend, use_backend
from actions.dialogue.booking import BOOKING_SLOTS, booking_unavailable


@pytest.fixture
def no_backend(monkeypatch):
    use_backend(None)
    monkeypatch.setattr(runtime, "_start_purger", lambda backend: None)
    monkeypatch.setattr(runtime.BookingBackend, "purge", lambda self: 0)
    yield
    use_backend(None)


def test_a_database_down_is_tried_again_after_the_retry_delay_then_used(no_backend, monkeypatch, tmp_path):
    attempts = []
    clock = [1000.0]
    monkeypatch.setattr(runtime.time, "monotonic", lambda: clock[0])
    monkeypatch.setenv("DATABASE_RETRY_SECONDS", "5")

    def prepare(*_args, **_kwargs):
        attempts.append(clock[0])
        if len(attempts) < 2:
            raise ConnectionRefusedError("postgresql://afpa@db:5432")
        from actions.booking.database import make_engine

        return make_engine(f"sqlite:///{tmp_path / 'afpa.db'}")

    monkeypatch.setattr(startup, "prepare_database", prepare)
    with pytest.raises(BookingUnavailable):
        booking_backend()
    clock[0] += 2
    with pytest.raises(BookingUnavailable):
        booking_backend()  # within the delay: at once, without trying
    assert len(attempts) == 1
    clock[0] += 4
    backend = booking_backend()  # the database answers again
    assert len(attempts) == 2
    assert booking_backend() is backend  # prepared once


def tracker(active_loop=None) -> Tracker:
    slots = {name: None for name in BOOKING_SLOTS}
    slots.update(booking_first_name="Marie", booking_session_id="12")
    return Tracker(
        "rest:outage", slots, {"intent": {}, "entities": [], "text": "59100"}, [], False, None,
        {"name": active_loop} if active_loop else {}, "action_listen",
    )


def test_booking_unavailable_says_so_with_a_person_to_reach_and_ends_the_booking_form():
    dispatcher = CollectingDispatcher()
    events = booking_unavailable(tracker("booking_form"), dispatcher)
    text = dispatcher.messages[0]["text"]
    assert "la réservation ne marche pas pour le moment" in text and "Mission locale" in text
    assert "Je n'ai rien enregistré" in text
    assert ActiveLoop(None) in events and SlotSet("booking_first_name", None) in events
    assert SlotSet("requested_slot", None) in events

    outside = booking_unavailable(tracker(), CollectingDispatcher())
    assert outside == []  # no form to end: the conversation is left as it is
