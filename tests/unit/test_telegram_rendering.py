"""Pure helpers of the Telegram bridge: splitting, keyboards, plans,
commands and deep links, rate limit, settings, privacy, and the Rasa client's retries."""
from __future__ import annotations

import asyncio
import base64
import json

import httpx
import pytest
from telegram import Chat, Message, MessageEntity, Update, User

from actions.catalogue.loader import CONTRACT_PROGRAMME_IDS

from bot.telegram import messages
from bot.telegram.app import addressed_to_bot, unsupported_content_answer
from bot.telegram.buttons import ButtonStore
from bot.telegram.commands import (
    COMMANDS,
    PAYLOAD_BY_COMMAND,
    bot_commands,
    deep_link_payload,
)
from actions.staff.claims import ClaimRejected, Subject, claim_secret, verify_claim
from bot.telegram.conversation import metadata_for, sender_id_for
from bot.telegram.privacy import chat_ref, describe_error
from bot.telegram.rasa_client import AssistantUnavailable, RasaClient
from bot.telegram.rate_limit import ChatRateLimiter, Verdict
from bot.telegram.rendering import (
    CALLBACK_DATA_LIMIT,
    TEXT_LIMIT,
    OutgoingDocument,
    OutgoingPhoto,
    OutgoingText,
    inline_keyboard,
    plan_replies,
    safe_filename,
    split_text,
    telegram_length,
)
from bot.telegram.settings import DEFAULT_API_ROOT, load_telegram_settings

# -- splitting ------------------------------------------------------------------


def test_a_short_text_is_one_message():
    assert split_text("  Bonjour !  ") == ["Bonjour !"]
    assert split_text("   ") == []


def test_a_long_text_is_split_between_paragraphs():
    paragraphs = [f"Paragraphe {n} : " + "x" * 1500 for n in range(6)]
    parts = split_text("\n\n".join(paragraphs))
    assert all(telegram_length(part) <= TEXT_LIMIT for part in parts)
    assert parts == ["\n\n".join(paragraphs[0:2]), "\n\n".join(paragraphs[2:4]), "\n\n".join(paragraphs[4:6])]


def test_a_paragraph_longer_than_the_limit_is_split_between_lines_then_words():
    lines = "\n".join("ligne " + "y" * 90 for _ in range(100))  # one paragraph of ~9,700 characters
    parts = split_text(lines)
    assert len(parts) == 3 and all(telegram_length(p) <= TEXT_LIMIT for p in parts)
    assert all(line.startswith("ligne ") for part in parts for line in part.split("\n"))

    words = " ".join(["mot"] * 3000)  # no line break at all
    parts = split_text(words, limit=100)
    assert all(len(p) <= 100 for p in parts) and " ".join(parts) == words


def test_a_word_longer_than_the_limit_is_cut_without_breaking_an_emoji():
    text = "😀" * 3000  # 6,000 UTF-16 code units
    parts = split_text(text)
    assert "".join(parts) == text
    assert [telegram_length(p) for p in parts] == [4096, 6000 - 4096]


def test_telegram_counts_utf16_code_units():
    assert telegram_length("é") == 1 and telegram_length("😀") == 2


# -- buttons ----------------------------------------------------------------------


def test_keyboard_one_button_per_row_with_links_and_without_empty_titles():
    store = ButtonStore()
    keyboard = inline_keyboard(
        [
            {"title": "Durée", "payload": '/ask_programme_duration{"programme":"hope"}'},
            {"title": "", "payload": "/help"},
            {"title": "Site de l'Afpa", "url": "https://www.afpa.fr"},
            {"title": "Lien douteux", "url": "javascript:alert(1)"},
            {"title": "Trop long", "payload": "/inform" + "x" * 2000},
        ],
        store.new_keyboard(42),
    )
    rows = keyboard.inline_keyboard
    assert [[b.text for b in row] for row in rows] == [["Durée"], ["Site de l'Afpa"]]
    assert rows[1][0].url == "https://www.afpa.fr"
    assert inline_keyboard([], store.new_keyboard(42)) is None


