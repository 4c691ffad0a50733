"""The booking actions on tracker fixtures, against a real (temporary SQLite) database.

Clock: Wednesday 2 December 2026, 10:00 Paris time (tests/unit/conftest.py).
"""
import json

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func, select

from actions.booking.models import Booking, WorkshopSession
from actions.booking.retention import RETENTION_DAYS
from actions.dialogue.forms import ActionStopForm
from actions.answers import yes_or_no
from actions.booking.validation import channel_of
from actions.dialogue.booking import (
    ActionAskBookingConsent,
    ActionAskBookingContact,
    ActionAskBookingSessionId,
    ActionBookWorkshop,
    ValidateBookingForm,
)
from actions.dialogue.cancelling import ActionCancelBooking, ActionMyBookings, ValidateCancelForm
from actions.dialogue.place import ActionAskPlaceInsee
from tests.unit.conftest import BOOKING_NOW, form_tracker

ROUBAIX = "59512"
NEAR_ROUBAIX = ("roubaix", "lille-lomme", "dunkerque")


@pytest.fixture
def dispatcher():
    return CollectingDispatcher()


def texts(dispatcher):
    return "\n".join(message.get("text") or "" for message in dispatcher.messages)


def payloads(dispatcher):
    return [button["payload"] for message in dispatcher.messages for button in message.get("buttons", [])]


def validator():
    return ValidateBookingForm()


def bookings_in(backend, sender_id=None):
    with backend.engine.connect() as connection:
        query = select(func.count()).select_from(Booking)
        if sender_id:
            query = query.where(Booking.sender_id == sender_id)
        return connection.execute(query).scalar_one()


def seats_taken(backend, session_id):
    with backend.engine.connect() as connection:
        return connection.execute(
            select(WorkshopSession.seats_taken).where(WorkshopSession.id == int(session_id))
        ).scalar_one()


def first_session(backend, **filters):
    return backend.service.available_sessions(list(NEAR_ROUBAIX), limit=1, **filters)[0]


def complete_slots(session_id, **overrides):
    slots = {
        "place": "Roubaix", "place_insee": ROUBAIX, "booking_session_id": str(session_id),
        "booking_first_name": "Marie", "booking_contact": "+33612345678", "booking_consent": True,
    }
    slots.update(overrides)
    return slots


# -- where ----------------------------------------------------------------------------


def test_a_postal_code_gives_the_commune(booking_backend, dispatcher):
    tracker = form_tracker(text="59100", entities=[{"entity": "postal_code", "value": "59100"}],
                           extracted={"place": "59100"}, requested_slot="place")
    slots = validator().validate_place("59100", dispatcher, tracker, {})
    assert slots["place_insee"] == ROUBAIX and slots["place"] == "Roubaix"
    assert dispatcher.messages == []


def test_near_home_is_asked_again_then_a_person_is_offered(booking_backend, dispatcher):
    tracker = form_tracker(text="près de chez moi", requested_slot="place")
    slots = validator().validate_place("près de chez moi", dispatcher, tracker, {})
    assert slots["place"] is None and slots["booking_failures"] == 1
    assert "code postal" in texts(dispatcher) and payloads(dispatcher) == []

    second = CollectingDispatcher()
    tracker = form_tracker(text="chez moi", requested_slot="place", slots={"booking_failures": 1.0})
    slots = validator().validate_place("chez moi", second, tracker, {})
    assert slots["booking_failures"] == 2
    assert "/contact_human" in payloads(second) and "/stop" in payloads(second)


