"""Privacy by design, end to end (docs/privacy.md): the notice before the eligibility check,
« vous gardez quoi sur moi ? », « supprimer mes données » that really deletes the stored
conversation (read in the tracker store's database after the turn), and no personal value
in any log line of any process of the stack (launcher, Rasa server, action server, web
server, retention job: all write to ``assistant_log``), at the default log level, the one
the README recommends in production.
"""
from __future__ import annotations

import asyncio
import json
import re

import httpx
import pytest
from sqlalchemy import create_engine, select, text

from actions.booking import make_engine
from tests.e2e.conftest import SESSION_PAYLOAD
from actions.booking.models import Booking
from actions.booking.retention import RETENTION_DAYS
from bot.conversations.settings import default_tracker_store_url

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

QUESTION_BUTTONS = {"Oui", "Non", "Je ne sais pas"}

# Distinctive values: any of them in a log line is a leak.
FIRST_NAMES = ("Ysolinette", "Gwenaëlla")
PHONE = "06 47 58 29 13"
EMAIL = "ysolinette.kerbrat@exemple.fr"
LEAKS = [
    *(re.compile(re.escape(name), re.IGNORECASE) for name in FIRST_NAMES),
    re.compile(r"0?6[ .]?47[ .]?58[ .]?29[ .]?13"),  # the phone, as typed or normalised (+33647582913)
    re.compile(re.escape(EMAIL), re.IGNORECASE), re.compile("kerbrat", re.IGNORECASE),
    re.compile(r"\b17 ans\b"), re.compile(r"\bage\W{1,5}17\b", re.IGNORECASE),  # the age
    # Refugee status ("réfugié", the slot value "refugie") and disability (health data); the
    # action server names its actions at start (action_ask_answer_refugie, …_rqth): not data.
    re.compile(r"(?<!answer_)r[ée]fugi", re.IGNORECASE),
    re.compile(r"(?<!answer_)rqth|handicap", re.IGNORECASE),
]


