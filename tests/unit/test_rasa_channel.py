"""The REST channel (bot/rasa_channel.py): what of a request reaches the conversation, and
the French 400 for what should not. (Over HTTP: tests/e2e/test_fuzz.py.)"""
import asyncio
from types import SimpleNamespace

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.rasa_channel import (
    MAX_MESSAGE_CHARACTERS, MESSAGE_NOT_TEXT, NOT_AN_OBJECT, SENDER_NOT_TEXT, TRUNCATED_NOTE, BadRequest,
    RestInputWithClaims, telling_when_cut,
)

channel = RestInputWithClaims()


def request(body):
    return SimpleNamespace(json=body)


def extracted(body):
    req = request(body)
    sender = asyncio.run(channel._extract_sender(req))
    return sender, channel._extract_message(req), channel._extract_input_channel(req), channel.get_metadata(req)


def test_only_the_staff_claim_of_the_metadata_reaches_the_conversation():
    assert extracted({"sender": "telegram:1", "message": "bonjour", "input_channel": "admin",
                      "metadata": {"staff_claim": "v1.a.b", "role": "admin", "telegram": {"user_id": 4}}}) == (
        "telegram:1", "bonjour", "rest", {"staff_claim": "v1.a.b"})
    assert extracted({"sender": "s", "message": "bonjour", "metadata": {"role": "admin"}})[3] is None
    assert extracted({"message": "bonjour", "metadata": ["staff_claim"]})[::3] == (None, None)


def test_an_overlong_message_is_cut_and_the_person_told_before_the_answer():
    _, text, _, metadata = extracted({"sender": "s", "message": "é" * 100_000})
    assert text == "é" * MAX_MESSAGE_CHARACTERS and metadata == {"message_truncated": True}

    async def answer(message):
        await message.output_channel.send_text_message(message.sender_id, "réponse")

    collector = CollectingOutputChannel()
    asyncio.run(telling_when_cut(answer)(UserMessage(text, collector, "s", metadata=metadata)))
    assert [reply["text"] for reply in collector.messages] == [TRUNCATED_NOTE, "réponse"]


def test_characters_no_database_stores_become_spaces():
    assert extracted({"sender": "s", "message": "a\x00b\ud800c\x07d\ne\tf\x85g"})[1] == "a b c d\ne\tf g"


@pytest.mark.parametrize("body, message", [
    ([], NOT_AN_OBJECT), (None, NOT_AN_OBJECT), ("bonjour", NOT_AN_OBJECT),
    ({"sender": "s"}, MESSAGE_NOT_TEXT), ({"sender": "s", "message": 17}, MESSAGE_NOT_TEXT),
    ({"sender": "s", "message": ["a"]}, MESSAGE_NOT_TEXT), ({"sender": "s", "message": None}, MESSAGE_NOT_TEXT),
    ({"sender": 17, "message": "a"}, SENDER_NOT_TEXT), ({"sender": "", "message": "a"}, SENDER_NOT_TEXT),
    ({"sender": "a\x00", "message": "a"}, SENDER_NOT_TEXT), ({"sender": "x" * 200, "message": "a"}, SENDER_NOT_TEXT),
    ({"sender": "a\ud800", "message": "a"}, SENDER_NOT_TEXT), ({"sender": ["s"], "message": "a"}, SENDER_NOT_TEXT),
])
def test_odd_requests_get_a_french_400(body, message):
    with pytest.raises(BadRequest, match=message) as refused:
        extracted(body)
    assert refused.value.status_code == 400
