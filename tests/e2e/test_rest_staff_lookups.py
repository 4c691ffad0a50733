"""Issue #11 over the REST channel: staff lookups for each role, and every forgery refused.

The stack runs with STAFF_CLAIM_SECRET (tests/e2e/conftest.py); the accounts are made with
``python -m bot.staff`` against its database. A staff message here carries what a bridge
signs (the Telegram bridge: ``telegram:<user id>`` bound to ``telegram:<chat id>``; the web
server: ``staff:<id>``); anything else — no claim, a made-up or altered one, another
secret's, an expired one, one of another conversation, not a string, a Telegram user who is
not staff — gets the public refusal and no staff data."""
from __future__ import annotations

import time
import uuid

import httpx
import pytest

from actions.staff.claims import Subject, sign_claim
from tests.e2e.conftest import E2E_STAFF_CLAIM_SECRET
from tests.e2e.staff_accounts import (
    MEL, REFUSAL, ROUEN, add_staff, centres_of, expected_places, session_lines, telegram_user_id, this_monday,
)

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

SECRET = E2E_STAFF_CLAIM_SECRET.encode()
QUESTION = "combien de places cette semaine sur mon territoire ?"


class Member:
    """One person over the REST channel, whose messages carry ``claim(sender)`` as metadata."""

    def __init__(self, client, base_url, *, sender=None, claim=None):
        self.client = client
        self.url = f"{base_url}/webhooks/rest/webhook"
        self.sender = sender or f"rest:{uuid.uuid4()}"
        self.claim = claim

    async def say(self, message: str, metadata=None) -> str:
        body = {"sender": self.sender, "message": message}
        if metadata is not None:
            body["metadata"] = metadata
        elif self.claim is not None:
            body["metadata"] = {"staff_claim": self.claim(self.sender)}
        response = await self.client.post(self.url, json=body, timeout=30)
        response.raise_for_status()
        return "\n".join(reply.get("text", "") for reply in response.json())


def telegram_claim(user_id):
    return lambda sender: sign_claim(Subject("telegram", user_id), sender, SECRET)


def staff_claim(staff_id):
    return lambda sender: sign_claim(Subject("staff", staff_id), sender, SECRET)


@pytest.fixture(scope="module")
def accounts(assistant_url, database_url):
    """One member per role, made with the CLI; their ids and Telegram user ids."""
    made = {"mel_telegram": telegram_user_id(), "rouen_telegram": telegram_user_id()}
    made["mel"] = add_staff(database_url, "--role", "epci_staff", "--epci", MEL, "--name", "Camille Martin",
                            "--telegram-user-id", str(made["mel_telegram"]))
    made["rouen"] = add_staff(database_url, "--role", "epci_staff", "--epci", ROUEN, "--name", "Dominique Petit",
                              "--telegram-user-id", str(made["rouen_telegram"]))
    made["roubaix"] = add_staff(database_url, "--role", "centre_staff", "--centre", "roubaix", "--name", "Sam Leroy")
    made["admin"] = add_staff(database_url, "--role", "admin", "--name", "Claude Admin")
    return made


@pytest.fixture
async def client():
    async with httpx.AsyncClient() as http:
        yield http


def assert_refused(text: str) -> None:
    assert text.startswith(REFUSAL)
    assert "atelier découverte" in text  # what the assistant does for the public
    assert session_lines(text) == [] and "Centre Afpa" not in text and "réservations" not in text


# -- each role ---------------------------------------------------------------------------------


async def test_the_public_is_refused_politely(client, assistant_url, accounts):
    member = Member(client, assistant_url)
    assert_refused(await member.say(QUESTION))
    assert_refused(await member.say("/staff_centres"))
    assert_refused(await member.say("/staff_stats"))


async def test_an_officer_of_the_mel_gets_the_sessions_of_the_centres_serving_it(client, assistant_url, accounts, db):
    telegram_id = accounts["mel_telegram"]
    member = Member(client, assistant_url, sender=f"telegram:{telegram_id}", claim=telegram_claim(telegram_id))
    text = await member.say(QUESTION)
    assert "cette semaine sur votre territoire (Métropole Européenne de Lille)" in text
    expected = expected_places(db, accounts["mel"], this_monday())
    lines = session_lines(text)
    assert len(lines) == min(8, len(expected))
    assert centres_of(lines) == {session.centre_name for session in expected[:8]}
    if len(expected) == 9:
        assert "et 1 autre session." in text
    elif len(expected) > 9:
        assert f"et {len(expected) - 8} autres sessions." in text
    centres = await member.say("/staff_centres")
    assert "Centres Afpa qui desservent votre territoire (Métropole Européenne de Lille)" in centres
    assert "Centre Afpa de Lille-Lomme" in centres and "Rouen" not in centres