def test_a_shared_name_asks_which_commune_with_buttons(booking_backend, dispatcher):
    tracker = form_tracker(text="Saint-Denis", entities=[{"entity": "commune", "value": "Saint-Denis"}],
                           requested_slot="place")
    slots = validator().validate_place("Saint-Denis", dispatcher, tracker, {})
    assert slots["place_insee"] is None and "93066" in slots["place_choices"]

    ask = CollectingDispatcher()
    ActionAskPlaceInsee().run(ask, form_tracker(slots=slots), {})
    assert "Laquelle" in texts(ask)
    assert '/book_workshop{"place_insee":"93066"}' in payloads(ask)

    answer = CollectingDispatcher()
    tracker = form_tracker(text="celle du 93", slots=slots, extracted={"place_insee": "celle du 93"},
                           requested_slot="place_insee")
    chosen = validator().validate_place_insee("celle du 93", answer, tracker, {})
    assert chosen["place_insee"] == "93066" and chosen["place_choices"] is None


def test_overseas_stops_the_form_and_says_why(booking_backend, dispatcher):
    tracker = form_tracker(text="97400", entities=[{"entity": "postal_code", "value": "97400"}],
                           requested_slot="place")
    slots = validator().validate_place("97400", dispatcher, tracker, {})
    assert slots["requested_slot"] is None and slots["place_insee"] is None
    assert "outre-mer" in texts(dispatcher)


# -- which session ------------------------------------------------------------------------


def test_up_to_five_future_sessions_as_buttons(booking_backend, dispatcher):
    tracker = form_tracker(slots={"place": "Roubaix", "place_insee": ROUBAIX},
                           requested_slot="booking_session_id")
    events = ActionAskBookingSessionId().run(dispatcher, tracker, {})
    message = dispatcher.messages[0]
    assert "près de Roubaix (59)" in message["text"]
    assert 1 <= len(message["buttons"]) <= 5
    assert all(b["payload"].startswith('/book_workshop{"booking_session":"') for b in message["buttons"])
    offered = events[0]["value"]
    assert len(offered) == len(message["buttons"])
    for session_id in offered:
        session = booking_backend.service.session(session_id)
        assert session.starts_at > BOOKING_NOW and session.seats_left > 0
        assert session.centre_id in NEAR_ROUBAIX
        assert session.programme_id is None  # no programme asked: sessions open to all only
    assert " à " in message["buttons"][0]["title"] and " h" in message["buttons"][0]["title"]


def test_full_sessions_are_never_offered(booking_backend, dispatcher):
    soonest = first_session(booking_backend)
    with booking_backend.engine.begin() as connection:
        connection.execute(
            WorkshopSession.__table__.update().where(WorkshopSession.id == soonest.session_id)
            .values(seats_taken=WorkshopSession.capacity)
        )
    tracker = form_tracker(slots={"place_insee": ROUBAIX}, requested_slot="booking_session_id")
    events = ActionAskBookingSessionId().run(dispatcher, tracker, {})
    assert soonest.session_id not in events[0]["value"]


def test_a_programme_from_the_eligibility_result_adds_its_sessions(booking_backend, dispatcher):
    tracker = form_tracker(slots={"place_insee": ROUBAIX, "booking_programme": "hope"},
                           requested_slot="booking_session_id")
    events = ActionAskBookingSessionId().run(dispatcher, tracker, {})
    programmes = {booking_backend.service.session(i).programme_id for i in events[0]["value"]}
    assert programmes <= {None, "hope"}
    assert "HOPE ou ouverts à tous" in texts(dispatcher)


def test_a_date_typed_instead_of_a_choice_narrows_the_list(booking_backend, dispatcher):
    tracker = form_tracker(text="jeudi matin", slots={"place_insee": ROUBAIX},
                           extracted={"booking_session_id": "jeudi matin"}, requested_slot="booking_session_id")
    slots = validator().validate_booking_session_id("jeudi matin", dispatcher, tracker, {})
    assert slots == {"booking_session_id": None, "booking_when": "jeudi matin", "booking_failures": 0.0}

    ask = CollectingDispatcher()
    events = ActionAskBookingSessionId().run(ask, form_tracker(slots={"place_insee": ROUBAIX, **slots}), {})
    assert "jeudi 3 décembre, le matin" in texts(ask)
    for session_id in events[0]["value"]:
        when = booking_backend.service.session(session_id).when
        assert when.startswith("jeudi 3 décembre à") and int(when.split(" à ")[1].split(" h")[0]) < 12


