"""What every action needs: the catalogue, and sending a Reply to the user."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.catalogue import Catalogue, Programme, load_catalogue
from actions.replies.reply import Reply
from actions.text import parse_age

# Loaded and validated when the action server starts: a broken catalogue stops
# the start with a message naming the file and key, instead of failing later.
CATALOGUE: Catalogue = load_catalogue()


def send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    """The first message, then the follow-ups; the buttons under the last one."""
    messages = reply.messages
    for text in messages[:-1]:
        dispatcher.utter_message(text=text)
    dispatcher.utter_message(text=messages[-1], buttons=[b.as_dict() for b in reply.buttons])


def latest_entity(tracker: Tracker, name: str) -> Optional[str]:
    """The value of an entity in the user's latest message only."""
    values = [e.get("value") for e in tracker.latest_message.get("entities", []) if e.get("entity") == name]
    return str(values[0]) if values and values[0] is not None else None


def programme_in_focus(tracker: Tracker) -> Optional[Programme]:
    """The programme named in the latest message (by the NLU, or word for word), else the
    one the user was asking about."""
    return (
        CATALOGUE.find(latest_entity(tracker, "programme"))
        or CATALOGUE.programme_in((tracker.latest_message or {}).get("text"))
        or CATALOGUE.find(tracker.get_slot("programme"))
    )


def public_in_latest_message(tracker: Tracker) -> Dict[str, Any]:
    """The situation and age a listing should be filtered on, from the latest message."""
    situation = latest_entity(tracker, "situation")
    from actions.catalogue.loader import SITUATIONS

    return {
        "situation": situation if situation in SITUATIONS else None,
        "age": parse_age(latest_entity(tracker, "age")),
    }


def intent_ranking(tracker: Tracker) -> List[tuple]:
    ranking = tracker.latest_message.get("intent_ranking") or []
    return [(item.get("name"), item.get("confidence", 0.0)) for item in ranking]
