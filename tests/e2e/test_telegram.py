"""The Telegram bridge end to end: the real python-telegram-bot Application, a Bot API
stand-in over HTTP (telegram_standin.py), and the real Rasa server and action server
(``assistant_url``) — or a stub REST channel for what the assistant does not produce yet.
"""
from __future__ import annotations

import asyncio
import base64
import logging
import os
import signal
import sys

import httpx
import pytest

from actions.staff.claims import Subject, claim_secret, verify_claim
from bot.settings import PROJECT_ROOT
from bot.telegram import messages
from bot.telegram.commands import COMMANDS
from bot.telegram.privacy import quiet_noisy_loggers
from bot.telegram.buttons import KEY_PREFIX
from bot.telegram.rendering import TEXT_LIMIT, telegram_length
from bot.telegram.webhook import SECRET_HEADER
from tests.e2e.telegram_fixtures import (  # noqa: F401 - fixtures
    TcpProxy,
    free_port,
    start_bridge,
    stub_assistant,
    telegram,
)
from tests.e2e.telegram_standin import BOT_USERNAME, BotApiStandIn, Failure

# The bridge's tasks and the tests share the session's event loop.
pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

APOLOGY_DEADLINE_SECONDS = 10


def assert_within_telegram_limits(exchange) -> None:
    for message in exchange.messages:
        assert 0 < telegram_length(message.text) <= TEXT_LIMIT


# -- with the real assistant -------------------------------------------------------


async def test_a_question_gets_the_answer_with_an_inline_keyboard(telegram):
    user = telegram.user()
    exchange = await user.say("c'est quoi HOPE ?")
    assert "personnes réfugiées" in exchange.text
    assert "Durée" in exchange.labels and "Rémunération" in exchange.labels
    assert all(call.params.get("parse_mode") is None for call in exchange.messages)  # plain text
    assert [call.params["action"] for call in exchange.to("sendChatAction")][:1] == ["typing"]


async def test_pressing_a_button_answers_it_echoes_it_and_continues(telegram):
    user = telegram.user()
    await user.say("c'est quoi HOPE ?")
    pressed_message = user.last_message_with_button("Durée")
    exchange = await user.press("Durée")
    assert len(exchange.to("answerCallbackQuery")) == 1
    removal = exchange.to("editMessageReplyMarkup")
    assert removal and removal[0].params["message_id"] == telegram.standin.sent_message_id(pressed_message)
    assert not removal[0].params.get("reply_markup")
    assert exchange.messages[0].text == "› Durée"
    assert "8 à 10 mois" in exchange.text


async def test_a_button_and_two_quick_messages_are_answered_in_order(telegram):
    user = telegram.user()
    await user.say("c'est quoi HOPE ?")
    sent_before = len(telegram.standin.calls_to("sendMessage", user.chat_id))
    await telegram.handle_together(user.pressing("Durée"), user.saying("et c'est payé ?"), user.saying("merci"))
    answers = [m.text for m in telegram.standin.calls_to("sendMessage", user.chat_id)[sent_before:]]
    assert answers[0] == "› Durée"
    assert "8 à 10 mois" in answers[1]  # the button's answer comes first…
    assert "HOPE" in answers[2] and "8 à 10 mois" not in answers[2]  # …then the pay question's…
    assert answers[-1].startswith("Avec plaisir")  # …then the thanks'


async def test_start_with_a_deep_link_goes_straight_to_the_topic(telegram):
    exchange = await telegram.user().say("/start promo1618")
    assert "16 à 18 ans" in exchange.text
    assert "Bienvenue" not in exchange.text


async def test_plain_start_welcomes_and_offers_next_steps(telegram):
    exchange = await telegram.user().say("/start")
    assert exchange.messages[0].text == messages.WELCOME
    assert "Bonjour" in exchange.text and "Voir les programmes" in exchange.labels


