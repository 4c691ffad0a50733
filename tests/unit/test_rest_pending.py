"""The REST channel shows the messages that waited for a person before answering their new
message (bot/rasa_channel.py); Telegram's are left to the bridge; a failure changes nothing."""
from __future__ import annotations

import asyncio

from rasa.core.channels.channel import CollectingOutputChannel

from actions.staff.outbox import PendingMessage
from bot.rasa_channel import send_pending


def run(sender, take):
    output = CollectingOutputChannel()
    count = asyncio.run(send_pending(sender, output, take=take))
    return count, output.messages


def test_waiting_messages_come_first_with_their_buttons():
    waiting = [PendingMessage(1, "web:abc", "Votre demande a été traitée."),
               PendingMessage(2, "web:abc", "Un atelier est annulé.", (("Voir d'autres ateliers", "/book_workshop"),))]
    count, messages = run("web:abc", lambda sender: waiting)
    assert count == 2
    assert messages[0] == {"recipient_id": "web:abc", "text": "Votre demande a été traitée."}
    assert messages[1]["buttons"] == [{"title": "Voir d'autres ateliers", "payload": "/book_workshop"}]


def test_telegram_chats_are_left_to_the_bridge():
    def never(sender):
        raise AssertionError("not asked")

    assert run("telegram:42", never) == (0, [])


def test_a_database_failure_is_ignored():
    def broken(sender):
        raise RuntimeError("database down")

    assert run("rest:x", broken) == (0, [])
