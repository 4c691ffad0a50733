"""The Telegram bridge's outbox rounds (bot/telegram/outbox.py): telegram: chats and the staff
chat get their messages once, even with two bridges; web senders are left for their next
message; the staff chat's messages wait while no staff chat is configured."""
from __future__ import annotations

import asyncio

from actions.booking.database import make_engine
from actions.booking.models import Base
from actions.booking.service import make_sessionmaker
from actions.staff import outbox
from actions.staff.models import STAFF_CHAT
from bot.telegram.buttons import ButtonStore
from bot.telegram.outbox import OutboxDelivery, chat_of


class FakeSender:
    def __init__(self):
        self.sent = []

    async def deliver(self, chat_id, planned):
        self.sent.extend((chat_id, item.text, item.keyboard is not None) for item in planned)


def sessions_with(tmp_path, *messages):
    engine = make_engine(f"sqlite:///{tmp_path / 'outbox.db'}")
    Base.metadata.create_all(engine)
    sessions = make_sessionmaker(engine)
    with sessions.begin() as db:
        for recipient, text, buttons in messages:
            outbox.queue(db, recipient, text, buttons)
    return sessions


def test_each_message_is_sent_once_even_by_two_bridges(tmp_path):
    sessions = sessions_with(
        tmp_path,
        ("telegram:42", "Votre demande a été traitée.", ()),
        ("telegram:43", "Atelier annulé.", (("Voir d'autres ateliers", "/book_workshop"),)),
        ("web:abc", "pour le web", ()),
        (STAFF_CHAT, "Nouvelle demande de contact n° 1", ()),
    )
    first, second = FakeSender(), FakeSender()
    one = OutboxDelivery(sessions, first, ButtonStore(), staff_chat_id=-100)
    two = OutboxDelivery(sessions, second, ButtonStore(), staff_chat_id=-100)
    assert asyncio.run(one.run_once()) == 3
    assert asyncio.run(two.run_once()) == 0
    assert first.sent == [(42, "Votre demande a été traitée.", False), (43, "Atelier annulé.", True),
                          (-100, "Nouvelle demande de contact n° 1", False)]
    with sessions() as db:
        assert [m.recipient for m in outbox.pending(db)] == ["web:abc"]


def test_the_staff_chat_waits_until_one_is_configured(tmp_path):
    sessions = sessions_with(tmp_path, (STAFF_CHAT, "Nouvelle demande", ()))
    sender = FakeSender()
    assert asyncio.run(OutboxDelivery(sessions, sender, ButtonStore()).run_once()) == 0
    with sessions() as db:
        assert len(outbox.pending(db, recipient=STAFF_CHAT)) == 1


def test_a_database_that_does_not_answer_costs_one_round(tmp_path):
    sessions = make_sessionmaker(make_engine(f"sqlite:///{tmp_path / 'empty.db'}"))  # no tables
    assert asyncio.run(OutboxDelivery(sessions, FakeSender(), ButtonStore(), staff_chat_id=1).run_once()) == 0


def test_recipients():
    assert chat_of("telegram:42") == 42 and chat_of("telegram:-100") == -100
    assert chat_of("web:42") is None and chat_of("telegram:abc") is None