async def test_french_commands_reach_their_intents(telegram):
    user = telegram.user()
    assert "Mission locale" in (await user.say("/conseiller")).text
    assert "Je peux vous présenter" in (await user.say("/aide")).text


async def test_confidentialite_sends_the_privacy_notice_in_plain_french(telegram):
    exchange = await telegram.user().say("/confidentialite")
    text = exchange.text
    for heading in ("Ce qui est gardé", "Pourquoi", "Combien de temps", "Qui peut les voir",
                    "Comment les effacer", "Qui contacter"):
        assert heading in text
    assert "/supprimer_mes_donnees" in text and "Version de cette notice : " in text
    assert "navigateur" not in text and "<" not in text  # the web-only parts and no HTML
    assert_within_telegram_limits(exchange)


async def test_commands_are_registered_in_french(telegram):
    assert [command["command"] for command in telegram.standin.commands] == [c.name for c in COMMANDS]
    assert telegram.standin.calls_to("deleteWebhook")  # polling mode


async def test_an_unknown_command_or_a_typed_intent_gets_the_list_of_commands(telegram):
    exchange = await telegram.user().say('/ask_programme_info{"programme":"hope"}')
    assert exchange.text.startswith("Je ne connais pas cette commande")
    assert "/conseiller" in exchange.text


async def test_a_sticker_a_voice_note_a_photo_and_an_edit_get_short_answers(telegram):
    user = telegram.user()
    sticker = await user.send(
        sticker={"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 512, "height": 512,
                 "is_animated": False, "is_video": False}
    )
    assert sticker.text == messages.STICKER
    voice = await user.send(voice={"file_id": "v", "file_unique_id": "v", "duration": 3})
    assert voice.text == messages.VOICE
    photo = await user.send(photo=[{"file_id": "p", "file_unique_id": "p", "width": 90, "height": 90}])
    assert photo.text == messages.MEDIA
    edited = await user.edit("c'est quoi HOPE ?")
    assert edited.text == messages.EDITED


async def test_a_10000_character_message_gets_a_sensible_answer(telegram):
    exchange = await telegram.user().say("Bonjour, je voudrais une formation. " * 280)
    assert exchange.text == messages.MESSAGE_TOO_LONG
    assert_within_telegram_limits(exchange)


async def test_groups_get_a_pointer_to_the_private_chat_and_channels_silence(telegram):
    standin = telegram.standin
    group = {"id": -1001234, "type": "supergroup", "title": "Collègues"}
    chatter = await telegram.handle(lambda: standin.push_message(0, chat=group, text="bonjour à tous"), -1001234)
    assert chatter.messages == []
    command = await telegram.handle(
        lambda: standin.push_message(0, chat=group, text=f"/aide@{BOT_USERNAME}"), -1001234
    )
    assert command.text.startswith("Je réponds seulement en conversation privée")
    assert command.messages[0].keyboard[0][0]["url"] == f"https://t.me/{BOT_USERNAME}"

    channel = {"id": -1009999, "type": "channel", "title": "Annonces"}
    post = standin.message(0, chat=channel, text="nouvelle session")
    post.pop("from")
    silence = await telegram.handle(lambda: standin.push_update(channel_post=post), -1009999)
    assert silence.calls == []


async def test_rasa_down_then_up_again(start_bridge, assistant_url):
    proxy = TcpProxy(target_port=httpx.URL(assistant_url).port)
    await proxy.open()
    try:
        harness = await start_bridge(proxy.url)
        user = harness.user()
        assert "Bonjour" in (await user.say("bonjour")).text

        await proxy.close()
        down = await user.say("c'est quoi HOPE ?")
        assert down.text == messages.TECHNICAL_PROBLEM
        assert down.seconds < APOLOGY_DEADLINE_SECONDS

        await proxy.open()  # same port
        up = await user.say("c'est quoi HOPE ?")
        assert "personnes réfugiées" in up.text
    finally:
        await proxy.close()


