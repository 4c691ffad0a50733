"""Booking a discovery workshop: the Rasa actions of the booking form.

Thin: the answers are read by plain-Python parsers (``actions.booking.choosing``,
``actions.booking.answers``, ``actions.answers``), the sessions chosen by
``actions.booking.offers``, the booking made by ``actions.booking.service``; the wording is
``actions.replies.booking``. Listing and cancelling bookings: ``actions/dialogue/cancelling.py``.

``booking_form`` (domain/booking.yml) asks where (``place`` -> ``place_insee``, with a "which
one?" question when the name is shared: actions/dialogue/place.py), which session
(``booking_session_id``: up to five buttons, nearest centre first; a date typed instead,
"jeudi matin", narrows the list), first name, contact, then consent (a recap with purpose
and retention, "oui"/"non"). The submit action ``action_book_workshop`` books the seat.

The database is prepared when the action server starts (``bot/action_server.py``, or when
``python -m rasa_sdk`` loads this module; ``actions.booking.runtime``), never per request,
and retried in the background until it answers. While it
does not answer, every action that needs it raises; the action server then answers with
``booking_unavailable`` (bot/action_server.py): booking is unavailable for now, the
form in progress ends, and everything else keeps working.
"""
from __future__ import annotations

import logging
import sys
from typing import Any, Dict, Iterable, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import DBAPIError

from actions.answers import yes_or_no
from actions.booking import BookingView, SessionView, ics_document
from actions.booking.answers import read_contact, read_first_name
from actions.booking.choosing import picked_session, wished_when
from actions.booking.dates import DateWish, parse_when, warm_up
from actions.booking.offers import offer_sessions, sorted_by_hours
from actions.booking.runtime import BookingBackend, BookingUnavailable, booking_backend, prepare_in_background
from actions.booking.validation import channel_of
from actions.dialogue.common import CATALOGUE, latest_entity, send
from actions.dialogue.failures import failed, failures
from actions.dialogue.form_validation import FormValidator
from actions.dialogue.forms import latest_intent, leave_form
from actions.dialogue.place import PLACE_SLOTS, PlaceValidation, chosen_commune
from actions.replies import booking as replies
from actions.replies import place as place_replies
from actions.territory import centre_by_id, commune_by_insee
from actions.privacy import PRIVACY_NOTICE_VERSION

logger = logging.getLogger(__name__)

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
    return bool(spec and (spec.name or "").startswith("rasa_sdk"))  # not bot.action_server: it prepares per worker


if _running_as_action_server():
    # Once, when `python -m rasa_sdk` starts: migrations, reference data, demo schedule,
    # retention purge (in the background, retried while the database does not answer);
    # and the date model (1.5 s), rather than at the first question. bot/action_server.py
    # (make run) does the same in each of its worker processes.
    prepare_in_background()
    warm_up()


def booking_unavailable(tracker: Tracker, dispatcher: CollectingDispatcher) -> List[EventType]:
    """The answer of any action whose database work failed: booking is unavailable for
    now (with the way to reach a person); the booking or cancel form in progress ends and
    forgets its answers, so that nothing half-done is kept."""
    send(dispatcher, replies.booking_unavailable(CATALOGUE))
    form = tracker.active_loop_name
    if form in ("booking_form", "cancel_form"):
        slots = BOOKING_SLOTS if form == "booking_form" else (*CANCEL_SLOTS, "booking_failures")
        return leave_form(form, paused=False) + reset(slots)
    return []


# -- what the booking form has gathered --------------------------------------------------------


def reset(names: Iterable[str]) -> List[EventType]:
    return [SlotSet(name, None) for name in names]


def programme_id_of(tracker: Tracker) -> Optional[str]:
    programme = CATALOGUE.find(tracker.get_slot("booking_programme"))
    return programme.id if programme else None


def wish_of(tracker: Tracker, backend_: BookingBackend) -> Optional[DateWish]:
    when = tracker.get_slot("booking_when")
    return parse_when(when, backend_.now()) if when else None


def is_bookable(session: Optional[SessionView], backend_: BookingBackend, tracker: Tracker) -> bool:
    """The service's own check (seats, date, cancellation, centre, programme restriction)."""
    return session is not None and backend_.service.refusal(
        session.session_id, programme_id=programme_id_of(tracker)
    ) is None