def test_afternoon_after_a_day_keeps_the_day(booking_backend, dispatcher):
    tracker = form_tracker(text="plutôt l'après-midi", slots={"place_insee": ROUBAIX,
                                                            "booking_when": "mercredi prochain"},
                           requested_slot="booking_session_id")
    slots = validator().validate_booking_session_id("plutôt l'après-midi", dispatcher, tracker, {})
    assert slots["booking_when"] == "mercredi prochain plutôt l'après-midi"
    ask = CollectingDispatcher()
    events = ActionAskBookingSessionId().run(ask, form_tracker(slots={"place_insee": ROUBAIX, **slots}), {})
    assert events[0]["value"]
    for session_id in events[0]["value"]:
        assert booking_backend.service.session(session_id).when.startswith("mercredi 9 décembre à 14 h")


def test_no_session_on_the_wished_day_offers_the_next_ones(booking_backend, dispatcher):
    tracker = form_tracker(slots={"place_insee": ROUBAIX, "booking_when": "samedi 12 décembre"},
                           requested_slot="booking_session_id")
    events = ActionAskBookingSessionId().run(dispatcher, tracker, {})
    assert "Je n'ai pas d'atelier le samedi 12 décembre" in texts(dispatcher)
    assert len(events[0]["value"]) == 5


def test_a_button_chooses_the_session_and_says_it_back(booking_backend, dispatcher):
    session = first_session(booking_backend)
    payload = f'/book_workshop{{"booking_session":"{session.session_id}"}}'
    tracker = form_tracker(text=payload, intent="book_workshop",
                           entities=[{"entity": "booking_session", "value": str(session.session_id)}],
                           slots={"place_insee": ROUBAIX}, requested_slot="booking_session_id")
    slots = validator().validate_booking_session_id(str(session.session_id), dispatcher, tracker, {})
    assert slots["booking_session_id"] == str(session.session_id)
    assert texts(dispatcher).startswith(f"C'est noté : {session.when}")


def test_the_second_one_by_its_number(booking_backend, dispatcher):
    offered = [s.session_id for s in booking_backend.service.available_sessions(list(NEAR_ROUBAIX), limit=5)]
    tracker = form_tracker(text="le deuxième", slots={"place_insee": ROUBAIX, "booking_offered": offered},
                           requested_slot="booking_session_id")
    slots = validator().validate_booking_session_id("le deuxième", dispatcher, tracker, {})
    assert slots["booking_session_id"] == str(offered[1])


def test_an_old_button_of_a_past_or_unknown_session_is_refused(booking_backend, dispatcher):
    tracker = form_tracker(entities=[{"entity": "booking_session", "value": "999999"}],
                           slots={"place_insee": ROUBAIX}, requested_slot="booking_session_id")
    slots = validator().validate_booking_session_id("999999", dispatcher, tracker, {})
    assert slots == {"booking_session_id": None}
    assert "plus disponible" in texts(dispatcher)


def test_gibberish_at_the_session_question_is_asked_again(booking_backend, dispatcher):
    tracker = form_tracker(text="<b>bonjour</b>", slots={"place_insee": ROUBAIX},
                           requested_slot="booking_session_id")
    slots = validator().validate_booking_session_id("<b>bonjour</b>", dispatcher, tracker, {})
    assert slots["booking_session_id"] is None and slots["booking_failures"] == 1
    assert "<b>" not in texts(dispatcher)  # what the user typed is never repeated


# -- who --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, stored",
    [("Marie", "Marie"), ("je m'appelle marie", "Marie"), ("moi c'est jean-luc", "Jean-Luc"),
     ("  Aïcha ", "Aïcha"), ("mon prénom est Nguyễn", "Nguyễn")],
)
def test_first_names(booking_backend, dispatcher, typed, stored):
    tracker = form_tracker(text=typed, requested_slot="booking_first_name")
    assert validator().validate_booking_first_name(typed, dispatcher, tracker, {})["booking_first_name"] == stored


