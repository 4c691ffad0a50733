"""Leaving a request to be contacted, over the REST channel (real Rasa and action servers):
the contact and the offer, consent first, the request stored for the nearest centre with a
summary and no message as typed, a « non » that stores nothing, the erasure, and « traitée »
shown before the answer to the person's next message."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from actions.booking.retention import RETENTION_DAYS
from actions.booking.service import make_sessionmaker
from actions.staff import handoff
from actions.staff.directory import StaffIdentity
from actions.staff.models import HandoffRequest

pytestmark = pytest.mark.e2e

ADMIN = StaffIdentity(id=1, name="Admin des tests", role="admin")


def requests_of(db, sender):
    with make_sessionmaker(db)() as session:
        return session.scalars(select(HandoffRequest).where(HandoffRequest.sender_id == sender)).all()


async def leave_a_request(conversation):
    first = await conversation.say("je veux parler à un conseiller")
    text = conversation.text(first)
    assert "France Travail" in text  # the way to reach a person is still given
    assert "recontacte" in text and "/affirm" in conversation.payloads(first)
    consent = conversation.text(await conversation.say("oui"))
    assert "numéro de portable ou votre e-mail" in consent and f"{RETENTION_DAYS} jours" in consent
    assert "centre Afpa le plus proche" in consent
    town = conversation.text(await conversation.say("oui"))
    assert "Dans quelle ville" in town
    contact = conversation.text(await conversation.say("Roubaix"))
    assert "portable" in contact
    done = conversation.text(await conversation.say("c'est le 06 12 34 56 78"))
    assert "C'est noté" in done and "centre Afpa de Roubaix" in done
    return done


async def test_a_request_reaches_the_nearest_centre_with_a_summary_and_no_free_text(conversation, db):
    await leave_a_request(conversation)
    [request] = requests_of(db, conversation.sender)
    assert request.centre_id == "roubaix" and request.contact == "+33612345678" and request.status == "open"
    summary = json.loads(request.summary)
    assert summary["commune"] == {"insee": "59512", "name": "Roubaix"}
    assert "conseiller" not in request.summary and "06 12" not in request.summary


async def test_a_no_to_the_consent_stores_nothing(conversation, db):
    await conversation.say("je veux parler à un conseiller")
    await conversation.say("oui")
    answer = conversation.text(await conversation.say("non"))
    assert "je ne garde rien" in answer
    assert requests_of(db, conversation.sender) == []


async def test_a_no_to_the_offer_stores_nothing(conversation, db):
    await conversation.say("je veux parler à un conseiller")
    answer = conversation.text(await conversation.say("non merci"))
    assert "je ne garde rien" in answer
    assert requests_of(db, conversation.sender) == []


async def test_stop_in_the_middle_keeps_nothing(conversation, db):
    await conversation.say("je veux parler à un conseiller")
    await conversation.say("oui")
    await conversation.say("oui")
    answer = conversation.text(await conversation.say("stop"))
    assert "je n'enregistre aucune demande" in answer
    assert requests_of(db, conversation.sender) == []


async def test_two_messages_not_understood_also_offer_a_request(conversation):
    await conversation.say("wxq bzzz plop")
    second = await conversation.say("xkcd lorem ipsum")
    assert "ne comprends toujours pas" in conversation.text(second)
    assert "recontacte" in conversation.text(second)
    consent = conversation.text(await conversation.say("oui"))
    assert "Vous êtes d'accord ?" in consent


async def test_the_erasure_takes_the_request(conversation, db):
    await leave_a_request(conversation)
    [request] = requests_of(db, conversation.sender)
    asked = conversation.text(await conversation.say("supprimez mes données"))
    assert "demandes" in asked
    erased = conversation.text(await conversation.say("oui"))
    assert "demande de contact" in erased
    assert requests_of(db, conversation.sender) == []
    with make_sessionmaker(db)() as session:
        row = session.get(HandoffRequest, request.id)
        assert (row.contact, row.summary, row.sender_id) == (None, None, None) and row.erased_at is not None


async def test_a_handled_request_is_told_before_the_next_answer(conversation, db):
    await leave_a_request(conversation)
    [request] = requests_of(db, conversation.sender)
    with make_sessionmaker(db).begin() as session:
        handoff.mark_handled(session, ADMIN, request.id, now=request.created_at)
    replies = await conversation.say("bonjour")
    assert replies[0]["text"].startswith("Votre demande a été traitée par le centre Afpa de Roubaix")
    assert "Bonjour" in conversation.text(replies[1:])
    again = await conversation.say("merci")
    assert "Votre demande a été traitée" not in conversation.text(again)  # once
