"""Booking, listing and cancelling a workshop over the REST channel, checked in the database.

The stack (Rasa server + action server) runs with a SQLite file of its own
(``database_url`` in conftest.py), prepared by the action server at start.
"""
import base64
import re

import pytest
from sqlalchemy import select

from actions.booking.models import Booking, WorkshopSession
from actions.booking.retention import RETENTION_DAYS

from tests.e2e.conftest import SESSION_PAYLOAD

pytestmark = pytest.mark.e2e



def bookings_of(db, sender):
    with db.connect() as connection:
        return connection.execute(
            select(Booking.reference, Booking.session_id, Booking.first_name, Booking.contact, Booking.status,
                   Booking.channel).where(Booking.sender_id == sender)
        ).all()


def seats_taken(db, session_id):
    with db.connect() as connection:
        return connection.execute(select(WorkshopSession.seats_taken).where(WorkshopSession.id == session_id)).scalar_one()


def session_buttons(conversation, replies):
    return [p for p in conversation.payloads(replies) if SESSION_PAYLOAD.match(p)]


async def choose_first_session(conversation, place):
    asked = conversation.text(await conversation.say("je veux m'inscrire à un atelier découverte"))
    assert "Dans quelle ville habitez-vous ?" in asked
    replies = await conversation.say(place)
    buttons = session_buttons(conversation, replies)
    assert 1 <= len(buttons) <= 5, conversation.text(replies)
    return replies, buttons[0], int(SESSION_PAYLOAD.match(buttons[0]).group(1))


async def test_book_see_and_cancel_a_workshop(conversation, db):
    replies, payload, session_id = await choose_first_session(conversation, "59100")
    assert "Voici les prochains ateliers découverte près de Roubaix (59) :" in conversation.text(replies)
    # The stack runs with DEMO_SCHEDULE=1: every session offered is a demonstration, and says so.
    offered = [line for line in conversation.text(replies).splitlines() if re.match(r"\d\. ", line)]
    assert offered and all(line.endswith("– séance de démonstration") for line in offered)
    seats_before = seats_taken(db, session_id)

    chosen = conversation.text(await conversation.say(payload))
    assert chosen.startswith("C'est noté :") and "Quel est votre prénom ?" in chosen
    assert "Merci Marie." in conversation.text(await conversation.say("Marie"))
    consent = await conversation.say("06 12 34 56 78")
    assert "06 12 34 56 78" in conversation.text(consent) and f"{RETENTION_DAYS} jours après l'atelier" in conversation.text(consent)
    assert conversation.payloads(consent) == ["/affirm", "/deny"]
    assert "séance de démonstration" in conversation.text(consent)

    done = await conversation.say("oui")
    text = conversation.text(done)
    assert text.startswith("C'est confirmé, Marie !") and "séance de démonstration" in text
    spoken = re.search(r"code de réservation : ([A-Z0-9]{3} [A-Z0-9]{3})\.", text).group(1)
    reference = spoken.replace(" ", "")
    document = next(reply["custom"]["document"] for reply in done if "custom" in reply)
    assert document["filename"] == f"atelier-afpa-{reference}.ics" and document["mime_type"] == "text/calendar"
    calendar = base64.b64decode(document["content_base64"]).decode("utf-8")
    assert calendar.startswith("BEGIN:VCALENDAR") and f"UID:{reference}@" in calendar

    (stored,) = bookings_of(db, conversation.sender)
    assert stored.reference == reference and stored.session_id == session_id and stored.status == "booked"
    assert stored.first_name == "Marie" and stored.contact == "+33612345678" and stored.channel == "rest"
    assert seats_taken(db, session_id) == seats_before + 1

    when = conversation.text(await conversation.say("c'est quand mon rdv ?"))
    assert when.startswith("Votre atelier est le") and spoken in when  # the part asked
    listing = conversation.text(await conversation.say("mes rendez-vous"))
    assert listing.startswith("Votre atelier à venir :") and spoken in listing

    question = conversation.text(await conversation.say("annuler mon inscription"))
    assert question.startswith("Voulez-vous annuler l'atelier du")
    assert conversation.text(await conversation.say("oui")).startswith("C'est annulé")
    (cancelled,) = bookings_of(db, conversation.sender)
    assert cancelled.status == "cancelled"
    assert seats_taken(db, session_id) == seats_before  # the seat is free again
    assert "aucun atelier réservé" in conversation.text(await conversation.say("mes rendez-vous"))


