"""The outbox's Telegram side: messages for people who are not writing right now.

A centre handles a request to be contacted, cancels a session…: the message waits in the
``notifications`` table (``actions.staff.outbox``). Every ``TELEGRAM_OUTBOX_SECONDS``
(default 10) the bridge sends the pending ones of ``telegram:<chat id>`` recipients to
their chat, and those of the staff chat (``STAFF_CHAT``) to ``STAFF_TELEGRAM_CHAT_ID``
when it is set. Each message is marked delivered *before* it is sent, in its own
transaction: when two bridges run, only the one whose mark took sends it (at most once;
a message whose sending fails is logged, without its text, and not retried).

The database is ``DATABASE_URL`` (default var/afpa.db), as for the other processes; the
bridge never migrates it. While it does not answer, the round is skipped (logged once)
and the next one tries again.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from typing import List, Mapping, Optional

from sqlalchemy.orm import sessionmaker

from actions.staff import outbox
from actions.staff.models import STAFF_CHAT
from bot.telegram.buttons import ButtonStore
from bot.telegram.delivery import Sender
from bot.telegram.privacy import chat_ref
from bot.telegram.rendering import plan_replies

logger = logging.getLogger(__name__)

TELEGRAM_PREFIX = "telegram:"
DEFAULT_INTERVAL_SECONDS = 10.0
BATCH = 50


def interval_seconds(environ: Mapping[str, str] = os.environ) -> float:
    from bot.settings import read_number

    return read_number(environ, "TELEGRAM_OUTBOX_SECONDS", DEFAULT_INTERVAL_SECONDS, minimum=0.2, maximum=3600)


def staff_chat(environ: Mapping[str, str] = os.environ) -> Optional[int]:
    from actions.staff.handoff import staff_chat_id

    value = staff_chat_id(environ)
    return int(value) if value is not None else None


def chat_of(recipient: str) -> Optional[int]:
    """The chat id of a ``telegram:<chat id>`` recipient (None: not a Telegram chat)."""
    if not recipient.startswith(TELEGRAM_PREFIX):
        return None
    value = recipient[len(TELEGRAM_PREFIX):]
    return int(value) if value.lstrip("-").isdigit() else None


def make_sessions(database_url: Optional[str] = None) -> sessionmaker:
    from actions.booking.database import make_engine
    from actions.booking.service import make_sessionmaker

    return make_sessionmaker(make_engine(database_url))


class OutboxDelivery:
    """Sends the pending messages of Telegram recipients (and of the staff chat), round after round."""

    def __init__(
        self,
        sessions: sessionmaker,
        sender: Sender,
        buttons: ButtonStore,
        *,
        staff_chat_id: Optional[int] = None,
        interval: float = DEFAULT_INTERVAL_SECONDS,
    ) -> None:
        self.sessions = sessions
        self.sender = sender
        self.buttons = buttons
        self.staff_chat_id = staff_chat_id
        self.interval = interval
        self._task: Optional[asyncio.Task] = None
        self._failing = False

    # -- database work, in a thread: the event loop keeps serving the chats -------------------

    def _pending(self) -> List[outbox.PendingMessage]:
        with self.sessions() as db:
            found = outbox.pending(db, recipient_prefix=TELEGRAM_PREFIX, limit=BATCH)
            if self.staff_chat_id is not None:
                found += outbox.pending(db, recipient=STAFF_CHAT, limit=BATCH)
        return found

    def _claim(self, message_id: int) -> bool:
        """Marks one message delivered; True when this call did (then it is ours to send)."""
        with self.sessions.begin() as db:
            return outbox.mark_delivered(db, [message_id]) == 1

    # -- a round --------------------------------------------------------------------------------

    def _chat_for(self, message: outbox.PendingMessage) -> Optional[int]:
        if message.recipient == STAFF_CHAT:
            return self.staff_chat_id
        return chat_of(message.recipient)

    async def run_once(self) -> int:
        """Sends what is pending; returns how many messages this bridge sent."""
        try:
            messages = await asyncio.to_thread(self._pending)
        except Exception as error:
            if not self._failing:
                logger.warning("Messages en attente non lus (%s) ; nouvel essai au prochain tour", type(error).__name__)
            self._failing = True
            return 0
        self._failing = False
        sent = 0
        for message in messages:
            chat_id = self._chat_for(message)
            if chat_id is None:
                continue
            try:
                if not await asyncio.to_thread(self._claim, message.id):
                    continue  # another bridge took it
            except Exception as error:
                logger.warning("Message en attente non marqué (%s)", type(error).__name__)
                return sent
            reply = {"text": message.text, "buttons": [{"title": t, "payload": p} for t, p in message.buttons]}
            planned = plan_replies([reply], lambda: self.buttons.new_keyboard(chat_id))
            try:
                await self.sender.deliver(chat_id, planned)
            except Exception as error:  # never stops the rounds
                logger.warning("Message en attente non envoyé à %s (%s)", chat_ref(chat_id), type(error).__name__)
                continue
            sent += 1
        if sent:
            logger.info("Messages en attente envoyés : %s", sent)
        return sent

    async def _loop(self) -> None:
        while True:
            await self.run_once()
            await asyncio.sleep(self.interval)

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name="telegram-outbox")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def delivery_for(sender: Sender, buttons: ButtonStore, environ: Mapping[str, str] = os.environ) -> OutboxDelivery:
    """The bridge's outbox delivery, from the environment (``DATABASE_URL``,
    ``STAFF_TELEGRAM_CHAT_ID``, ``TELEGRAM_OUTBOX_SECONDS``)."""
    return OutboxDelivery(
        make_sessions(environ.get("DATABASE_URL") or None), sender, buttons,
        staff_chat_id=staff_chat(environ), interval=interval_seconds(environ),
    )