async def test_a_bridge_pointed_at_a_closed_port_apologises_in_time(start_bridge):
    harness = await start_bridge(f"http://127.0.0.1:{free_port()}")
    exchange = await harness.user().say("bonjour")
    assert exchange.text == messages.TECHNICAL_PROBLEM
    assert "Mission locale" in exchange.text and "France Travail" in exchange.text
    assert exchange.seconds < APOLOGY_DEADLINE_SECONDS


# -- with a stub REST channel (what the assistant does not produce yet, failures) ----


async def test_sender_id_and_metadata_come_from_the_verified_update(start_bridge, stub_assistant):
    stub_assistant.replies = [{"recipient_id": "x", "text": "Bien reçu."}]
    harness = await start_bridge(stub_assistant.url)
    user = harness.user()
    exchange = await user.say("je suis admin, sender=telegram:1")
    assert exchange.text == "Bien reçu."
    body = stub_assistant.received[-1]
    assert body["sender"] == f"telegram:{user.chat_id}"
    assert body["message"] == "je suis admin, sender=telegram:1"
    # Only the staff claim (issue #11): the Telegram user id of the update, bound to this chat.
    assert set(body["metadata"]) == {"staff_claim"}
    claim = verify_claim(body["metadata"]["staff_claim"], f"telegram:{user.chat_id}", claim_secret())
    assert claim == Subject("telegram", user.chat_id)


async def test_a_long_reply_is_split_on_paragraphs_with_the_keyboard_last(start_bridge, stub_assistant):
    paragraphs = [(f"Paragraphe {n}. " + "Une phrase d'explication assez longue. " * 30).strip() for n in range(12)]
    stub_assistant.replies = [
        {"text": "\n\n".join(paragraphs), "buttons": [{"title": "Parler à quelqu'un", "payload": "/contact_human"}]}
    ]
    harness = await start_bridge(stub_assistant.url)
    exchange = await harness.user().say("tout savoir")
    assert len(exchange.messages) >= 3
    assert_within_telegram_limits(exchange)
    assert [m.button_labels for m in exchange.messages[:-1]] == [[]] * (len(exchange.messages) - 1)
    assert exchange.messages[-1].button_labels == ["Parler à quelqu'un"]
    for message in exchange.messages:
        assert message.text.startswith("Paragraphe")  # cut between paragraphs
    assert "\n\n".join(m.text for m in exchange.messages) == "\n\n".join(paragraphs)


async def test_every_payload_is_kept_server_side_and_a_real_button_works(start_bridge, stub_assistant):
    short_payload = '/book_workshop{"booking_session":"42"}'
    long_payload = '/ask_programme_info{"programme":"transitions_collectives","situation":"demandeur_emploi"}'
    assert len(long_payload.encode()) > 64
    stub_assistant.replies = [{"text": "Voici.", "buttons": [
        {"title": "Mardi 9 h 30", "payload": short_payload},
        {"title": "Transitions collectives", "payload": long_payload},
    ]}]
    harness = await start_bridge(stub_assistant.url)
    user = harness.user()
    first = await user.say("question")
    for row in first.messages[0].keyboard:
        data = row[0]["callback_data"]
        assert data.startswith(KEY_PREFIX) and len(data.encode()) <= 64
        assert "book_workshop" not in data and "programme" not in data

    pressed = await user.press("Transitions collectives")
    assert stub_assistant.received[-1]["message"] == long_payload
    assert pressed.messages[0].text == "› Transitions collectives"
    assert len(stub_assistant.received) == 2

    # The keyboard was removed and its choice made: pressing again (a double tap) forwards nothing.
    again = await user.press_data(first.messages[0], first.messages[0].keyboard[0][0]["callback_data"])
    assert again.to("answerCallbackQuery")[0].params["text"] == messages.BUTTON_EXPIRED_SHORT
    assert again.text == messages.BUTTON_EXPIRED
    assert len(stub_assistant.received) == 2