async def test_a_bad_phone_number_is_asked_again_and_nothing_is_stored(conversation, db):
    _, payload, _ = await choose_first_session(conversation, "Lille")
    await conversation.say(payload)
    await conversation.say("Karim")
    first = conversation.text(await conversation.say("0612"))
    assert "Ce numéro n'est pas un numéro de portable français valide." in first
    assert "Quel est votre numéro de portable" in first
    second = await conversation.say("<script>alert(1)</script>")
    assert "<script>" not in conversation.text(second)
    assert "/contact_human" in conversation.payloads(second)  # after two misses: a person
    assert "j'arrête l'inscription" in conversation.text(await conversation.say("stop"))
    assert bookings_of(db, conversation.sender) == []


async def test_a_huge_first_name_is_refused_and_nothing_is_stored(conversation, db):
    _, payload, _ = await choose_first_session(conversation, "75011")
    await conversation.say(payload)
    text = conversation.text(await conversation.say("A" * 5000))
    assert "trop long" in text and "Quel est votre prénom ?" in text
    text = conversation.text(await conversation.say("Robert'); DROP TABLE bookings;--"))
    assert "pas reconnu un prénom" in text
    assert bookings_of(db, conversation.sender) == []


async def test_confirming_twice_gives_one_booking(conversation, db):
    _, payload, _ = await choose_first_session(conversation, "59000")
    for _ in range(2):
        await conversation.say(payload)  # the same session button, pressed again after booking
        await conversation.say("Inès")
        await conversation.say("ines.martin@exemple.fr")
        last = conversation.text(await conversation.say("oui"))
    assert last.startswith("Vous avez déjà une place à cet atelier")
    assert len(bookings_of(db, conversation.sender)) == 1
    assert "Que voulez-vous faire" in conversation.text(await conversation.say("oui"))  # a stray yes books nothing
    assert len(bookings_of(db, conversation.sender)) == 1


async def test_a_question_in_the_middle_is_answered_then_the_form_goes_on(conversation):
    _, payload, _ = await choose_first_session(conversation, "59100")
    await conversation.say(payload)
    replies = conversation.text(await conversation.say("c'est quoi la promo 16-18 ?"))
    assert "16 à 18 ans" in replies and replies.rstrip().endswith("Quel est votre prénom ?")


async def test_a_date_narrows_the_sessions(conversation):
    await conversation.say("je veux m'inscrire à un atelier découverte")
    await conversation.say("59100")
    text = conversation.text(await conversation.say("plutôt l'après-midi"))
    lines = [line for line in text.splitlines() if re.match(r"\d\. ", line)]
    assert lines and all(" à 14 h " in line for line in lines), text


async def test_the_nearest_centre(conversation):
    text = conversation.text(await conversation.say("y a un afpa à Lille ?"))
    assert text.startswith("Les centres Afpa les plus proches de Lille (59) :")
    assert "35 rue de la Mitterie" in text and "n'est pas officielle" in text


async def test_the_nearest_centre_asks_where(conversation):
    asked = conversation.text(await conversation.say("où est le centre afpa le plus proche ?"))
    assert "dites-moi votre ville ou votre code postal" in asked
    assert "plus proches de Roubaix (59)" in conversation.text(await conversation.say("59100"))


async def test_delete_my_data_erases_and_says_what(conversation, db):
    _, payload, _ = await choose_first_session(conversation, "59100")
    await conversation.say(payload)
    await conversation.say("Léa")
    await conversation.say("07 65 43 21 09")
    await conversation.say("oui")
    assert len(bookings_of(db, conversation.sender)) == 1
    asked = await conversation.say("supprimez mes données")
    assert "Cette conversation : dans la base" in conversation.text(asked) and f"{RETENTION_DAYS} jours après l'atelier" in conversation.text(asked)
    assert conversation.payloads(asked) == ["/affirm", "/deny"]
    done = conversation.text(await conversation.say("oui"))
    assert "de 1 inscription" in done and "1 atelier à venir est annulé" in done
    assert bookings_of(db, conversation.sender) == []  # nothing links the row to this sender any more


async def test_the_eligibility_results_button_offers_that_programmes_sessions(conversation):
    asked = conversation.text(await conversation.say('/book_workshop{"programme":"hope"}'))
    assert "Dans quelle ville habitez-vous ?" in asked
    assert "(HOPE ou ouverts à tous)" in conversation.text(await conversation.say("59100"))
