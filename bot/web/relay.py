"""The JSON relay between the widget and the Rasa REST channel (which stays on the loopback).

``POST /api/conversations`` → ``201 {"token", "expires_in"}``: a new conversation.
``POST /api/messages`` with ``Authorization: Bearer <token>`` and ``{"text": …}`` or
``{"button": <a signed button>}`` → ``200 {"messages": [...]}`` (rendering.py).

Whatever the browser sends, the sender id is ``web:<id>`` from the verified
token and the metadata is the server's own: any ``sender`` or ``metadata`` in
the body is ignored. The staff page's own route (``/staff/api/messages``, bot/web/staff/)
adds the signed-in member's signed claim (``relay_message(..., staff_claim=…)``); nothing
else can. A typed text starting with ``/`` loses its slashes, so that
nobody types an intent (``/inform{…}``); buttons come back signed.

Every refusal is a 4xx with ``{"error": <code>, "message": <French sentence>}``;
the assistant down or slow is a 503 with the apology and how to reach a person.
Nothing the user wrote is logged.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets
from typing import Any, Callable, Dict, Mapping, Optional, Union

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse

from actions.staff.claims import CLAIM_METADATA_KEY
from bot.telegram.rasa_client import AssistantUnavailable, RasaClient
from bot.telegram.rate_limit import ChatRateLimiter, Verdict
from bot.web import messages
from bot.web.identity import Conversation, Identity, TokenProblem
from bot.web.rendering import render_replies
from bot.web.settings import WebSettings, origin_of

logger = logging.getLogger(__name__)

# Longest text forwarded to the assistant (the widget says so before sending).
MAX_MESSAGE_CHARACTERS = 1000
# A message is at most 1,000 characters, which JSON may escape to 6 bytes each,
# plus a signed button: far below this.
MAX_BODY_BYTES = 16 * 1024
# Control characters other than tab and new line, and lone surrogates (invalid
# Unicode that JSON escapes can carry), are dropped from texts.
UNWANTED_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
WEB_METADATA = {"channel": "web"}
RETRY_AFTER_SECONDS = "30"
# The per-address limiter keys its counters by a keyed hash of the address, never
# the address itself; the key is random per process (privacy notice: nothing kept).
_ADDRESS_KEY = secrets.token_bytes(32)


def address_key(request: Request) -> str:
    address = request.client.host if request.client else "?"
    return hmac.new(_ADDRESS_KEY, address.encode("utf-8", "replace"), hashlib.sha256).hexdigest()[:32]


def error(status: int, code: str, message: str, headers: Optional[Dict[str, str]] = None) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status, headers=headers)


class BadBody(Exception):
    def __init__(self, response: JSONResponse) -> None:
        super().__init__(response.status_code)
        self.response = response


async def read_json_object(request: Request, max_bytes: int = MAX_BODY_BYTES) -> Dict[str, Any]:
    """The request's JSON object, read at most ``max_bytes`` far; raises BadBody with the 4xx to answer."""
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        raise BadBody(error(415, "not_json", messages.NOT_JSON))
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise BadBody(error(413, "body_too_large", messages.BODY_TOO_LARGE))
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > max_bytes:
                raise BadBody(error(413, "body_too_large", messages.BODY_TOO_LARGE))
    except ClientDisconnect:
        raise BadBody(error(400, "bad_request", messages.BAD_REQUEST)) from None
    try:
        data = json.loads(bytes(body).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadBody(error(400, "not_json", messages.NOT_JSON)) from None
    if not isinstance(data, dict):
        raise BadBody(error(400, "bad_request", messages.BAD_REQUEST))
    return data


def clean_text(text: str) -> str:
    """What is forwarded of a typed text: no control characters, no leading slashes (no typed intents)."""
    return UNWANTED_CHARACTERS.sub("", text).strip().lstrip("/").strip()


def bearer_token(request: Request) -> Optional[str]:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def origin_allowed(request: Request, settings: WebSettings) -> bool:
    """No Origin (not a browser, or a same-origin GET), the server's own origin, or one of the allow-list."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    if origin == "null":  # sandboxed frames, file:// pages
        return False
    normalised = origin_of(origin)
    own = origin_of(f"{request.url.scheme}://{request.url.netloc}")
    return normalised == own or normalised in settings.cors_origins


_TOKEN_ANSWERS = {
    TokenProblem.MISSING: ("token_missing", messages.TOKEN_MISSING),
    TokenProblem.INVALID: ("token_invalid", messages.TOKEN_INVALID),
    TokenProblem.EXPIRED: ("token_expired", messages.TOKEN_EXPIRED),
}


class Relay:
    def __init__(
        self,
        settings: WebSettings,
        identity: Identity,
        rasa: RasaClient,
        *,
        conversation_limiter: ChatRateLimiter,
        address_limiter: ChatRateLimiter,
    ) -> None:
        self.settings = settings
        self.identity = identity
        self.rasa = rasa
        self.conversation_limiter = conversation_limiter
        self.address_limiter = address_limiter

    def _refusal(self, request: Request) -> Optional[JSONResponse]:
        """The answer to a request refused before reading it: too many from its address, or a foreign site."""
        if self.address_limiter.check(address_key(request)) is not Verdict.ALLOWED:
            return error(429, "rate_limited", messages.ADDRESS_RATE_LIMITED, {"Retry-After": "60"})
        if not origin_allowed(request, self.settings):
            # The origin is a site's address, not personal data: logged to help set WEB_ALLOWED_ORIGINS.
            logger.warning("Origine refusée : %s", request.headers.get("origin", "")[:200])
            return error(403, "origin_not_allowed", messages.ORIGIN_NOT_ALLOWED)
        return None

    async def start_conversation(self, request: Request) -> JSONResponse:
        refusal = self._refusal(request)
        if refusal is not None:
            return refusal
        _, token = self.identity.new_conversation()
        return JSONResponse(
            {"token": token, "expires_in": int(self.identity.max_age_seconds)},
            status_code=201,
            headers={"Cache-Control": "no-store"},
        )

    async def message(self, request: Request) -> JSONResponse:
        """The public relay: the metadata is always WEB_METADATA, whatever the request carries."""
        return await self.relay_message(request)

    async def relay_message(
        self, request: Request, *, staff_claim: Optional[Callable[[str], str]] = None
    ) -> JSONResponse:
        """Relays one message. ``staff_claim(sender_id)``: given only by the staff page's route
        (bot/web/staff/), once it has checked the signed-in session; it returns the signed
        ``staff:<id>`` claim added to the metadata. Nothing in the request body can add one."""
        refusal = self._refusal(request)
        if refusal is not None:
            return refusal
        conversation = self.identity.conversation_of(bearer_token(request))
        if isinstance(conversation, TokenProblem):
            code, sentence = _TOKEN_ANSWERS[conversation]
            return error(401, code, sentence)
        try:
            body = await read_json_object(request)
        except BadBody as bad:
            return bad.response
        message = self._message_to_forward(body, conversation)
        if isinstance(message, JSONResponse):
            return message
        if self.conversation_limiter.check(conversation.id) is not Verdict.ALLOWED:
            return error(429, "rate_limited", messages.RATE_LIMITED, {"Retry-After": "10"})
        try:
            metadata = dict(WEB_METADATA)
            if staff_claim is not None:
                metadata[CLAIM_METADATA_KEY] = staff_claim(conversation.sender_id)
            replies = await self.rasa.send(conversation.sender_id, message, metadata)
        except AssistantUnavailable as unavailable:
            logger.warning("Assistant indisponible : %s", unavailable.reason)
            return error(503, "assistant_unavailable", messages.ASSISTANT_UNAVAILABLE, {"Retry-After": RETRY_AFTER_SECONDS})
        rendered = render_replies(replies, conversation, self.identity)
        if not rendered:
            # Rasa answers 200 with nothing when an action failed (action server down…).
            logger.warning("Réponse vide de l'assistant")
            rendered = [{"type": "text", "text": messages.TECHNICAL_PROBLEM}]
        return JSONResponse({"messages": rendered}, headers={"Cache-Control": "no-store"})

    def _message_to_forward(self, body: Mapping[str, Any], conversation: Conversation) -> Union[str, JSONResponse]:
        text, button = body.get("text"), body.get("button")
        if (text is None) == (button is None):
            return error(400, "bad_request", messages.BAD_REQUEST)
        if button is not None:
            payload = self.identity.button_payload(conversation, button) if isinstance(button, str) else None
            if payload is None:
                return error(400, "button_unknown", messages.BUTTON_UNKNOWN)
            return payload
        if not isinstance(text, str):
            return error(400, "bad_request", messages.BAD_REQUEST)
        if len(text) > MAX_MESSAGE_CHARACTERS:
            return error(
                413, "message_too_long", messages.MESSAGE_TOO_LONG.format(limit=f"{MAX_MESSAGE_CHARACTERS:,}".replace(",", "\u202f"))
            )
        cleaned = clean_text(text)
        if not cleaned:
            return error(400, "message_empty", messages.MESSAGE_EMPTY)
        return cleaned
