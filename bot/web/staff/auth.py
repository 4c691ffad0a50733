"""Who is signed in on the staff page: the session cookie, CSRF, sign-in limits, form bodies.

- The cookie holds a random session id; the database keeps its hash
  (``actions.staff.sign_in``) and is read at every request, so that an expired session or
  a removed member is signed out at once. ``HttpOnly``, ``SameSite=Strict``, ``Path=/staff``,
  ``Secure`` when the public address is https.
- Every POST form carries the session's CSRF token (a hidden field), compared with
  ``hmac.compare_digest``; every POST must also come from the server's own origin when the
  browser says where it comes from (``Origin``).
- Sign-in attempts are limited per e-mail address and per network address (token buckets,
  ``bot.telegram.rate_limit``), both keyed by a keyed hash: neither is kept in clear.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Dict, Optional
from urllib.parse import parse_qsl

from starlette.requests import ClientDisconnect, Request

from actions.staff.sign_in import SESSION_LIFETIME
from bot.telegram.rate_limit import ChatRateLimiter, Verdict
from bot.web.relay import address_key
from bot.web.settings import WebSettings, origin_of

COOKIE_NAME = "afpa_staff"
COOKIE_PATH = "/staff"
MAX_COOKIE_LENGTH = 200
# A session form is a few hundred bytes; a CSV import of a few hundred sessions fits.
MAX_FORM_BYTES = 512 * 1024
_EMAIL_KEY = secrets.token_bytes(32)


class FormTooLarge(Exception):
    pass


async def read_form(request: Request, max_bytes: int = MAX_FORM_BYTES) -> Dict[str, str]:
    """An ``application/x-www-form-urlencoded`` body (what the pages' forms send), read at most ``max_bytes``."""
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type != "application/x-www-form-urlencoded":
        return {}
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > max_bytes:
                raise FormTooLarge()
    except ClientDisconnect:
        return {}
    fields: Dict[str, str] = {}
    for key, value in parse_qsl(bytes(body).decode("utf-8", "replace"), keep_blank_values=True):
        fields.setdefault(key, value)
    return fields


def cookie_of(request: Request) -> Optional[str]:
    cookie = request.cookies.get(COOKIE_NAME)
    if not cookie or len(cookie) > MAX_COOKIE_LENGTH:
        return None
    return cookie


def set_session_cookie(response, cookie: str, settings: WebSettings) -> None:
    response.set_cookie(
        COOKIE_NAME, cookie, max_age=int(SESSION_LIFETIME.total_seconds()), path=COOKIE_PATH,
        httponly=True, samesite="strict", secure=settings.secure_cookies,
    )


def clear_session_cookie(response, settings: WebSettings) -> None:
    response.delete_cookie(COOKIE_NAME, path=COOKIE_PATH, httponly=True, samesite="strict",
                           secure=settings.secure_cookies)


def csrf_valid(sent: Optional[str], expected: str) -> bool:
    if not sent or not expected:
        return False
    return hmac.compare_digest(sent.encode("utf-8", "replace"), expected.encode("utf-8"))


def same_origin(request: Request, settings: WebSettings) -> bool:
    """No Origin (an older browser, a test client) or this server's own origin."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    if origin == "null":
        return False
    own = origin_of(f"{request.url.scheme}://{request.url.netloc}")
    return origin_of(origin) in (own, settings.public_origin)


class SignInLimits:
    """Attempts per e-mail address and per network address (four times as many)."""

    def __init__(self, settings: WebSettings) -> None:
        self.per_email = ChatRateLimiter(settings.staff_sign_in_attempts, settings.staff_sign_in_seconds)
        self.per_address = ChatRateLimiter(4 * settings.staff_sign_in_attempts, settings.staff_sign_in_seconds)

    def allow(self, request: Request, email: Optional[str] = None) -> bool:
        allowed = self.per_address.check(address_key(request)) is Verdict.ALLOWED
        if email is not None:
            key = hmac.new(_EMAIL_KEY, email.strip().lower().encode("utf-8"), hashlib.sha256).hexdigest()[:32]
            # Both buckets are charged, so that one e-mail tried from many addresses stays limited.
            allowed = (self.per_email.check(key) is Verdict.ALLOWED) and allowed
        return allowed