async def test_an_officer_of_another_intercommunality_gets_their_own(client, assistant_url, accounts, db):
    telegram_id = accounts["rouen_telegram"]
    member = Member(client, assistant_url, sender=f"telegram:{telegram_id}", claim=telegram_claim(telegram_id))
    text = await member.say("/staff_places")
    assert "Métropole Rouen Normandie" in text and "Lille" not in text
    expected = expected_places(db, accounts["rouen"], this_monday())
    assert centres_of(session_lines(text)) == {session.centre_name for session in expected[:8]}
    centres = await member.say("quels centres desservent mon territoire ?")
    assert "Centres Afpa qui desservent votre territoire (Métropole Rouen Normandie)" in centres
    assert "Rouen" in centres and "Lille" not in centres


async def test_centre_staff_see_their_centre(client, assistant_url, accounts):
    member = Member(client, assistant_url, sender=f"web:{uuid.uuid4()}", claim=staff_claim(accounts["roubaix"]))
    text = await member.say('/staff_places{"date":"la semaine prochaine"}')
    assert text.startswith("Sessions à venir la semaine prochaine dans votre centre (Centre Afpa de Roubaix)") or \
        text.startswith("Aucune session à venir la semaine prochaine dans votre centre (Centre Afpa de Roubaix)")
    assert centres_of(session_lines(text)) <= {"Centre Afpa de Roubaix"}
    stats = await member.say("combien de réservations ce mois-ci ?")
    assert "dans votre centre (Centre Afpa de Roubaix)" in stats and "- réservations :" in stats


async def test_an_admin_sees_every_centre(client, assistant_url, accounts):
    member = Member(client, assistant_url, sender=f"web:{uuid.uuid4()}", claim=staff_claim(accounts["admin"]))
    text = await member.say("/staff_places")
    assert "dans tous les centres" in text and session_lines(text)


async def test_statistics_of_an_officer_are_counts_for_the_period(client, assistant_url, accounts):
    telegram_id = accounts["mel_telegram"]
    member = Member(client, assistant_url, sender=f"telegram:{telegram_id}", claim=telegram_claim(telegram_id))
    text = await member.say("/staff_stats")
    assert "sur votre territoire (Métropole Européenne de Lille)" in text
    assert "- réservations :" in text and "- vérifications d'éligibilité :" in text


# -- forgeries ---------------------------------------------------------------------------------


def altered(token: str) -> str:
    """The claim with one character of its signature changed."""
    return token[:-1] + ("B" if token[-1] != "B" else "C")


@pytest.mark.parametrize("forge", [
    "made-up", "another-secret", "expired", "another-sender", "not-a-string", "a-dict", "telegram-not-staff",
    "sender-looks-like-staff", "altered",
])
async def test_a_forged_claim_gets_the_public_refusal(client, assistant_url, accounts, forge):
    mel = accounts["mel_telegram"]
    sender = f"telegram:{mel}" if forge in ("sender-looks-like-staff", "another-secret", "expired", "altered") \
        else f"rest:{uuid.uuid4()}"
    subject = Subject("telegram", mel)
    metadata = {
        "made-up": {"staff_claim": "v1.eyJzdWIiOiJ0ZWxlZ3JhbTo0MiJ9.c2lnbmF0dXJl"},
        "another-secret": {"staff_claim": sign_claim(subject, sender, b"x" * 40)},
        "expired": {"staff_claim": sign_claim(subject, sender, SECRET, now=time.time() - 600)},
        "another-sender": {"staff_claim": sign_claim(subject, f"telegram:{mel}", SECRET)},
        "not-a-string": {"staff_claim": 12345},
        "a-dict": {"staff_claim": {"sub": f"telegram:{mel}", "snd": sender}},
        "telegram-not-staff": {"staff_claim": sign_claim(Subject("telegram", telegram_user_id()), sender, SECRET)},
        "sender-looks-like-staff": {"telegram": {"user_id": mel}, "role": "admin"},
        "altered": {"staff_claim": altered(sign_claim(subject, sender, SECRET))},
    }[forge]
    member = Member(client, assistant_url, sender=sender)
    assert_refused(await member.say(QUESTION, metadata))
    assert_refused(await member.say("/staff_stats", metadata))
