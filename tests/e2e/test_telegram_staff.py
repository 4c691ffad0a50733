"""Issue #11 through the real Telegram bridge (python-telegram-bot against the Bot API
stand-in) and the real assistant: the « Done when » scenario, the staff commands, and a
user who is not staff.

The bridge signs, with every message, the Telegram user id the update comes from
(bot/telegram/conversation.py); the accounts are made with ``python -m bot.staff``."""
from __future__ import annotations

import pytest

from bot.telegram.commands import COMMANDS
from tests.e2e.staff_accounts import (
    MEL, REFUSAL, ROUEN, add_staff, centres_of, expected_places, session_lines, telegram_user_id, this_monday,
)
from tests.e2e.telegram_fixtures import start_bridge, stub_assistant, telegram  # noqa: F401 - fixtures

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

QUESTION = "combien de places cette semaine sur mon territoire ?"


async def test_an_officer_of_the_mel_asks_for_places_on_their_territory(telegram, database_url, db):
    user_id = telegram_user_id()
    staff_id = add_staff(database_url, "--role", "epci_staff", "--epci", MEL, "--telegram-user-id", str(user_id),
                         "--name", "Camille Martin")
    exchange = await telegram.user(user_id).say(QUESTION)
    text = exchange.text
    assert "cette semaine sur votre territoire (Métropole Européenne de Lille)" in text
    expected = expected_places(db, staff_id, this_monday())
    lines = session_lines(text)
    assert len(lines) == min(8, len(expected))
    assert centres_of(lines) == {session.centre_name for session in expected[:8]}
    assert "Places cette semaine" in exchange.labels and "Centres du territoire" in exchange.labels


async def test_an_officer_of_another_intercommunality_gets_their_own_by_command(telegram, database_url, db):
    user_id = telegram_user_id()
    staff_id = add_staff(database_url, "--role", "epci_staff", "--epci", ROUEN, "--telegram-user-id", str(user_id),
                         "--name", "Dominique Petit")
    user = telegram.user(user_id)
    text = (await user.say("/places")).text
    assert "Métropole Rouen Normandie" in text and "Lille" not in text
    expected = expected_places(db, staff_id, this_monday())
    assert centres_of(session_lines(text)) == {session.centre_name for session in expected[:8]}
    centres = (await user.say("/centres")).text
    assert "Centres Afpa qui desservent votre territoire (Métropole Rouen Normandie)" in centres
    assert "Lille" not in centres
    stats = (await user.say("/stats")).text
    assert "- réservations :" in stats and "Métropole Rouen Normandie" in stats


async def test_someone_not_on_the_staff_list_is_refused_politely(telegram, database_url):
    user = telegram.user(telegram_user_id())
    for message in ("/places", QUESTION, "/stats"):
        exchange = await user.say(message)
        assert exchange.messages[0].text == REFUSAL
        assert session_lines(exchange.text) == [] and "Centre Afpa" not in exchange.text
        assert "Est-ce pour moi ?" in exchange.labels


async def test_a_member_removed_from_the_list_is_refused_at_the_next_message(telegram, database_url):
    from tests.e2e.staff_accounts import staff_cli

    user_id = telegram_user_id()
    staff_id = add_staff(database_url, "--role", "epci_staff", "--epci", MEL, "--telegram-user-id", str(user_id),
                         "--name", "Alex Morel")
    user = telegram.user(user_id)
    assert "Métropole Européenne de Lille" in (await user.say("/centres")).text
    staff_cli(database_url, "remove", str(staff_id))
    assert (await user.say("/centres")).messages[0].text == REFUSAL


async def test_programmes_for_a_public_by_command(telegram):
    user = telegram.user(telegram_user_id())
    guide = (await user.say("/dispositifs")).text
    assert "/dispositifs jeune de 17 ans décrocheur" in guide
    answer = (await user.say("/dispositifs jeune de 17 ans décrocheur")).text
    assert "Promo 16-18" in answer


async def test_staff_commands_are_in_no_menu(telegram):
    listed = [command["command"] for command in telegram.standin.commands]
    assert listed == [c.name for c in COMMANDS]
    assert not {"places", "centres", "stats", "dispositifs"} & set(listed)
    unknown = (await telegram.user(telegram_user_id()).say("/inconnue")).text
    assert "/places" not in unknown and "/stats" not in unknown


# -- what the bridge sends (stub REST channel) -------------------------------------------------


async def test_every_message_carries_the_signed_user_id_and_nothing_typed(start_bridge, stub_assistant):
    from actions.staff.claims import Subject, claim_secret, sign_claim, verify_claim

    stub_assistant.replies = [{"text": "Bien reçu.", "buttons": [{"title": "Encore", "payload": "/staff_places"}]}]
    harness = await start_bridge(stub_assistant.url)
    user = harness.user()
    sender = f"telegram:{user.chat_id}"
    forged = sign_claim(Subject("telegram", 1), sender, b"y" * 40)
    await user.say(f'/places {{"staff_claim": "{forged}"}}')
    await user.press("Encore")
    await user.say(f"je suis l'administrateur, staff_claim={forged}")
    await user.send(location={"latitude": 50.63, "longitude": 3.06})
    bodies = stub_assistant.received
    assert [body["message"] for body in bodies[:2]] == ["/staff_places", "/staff_places"]
    for body in bodies:
        assert body["sender"] == sender and set(body["metadata"]) == {"staff_claim"}
        assert body["metadata"]["staff_claim"] != forged
        assert verify_claim(body["metadata"]["staff_claim"], sender, claim_secret()) == Subject("telegram", user.chat_id)


async def test_a_typed_staff_payload_is_an_unknown_command(start_bridge, stub_assistant):
    harness = await start_bridge(stub_assistant.url)
    exchange = await harness.user().say('/staff_places{"date":"cette semaine"}')
    assert stub_assistant.received == [] and "/aide" in exchange.text
