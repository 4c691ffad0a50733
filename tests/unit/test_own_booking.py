"""Questions about one's own booking in any words (issue 8, §2): which part is asked, and the
answer from the booking in the database. Clock: tests/unit/conftest.py."""
import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import update

from actions.booking.models import WorkshopSession
from actions.booking.own_booking import aspect_asked, is_about_own_booking
from actions.dialogue.cancelling import ActionMyBookings
from actions.dialogue.centres import ActionFindCentre, ValidateCentreForm
from actions.dialogue.conversation import ActionClarify
from tests.unit.conftest import BOOKING_NOW, form_tracker

NEAR_ROUBAIX = ("roubaix", "lille-lomme", "dunkerque")


@pytest.mark.parametrize("text, aspect", [
    ("c ou ?", "where"), ("c'est à quelle adresse déjà", "where"), ("on se retrouve où ?", "where"),
    ("mon truc c'est quand", "when"), ("ça commence à quelle heure ?", "when"), ("c quel jour deja", "when"),
    ("je serai en retard", "late"), ("dsl jsuis a la bourre", "late"),
    ("mes rendez-vous", "list"), ("Où en est ma réservation ?", "list"),
])
def test_the_part_of_the_booking_asked(text, aspect):
    assert aspect_asked(text) == aspect


@pytest.mark.parametrize("text, names_a_place, about_it", [
    ("c ou ?", False, True),
    ("c'est où déjà ?", False, True),
    ("où est le centre afpa le plus proche ?", False, False),
    ("y a un centre près de chez moi ?", False, False),
    ("c'est où l'afpa à Lille ?", True, False),
    ("je cherche un centre", False, False),
])
def test_a_where_question_is_about_the_booking_unless_a_search(text, names_a_place, about_it):
    assert is_about_own_booking(text, names_a_place) is about_it


@pytest.fixture
def dispatcher():
    return CollectingDispatcher()


def texts(dispatcher):
    return "\n".join(message.get("text") or "" for message in dispatcher.messages)


def book(backend, sender="rest:test-user", index=0):
    session = backend.service.available_sessions(list(NEAR_ROUBAIX), limit=index + 1)[index]
    outcome = backend.service.book(session.session_id, first_name="Marie", contact="0612345678",
                                   sender_id=sender, channel="rest", consent_at=BOOKING_NOW)
    return outcome.booking


def test_where_gives_the_booked_centre_and_its_address(booking_backend, dispatcher):
    mine = book(booking_backend)
    ActionMyBookings().run(dispatcher, form_tracker(form=None, text="c ou ?", intent="my_bookings"), {})
    text = texts(dispatcher)
    assert f"Votre atelier du {mine.session.when} a lieu ici : {mine.session.place}" in text
    assert len(dispatcher.messages) == 1 and len(dispatcher.messages[0]["buttons"]) <= 6


def test_late_gives_the_time_and_what_to_do(booking_backend, dispatcher):
    mine = book(booking_backend)
    ActionMyBookings().run(dispatcher, form_tracker(form=None, text="je serai en retard", intent="my_bookings"), {})
    text = texts(dispatcher)
    assert f"Votre atelier est le {mine.session.when}" in text and "prévenez le centre" in text
    assert "/cancel_booking" in [b["payload"] for b in dispatcher.messages[0]["buttons"]]


def test_my_bookings_says_the_centre_cancelled_the_session(booking_backend, dispatcher):
    mine = book(booking_backend)
    with booking_backend.engine.begin() as connection:
        connection.execute(update(WorkshopSession).where(WorkshopSession.id == mine.session.session_id)
                           .values(cancelled_at=BOOKING_NOW))
    ActionMyBookings().run(dispatcher, form_tracker(form=None, text="mes rendez-vous", intent="my_bookings"), {})
    text = texts(dispatcher)
    assert mine.session.when in text and "ANNULÉ PAR LE CENTRE" in text and "n'aura pas lieu" in text


async def test_where_read_as_a_centre_search_answers_the_booking(booking_backend, dispatcher, domain_dict):
    mine = book(booking_backend)
    tracker = form_tracker(form="centre_form", text="c ou ?", intent="find_centre",
                           slots={"place": "Roubaix", "place_insee": "59512"})
    assert await ValidateCentreForm().required_slots(["place", "place_insee"], dispatcher, tracker, domain_dict) == []
    ActionFindCentre().run(dispatcher, form_tracker(form=None, text="c ou ?", intent="find_centre",
                                                    slots={"place": "Roubaix", "place_insee": "59512"}), {})
    text = texts(dispatcher)
    assert mine.session.place in text and "les plus proches" not in text


async def test_a_centre_search_without_a_booking_asks_where(booking_backend, dispatcher, domain_dict):
    tracker = form_tracker(form="centre_form", text="c ou ?", intent="find_centre")
    slots = await ValidateCentreForm().required_slots(["place", "place_insee"], dispatcher, tracker, domain_dict)
    assert slots == ["place", "place_insee"]


def test_a_where_not_understood_after_booking_is_answered(booking_backend, dispatcher):
    mine = book(booking_backend)
    ActionClarify().run(dispatcher, form_tracker(form=None, text="c ou deja", intent="nlu_fallback"), {})
    assert mine.session.place in texts(dispatcher)


def test_where_read_as_a_bot_challenge_after_booking_is_about_the_booking(booking_backend, dispatcher, domain_dict):
    from actions.dialogue.conversation import ActionBotChallenge

    mine = book(booking_backend)
    ActionBotChallenge().run(dispatcher, form_tracker(form=None, text="c ou ?", intent="bot_challenge"), domain_dict)
    assert mine.session.place in texts(dispatcher) and "assistant automatique" not in texts(dispatcher)
