""""Supprimez mes données": what is kept (``actions.replies.privacy.what_is_kept``, which asks), then, after
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
from actions.dialogue.eligibility import PERSONAL_SLOTS as ELIGIBILITY_SLOTS
from actions.dialogue.forms import PAUSED_FORM_SLOT
from actions.dialogue.place import PLACE_SLOTS
from actions.replies import privacy as replies


class ActionDeleteMyData(Action):
    """The answer to the question of ``what_is_kept``.

    "oui": ``delete_personal_data(sender_id)`` when bookings are stored for this sender,
    and everything personal the conversation remembers is cleared too: the booking's
    answers (commune, first name, contact) and the eligibility answers (age, refugee
    status, RQTH: health data); "non": nothing is touched."""

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
        return reset((*BOOKING_SLOTS, *PLACE_SLOTS, *CANCEL_SLOTS, *ELIGIBILITY_SLOTS, PAUSED_FORM_SLOT))