async def test_forged_callback_data_never_reaches_the_assistant(start_bridge, stub_assistant):
    stub_assistant.replies = [{"text": "Voici les ateliers.", "buttons": [
        {"title": "Mardi 9 h 30", "payload": '/book_workshop{"booking_session":"42"}'},
    ]}]
    harness = await start_bridge(stub_assistant.url)
    owner, intruder = harness.user(), harness.user()
    owners_key = (await owner.say("un atelier")).messages[0].keyboard[0][0]["callback_data"]
    intruders_message = (await intruder.say("un atelier")).messages[0]
    forwarded = len(stub_assistant.received)

    forgeries = [
        '/book_workshop{"booking_session":"1"}',  # a raw payload
        'p:/book_workshop{"booking_session":"1"}',  # the in-clear format of earlier versions
        owners_key,  # another chat's button
        "n'importe quoi",
        "b:AAAAAAAAAAA",  # the right shape, never issued
        "b:" + "x" * 62,  # 64 bytes
        "é" * 32,  # 64 bytes
    ]
    for forged in forgeries:
        exchange = await intruder.press_data(intruders_message, forged)
        assert exchange.to("answerCallbackQuery")[0].params["text"] == messages.BUTTON_EXPIRED_SHORT
        assert exchange.text == messages.BUTTON_EXPIRED == (
            "Ce bouton n'est plus valable. Posez-moi à nouveau votre question, ou tapez /aide."
        )
        assert not exchange.to("editMessageReplyMarkup")
    assert len(stub_assistant.received) == forwarded  # nothing reached the assistant

    # The owner's button, and the intruder's own, still work.
    assert (await owner.press("Mardi 9 h 30")).messages[0].text == "› Mardi 9 h 30"
    assert (await intruder.press("Mardi 9 h 30")).messages[0].text == "› Mardi 9 h 30"
    assert [body["sender"] for body in stub_assistant.received[forwarded:]] == [
        f"telegram:{owner.chat_id}", f"telegram:{intruder.chat_id}",
    ]
    assert {body["message"] for body in stub_assistant.received[forwarded:]} == {'/book_workshop{"booking_session":"42"}'}


async def test_one_chat_is_answered_in_order_while_other_chats_go_on(start_bridge, stub_assistant):
    duration = '/ask_programme_duration{"programme":"hope"}'
    slow_answer = asyncio.Event()

    async def assistant(body):
        if body["message"] == "c'est quoi HOPE ?":
            return [{"text": "HOPE, c'est…", "buttons": [{"title": "Durée", "payload": duration}]}]
        if body["message"] == duration:
            await slow_answer.wait()  # the assistant takes its time over this one
        return [{"text": f"Réponse à : {body['message']}"}]

    stub_assistant.replies = assistant
    harness = await start_bridge(stub_assistant.url)
    standin = harness.standin
    camille, other = harness.user(), harness.user()
    await camille.say("c'est quoi HOPE ?")

    # A press and two messages in quick succession, and another person's message.
    together = asyncio.ensure_future(harness.handle_together(
        camille.pressing("Durée"), camille.saying("et c'est payé ?"), camille.saying("merci"), other.saying("bonjour"),
    ))
    camilles = lambda: [b["message"] for b in stub_assistant.received if b["sender"] == f"telegram:{camille.chat_id}"]
    await standin.wait_for(lambda: bool(standin.calls_to("sendMessage", other.chat_id)) and duration in camilles())
    # The other person is answered while the assistant still thinks about Camille's button…
    assert standin.calls_to("sendMessage", other.chat_id)[0].text == "Réponse à : bonjour"
    await asyncio.sleep(0.5)
    # …and Camille's two messages wait for that answer.
    assert camilles() == ["c'est quoi HOPE ?", duration]

    slow_answer.set()
    await together
    assert camilles() == ["c'est quoi HOPE ?", duration, "et c'est payé ?", "merci"]
    assert [m.text for m in standin.calls_to("sendMessage", camille.chat_id)] == [
        "HOPE, c'est…",
        "› Durée",
        f"Réponse à : {duration}",
        "Réponse à : et c'est payé ?",
        "Réponse à : merci",
    ]


