"""The REST channel the bridges talk to, with the one piece of metadata the actions use,
and the messages that waited for the person.

Rasa's own REST channel hands a request's whole ``metadata`` to the conversation (and
its store). This one keeps only the staff identity claim (``actions.staff.claims``):
the claim is signed by a bridge, so whoever else posts here gains nothing by adding
one, and nothing else a request carries (a Telegram user id, a made-up role) reaches
the actions or the conversation store. Same name, same route
(``/webhooks/rest/webhook``), configured in credentials.yml.

Before a message is handled, the messages waiting for its sender in the outbox
(``actions.staff.outbox``: a request to be contacted handled by a centre, a session
cancelled…) are taken and answered first, text and buttons, in the same response. Telegram
chats are left to the Telegram bridge, which pushes them (bot/telegram/outbox.py). The
database work runs in a thread, never on Sanic's loop; a failure is logged (its type only)
and the message is handled as usual.
"""
from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.request import Request

from actions.staff.claims import CLAIM_METADATA_KEY

logger = logging.getLogger(__name__)

# Pushed by the Telegram bridge, not shown at the next message.
PUSHED_PREFIXES = ("telegram:",)
_sessions = None
_sessions_lock = threading.Lock()


def _sessionmaker():
    global _sessions
    with _sessions_lock:
        if _sessions is None:
            from actions.booking.database import make_engine
            from actions.booking.service import make_sessionmaker

            _sessions = make_sessionmaker(make_engine())  # DATABASE_URL, default var/afpa.db
        return _sessions


def take_pending(sender_id: str) -> List[Any]:
    """The sender's waiting messages, marked delivered (blocking: call it in a thread)."""
    from actions.staff import outbox

    with _sessionmaker().begin() as db:
        return outbox.take_pending(db, sender_id)


async def send_pending(sender_id: Optional[str], output: OutputChannel,
                       take: Callable[[str], List[Any]] = take_pending) -> int:
    """Sends the waiting messages of ``sender_id`` through ``output``; never raises."""
    if not sender_id or sender_id.startswith(PUSHED_PREFIXES):
        return 0
    try:
        messages = await asyncio.to_thread(take, sender_id)
    except Exception as error:
        logger.warning("waiting messages not read (%s)", type(error).__name__)
        return 0
    for message in messages:
        try:
            buttons = [{"title": title, "payload": payload} for title, payload in message.buttons]
            if buttons:
                await output.send_text_with_buttons(sender_id, message.text, buttons)
            else:
                await output.send_text_message(sender_id, message.text)
        except Exception as error:
            logger.warning("waiting message not sent (%s)", type(error).__name__)
    return len(messages)


class RestInputWithClaims(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        try:
            body = request.json
        except Exception:  # not JSON: Rasa's own handler answers that
            return None
        metadata = body.get("metadata") if isinstance(body, dict) else None
        if not isinstance(metadata, dict) or CLAIM_METADATA_KEY not in metadata:
            return None
        return {CLAIM_METADATA_KEY: metadata[CLAIM_METADATA_KEY]}

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        async def after_waiting_messages(message: UserMessage) -> None:
            await send_pending(message.sender_id, message.output_channel)
            await on_new_message(message)

        return super().blueprint(after_waiting_messages)