@pytest.mark.parametrize(
    "typed, says",
    [("A" * 5000, "trop long"), ("<script>alert(1)</script>", "pas reconnu"),
     ("Robert'); DROP TABLE bookings;--", "pas reconnu"), ("merci", "pas reconnu"), ("06 12 34 56 78", "pas reconnu")],
)
def test_bad_first_names_are_asked_again(booking_backend, dispatcher, typed, says):
    tracker = form_tracker(text=typed, requested_slot="booking_first_name")
    slots = validator().validate_booking_first_name(typed, dispatcher, tracker, {})
    assert slots["booking_first_name"] is None
    assert says in texts(dispatcher) and "<script>" not in texts(dispatcher)


@pytest.mark.parametrize(
    "typed, stored",
    [("06 12 34 56 78", "+33612345678"), ("mon numéro c'est le 07.65.43.21.09", "+33765432109"),
     ("+33 6 98 76 54 32", "+33698765432"), ("vous pouvez m'écrire à lea.petit@laposte.net.", "lea.petit@laposte.net")],
)
def test_contacts(booking_backend, dispatcher, typed, stored):
    tracker = form_tracker(text=typed, requested_slot="booking_contact")
    assert validator().validate_booking_contact(typed, dispatcher, tracker, {})["booking_contact"] == stored


@pytest.mark.parametrize(
    "typed, says",
    [("0612", "pas un numéro de portable"), ("01 23 45 67 89", "un fixe"), ("marie@", "pas valide"),
     ("<img src=x onerror=alert(1)>@x.fr", "pas valide"), ("1' OR '1'='1", "pas un numéro"), ("9" * 5000, "trop long")],
)
def test_bad_contacts_are_asked_again(booking_backend, dispatcher, typed, says):
    tracker = form_tracker(text=typed, requested_slot="booking_contact")
    slots = validator().validate_booking_contact(typed, dispatcher, tracker, {})
    assert slots["booking_contact"] is None and says in texts(dispatcher)
    assert bookings_in(booking_backend) == 0


def test_the_contact_question_thanks_by_first_name(booking_backend, dispatcher):
    ActionAskBookingContact().run(dispatcher, form_tracker(slots={"booking_first_name": "Marie"}), {})
    assert texts(dispatcher).startswith("Merci Marie.")
    again = CollectingDispatcher()
    ActionAskBookingContact().run(again, form_tracker(slots={"booking_first_name": "Marie", "booking_failures": 1.0}), {})
    assert texts(again).startswith("Quel est votre numéro")  # no thanks after a wrong number


# -- consent, then the booking -------------------------------------------------------------------


def test_the_consent_question_gives_purpose_retention_and_the_details(booking_backend, dispatcher):
    session = first_session(booking_backend)
    ActionAskBookingConsent().run(dispatcher, form_tracker(slots=complete_slots(session.session_id, booking_consent=None)), {})
    text = texts(dispatcher)
    assert session.when in text and "Marie" in text and "06 12 34 56 78" in text
    assert f"{RETENTION_DAYS} jours après l'atelier" in text and "supprimer mes données" in text
    assert payloads(dispatcher) == ["/affirm", "/deny"]


@pytest.mark.parametrize("answer, value", [(True, True), (False, False), ("oui d'accord", True), ("non merci", False)])
def test_consent_answers(booking_backend, dispatcher, answer, value):
    tracker = form_tracker(requested_slot="booking_consent")
    assert validator().validate_booking_consent(answer, dispatcher, tracker, {})["booking_consent"] is value


