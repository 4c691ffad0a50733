"""Who is talking: the conversation tokens the server issues, and its signed buttons.

The server chooses every conversation id (a random UUID) and hands the browser
a token: the id signed with the server's secret (HMAC-SHA256, itsdangerous)
with the time it was issued. The widget keeps the token in the page's
``sessionStorage`` and sends it in the ``Authorization`` header; no cookie, so
that it works on partner sites whose browsers block third-party cookies.
A browser cannot choose or guess another person's conversation: a token that
was not signed by this server, or was changed, or is too old, is refused.

The assistant's buttons are signed too, bound to the conversation: the widget
sends back the signed button, never a payload of its own, so that nobody can
type an intent (``/inform{…}``) into the relay.

The secret comes from ``WEB_SECRET_FILE`` (``var/web-secret`` by default),
created at first start with random bytes and readable by its owner only. All
the web servers of one deployment must share the file; replacing it ends every
conversation in progress (the widgets start new ones, and say so).
"""
from __future__ import annotations

import enum
import logging
import os
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

from itsdangerous import BadData, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

logger = logging.getLogger(__name__)

SECRET_BYTES = 32
# Tokens are ~100 characters, a signed button a few hundred: anything far longer
# is not ours and is refused before any work.
MAX_TOKEN_LENGTH = 512
MAX_SIGNED_BUTTON_LENGTH = 4096


def load_or_create_secret(path: Path) -> bytes:
    """The server's secret: read from ``path``, or created there (mode 0600) at first start."""
    try:
        secret = path.read_bytes().strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_hex(SECRET_BYTES).encode("ascii")
        try:
            # O_EXCL: if two servers start at once, one creates the file, the other reads it.
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return load_or_create_secret(path)
        with os.fdopen(descriptor, "wb") as file:
            file.write(secret + b"\n")
        logger.info("Secret du serveur web créé : %s", path)
        return secret
    if len(secret) < SECRET_BYTES:
        raise SystemExit(f"{path} : le secret est trop court (au moins {SECRET_BYTES} caractères).")
    if path.stat().st_mode & 0o077:
        logger.warning("%s est lisible par d'autres comptes : chmod 600 %s", path, path)
    return secret


class TokenProblem(enum.Enum):
    MISSING = "missing"
    INVALID = "invalid"  # forged, changed, or not a token at all
    EXPIRED = "expired"


@dataclass(frozen=True)
class Conversation:
    id: str  # 32 hexadecimal characters, chosen by the server

    @property
    def sender_id(self) -> str:
        """The Rasa sender id, scoped by channel (CONTRACT.md)."""
        return f"web:{self.id}"


class Identity:
    def __init__(self, secret: bytes, *, max_age_seconds: float) -> None:
        self._tokens = URLSafeTimedSerializer(secret, salt="afpa-web-conversation")
        self._buttons = URLSafeSerializer(secret, salt="afpa-web-button")
        self._max_age_seconds = max_age_seconds

    @property
    def max_age_seconds(self) -> float:
        return self._max_age_seconds

    def new_conversation(self) -> "tuple[Conversation, str]":
        """A new conversation and its token."""
        conversation = Conversation(uuid.uuid4().hex)
        return conversation, self._tokens.dumps({"c": conversation.id})

    def conversation_of(self, token: Optional[str]) -> Union[Conversation, TokenProblem]:
        if not token:
            return TokenProblem.MISSING
        if len(token) > MAX_TOKEN_LENGTH:
            return TokenProblem.INVALID
        try:
            data = self._tokens.loads(token, max_age=self._max_age_seconds)
        except SignatureExpired:
            return TokenProblem.EXPIRED
        except BadData:
            return TokenProblem.INVALID
        conversation_id = data.get("c") if isinstance(data, dict) else None
        if not isinstance(conversation_id, str) or len(conversation_id) != 32:
            return TokenProblem.INVALID
        return Conversation(conversation_id)

    def sign_button(self, conversation: Conversation, payload: str) -> str:
        return self._buttons.dumps({"c": conversation.id, "p": payload})

    def button_payload(self, conversation: Conversation, signed: str) -> Optional[str]:
        """The payload of a button this server gave this conversation; None otherwise."""
        if len(signed) > MAX_SIGNED_BUTTON_LENGTH:
            return None
        try:
            data = self._buttons.loads(signed)
        except BadData:
            return None
        if not isinstance(data, dict) or data.get("c") != conversation.id or not isinstance(data.get("p"), str):
            return None
        return data["p"]
