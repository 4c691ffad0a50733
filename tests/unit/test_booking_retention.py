"""Retention (actions/booking/retention.py) and "supprimer mes données" (actions/dialogue/privacy.py)."""
import datetime as dt

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.booking.models import Booking
from actions.booking.retention import RETENTION_DAYS, erase_expired_personal_data, stored_bookings
from actions.dialogue.privacy import ActionDeleteMyData
from actions.replies import privacy as privacy_replies
from tests.unit.conftest import BOOKING_NOW, form_tracker

NEAR_ROUBAIX = ["roubaix", "lille-lomme", "dunkerque"]


@pytest.fixture
def dispatcher():
    return CollectingDispatcher()


def book(backend, sender="rest:test-user", index=0):
    session = backend.service.available_sessions(NEAR_ROUBAIX, limit=index + 1)[index]
    return backend.service.book(session.session_id, first_name="Marie", contact="0612345678",
                                sender_id=sender, channel="rest", consent_at=BOOKING_NOW).booking


def rows(backend):
    with backend.engine.connect() as connection:
        return connection.execute(select(Booking.first_name, Booking.contact, Booking.sender_id, Booking.erased_at)).all()


def test_personal_data_is_erased_retention_days_after_the_workshop_not_before(booking_backend):
    booking = book(booking_backend)
    starts = booking.session.starts_at
    assert erase_expired_personal_data(booking_backend.engine, starts + dt.timedelta(days=RETENTION_DAYS) - dt.timedelta(minutes=1)) == 0
    assert rows(booking_backend)[0].first_name == "Marie"
    assert erase_expired_personal_data(booking_backend.engine, starts + dt.timedelta(days=RETENTION_DAYS, minutes=1)) == 1
    (first_name, contact, sender_id, erased_at), = rows(booking_backend)
    assert (first_name, contact, sender_id) == (None, None, None) and erased_at is not None
    # Running it again changes nothing.
    assert erase_expired_personal_data(booking_backend.engine, starts + dt.timedelta(days=RETENTION_DAYS + 1)) == 0


def test_cancelled_bookings_follow_the_same_rule(booking_backend):
    booking = book(booking_backend)
    booking_backend.service.cancel(booking.reference, "rest:test-user")
    later = booking.session.starts_at + dt.timedelta(days=RETENTION_DAYS, hours=1)
    assert erase_expired_personal_data(booking_backend.engine, later) == 1


def test_the_retention_said_to_users_is_the_one_applied():
    said = privacy_replies.what_is_kept().text
    assert f"{RETENTION_DAYS} jours après l'atelier" in said
    assert "Cette conversation : dans la base de l'assistant" in said


def test_stored_bookings_counts_this_sender_only(booking_backend):
    book(booking_backend)
    book(booking_backend, sender="telegram:42", index=1)
    assert stored_bookings(booking_backend.engine, "rest:test-user") == 1
    assert stored_bookings(booking_backend.engine, "nobody") == 0
    assert stored_bookings(booking_backend.engine, "bad id; drop table") == 0


def test_the_offer_to_erase_asks_yes_or_no():
    reply = privacy_replies.what_is_kept()
    assert "Voulez-vous que j'efface tout : cette conversation, vos inscriptions et vos demandes ?" in reply.text
    assert [b.payload for b in reply.buttons] == ["/affirm", "/deny"]


def test_yes_with_nothing_stored_says_so_and_forgets_the_conversation_slots(booking_backend, dispatcher):
    slots = {"place": "Roubaix", "eligibility_profile": {"age": 17, "rqth": True}, "age": 17}
    events = ActionDeleteMyData().run(dispatcher, form_tracker(form=None, intent="affirm", slots=slots), {})
    assert "aucune inscription" in dispatcher.messages[0]["text"]
    # Everything personal in the conversation, the eligibility answers too (RQTH is health data).
    for slot in ("place", "eligibility_profile", "age"):
        assert {"event": "slot", "name": slot, "value": None, "timestamp": None} in events


def test_yes_erases_and_says_what_was_done(booking_backend, dispatcher):
    booking = book(booking_backend)
    book(booking_backend, sender="telegram:42", index=1)
    ActionDeleteMyData().run(dispatcher, form_tracker(form=None, intent="affirm"), {})
    text = dispatcher.messages[0]["text"]
    assert "effacé votre prénom et votre moyen de contact de 1 inscription" in text
    assert "1 atelier à venir est annulé et sa place est libérée" in text
    assert booking_backend.service.upcoming_bookings("rest:test-user") == []
    assert booking_backend.service.session(booking.session.session_id).seats_left == booking.session.seats_left + 1
    assert sorted(row.first_name or "" for row in rows(booking_backend)) == ["", "Marie"]  # the other person's stays


def test_no_erases_nothing(booking_backend, dispatcher):
    book(booking_backend)
    events = ActionDeleteMyData().run(dispatcher, form_tracker(form=None, intent="deny", slots={"place": "Roubaix"}), {})
    assert dispatcher.messages[0]["text"] == "D'accord, je n'efface rien."
    assert rows(booking_backend)[0].first_name == "Marie" and events == []