def test_callback_data_is_a_short_key_never_the_payload():
    store = ButtonStore()
    payload = '/book_workshop{"booking_session":"42"}'
    keyboard = inline_keyboard([{"title": "Mardi 9 h 30", "payload": payload}], store.new_keyboard(42))
    data = keyboard.inline_keyboard[0][0].callback_data
    assert data.startswith("b:") and len(data) == 13 and "book_workshop" not in data
    assert len(data.encode()) <= CALLBACK_DATA_LIMIT
    assert store.press(42, data).payload == payload


# -- plans -------------------------------------------------------------------------


def _keys():
    return ButtonStore().new_keyboard(42)


def test_buttons_go_under_the_last_part_of_a_long_text():
    plan = plan_replies(
        [{"text": "a" * 3000 + "\n\n" + "b" * 3000, "buttons": [{"title": "Aide", "payload": "/help"}]}], _keys
    )
    assert [type(p) for p in plan] == [OutgoingText, OutgoingText]
    assert plan[0].keyboard is None and plan[1].keyboard is not None


def test_buttons_without_text_get_a_short_prompt():
    plan = plan_replies([{"buttons": [{"title": "Aide", "payload": "/help"}]}], _keys)
    assert plan[0].text == messages.CHOOSE


def test_images_and_documents_are_planned_and_bad_ones_said_plainly():
    content = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    plan = plan_replies(
        [
            {"image": "https://www.afpa.fr/logo.png"},
            {"image": "file:///etc/passwd"},
            {"custom": {"document": {"filename": "rdv.ics", "content_base64": base64.b64encode(content).decode()}}},
            {"custom": {"document": {"filename": "rdv.ics", "url": "http://127.0.0.1:5055/files/rdv.ics"}}},
            {"custom": {"document": {"filename": "rdv.ics", "content_base64": "pas du base64 !"}}},
            {"custom": {"document": {"filename": "rdv.ics"}}},
            {"custom": {"something": "else"}},
        ],
        _keys,
    )
    assert plan[0] == OutgoingPhoto("https://www.afpa.fr/logo.png")
    assert plan[1] == OutgoingDocument(filename="rdv.ics", content=content)
    assert plan[2] == OutgoingDocument(filename="rdv.ics", url="http://127.0.0.1:5055/files/rdv.ics")
    assert plan[3:] == [OutgoingText(messages.DOCUMENT_UNAVAILABLE)] * 2


def test_file_names_are_made_safe():
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("C:\\temp\\rdv afpa.ics") == "rdv afpa.ics"
    assert safe_filename("rdv<script>.ics") == "rdv_script_.ics"
    assert safe_filename(None) == safe_filename("..") == "document"


# -- commands and deep links -------------------------------------------------------


def test_commands_map_to_the_contract_intents():
    assert PAYLOAD_BY_COMMAND == {
        "aide": "/help",
        "eligibilite": "/check_eligibility",
        "atelier": "/book_workshop",
        "mes_rdv": "/my_bookings",
        "annuler": "/cancel_booking",
        "conseiller": "/contact_human",
        "supprimer_mes_donnees": "/delete_my_data",
    }  # and /confidentialite, answered by the bridge itself (the privacy notice)
    assert [c.command for c in bot_commands()] == [c.name for c in COMMANDS]
    assert all(3 <= len(c.description) <= 256 for c in bot_commands())


@pytest.mark.parametrize("programme_id", CONTRACT_PROGRAMME_IDS)
def test_every_programme_has_a_deep_link(programme_id):
    expected = '/ask_programme_info{"programme":"%s"}' % programme_id
    assert deep_link_payload(programme_id) == expected
    assert deep_link_payload(programme_id.replace("_", "")) == expected


def test_deep_link_codes():
    assert deep_link_payload("promo1618") == '/ask_programme_info{"programme":"promo_16_18"}'
    assert deep_link_payload("PROMO-16-18") == '/ask_programme_info{"programme":"promo_16_18"}'
    assert deep_link_payload("hope") == '/ask_programme_info{"programme":"hope"}'
    assert deep_link_payload("eligibilite") == "/check_eligibility"
    assert deep_link_payload("atelier") == "/book_workshop"
    assert deep_link_payload("inconnu") is None


