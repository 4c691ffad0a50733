"""One's bookings: listing them, questions about them in any words, cancelling one.

Thin: which booking is meant is read by ``actions.booking.choosing``, which part of it is
asked ("c ou ?", "c'est quand ?", "je serai en retard") by ``actions.booking.own_booking``;
the bookings come from ``BookingService.upcoming_bookings``; the wording is
``actions.replies.booking``.

``cancel_form`` (domain/booking.yml) asks which booking (skipped when there is one, or when
the day named picks one), then "oui"/"non"; ``action_cancel_booking`` cancels and frees the seat.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers import yes_or_no
from actions.booking import BookingView
from actions.booking.choosing import booking_on_date, pick_booking
from actions.booking.own_booking import aspect_asked, is_about_own_booking
from actions.dialogue.booking import CANCEL_SLOTS, backend, reset
from actions.dialogue.common import latest_entity, send
from actions.dialogue.failures import failed
from actions.dialogue.form_validation import FormValidator
from actions.dialogue.forms import answer_digression, latest_intent, latest_text, leave_form
from actions.replies import booking as replies
from actions.replies.reply import Reply


def _bookings(tracker: Tracker) -> List[BookingView]:
    return backend().service.upcoming_bookings(tracker.sender_id)


# -- my bookings ---------------------------------------------------------------------------


class ActionMyBookings(Action):
    """"Mes rendez-vous", and questions about one's booking in any words ("c ou ?", "mon truc
    c'est quand", "je serai en retard"): the part asked, from the booking in the database."""

    def name(self) -> Text:
        return "action_my_bookings"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        views = _bookings(tracker)
        aspect = aspect_asked(latest_text(tracker))
        reply = replies.own_booking(views, aspect) if views and aspect != "list" else replies.my_bookings(views)
        return answer_digression(dispatcher, tracker, reply)


def own_booking_answer(tracker: Tracker) -> Optional[Reply]:
    """The answer about the person's booking when a "where?"/"when?" read as a centre search
    or not understood is about it ("c ou ?" after booking); None otherwise."""
    text = latest_text(tracker)
    names_a_place = any(latest_entity(tracker, name) for name in ("commune", "postal_code", "latitude", "place_insee"))
    if not is_about_own_booking(text, names_a_place):
        return None
    views = _bookings(tracker)
    return replies.own_booking(views, aspect_asked(text)) if views else None


# -- cancelling -----------------------------------------------------------------------------


class ValidateCancelForm(FormValidator):
    def name(self) -> Text:
        return "validate_cancel_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        if tracker.get_slot("cancel_confirm") is False or not _bookings(tracker):
            return []  # nothing to cancel, or "aucun, je garde tout": the submit action says so
        return domain_slots

    async def extract_cancel_reference(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if tracker.get_slot("cancel_reference"):
            return {}
        answer = self.free_text(tracker, "cancel_reference")
        if answer and latest_intent(tracker) != "deny":
            return answer
        views = _bookings(tracker)
        if len(views) == 1:
            return {"cancel_reference": views[0].reference}
        found = booking_on_date(views, latest_entity(tracker, "date"), backend().now())
        return {"cancel_reference": found.reference} if found else {}

    def validate_cancel_reference(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if self.not_an_answer(value):
            return {"cancel_reference": None}
        views = _bookings(tracker)
        chosen = pick_booking(views, value, backend().now(), latest_entity(tracker, "booking_reference"))
        if chosen is None:
            if yes_or_no(value) is False:
                return {"cancel_reference": None, "cancel_confirm": False}
            return failed(tracker, dispatcher, replies.cancel_not_understood, "cancel_reference")
        return self.accepted("cancel_reference", chosen.reference)

    def extract_cancel_confirm(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self.yes_no_text(tracker, "cancel_confirm")

    def validate_cancel_confirm(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self.yes_no(value, "cancel_confirm", dispatcher, tracker, replies.yes_no_not_understood)


class ActionAskCancelReference(Action):
    def name(self) -> Text:
        return "action_ask_cancel_reference"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        send(dispatcher, replies.cancel_choice(_bookings(tracker)))
        return []


class ActionAskCancelConfirm(Action):
    def name(self) -> Text:
        return "action_ask_cancel_confirm"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        reference = tracker.get_slot("cancel_reference")
        views = _bookings(tracker)
        view = next((view for view in views if view.reference == reference), None)
        if view is not None:
            send(dispatcher, replies.cancel_question(view))
            return []
        # That booking is gone meanwhile (cancelled elsewhere, started): never a silent turn.
        if not views:
            send(dispatcher, replies.nothing_to_cancel())
            return [SlotSet("cancel_reference", None), *leave_form("cancel_form", paused=False)]
        send(dispatcher, replies.cancel_choice(views))
        return [SlotSet("cancel_reference", None), SlotSet("requested_slot", "cancel_reference")]


class ActionCancelBooking(Action):
    """The cancel form's submit: cancels after a "oui", frees the seat."""

    def name(self) -> Text:
        return "action_cancel_booking"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        reference, confirm = tracker.get_slot("cancel_reference"), tracker.get_slot("cancel_confirm")
        events = reset(CANCEL_SLOTS) + [SlotSet("booking_failures", None)]
        if confirm is False:
            send(dispatcher, replies.kept())
            return events
        if not reference or confirm is not True:
            send(dispatcher, replies.nothing_to_cancel())
            return events
        outcome = backend().service.cancel(reference, tracker.sender_id)
        if outcome.status == "cancelled" and outcome.booking is not None:
            send(dispatcher, replies.cancelled(outcome.booking))
        else:
            send(dispatcher, replies.cannot_cancel(outcome.status))
        return events
