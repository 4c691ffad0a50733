"""The staff identity claim: what a bridge vouches for, signed so that nobody else can.

Only the bridges know who is writing: the Telegram bridge reads the user id from the
update Telegram sent (``telegram:<user id>``), the web server from its signed-in staff
session (``staff:<staff id>``). The bridge signs that subject, bound to the
conversation's sender id and to a short expiry, with a secret of the server (HMAC-SHA256)
and puts it in the message's metadata under ``CLAIM_METADATA_KEY``. The actions check it
(``verification.verified_staff``): metadata a client adds itself, a claim copied into
another conversation, a stale or altered claim, all vouch for nobody.

The secret is ``STAFF_CLAIM_SECRET`` (production: from the deployment's secrets), else
the file ``STAFF_CLAIM_SECRET_FILE`` (default ``var/staff-claim.key``), created at
first use with a random secret and readable by its owner only. Every process of one
deployment must see the same secret.

Format: ``v1.<base64url JSON {"sub", "snd", "exp"}>.<base64url HMAC>``.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

CLAIM_METADATA_KEY = "staff_claim"
CLAIM_LIFETIME_SECONDS = 300
VERSION = "v1"
SECRET_BYTES = 32
REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SECRET_FILE = REPOSITORY_ROOT / "var" / "staff-claim.key"
TELEGRAM_SUBJECT, STAFF_SUBJECT = "telegram", "staff"


class ClaimRejected(Exception):
    """A claim that vouches for nobody; ``reason`` is safe to log (no personal data)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Subject:
    """Who a bridge vouches for: ``kind`` "telegram" (a Telegram user id) or "staff" (a staff id)."""

    kind: str
    value: int

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"

    @classmethod
    def parse(cls, raw: str) -> "Subject":
        kind, _, value = str(raw).partition(":")
        if kind not in (TELEGRAM_SUBJECT, STAFF_SUBJECT) or not value.isdigit():
            raise ClaimRejected("malformed subject")
        return cls(kind, int(value))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret: bytes, payload: str) -> str:
    return _b64(hmac.new(secret, f"{VERSION}.{payload}".encode("ascii"), hashlib.sha256).digest())


def sign_claim(
    subject: Subject, sender_id: str, secret: bytes, *, now: Optional[float] = None,
    lifetime: float = CLAIM_LIFETIME_SECONDS,
) -> str:
    """A claim that ``subject`` writes in the conversation ``sender_id``, valid ``lifetime`` seconds."""
    issued = time.time() if now is None else now
    body = {"sub": str(subject), "snd": sender_id, "exp": int(issued + lifetime)}
    payload = _b64(json.dumps(body, separators=(",", ":"), sort_keys=True).encode("utf-8"))
    return f"{VERSION}.{payload}.{_signature(secret, payload)}"


def verify_claim(token: object, sender_id: str, secret: bytes, *, now: Optional[float] = None) -> Subject:
    """The subject ``token`` vouches for in the conversation ``sender_id``; raises
    ``ClaimRejected`` for anything else (not a string, altered, expired, another conversation)."""
    if not isinstance(token, str) or len(token) > 1000:
        raise ClaimRejected("not a claim")
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != VERSION:
        raise ClaimRejected("malformed")
    _, payload, signature = parts
    if not hmac.compare_digest(signature, _signature(secret, payload)):
        raise ClaimRejected("bad signature")
    try:
        body = json.loads(_unb64(payload))
        subject, claimed_sender, expiry = body["sub"], body["snd"], int(body["exp"])
    except (ValueError, KeyError, TypeError):
        raise ClaimRejected("malformed") from None
    if (time.time() if now is None else now) > expiry:
        raise ClaimRejected("expired")
    if claimed_sender != sender_id:
        raise ClaimRejected("another conversation")
    return Subject.parse(subject)


def claim_secret(environ: Mapping[str, str] = os.environ) -> bytes:
    """The deployment's secret (see the module docstring); creates the file at first use."""
    configured = environ.get("STAFF_CLAIM_SECRET", "").strip()
    if configured:
        if len(configured) < 32:
            raise SystemExit("STAFF_CLAIM_SECRET doit compter au moins 32 caractères")
        return configured.encode("utf-8")
    path = Path(environ.get("STAFF_CLAIM_SECRET_FILE") or DEFAULT_SECRET_FILE)
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process of the deployment made it first
        return _read_secret(path)
    with os.fdopen(descriptor, "w") as file:
        file.write(secrets.token_urlsafe(SECRET_BYTES))
    return _read_secret(path)


def deployment_secret() -> bytes:
    """``claim_secret`` of this process's environment, read once per setting: the bridges sign
    every message and the file does not change while the deployment runs."""
    return _secret_for(os.environ.get("STAFF_CLAIM_SECRET", ""), os.environ.get("STAFF_CLAIM_SECRET_FILE", ""))


@functools.lru_cache(maxsize=4)
def _secret_for(configured: str, secret_file: str) -> bytes:
    return claim_secret({"STAFF_CLAIM_SECRET": configured, "STAFF_CLAIM_SECRET_FILE": secret_file})


def _read_secret(path: Path) -> bytes:
    for _ in range(50):  # the creating process may not have written it yet
        secret = path.read_text(encoding="utf-8").strip()
        if secret:
            return secret.encode("utf-8")
        time.sleep(0.01)
    raise SystemExit(f"{path} est vide : supprimez-le pour qu'un nouveau secret soit créé")
