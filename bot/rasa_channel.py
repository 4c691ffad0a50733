"""The REST channel the bridges talk to: Rasa's own, with what reaches the conversation
checked and trimmed. Same name, same route (``/webhooks/rest/webhook``), configured in
credentials.yml.

- **Metadata**: Rasa's REST channel hands a request's whole ``metadata`` to the
  conversation (and its store). This one keeps only the staff identity claim
  (``actions.staff.claims``): the claim is signed by a bridge, so whoever else posts here
  gains nothing by adding one, and nothing else a request carries (a Telegram user id, a
  made-up role) reaches the actions or the conversation store.
- **Odd requests** get a 400 with a French sentence instead of an error deep inside Rasa:
  a body that is not a JSON object, a ``message`` that is not a text, a ``sender`` that
  is not a short printable text. ``input_channel`` is always "rest": a client does not
  choose it.
- **Odd text** is made safe to store: characters no database takes (NUL, lone
  surrogates) and other control characters become spaces.
- **Overlong messages** are cut to ``MAX_MESSAGE_CHARACTERS`` and the person is told,
  before the answer, that only the beginning was read.
- **Messages that waited for the person** (``actions.staff.outbox``: a request to be
  contacted handled by a centre, a session cancelled…) are taken and sent first, text and
  buttons, before the answer to their new message. Telegram chats are left to the
  Telegram bridge, which pushes them (bot/telegram/outbox.py). The database work runs in a
  thread, never on Sanic's loop; a failure is logged (its type only) and the message is
  handled as usual.
"""
from __future__ import annotations

import asyncio
import logging
import re
import threading
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.exceptions import InvalidUsage as BadRequest  # a 400 (Sanic 21.12)
from sanic.request import Request

from actions.booking.models import SENDER_ID_MAX
from actions.staff.claims import CLAIM_METADATA_KEY

logger = logging.getLogger(__name__)

# As long as the web widget takes (Telegram allows 4,096): what the NLU reads of one
# message, so that a pasted page costs what a long question costs.
MAX_MESSAGE_CHARACTERS = 1000
TRUNCATED_KEY = "message_truncated"
TRUNCATED_NOTE = "Votre message est très long : je n'en ai lu que le début."
NOT_AN_OBJECT = "Le corps de la requête doit être un objet JSON."
MESSAGE_NOT_TEXT = "Le champ « message » doit être un texte."
SENDER_NOT_TEXT = f"Le champ « sender » doit être un texte imprimable de 1 à {SENDER_ID_MAX} caractères."
# C0 and C1 controls but tab and newline, and what UTF-8 cannot carry (lone surrogates).
UNSAFE_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def safe_text(text: str) -> str:
    return UNSAFE_CHARACTERS.sub(" ", text)


def _body(request: Request) -> Dict[str, Any]:
    body = request.json  # not JSON at all: Sanic answers 400 itself
    if not isinstance(body, dict):
        raise BadRequest(NOT_AN_OBJECT)
    return body


class RestInputWithClaims(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        sender = _body(req).get("sender")
        if sender is None:
            return None  # Rasa draws one
        if (not isinstance(sender, str) or not sender.strip() or len(sender) > SENDER_ID_MAX
                or UNSAFE_CHARACTERS.search(sender) or "\n" in sender or "\t" in sender):
            raise BadRequest(SENDER_NOT_TEXT)
        return sender

    def _extract_message(self, req: Request) -> Optional[Text]:
        message = _body(req).get("message")
        if not isinstance(message, str):
            raise BadRequest(MESSAGE_NOT_TEXT)
        return safe_text(message[:MAX_MESSAGE_CHARACTERS])

    def _extract_input_channel(self, req: Request) -> Text:
        return self.name()

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        body = _body(request)
        kept: Dict[Text, Any] = {}
        metadata = body.get("metadata")
        if isinstance(metadata, dict) and CLAIM_METADATA_KEY in metadata:
            kept[CLAIM_METADATA_KEY] = metadata[CLAIM_METADATA_KEY]
        message = body.get("message")
        if isinstance(message, str) and len(message) > MAX_MESSAGE_CHARACTERS:
            kept[TRUNCATED_KEY] = True
        return kept or None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(after_waiting_messages(telling_when_cut(on_new_message)))


def telling_when_cut(on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Callable[[UserMessage], Awaitable[None]]:
    """Rasa's message handler, with the note about a cut message sent before the answer."""

    async def handle(message: UserMessage) -> None:
        if message.metadata and message.metadata.get(TRUNCATED_KEY):
            await message.output_channel.send_text_message(message.sender_id, TRUNCATED_NOTE)
        await on_new_message(message)

    return handle


# -- messages that waited for the person (the outbox) ---------------------------------------------

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


def after_waiting_messages(on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Callable[[UserMessage], Awaitable[None]]:
    """Rasa's message handler, with the messages that waited for the sender sent first."""

    async def handle(message: UserMessage) -> None:
        await send_pending(message.sender_id, message.output_channel)
        await on_new_message(message)

    return handle
