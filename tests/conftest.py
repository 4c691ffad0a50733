"""Shared fixtures: the catalogue, and tracker builders for action tests."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.catalogue import Catalogue, load_catalogue


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


def user_event(intent: str, confidence: float = 0.95) -> Dict[str, Any]:
    return {"event": "user", "text": "…", "parse_data": {"intent": {"name": intent, "confidence": confidence}}}


def make_tracker(
    intent: str,
    entities: Optional[List[Dict[str, Any]]] = None,
    slots: Optional[Dict[str, Any]] = None,
    ranking: Optional[List[Dict[str, Any]]] = None,
    earlier_intents: Optional[List[str]] = None,
    text: str = "…",
) -> Tracker:
    """A tracker whose latest user message has this intent and these entities."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}],
    }
    events = [user_event(name) for name in (earlier_intents or [])]
    events.append({"event": "user", "text": text, "parse_data": latest})
    return Tracker(
        sender_id="test",
        slots=slots or {},
        latest_message=latest,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()
