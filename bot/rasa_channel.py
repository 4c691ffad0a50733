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
"""
from __future__ import annotations

import re
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.exceptions import InvalidUsage as BadRequest  # a 400 (Sanic 21.12)
from sanic.request import Request

from actions.booking.models import SENDER_ID_MAX
from actions.staff.claims import CLAIM_METADATA_KEY

# The bridges refuse longer texts already (the web widget: 1,000 characters; Telegram:
# 4,096); this bounds what anyone on the loopback can make the NLU read.
MAX_MESSAGE_CHARACTERS = 2000
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
        return super().blueprint(telling_when_cut(on_new_message))


def telling_when_cut(on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Callable[[UserMessage], Awaitable[None]]:
    """Rasa's message handler, with the note about a cut message sent before the answer."""

    async def handle(message: UserMessage) -> None:
        if message.metadata and message.metadata.get(TRUNCATED_KEY):
            await message.output_channel.send_text_message(message.sender_id, TRUNCATED_NOTE)
        await on_new_message(message)

    return handle
