"""Booking a discovery workshop, listing and cancelling bookings: the Rasa actions.

Thin: the rules live in ``actions.booking`` (database, dates) and ``actions.territory``
(places, centres); the wording in ``actions.replies.booking``.

Forms (domain/booking.yml):

- ``booking_form``: where (``place`` -> ``place_insee``, with a "which one?" question when
  the name is shared: actions/dialogue/place.py), which session (``booking_session_id``:
  up to five buttons, nearest centre first (actions/booking/offers.py); a date typed
  instead, "jeudi matin", narrows the list), first name,
  contact, then consent (a recap with purpose and retention, "oui"/"non"). The submit
  action ``action_book_workshop`` calls ``BookingService.book``.
- ``cancel_form``: which booking (skipped when there is one), then "oui"/"non".

Each validator counts failed answers in a row (``booking_failures``); from the second
one on, the correction also offers a person or to stop (as in RasaHQ's financial-demo).

The database is prepared once, when the action server loads this module
(``actions.booking.runtime``), never per request.
"""
from __future__ import annotations

import logging
import re
import sys
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers import ordinal_index, parse_yes_no
from actions.booking import (
    BookingView,
    SessionView,
    ics_document,
    validate_contact,
    validate_first_name,
)
from actions.booking.answers import contact_from, first_name_from, is_not_a_first_name
from actions.booking.choosing import booking_on_date, pick_booking
from actions.booking.clock import to_paris
from actions.booking.dates import DateWish, parse_when, warm_up
from actions.booking.offers import offer_sessions
from actions.booking.own_booking import aspect_asked, is_about_own_booking
from actions.booking.runtime import BookingBackend, booking_backend
from actions.dialogue.common import CATALOGUE, latest_entity, send
from actions.dialogue.forms import answer_digression, free_text_answer, latest_intent, latest_text
from actions.dialogue.failures import failed as _failed, failures as _failures, is_payload as _is_payload
from actions.dialogue.place import PLACE_SLOTS, PlaceValidation, chosen_commune
from actions.replies import booking as replies
from actions.replies import place as place_replies
from actions.territory import centre_by_id, commune_by_insee

logger = logging.getLogger(__name__)

MAX_SESSIONS = replies.MAX_SESSIONS
# Everything the booking form remembers, except the place (kept for a next booking or a
# centre search in the same conversation).
BOOKING_SLOTS = (
    "booking_session_id", "booking_first_name", "booking_contact", "booking_consent", "booking_when",
    "booking_programme", "booking_offered", "place_choices", "booking_failures",
)
CANCEL_SLOTS = ("cancel_reference", "cancel_confirm")


# -- the back end --------------------------------------------------------------------------


def backend() -> BookingBackend:
    return booking_backend()


def _running_as_action_server() -> bool:
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    return bool(spec and (spec.name or "").startswith("rasa_sdk"))


if _running_as_action_server():
    # Once, when the action server starts: migrations, reference data, demo schedule,
    # retention purge; and the date model (1.5 s), rather than at the first question.
    booking_backend()
    warm_up()


# -- small helpers ---------------------------------------------------------------------------




def yes_or_no(value: Any) -> Optional[bool]:
    """True/False from a mapped intent (a bool), or from typed words ("oui d'accord", "nan")."""
    if isinstance(value, bool):
        return value
    return parse_yes_no(value)


def channel_of(tracker: Tracker) -> str:
    """"telegram" for the sender "telegram:123", else the Rasa input channel ("rest")."""
    prefix = (tracker.sender_id or "").split(":", 1)[0]
    if ":" in (tracker.sender_id or "") and re.fullmatch(r"[a-z][a-z0-9_]{0,31}", prefix):
        return prefix
    channel = tracker.get_latest_input_channel() or "rest"
    return channel if re.fullmatch(r"[a-z][a-z0-9_]{0,31}", channel) else "rest"


def is_bookable(session: Optional[SessionView], backend_: BookingBackend, tracker: Tracker) -> bool:
    """The service's own check (seats, date, cancellation, centre, programme restriction)."""
    return session is not None and backend_.service.refusal(
        session.session_id, programme_id=programme_id_of(tracker)
    ) is None


