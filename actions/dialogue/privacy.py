""""Supprimez mes données": what is kept (``utter_delete_my_data``, which asks), then, after
a "oui", the erasure and exactly what it did; after a "non", nothing."""
from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.booking.retention import stored_bookings
from actions.dialogue.booking import BOOKING_SLOTS, CANCEL_SLOTS, backend, reset
from actions.dialogue.common import send
from actions.dialogue.place import PLACE_SLOTS
from actions.replies import privacy as replies


class ActionDeleteMyData(Action):
    """The answer to ``utter_delete_my_data``'s question.

    "oui": ``delete_personal_data(sender_id)`` when bookings are stored for this sender,
    and what the conversation remembers for booking (commune, first name, contact) is
    cleared too; "non": nothing is touched."""

    def name(self) -> Text:
        return "action_delete_my_data"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if intent != "affirm":
            send(dispatcher, replies.kept())
            return []
        backend_ = backend()
        if stored_bookings(backend_.engine, tracker.sender_id):
            send(dispatcher, replies.erased(backend_.service.delete_personal_data(tracker.sender_id)))
        else:
            send(dispatcher, replies.nothing_stored())
        return reset((*BOOKING_SLOTS, *PLACE_SLOTS, *CANCEL_SLOTS))