@pytest.fixture(scope="module")
def bookings_db(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def conversations_db(database_url):
    """The stack's tracker store: Rasa's ``events`` table, read with plain SQL."""
    engine = create_engine(default_tracker_store_url(database_url))
    yield engine
    engine.dispose()


def stored_events(engine, sender):
    with engine.connect() as connection:
        # Rasa writes each event as JSON with \u escapes: decoded, the text reads as typed.
        return [json.dumps(json.loads(row[0]), ensure_ascii=False) for row in connection.execute(
            text("SELECT data FROM events WHERE sender_id = :sender ORDER BY id"), {"sender": sender}
        )]


def asks_yes_no(replies) -> bool:
    return any({b["title"] for b in reply.get("buttons", [])} >= QUESTION_BUTTONS for reply in replies)


async def full_eligibility_check(say, opening: str) -> str:
    """The check to its result, answering every yes/no question; returns the result's text."""
    replies = await say(opening)
    for _ in range(10):
        if not asks_yes_no(replies):
            break
        joined = " ".join(reply.get("text", "") for reply in replies)
        replies = await say("oui" if ("réfugié" in joined or "RQTH" in joined or "handicap" in joined) else "non")
    return " ".join(reply.get("text", "") for reply in replies)


async def book(say, first_name: str, contact: str) -> str:
    await say("je veux m'inscrire à un atelier découverte")
    replies = await say("59100")
    payload = next(p for reply in replies for p in (b["payload"] for b in reply.get("buttons", [])) if SESSION_PAYLOAD.match(p))
    await say(payload)
    await say(first_name)
    await say(contact)
    done = await say("oui")
    return " ".join(reply.get("text", "") for reply in done)


# -- the notice before the eligibility check, « vous gardez quoi sur moi ? » ----------------------


async def test_the_check_first_says_what_is_kept_and_refusing_gives_general_answers(conversation):
    replies = await conversation.say("je peux faire quoi ?")
    notice = replies[0]
    assert "Je garde vos réponses dans cette conversation" in notice["text"]
    assert f"{RETENTION_DAYS} jours après votre dernier message" in notice["text"]
    assert [b["payload"] for b in notice["buttons"]] == ["/stop"]
    assert "Quel âge avez-vous ?" in conversation.text(replies)  # then the first question

    refused = await conversation.say("/stop")
    assert "on arrête" in conversation.text(refused) and "/list_programmes" in conversation.payloads(refused)
    general = conversation.text(await conversation.say("c'est quoi HOPE ?"))
    assert "HOPE" in general and "Quel âge" not in general

    again = conversation.text(await conversation.say("je peux faire quoi ?"))
    assert "Je garde vos réponses" not in again and "Quel âge avez-vous ?" in again  # said once a session


async def test_what_is_kept_is_answered_shortly_with_the_way_to_the_notice(conversation, web_url):
    replies = await conversation.say("vous gardez quoi comme infos sur moi ?")
    answer = conversation.text(replies)
    assert f"effacée {RETENTION_DAYS} jours après votre dernier message" in answer and "/confidentialite" in answer
    assert conversation.payloads(replies) == ["/delete_my_data"]

    async with httpx.AsyncClient(timeout=30) as http:  # on the web: the link under the conversation
        token = (await http.post(f"{web_url}/api/conversations")).json()["token"]
        response = await http.post(f"{web_url}/api/messages", json={"text": "vous gardez quoi sur moi ?"},
                                   headers={"Authorization": f"Bearer {token}"})
        assert "« Vos données personnelles »" in response.json()["messages"][0]["text"]
        page = await http.get(f"{web_url}/confidentialite")
        assert "Version de cette notice" in page.text and "Comment les effacer" in page.text


# -- « supprimer mes données »: bookings, slots and the stored conversation --------------------------


async def test_erasure_deletes_the_bookings_personal_fields_and_the_stored_conversation(
    conversation, bookings_db, conversations_db
):
    await full_eligibility_check(conversation.say, "j'ai 17 ans, je suis réfugié et j'ai la RQTH, je peux faire quoi ?")
    confirmed = await book(conversation.say, "Gwenaëlla", "06 98 76 54 32")
    assert "C'est confirmé, Gwenaëlla !" in confirmed
    stored = " ".join(stored_events(conversations_db, conversation.sender))
    assert "Gwenaëlla" in stored and "17 ans" in stored  # what the erasure must remove

    asked = conversation.text(await conversation.say("supprimer mes données"))
    assert "Voulez-vous que j'efface tout" in asked
    erased = conversation.text(await conversation.say("oui"))
    assert "effacé votre prénom et votre moyen de contact de 1 inscription" in erased
    assert "1 atelier à venir est annulé" in erased and "J'ai aussi effacé cette conversation" in erased

    # After the turn: nothing of this conversation is left in the tracker store.
    assert stored_events(conversations_db, conversation.sender) == []
    with bookings_db.connect() as connection:
        assert connection.execute(select(Booking.id).where(Booking.sender_id == conversation.sender)).all() == []
        erased_rows = connection.execute(
            select(Booking.first_name, Booking.contact).where(Booking.erased_at.is_not(None))
        ).all()
    assert (None, None) in erased_rows

    # The next message starts a new conversation that knows nothing of the old one.
    again = conversation.text(await conversation.say("je peux faire quoi ?"))
    assert "Quel âge avez-vous ?" in again
    stored = " ".join(stored_events(conversations_db, conversation.sender))
    assert "Gwenaëlla" not in stored and "17 ans" not in stored and "RQTH" not in stored


async def test_no_keeps_everything(conversation, conversations_db):
    await conversation.say("j'ai 17 ans")
    await conversation.say("supprimer mes données")
    assert "je n'efface rien" in conversation.text(await conversation.say("non"))
    assert "17 ans" in " ".join(stored_events(conversations_db, conversation.sender))


# -- logs ------------------------------------------------------------------------------------------


async def test_no_personal_value_in_any_log_line(conversation, web_url, assistant_log):
    # Over REST: a full eligibility check (age, refugee, RQTH) and a booking by phone, then erasure.
    await full_eligibility_check(conversation.say, "j'ai 17 ans, je suis réfugié, j'ai la RQTH, je peux faire quoi ?")
    assert "C'est confirmé, Ysolinette !" in await book(conversation.say, "Ysolinette", PHONE)
    await conversation.say("supprimer mes données")
    await conversation.say("oui")

    # Through the web relay: the same with an e-mail address.
    async with httpx.AsyncClient(timeout=30) as http:
        token = (await http.post(f"{web_url}/api/conversations")).json()["token"]

        async def say(message: str) -> list:
            response = await http.post(f"{web_url}/api/messages", json={"text": message},
                                       headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 200, response.text
            return response.json()["messages"]

        await full_eligibility_check(say, "j'ai 17 ans, je suis réfugiée, RQTH, je peux faire quoi ?")
        # A button's signed payload, as the widget sends it, for the session.
        await say("je veux m'inscrire à un atelier découverte")
        offered = await say("59100")
        session = next(b for reply in offered for b in reply.get("buttons", []) if " – " in b["title"])  # « Mardi … – Roubaix »
        response = await http.post(f"{web_url}/api/messages", json={"button": session["button"]},
                                   headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200
        await say("Ysolinette")
        await say(EMAIL)
        done = " ".join(reply.get("text", "") for reply in await say("oui"))
        assert "C'est confirmé, Ysolinette !" in done

    await asyncio.sleep(1)  # the processes write their last lines
    lines = assistant_log.read_text(encoding="utf-8", errors="replace").splitlines()
    assert any("retention run" in line for line in lines), "the retention job of make run did not run"
    leaks = [(pattern.pattern, line) for line in lines for pattern in LEAKS if pattern.search(line)]
    assert leaks == [], "\n".join(f"{pattern}: {line}" for pattern, line in leaks[:20])
