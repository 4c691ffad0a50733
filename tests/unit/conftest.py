"""Fixtures for the booking actions: a prepared database and form trackers.

The database is prepared once per test session in a temporary SQLite file (migrations,
centres, programmes, demo schedule from ``BOOKING_NOW``), then copied for each test
that asks for ``booking_backend``, so tests never see each other's bookings and never
touch var/afpa.db.
"""
from __future__ import annotations

import datetime as dt
import shutil
from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker

from actions.booking import PARIS, make_engine, prepare_database
from actions.booking.runtime import BookingBackend, use_backend

# A Wednesday morning, Paris time: "mardi prochain" is 8 December.
BOOKING_NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=PARIS)


@pytest.fixture(scope="session")
def booking_database_template(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("booking-template") / "bookings.db"
    engine = prepare_database(f"sqlite:///{path}", now=BOOKING_NOW, demo_schedule=True)
    engine.dispose()
    return str(path)


@pytest.fixture
def booking_backend(booking_database_template, tmp_path):
    """A fresh copy of the prepared database, installed as the action server's back end."""
    path = tmp_path / "bookings.db"
    shutil.copyfile(booking_database_template, path)
    engine = make_engine(f"sqlite:///{path}")
    backend = BookingBackend(engine, clock=lambda: BOOKING_NOW)
    use_backend(backend)
    yield backend
    use_backend(None)
    engine.dispose()


@pytest.fixture(scope="session")
def domain_dict() -> Dict[str, Any]:
    from rasa.shared.core.domain import Domain

    return Domain.load("domain").as_dict()


def form_tracker(
    *,
    text: str = "…",
    intent: str = "inform",
    entities: Optional[List[Dict[str, Any]]] = None,
    slots: Optional[Dict[str, Any]] = None,
    extracted: Optional[Dict[str, Any]] = None,
    form: Optional[str] = "booking_form",
    requested_slot: Optional[str] = None,
    sender_id: str = "rest:test-user",
) -> Tracker:
    """A tracker in the middle of ``form``: the user's latest message, then the slot
    values extracted from it (what a validation action sees as slots to validate)."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": [{"start": 0, "end": 1, **entity} for entity in (entities or [])],
        "intent_ranking": [{"name": intent, "confidence": 0.9}],
    }
    values = {**(slots or {}), **(extracted or {}), "requested_slot": requested_slot}
    events: List[Dict[str, Any]] = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": latest},
        {"event": "action", "name": "action_extract_slots"},
    ]
    events += [{"event": "slot", "name": name, "value": value} for name, value in (extracted or {}).items()]
    return Tracker(
        sender_id=sender_id,
        slots=values,
        latest_message=latest,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": form} if form else {},
        latest_action_name="action_extract_slots",
    )