async def test_documents_and_images_are_sent_as_such(start_bridge, stub_assistant):
    calendar = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    stub_assistant.files["rdv.ics"] = calendar
    stub_assistant.replies = [
        {"text": "Votre rendez-vous :"},
        {"custom": {"document": {"filename": "atelier-afpa.ics", "mime_type": "text/calendar",
                                 "content_base64": base64.b64encode(calendar).decode(), "caption": "À bientôt !"}}},
        {"custom": {"document": {"filename": "../../rdv.ics", "url": f"{stub_assistant.url}/files/rdv.ics"}}},
        {"custom": {"document": {"filename": "perdu.ics", "url": f"{stub_assistant.url}/files/absent.ics"}}},
        {"image": "https://www.afpa.fr/logo.png"},
    ]
    harness = await start_bridge(stub_assistant.url)
    exchange = await harness.user().say("mon rendez-vous")
    documents = exchange.to("sendDocument")
    assert [d.params["document"].filename for d in documents] == ["atelier-afpa.ics", "rdv.ics"]
    assert all(d.params["document"].content == calendar for d in documents)
    assert documents[0].params["document"].content_type == "text/calendar"
    assert documents[0].params["caption"] == "À bientôt !"
    assert exchange.to("sendPhoto")[0].params["photo"] == "https://www.afpa.fr/logo.png"
    assert messages.DOCUMENT_UNAVAILABLE in exchange.text  # the missing file, said plainly


async def test_an_empty_or_failed_answer_gets_the_apology(start_bridge, stub_assistant):
    harness = await start_bridge(stub_assistant.url)
    user = harness.user()
    stub_assistant.replies = []  # what Rasa answers when the action server is down
    assert (await user.say("c'est quoi HOPE ?")).text == messages.TECHNICAL_PROBLEM
    stub_assistant.status = 500
    assert (await user.say("c'est quoi HOPE ?")).text == messages.TECHNICAL_PROBLEM


async def test_a_slow_assistant_gets_the_apology_within_10_seconds(start_bridge, stub_assistant):
    async def never_in_time(body):
        await asyncio.sleep(30)
        return []

    stub_assistant.replies = never_in_time
    harness = await start_bridge(stub_assistant.url)
    exchange = await harness.user().say("bonjour")
    assert exchange.text == messages.TECHNICAL_PROBLEM
    assert exchange.seconds < APOLOGY_DEADLINE_SECONDS
    assert len(stub_assistant.received) == 1  # a timed-out message is not sent twice


async def test_one_chat_cannot_flood_the_assistant(start_bridge, stub_assistant):
    stub_assistant.replies = [{"text": "Réponse."}]
    harness = await start_bridge(stub_assistant.url, rate_limit_messages=3, rate_limit_seconds=60)
    flooder, other = harness.user(), harness.user()
    answers = [await flooder.say(f"message {n}") for n in range(5)]
    assert [a.text for a in answers] == ["Réponse."] * 3 + [messages.RATE_LIMITED, ""]
    assert len(stub_assistant.received) == 3
    assert (await other.say("bonjour")).text == "Réponse."  # the others are not affected


async def test_flood_limits_and_network_errors_from_telegram_are_retried(start_bridge, stub_assistant):
    stub_assistant.replies = [{"text": "Réponse."}]
    harness = await start_bridge(stub_assistant.url)
    harness.standin.fail_next("sendMessage", Failure(429, "Too Many Requests: retry after 1", retry_after=1))
    harness.standin.fail_next("sendMessage", Failure(502, "Bad Gateway"))
    exchange = await harness.user().say("bonjour")
    assert [m.text for m in exchange.messages] == ["Réponse."] * 3  # two failures, then delivered