def wish_of(tracker: Tracker, backend_: BookingBackend) -> Optional[DateWish]:
    when = tracker.get_slot("booking_when")
    return parse_when(when, backend_.now()) if when else None


def programme_id_of(tracker: Tracker) -> Optional[str]:
    programme = CATALOGUE.find(tracker.get_slot("booking_programme"))
    return programme.id if programme else None


# -- the booking form ------------------------------------------------------------------------


class ValidateBookingForm(PlaceValidation, FormValidationAction):
    stops_without_centre = True

    def name(self) -> Text:
        return "validate_booking_form"

    # Free-text answers, read only for the question asked and never from a digression
    # (actions/dialogue/forms.py); buttons and intents are mapped in domain/booking.yml.
    def extract_booking_session_id(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return free_text_answer(tracker, "booking_session_id")

    def extract_booking_first_name(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return free_text_answer(tracker, "booking_first_name")

    def extract_booking_contact(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return free_text_answer(tracker, "booking_contact")

    def extract_booking_consent(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        if latest_intent(tracker) in ("affirm", "deny"):
            return {}  # mapped from the intent in the domain
        return free_text_answer(tracker, "booking_consent")

    def validate_booking_session_id(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        backend_ = backend()
        picked = latest_entity(tracker, "booking_session")
        if picked is None and isinstance(value, str):
            offered = tracker.get_slot("booking_offered") or []
            index = ordinal_index(value, len(offered))
            if index is not None:
                picked = str(offered[index])
        if picked is not None:
            session = backend_.service.session(picked)
            if not is_bookable(session, backend_, tracker):
                send(dispatcher, replies.session_gone())
                return {"booking_session_id": None}
            assert session is not None
            send(dispatcher, replies.session_chosen(session))
            slots: Dict[Text, Any] = {"booking_session_id": str(session.session_id), "booking_failures": 0.0}
            if not tracker.get_slot("place_insee"):
                # A button of an earlier list: the place is that of its centre.
                centre = centre_by_id(session.centre_id)
                commune = commune_by_insee(centre.commune_insee) if centre else None
                if commune is not None:
                    slots.update({"place": commune.name, "place_insee": commune.insee})
            return slots
        if not isinstance(value, str) or _is_payload(value):
            return {"booking_session_id": None}

        # Not a choice: another place, another date, or "none of these".
        if latest_entity(tracker, "commune") or latest_entity(tracker, "postal_code"):
            moved = self.validate_place(None, dispatcher, tracker, domain)
            if moved.get("place_insee") or moved.get("place_choices"):
                moved["booking_session_id"] = None
                return moved
        wish = parse_when(value, backend_.now())
        if wish.status in ("understood", "anytime", "past"):
            previous = tracker.get_slot("booking_when")
            when = value[:200]
            if previous and wish.status == "understood" and not wish.ranges:
                # "plutôt l'après-midi" after "mardi prochain": Tuesday afternoon.
                earlier = parse_when(previous, backend_.now())
                if earlier.ranges:
                    when = f"{previous[:100]} {value[:100]}"
            return {"booking_session_id": None, "booking_when": when, "booking_failures": 0.0}
        if latest_intent(tracker) == "deny" or yes_or_no(value) is False:
            send(dispatcher, replies.other_dates())
            return {"booking_session_id": None}
        return _failed(tracker, dispatcher, replies.session_not_understood, "booking_session_id")

    def validate_booking_first_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if not isinstance(value, str) or _is_payload(value):
            return {"booking_first_name": None}
        checked = validate_first_name(first_name_from(value))
        if checked.ok and is_not_a_first_name(checked.value):
            checked = validate_first_name("<")  # "merci", "bonjour": not a first name
        if not checked.ok:
            return _failed(
                tracker, dispatcher, lambda attempt: replies.first_name_problem(checked.reason, attempt),
                "booking_first_name",
            )
        return {"booking_first_name": checked.value, "booking_failures": 0.0}

    def validate_booking_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if not isinstance(value, str) or _is_payload(value):
            return {"booking_contact": None}
        checked = validate_contact(contact_from(value))
        if not checked.ok:
            return _failed(
                tracker, dispatcher, lambda attempt: replies.contact_problem(checked.reason, attempt),
                "booking_contact",
            )
        return {"booking_contact": checked.value, "booking_failures": 0.0}

    def validate_booking_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        answer = yes_or_no(value)
        if answer is None:
            if _is_payload(value):
                return {"booking_consent": None}
            return _failed(tracker, dispatcher, replies.consent_not_understood, "booking_consent")
        return {"booking_consent": answer, "booking_failures": 0.0}


class ActionAskBookingFirstName(Action):
    def name(self) -> Text:
        return "action_ask_booking_first_name"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        send(dispatcher, replies.ask_first_name(again=_failures(tracker) > 0))
        return []


class ActionAskBookingContact(Action):
    def name(self) -> Text:
        return "action_ask_booking_contact"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        send(dispatcher, replies.ask_contact(tracker.get_slot("booking_first_name"), again=_failures(tracker) > 0))
        return []


class ActionAskBookingSessionId(Action):
    """Up to five sessions at the nearest centres, matching the wished date if any.

    None at all: the form ends with what else can be done (another town, the centres, a
    person), rather than asking again a question nobody can answer."""

    def name(self) -> Text:
        return "action_ask_booking_session_id"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        return offer_sessions_now(dispatcher, tracker)


def offer_sessions_now(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    backend_ = backend()
    commune = chosen_commune(tracker)
    if commune is None:
        send(dispatcher, place_replies.ask_place())
        return [SlotSet("requested_slot", "place")]
    wish = wish_of(tracker, backend_)
    programme_id = programme_id_of(tracker)
    offer = offer_sessions(backend_.service, commune, wish, programme_id, tracker.sender_id)
    sessions, unmatched = offer.sessions, offer.wish_unmatched
    programme = CATALOGUE.find(programme_id) if programme_id else None
    programme_name = programme.name if programme else None
    if not sessions:
        send(dispatcher, replies.no_session(commune, programme_name))
        # The form ends here (its submit action books nothing and forgets the answers); the
        # place is forgotten too, so that "Chercher près d'une autre ville" asks for it.
        return [SlotSet("booking_offered", []), *reset(PLACE_SLOTS), SlotSet("requested_slot", None)]
    if unmatched and wish is not None and wish.part_of_day is not None:
        # "à 7 h": none then; the sessions at the nearest hours first.
        sessions = sorted_by_hours(sessions, wish.part_of_day)
    send(dispatcher, replies.session_offer(
        commune, sessions, wish=wish, programme_name=programme_name, wish_unmatched=unmatched,
        distances=offer.distances,
    ))
    return [SlotSet("booking_offered", [session.session_id for session in sessions])]


def sorted_by_hours(sessions: List[SessionView], hours) -> List[SessionView]:
    def closeness(session: SessionView):
        local = to_paris(session.starts_at)
        return hours.distance(local.hour, local.minute), session.starts_at

    return sorted(sessions, key=closeness)


class ActionAskBookingConsent(Action):
    """The recap and the explicit yes; never silent: a session gone meanwhile is offered again."""

    def name(self) -> Text:
        return "action_ask_booking_consent"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        backend_ = backend()
        session = backend_.service.session(tracker.get_slot("booking_session_id") or "")
        first_name, contact = tracker.get_slot("booking_first_name"), tracker.get_slot("booking_contact")
        if not is_bookable(session, backend_, tracker):
            send(dispatcher, replies.session_gone())
            return [SlotSet("booking_session_id", None), SlotSet("requested_slot", "booking_session_id"),
                    *offer_sessions_now(dispatcher, tracker)]
        if not first_name:
            send(dispatcher, replies.ask_first_name())
            return [SlotSet("requested_slot", "booking_first_name")]
        if not contact:
            send(dispatcher, replies.ask_contact(first_name))
            return [SlotSet("requested_slot", "booking_contact")]
        send(dispatcher, replies.consent_question(session, first_name, contact))
        return []


def reset(names) -> List[EventType]:
    return [SlotSet(name, None) for name in names]


def send_calendar_file(dispatcher: CollectingDispatcher, view: BookingView) -> None:
    """The .ics file as the channels' document payload (docs/telegram.md); REST: ``custom``."""
    dispatcher.utter_message(json_message={"document": ics_document(view)})


class ActionBookWorkshop(Action):
    """The booking form's submit: books the seat and gives the reference and the .ics file."""

    def name(self) -> Text:
        return "action_book_workshop"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        session_id = tracker.get_slot("booking_session_id")
        first_name, contact = tracker.get_slot("booking_first_name"), tracker.get_slot("booking_contact")
        consent = tracker.get_slot("booking_consent")
        if not (session_id and first_name and contact) or consent is None:
            return reset(BOOKING_SLOTS)  # the form stopped early and said why
        if consent is not True:
            send(dispatcher, replies.declined())
            return reset(BOOKING_SLOTS)
        backend_ = backend()
        try:
            outcome = backend_.service.book(
                session_id, first_name=first_name, contact=contact, sender_id=tracker.sender_id,
                channel=channel_of(tracker), consent_at=backend_.now(), programme_id=programme_id_of(tracker),
            )
        except Exception:
            logger.exception("booking failed")
            send(dispatcher, replies.booking_failed())
            return reset(BOOKING_SLOTS)
        if outcome.ok and outcome.booking is not None:
            send(dispatcher, replies.booked(outcome.booking, again=outcome.status == "already_booked"))
            send_calendar_file(dispatcher, outcome.booking)
            return reset(BOOKING_SLOTS)
        if outcome.session_unavailable:
            # Someone took the last seat meanwhile, or the centre cancelled the session: the
            # form offers other sessions, and asks for consent again for the new one.
            send(dispatcher, replies.seat_lost())
            return [SlotSet("booking_session_id", None), SlotSet("booking_consent", None), FollowupAction("booking_form")]
        logger.warning("booking refused: %s", outcome.reason)
        send(dispatcher, replies.booking_failed())
        return reset(BOOKING_SLOTS)


def stop_booking_events(form: Optional[str], dispatcher: CollectingDispatcher) -> List[EventType]:
    """What "stop" says and forgets in the booking, centre or cancel form (``action_stop_form``)."""
    if form == "cancel_form":
        send(dispatcher, replies.kept())
        return reset((*CANCEL_SLOTS, "booking_failures"))
    if form == "centre_form":
        dispatcher.utter_message(response="utter_what_next")
        return reset(("place_choices", "booking_failures"))
    send(dispatcher, replies.stopped())
    return reset(BOOKING_SLOTS)




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


def own_booking_answer(tracker: Tracker) -> Optional[replies.Reply]:
    """The answer about the person's booking when a "where?"/"when?" read as a centre search
    or not understood is about it ("c ou ?" after booking); None otherwise."""
    text = latest_text(tracker)
    names_a_place = any(latest_entity(tracker, name) for name in ("commune", "postal_code", "latitude", "place_insee"))
    if not is_about_own_booking(text, names_a_place):
        return None
    views = _bookings(tracker)
    return replies.own_booking(views, aspect_asked(text)) if views else None


# -- cancelling -----------------------------------------------------------------------------


def _bookings(tracker: Tracker) -> List[BookingView]:
    return backend().service.upcoming_bookings(tracker.sender_id)


class ValidateCancelForm(FormValidationAction):
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
        answer = free_text_answer(tracker, "cancel_reference")
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
        if not isinstance(value, str) or _is_payload(value):
            return {"cancel_reference": None}
        views = _bookings(tracker)
        chosen = pick_booking(views, value, backend().now(), latest_entity(tracker, "booking_reference"))
        if chosen is None:
            if yes_or_no(value) is False:
                return {"cancel_reference": None, "cancel_confirm": False}
            return _failed(tracker, dispatcher, replies.cancel_not_understood, "cancel_reference")
        return {"cancel_reference": chosen.reference, "booking_failures": 0.0}

    def extract_cancel_confirm(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        if latest_intent(tracker) in ("affirm", "deny"):
            return {}  # mapped from the intent in the domain
        return free_text_answer(tracker, "cancel_confirm")

    def validate_cancel_confirm(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        answer = yes_or_no(value)
        if answer is None:
            if _is_payload(value):
                return {"cancel_confirm": None}
            return _failed(tracker, dispatcher, replies.yes_no_not_understood, "cancel_confirm")
        return {"cancel_confirm": answer, "booking_failures": 0.0}


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
        view = next((view for view in _bookings(tracker) if view.reference == reference), None)
        if view is None:
            return [SlotSet("cancel_reference", None)]
        send(dispatcher, replies.cancel_question(view))
        return []


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