def test_an_unclear_consent_is_asked_again(booking_backend, dispatcher):
    tracker = form_tracker(text="peut-être", requested_slot="booking_consent")
    assert validator().validate_booking_consent("peut-être", dispatcher, tracker, {})["booking_consent"] is None
    assert "oui" in texts(dispatcher)


def test_booking_gives_a_reference_and_a_calendar_file(booking_backend, dispatcher):
    session = first_session(booking_backend)
    before = seats_taken(booking_backend, session.session_id)
    events = ActionBookWorkshop().run(dispatcher, form_tracker(slots=complete_slots(session.session_id), form=None), {})
    text = dispatcher.messages[0]["text"]
    assert text.startswith("C'est confirmé, Marie !")
    assert session.when in text and "code de réservation" in text
    reference = text.split("code de réservation : ")[1][:7]
    assert len(reference) == 7 and reference[3] == " "  # "K7M 4QX": two groups, easy to read aloud
    document = dispatcher.messages[1]["custom"]["document"]
    assert document["filename"] == f"atelier-afpa-{reference.replace(' ', '')}.ics"
    assert document["mime_type"] == "text/calendar"
    assert bookings_in(booking_backend, "rest:test-user") == 1
    assert seats_taken(booking_backend, session.session_id) == before + 1
    reset = {event["name"] for event in events if event["event"] == "slot" and event["value"] is None}
    assert {"booking_first_name", "booking_contact", "booking_consent", "booking_session_id"} <= reset
    assert "place_insee" not in reset  # the place is kept for a next booking


def test_confirming_twice_books_once(booking_backend, dispatcher):
    session = first_session(booking_backend)
    ActionBookWorkshop().run(dispatcher, form_tracker(slots=complete_slots(session.session_id), form=None), {})
    again = CollectingDispatcher()
    ActionBookWorkshop().run(again, form_tracker(slots=complete_slots(session.session_id), form=None), {})
    assert again.messages[0]["text"].startswith("Vous avez déjà une place à cet atelier")
    assert bookings_in(booking_backend) == 1


def test_saying_no_stores_nothing(booking_backend, dispatcher):
    session = first_session(booking_backend)
    ActionBookWorkshop().run(dispatcher, form_tracker(slots=complete_slots(session.session_id, booking_consent=False), form=None), {})
    assert "rien enregistré" in texts(dispatcher)
    assert bookings_in(booking_backend) == 0


def test_a_form_stopped_early_books_nothing_and_says_nothing(booking_backend, dispatcher):
    session = first_session(booking_backend)
    ActionBookWorkshop().run(dispatcher, form_tracker(slots=complete_slots(session.session_id, booking_contact=None), form=None), {})
    assert dispatcher.messages == [] and bookings_in(booking_backend) == 0


def test_a_seat_taken_meanwhile_offers_other_sessions(booking_backend, dispatcher):
    session = first_session(booking_backend)
    with booking_backend.engine.begin() as connection:
        connection.execute(
            WorkshopSession.__table__.update().where(WorkshopSession.id == session.session_id)
            .values(seats_taken=WorkshopSession.capacity)
        )
    events = ActionBookWorkshop().run(dispatcher, form_tracker(slots=complete_slots(session.session_id), form=None), {})
    assert "dernière place" in texts(dispatcher)
    assert {"event": "followup", "name": "booking_form", "timestamp": None} in events
    assert bookings_in(booking_backend) == 0


def test_a_booked_session_is_not_offered_again(booking_backend, dispatcher):
    session = first_session(booking_backend)
    ActionBookWorkshop().run(CollectingDispatcher(), form_tracker(slots=complete_slots(session.session_id), form=None), {})
    events = ActionAskBookingSessionId().run(dispatcher, form_tracker(slots={"place_insee": ROUBAIX}), {})
    assert session.session_id not in events[0]["value"]


def test_stop_deactivates_the_form_and_forgets_the_answers(booking_backend, dispatcher):
    events = ActionStopForm().run(dispatcher, form_tracker(slots={"booking_first_name": "Marie"}), {})
    assert {"event": "active_loop", "name": None, "timestamp": None} in events
    assert {"event": "slot", "name": "booking_first_name", "value": None, "timestamp": None} in events
    assert "rien enregistré" in texts(dispatcher)