async def test_logs_carry_neither_message_text_nor_chat_ids(start_bridge, stub_assistant, caplog):
    quiet_noisy_loggers()  # as python -m bot.telegram does
    caplog.set_level(logging.INFO)
    stub_assistant.status = 500
    harness = await start_bridge(stub_assistant.url)
    user = harness.user(chat_id=987654321)
    secret_text = "Je m'appelle Zoé Dupont, né le 01/02/2003"
    assert (await user.say(secret_text)).text == messages.TECHNICAL_PROBLEM
    await user.send(voice={"file_id": "v", "file_unique_id": "v", "duration": 3})
    assert "Assistant indisponible" in caplog.text  # the failure is logged…
    assert "Zoé" not in caplog.text and "987654321" not in caplog.text  # …without the data


async def test_webhook_mode_checks_the_secret_token(start_bridge, stub_assistant):
    stub_assistant.replies = [{"text": "Bien reçu."}]
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    harness = await start_bridge(
        stub_assistant.url, webhook_url=url, webhook_secret="s3cret_token-42", webhook_port=port
    )
    assert harness.standin.webhook["url"] == url
    assert harness.standin.webhook["secret_token"] == "s3cret_token-42"
    standin, chat_id = harness.standin, 555000111
    update = {"update_id": 9001, "message": standin.message(chat_id, text="bonjour")}
    async with httpx.AsyncClient() as client:
        forged = await client.post(url, json=update, headers={SECRET_HEADER: "wrong"})
        missing = await client.post(url, json=update)
        assert (forged.status_code, missing.status_code) == (403, 403)
        assert stub_assistant.received == []

        delivery = []

        def post() -> int:
            headers = {SECRET_HEADER: "s3cret_token-42"}
            delivery.append(asyncio.get_running_loop().create_task(client.post(url, json=update, headers=headers)))
            return update["update_id"]

        exchange = await harness.handle(post, chat_id)
        assert (await delivery[0]).status_code == 200
    assert exchange.text == "Bien reçu."
    assert not standin.calls_to("deleteWebhook")  # no polling in webhook mode
    assert stub_assistant.received[0]["sender"] == f"telegram:{chat_id}"


# -- the entry point (python -m bot.telegram, as make run starts it) ----------------


async def _run_entry_point(standin, rasa_url: str, token: str):
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_API_BASE_URL": standin.root_url,
        "TELEGRAM_POLL_TIMEOUT_SECONDS": "1",
        "RASA_PORT": str(httpx.URL(rasa_url).port),
    }
    env.pop("TELEGRAM_WEBHOOK_URL", None)
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.telegram", cwd=PROJECT_ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )


async def test_the_entry_point_answers_and_stops_cleanly_on_sigterm(stub_assistant):
    stub_assistant.replies = [{"text": "Bien reçu."}]
    standin = BotApiStandIn()
    await standin.start()
    process = await _run_entry_point(standin, stub_assistant.url, standin.token)
    try:
        await standin.wait_for(lambda: bool(standin.calls_to("deleteWebhook")), timeout=30)
        standin.push_message(4242, text="bonjour")
        await standin.wait_for(lambda: bool(standin.calls_to("sendMessage", 4242)), timeout=15)
        assert standin.calls_to("sendMessage", 4242)[0].text == "Bien reçu."
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), timeout=15) == 0
        output = (await process.stdout.read()).decode()
        assert "Pont Telegram démarré (long polling)" in output
        assert standin.token not in output and "bonjour" not in output
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await standin.stop()


async def test_the_entry_point_stops_with_a_message_when_the_token_is_refused(stub_assistant):
    standin = BotApiStandIn()
    await standin.start()
    try:
        process = await _run_entry_point(standin, stub_assistant.url, "999:not-the-token")
        assert await asyncio.wait_for(process.wait(), timeout=30) == 1
        assert "TELEGRAM_BOT_TOKEN" in (await process.stdout.read()).decode()
    finally:
        await standin.stop()
