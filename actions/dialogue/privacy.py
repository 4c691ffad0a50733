""""Supprimez mes données": what is kept (``actions.replies.privacy.what_is_kept``, which asks), then, after
a "oui", the erasure and exactly what it did; after a "non", nothing. « Vous gardez quoi sur moi ? »:
the short notice. See docs/privacy.md."""
from __future__ import annotations

import os
from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.booking.retention import stored_bookings
from actions.booking.validation import channel_of
from actions.dialogue.booking import BOOKING_SLOTS, CANCEL_SLOTS, backend, reset
from actions.dialogue.common import send
from actions.dialogue.eligibility import PERSONAL_SLOTS as ELIGIBILITY_SLOTS
from actions.dialogue.forms import PAUSED_FORM_SLOT
from actions.dialogue.handoff import HANDOFF_SLOTS
from actions.dialogue.place import PLACE_SLOTS
from actions.privacy import ERASURE_SLOT, NOTICE_SLOT
from actions.replies import privacy as replies


def stored_requests(backend_, sender_id: str) -> int:
    """Requests to be contacted still holding this person's data (actions/staff/handoff.py)."""
    from actions.booking.service import make_sessionmaker
    from actions.staff import handoff

    with make_sessionmaker(backend_.engine)() as db:
        return handoff.stored_requests(db, sender_id)


class ActionDeleteMyData(Action):
    """The answer to the question of ``what_is_kept``.

    "oui": ``delete_personal_data(sender_id)`` when bookings or requests to be contacted
    are stored for this sender,
    everything personal the conversation remembers is cleared (the booking's answers:
    commune, first name, contact; the eligibility answers: age, refugee status, RQTH,
    health data), and ``erasure_requested`` tells the Rasa server to delete the stored
    conversation itself at the end of this turn; "non": nothing is touched."""

    def name(self) -> Text:
        return "action_delete_my_data"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if intent != "affirm":
            send(dispatcher, replies.kept())
            return []
        backend_ = backend()
        if stored_bookings(backend_.engine, tracker.sender_id) or stored_requests(backend_, tracker.sender_id):
            send(dispatcher, replies.erased(backend_.service.delete_personal_data(tracker.sender_id)))
        else:
            send(dispatcher, replies.nothing_stored())
        return reset((*BOOKING_SLOTS, *PLACE_SLOTS, *CANCEL_SLOTS, *ELIGIBILITY_SLOTS, *HANDOFF_SLOTS, PAUSED_FORM_SLOT,
                      NOTICE_SLOT)) + [
            SlotSet(ERASURE_SLOT, True)
        ]


class ActionPrivacyNotice(Action):
    """« Vous gardez quoi comme infos sur moi ? »: what is kept, for how long, where the notice is."""

    def name(self) -> Text:
        return "action_privacy_notice"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        public_url = os.environ.get("WEB_PUBLIC_URL", "").strip() or None
        send(dispatcher, replies.privacy_notice(channel_of(tracker.sender_id, tracker.get_latest_input_channel()), public_url))
        return []