# -- rate limit --------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_rate_limit_tells_once_then_drops_then_refills():
    clock = FakeClock()
    limiter = ChatRateLimiter(3, 60, clock=clock)
    assert [limiter.check(1) for _ in range(5)] == [Verdict.ALLOWED] * 3 + [Verdict.NOTIFY, Verdict.DROP]
    assert limiter.check(2) is Verdict.ALLOWED  # another chat
    clock.now = 20  # one message every 20 s
    assert limiter.check(1) is Verdict.ALLOWED
    assert limiter.check(1) is Verdict.NOTIFY  # told again after a pause


def test_the_rate_limit_remembers_a_bounded_number_of_chats():
    limiter = ChatRateLimiter(1, 60, max_chats=100, clock=FakeClock())
    for chat in range(1000):
        limiter.check(chat)
    assert len(limiter) == 100


# -- updates: who, what, where ---------------------------------------------------------


def _message(text=None, chat_type=Chat.PRIVATE, entities=(), **content) -> Message:
    chat = Chat(-100 if chat_type != Chat.PRIVATE else 42, chat_type)
    return Message(
        1, date=None, chat=chat, from_user=User(42, "Camille", False, language_code="fr"),
        text=text, entities=list(entities), **content,
    )


def test_sender_id_and_metadata_come_from_the_update(monkeypatch):
    monkeypatch.setenv("STAFF_CLAIM_SECRET", "s" * 40)
    update = Update(1, message=_message("bonjour"))
    assert sender_id_for(update.effective_chat.id) == "telegram:42"
    metadata = metadata_for(update, deep_link="hope")
    assert set(metadata) == {"staff_claim", "deep_link"}
    # The Telegram user id (from the update), signed and bound to this chat's conversation.
    assert verify_claim(metadata["staff_claim"], "telegram:42", claim_secret()) == Subject("telegram", 42)
    with pytest.raises(ClaimRejected):
        verify_claim(metadata["staff_claim"], "telegram:43", claim_secret())


def test_in_groups_the_bot_answers_commands_for_it_and_mentions_only():
    def command(text: str) -> Message:
        return _message(text, Chat.SUPERGROUP, [MessageEntity(MessageEntity.BOT_COMMAND, 0, len(text.split()[0]))])

    assert addressed_to_bot(command("/aide@AfpaBot"), "AfpaBot", 7)
    assert addressed_to_bot(command("/aide"), "AfpaBot", 7)
    assert not addressed_to_bot(command("/aide@OtherBot"), "AfpaBot", 7)
    mention = _message("@afpabot bonjour", Chat.GROUP, [MessageEntity(MessageEntity.MENTION, 0, 8)])
    assert addressed_to_bot(mention, "AfpaBot", 7)
    assert not addressed_to_bot(_message("bonjour à tous", Chat.GROUP), "AfpaBot", 7)


def test_what_the_assistant_cannot_read_gets_a_short_answer():
    from telegram import Contact, Sticker, Voice

    sticker = Sticker("s", "s", 512, 512, False, False, Sticker.REGULAR)
    assert unsupported_content_answer(_message(sticker=sticker)) == messages.STICKER
    assert unsupported_content_answer(_message(voice=Voice("v", "v", 3))) == messages.VOICE
    assert unsupported_content_answer(_message(contact=Contact("0600000000", "Camille"))) == messages.CONTACT
    assert unsupported_content_answer(_message()) is None  # a service message: silence


# -- settings -----------------------------------------------------------------------


def test_settings_defaults_and_overrides():
    settings = load_telegram_settings({"TELEGRAM_BOT_TOKEN": "1:abc"})
    assert settings.api_root == DEFAULT_API_ROOT and not settings.uses_webhook
    assert settings.api_base_url == "https://api.telegram.org/bot"
    assert settings.webhook_listen == "127.0.0.1"
    assert settings.rasa_deadline_seconds < 10

    local = load_telegram_settings(
        {
            "TELEGRAM_BOT_TOKEN": "1:abc",
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/",
            "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/telegram",
            "TELEGRAM_RATE_LIMIT_MESSAGES": "5",
        }
    )
    assert local.api_base_url == "http://127.0.0.1:8081/bot"
    assert local.api_base_file_url == "http://127.0.0.1:8081/file/bot"
    assert local.uses_webhook and local.webhook_path == "/telegram"
    assert len(local.webhook_secret) >= 32  # generated when not given
    assert local.rate_limit_messages == 5