# -- the booking form ------------------------------------------------------------------------


class ValidateBookingForm(PlaceValidation, FormValidator):
    stops_without_centre = True

    def name(self) -> Text:
        return "validate_booking_form"

    # Free-text answers, read only for the question asked and never from a digression
    # (actions/dialogue/forms.py); buttons and intents are mapped in domain/booking.yml.
    def extract_booking_session_id(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self.free_text(tracker, "booking_session_id")

    def extract_booking_first_name(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self.free_text(tracker, "booking_first_name")

    def extract_booking_contact(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self.free_text(tracker, "booking_contact")

    def extract_booking_consent(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self.yes_no_text(tracker, "booking_consent")

    def validate_booking_session_id(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        backend_ = backend()
        picked = picked_session(value, tracker.get_slot("booking_offered") or [], latest_entity(tracker, "booking_session"))
        if picked is not None:
            return self._chosen(picked, backend_, dispatcher, tracker)
        if self.not_an_answer(value):
            return {"booking_session_id": None}
        # Not a choice: another place, another date, or "none of these".
        if latest_entity(tracker, "commune") or latest_entity(tracker, "postal_code"):
            moved = self.validate_place(None, dispatcher, tracker, domain)
            if moved.get("place_insee") or moved.get("place_choices"):
                moved["booking_session_id"] = None
                return moved
        when = wished_when(value, tracker.get_slot("booking_when"), backend_.now())
        if when is not None:
            return {"booking_session_id": None, **self.accepted("booking_when", when)}
        if latest_intent(tracker) == "deny" or yes_or_no(value) is False:
            send(dispatcher, replies.other_dates())
            return {"booking_session_id": None}
        return failed(tracker, dispatcher, replies.session_not_understood, "booking_session_id")

    @staticmethod
    def _chosen(
        picked: str, backend_: BookingBackend, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Dict[Text, Any]:
        session = backend_.service.session(picked)
        if session is None or not is_bookable(session, backend_, tracker):
            send(dispatcher, replies.session_gone())
            return {"booking_session_id": None}
        send(dispatcher, replies.session_chosen(session))
        slots = FormValidator.accepted("booking_session_id", str(session.session_id))
        if not tracker.get_slot("place_insee"):
            # A button of an earlier list: the place is that of its centre.
            centre = centre_by_id(session.centre_id)
            commune = commune_by_insee(centre.commune_insee) if centre else None
            if commune is not None:
                slots.update({"place": commune.name, "place_insee": commune.insee})
        return slots

    def validate_booking_first_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self.checked(value, "booking_first_name", dispatcher, tracker, read_first_name, replies.first_name_problem)

    def validate_booking_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self.checked(value, "booking_contact", dispatcher, tracker, read_contact, replies.contact_problem)

    def validate_booking_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self.yes_no(value, "booking_consent", dispatcher, tracker, replies.consent_not_understood)


class ActionAskBookingFirstName(Action):
    def name(self) -> Text:
        return "action_ask_booking_first_name"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        send(dispatcher, replies.ask_first_name(again=failures(tracker) > 0))
        return []


class ActionAskBookingContact(Action):
    def name(self) -> Text:
        return "action_ask_booking_contact"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        send(dispatcher, replies.ask_contact(tracker.get_slot("booking_first_name"), again=failures(tracker) > 0))
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
                channel=channel_of(tracker.sender_id, tracker.get_latest_input_channel()),
                consent_at=backend_.now(), programme_id=programme_id_of(tracker),
                notice_version=PRIVACY_NOTICE_VERSION,
            )
        except (BookingUnavailable, DBAPIError):
            raise  # the database stopped answering: "booking unavailable for now" (bot/action_server.py)
        except Exception:
            logger.exception("booking failed")
            count_booking("error")
            send(dispatcher, replies.booking_failed())
            return reset(BOOKING_SLOTS)
        count_booking(outcome.status)
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


def count_booking(outcome: str) -> None:
    """The booking metric (bot/metrics.py): an outcome code, nothing personal."""
    from bot.metrics import BOOKINGS

    BOOKINGS.labels(outcome=outcome).inc()


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