async def test_the_form_validation_action_end_to_end(booking_backend, dispatcher, domain_dict):
    tracker = form_tracker(text="59100", entities=[{"entity": "postal_code", "value": "59100"}],
                           extracted={"place": "59100"}, requested_slot="place")
    events = await ValidateBookingForm().run(dispatcher, tracker, domain_dict)
    values = {event["name"]: event["value"] for event in events if event["event"] == "slot"}
    assert values["place"] == "Roubaix" and values["place_insee"] == ROUBAIX


# -- my bookings and cancelling -----------------------------------------------------------------------


def book(backend, sender="rest:test-user", index=0):
    session = backend.service.available_sessions(list(NEAR_ROUBAIX), limit=index + 1)[index]
    outcome = backend.service.book(session.session_id, first_name="Marie", contact="0612345678",
                                   sender_id=sender, channel="rest", consent_at=BOOKING_NOW)
    return outcome.booking


def test_my_bookings_lists_this_senders_bookings_only(booking_backend, dispatcher):
    mine = book(booking_backend)
    book(booking_backend, sender="telegram:42", index=1)
    ActionMyBookings().run(dispatcher, form_tracker(form=None), {})
    text = texts(dispatcher)
    assert text.startswith("Votre atelier à venir :") and mine.session.when in text
    assert mine.reference[:3] in text and text.count("\n- ") == 1
    assert "/cancel_booking" in payloads(dispatcher)


def test_no_bookings(booking_backend, dispatcher):
    ActionMyBookings().run(dispatcher, form_tracker(form=None), {})
    assert "aucun atelier réservé" in texts(dispatcher)


async def test_cancel_form_needs_nothing_when_there_is_nothing_to_cancel(booking_backend, dispatcher, domain_dict):
    slots = await ValidateCancelForm().required_slots(["cancel_reference", "cancel_confirm"], dispatcher,
                                                    form_tracker(form="cancel_form"), domain_dict)
    assert slots == []
    ActionCancelBooking().run(dispatcher, form_tracker(form=None), {})
    assert "rien à annuler" in texts(dispatcher)


async def test_a_single_booking_is_picked_without_asking(booking_backend, dispatcher, domain_dict):
    booking = book(booking_backend)
    extracted = await ValidateCancelForm().extract_cancel_reference(dispatcher, form_tracker(form="cancel_form"), domain_dict)
    assert extracted == {"cancel_reference": booking.reference}


async def test_the_day_named_picks_the_booking(booking_backend, dispatcher, domain_dict):
    first, second = book(booking_backend, index=0), book(booking_backend, index=3)
    day = second.session.when.split(" à ")[0]
    tracker = form_tracker(form="cancel_form", entities=[{"entity": "date", "value": day}])
    extracted = await ValidateCancelForm().extract_cancel_reference(dispatcher, tracker, domain_dict)
    if first.session.when.split(" à ")[0] != day:
        assert extracted == {"cancel_reference": second.reference}


def test_cancelling_frees_the_seat(booking_backend, dispatcher):
    booking = book(booking_backend)
    taken = seats_taken(booking_backend, booking.session.session_id)
    tracker = form_tracker(form=None, slots={"cancel_reference": booking.reference, "cancel_confirm": True})
    ActionCancelBooking().run(dispatcher, tracker, {})
    assert texts(dispatcher).startswith("C'est annulé")
    assert seats_taken(booking_backend, booking.session.session_id) == taken - 1
    assert booking_backend.service.upcoming_bookings("rest:test-user") == []