@pytest.mark.parametrize(
    "environ",
    [
        {},
        {"TELEGRAM_BOT_TOKEN": "1:abc", "TELEGRAM_WEBHOOK_SECRET": "avec des espaces"},
        {"TELEGRAM_BOT_TOKEN": "1:abc", "TELEGRAM_WEBHOOK_PORT": "huit"},
        {"TELEGRAM_BOT_TOKEN": "1:abc", "TELEGRAM_RASA_TIMEOUT_SECONDS": "30"},
        {"TELEGRAM_BOT_TOKEN": "1:abc", "TELEGRAM_API_BASE_URL": "ftp://example.org"},
    ],
)
def test_wrong_settings_stop_with_a_message(environ):
    with pytest.raises(SystemExit):
        load_telegram_settings(environ)


# -- privacy ------------------------------------------------------------------------


def test_logs_name_chats_by_a_keyed_hash():
    assert chat_ref(987654321) == chat_ref(987654321) != chat_ref(987654322)
    assert "987654321" not in chat_ref(987654321)


def test_errors_are_described_without_their_message():
    text = "Je m'appelle " + "Zoé"  # a variable: the traceback shows source lines, not values
    try:
        raise ValueError(text)
    except ValueError as error:
        description = describe_error(error)
    assert description.startswith("ValueError") and "Zoé" not in description


# -- the Rasa client ------------------------------------------------------------------


async def _send_with(handler, deadline: float = 8.0):
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        client = RasaClient("http://rasa.test/webhooks/rest/webhook", http, deadline_seconds=deadline)
        return await client.send("telegram:1", "bonjour", {"channel": "telegram"})


@pytest.mark.parametrize("failure", [httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError])
async def test_rasa_client_retries_failed_connections_then_succeeds(failure):
    attempts = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(json.loads(request.content))
        if len(attempts) < 3:
            raise failure("connection failed", request=request)
        return httpx.Response(200, json=[{"text": "Bonjour"}])

    assert await _send_with(handler) == [{"text": "Bonjour"}]
    assert len(attempts) == 3
    assert attempts[0] == {"sender": "telegram:1", "message": "bonjour", "metadata": {"channel": "telegram"}}


async def test_rasa_client_retries_a_proxy_error_then_gives_up_in_time():
    attempts = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(request)
        return httpx.Response(503)

    with pytest.raises(AssistantUnavailable):
        await _send_with(handler)
    assert len(attempts) == 4


async def test_rasa_client_gives_up_in_time_when_rasa_stays_down():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    started = asyncio.get_running_loop().time()
    with pytest.raises(AssistantUnavailable):
        await _send_with(handler)
    assert asyncio.get_running_loop().time() - started < 8


async def test_rasa_client_does_not_resend_after_a_read_timeout():
    attempts = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(request)
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(AssistantUnavailable):
        await _send_with(handler)
    assert len(attempts) == 1


@pytest.mark.parametrize(
    "response",
    [httpx.Response(500, json={}), httpx.Response(200, text="pas du JSON"), httpx.Response(200, json={"text": "x"})],
)
async def test_rasa_client_refuses_unusable_answers(response):
    with pytest.raises(AssistantUnavailable):
        await _send_with(lambda request: response)


# -- the launcher (make run) --------------------------------------------------------


def test_the_launcher_starts_the_bridge_only_with_a_token(monkeypatch):
    from bot import launcher
    from bot.settings import load_settings

    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("TELEGRAM_WEBHOOK_URL", raising=False)
    settings = load_settings()
    assert launcher.build_telegram_bridge(settings) is None
    assert "non démarré" in launcher.telegram_status(None) and "TELEGRAM_BOT_TOKEN" in launcher.telegram_status(None)

    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:abc")
    bridge = launcher.build_telegram_bridge(settings)
    assert bridge.command[-2:] == ["-m", "bot.telegram"]
    assert bridge.env["RASA_PORT"] == str(settings.rasa_port)
    assert "long polling" in launcher.telegram_status(bridge)

    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "pas valide !")
    with pytest.raises(SystemExit):  # a wrong setting stops make run before Rasa starts
        launcher.build_telegram_bridge(settings)