def test_no_keeps_the_booking(booking_backend, dispatcher):
    booking = book(booking_backend)
    ActionCancelBooking().run(dispatcher, form_tracker(form=None, slots={"cancel_reference": booking.reference, "cancel_confirm": False}), {})
    assert "je n'annule rien" in texts(dispatcher)
    assert len(booking_backend.service.upcoming_bookings("rest:test-user")) == 1


def test_another_persons_reference_cannot_be_cancelled(booking_backend, dispatcher):
    booking = book(booking_backend, sender="telegram:42")
    ActionCancelBooking().run(dispatcher, form_tracker(form=None, slots={"cancel_reference": booking.reference, "cancel_confirm": True}), {})
    assert "Je ne trouve pas" in texts(dispatcher)
    assert len(booking_backend.service.upcoming_bookings("telegram:42")) == 1


def test_choosing_which_booking_to_cancel(booking_backend, dispatcher):
    first, second = book(booking_backend, index=0), book(booking_backend, index=1)
    payload = json.dumps({"booking_reference": second.reference}, separators=(",", ":"))
    tracker = form_tracker(form="cancel_form", text=f"/cancel_booking{payload}", intent="cancel_booking",
                           entities=[{"entity": "booking_reference", "value": second.reference}],
                           requested_slot="cancel_reference")
    slots = ValidateCancelForm().validate_cancel_reference(second.reference, dispatcher, tracker, {})
    assert slots["cancel_reference"] == second.reference
    by_number = ValidateCancelForm().validate_cancel_reference("le premier", dispatcher, form_tracker(form="cancel_form"), {})
    assert by_number["cancel_reference"] == first.reference


# -- helpers --------------------------------------------------------------------------------


def test_channel_comes_from_the_sender_prefix():
    assert channel_of("telegram:123", "rest") == "telegram"
    assert channel_of("web:6f1c", None) == "web"
    assert channel_of("essai", None) == "rest" and channel_of("essai", "socketio") == "socketio"
    assert channel_of("Bad Prefix:1", "N'importe") == "rest"


def test_yes_or_no_takes_a_mapped_intent_or_words():
    # The words themselves are tested in test_answers.py.
    assert yes_or_no(True) is True and yes_or_no(False) is False
    assert yes_or_no("Oui, je confirme") is True and yes_or_no("nan") is False and yes_or_no("bof") is None


# -- no trap, no silence ---------------------------------------------------------------------


def test_no_session_at_all_ends_the_form_with_alternatives(booking_backend, dispatcher):
    with booking_backend.engine.begin() as connection:
        connection.execute(WorkshopSession.__table__.update().values(cancelled_at=BOOKING_NOW))
    events = ActionAskBookingSessionId().run(dispatcher, form_tracker(slots={"place": "Roubaix", "place_insee": ROUBAIX}), {})
    assert {"event": "slot", "timestamp": None, "name": "requested_slot", "value": None} in events
    assert "Je n'ai pas d'atelier découverte avec des places libres" in texts(dispatcher)
    assert payloads(dispatcher) == ["/book_workshop", "/find_centre", "/contact_human"]


def test_the_cancel_question_is_never_silent_when_the_booking_is_gone(booking_backend, dispatcher):
    from actions.dialogue.cancelling import ActionAskCancelConfirm

    first, second = book(booking_backend, index=0), book(booking_backend, index=1)
    booking_backend.service.cancel(first.reference, "rest:test-user")
    tracker = form_tracker(form="cancel_form", slots={"cancel_reference": first.reference})
    events = ActionAskCancelConfirm().run(dispatcher, tracker, {})
    assert "Quel atelier voulez-vous annuler ?" in texts(dispatcher)
    assert {"event": "slot", "timestamp": None, "name": "requested_slot", "value": "cancel_reference"} in events

    dispatcher = CollectingDispatcher()
    booking_backend.service.cancel(second.reference, "rest:test-user")
    events = ActionAskCancelConfirm().run(dispatcher, tracker, {})
    assert "rien à annuler" in texts(dispatcher)
    assert {"event": "active_loop", "name": None, "timestamp": None} in events
