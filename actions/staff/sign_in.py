"""Signing staff in to the staff page: one-time links, passwords, sessions.

Only hashes are stored: SHA-256 of the random link tokens and session cookies (they
are long random strings: a fast hash is enough), argon2 of the passwords (people
choose them: a slow hash). Every function takes an open SQLAlchemy session.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from actions.booking.clock import utc_now
from actions.staff.directory import StaffError, StaffIdentity, member
from actions.staff.models import StaffMember, StaffSignInToken, StaffWebSession

SIGN_IN_LINK_LIFETIME = dt.timedelta(minutes=30)
SESSION_LIFETIME = dt.timedelta(hours=8)
MIN_PASSWORD_LENGTH = 12
_hasher = PasswordHasher()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_sign_in_token(db: Session, staff_id: int, *, now: Optional[dt.datetime] = None) -> str:
    """A one-time token for the sign-in link of ``staff_id`` (valid ``SIGN_IN_LINK_LIFETIME``)."""
    if db.get(StaffMember, staff_id) is None:
        raise StaffError(f"aucun membre n'a le numéro {staff_id}")
    token = secrets.token_urlsafe(32)
    db.add(StaffSignInToken(token_hash=_digest(token), staff_id=staff_id,
                            expires_at=(now or utc_now()) + SIGN_IN_LINK_LIFETIME))
    return token


def redeem_sign_in_token(db: Session, token: str, *, now: Optional[dt.datetime] = None) -> Optional[StaffIdentity]:
    """The member the link was made for, once; None for an unknown, used or expired link."""
    now = now or utc_now()
    row = db.get(StaffSignInToken, _digest(token or ""))
    if row is None or row.used_at is not None or row.expires_at <= now:
        return None
    row.used_at = now
    return member(db, row.staff_id)


def set_password(db: Session, staff_id: int, password: str) -> None:
    found = db.get(StaffMember, staff_id)
    if found is None:
        raise StaffError(f"aucun membre n'a le numéro {staff_id}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError(f"le mot de passe doit compter au moins {MIN_PASSWORD_LENGTH} caractères")
    found.password_hash = _hasher.hash(password)


def check_password(db: Session, email: str, password: str) -> Optional[StaffIdentity]:
    """The member with this e-mail and password, else None (same work either way)."""
    found = db.scalar(select(StaffMember).where(StaffMember.email == (email or "").strip().lower()))
    stored = found.password_hash if found is not None and found.password_hash else None
    try:
        # A dummy verification when there is no such account: the answer takes as long.
        _hasher.verify(stored or _DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        return None
    return member(db, found.id) if stored else None


_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class WebSession:
    cookie: str  # what the browser keeps (never stored)
    csrf_token: str
    identity: StaffIdentity


def open_session(db: Session, identity: StaffIdentity, *, now: Optional[dt.datetime] = None) -> WebSession:
    now = now or utc_now()
    cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    db.add(StaffWebSession(id_hash=_digest(cookie), staff_id=identity.id, csrf_token=csrf,
                           created_at=now, expires_at=now + SESSION_LIFETIME))
    return WebSession(cookie, csrf, identity)


def session_for(db: Session, cookie: Optional[str], *, now: Optional[dt.datetime] = None) -> Optional[WebSession]:
    """The live session of this cookie, with its member read afresh (a removed member has none)."""
    if not cookie:
        return None
    row = db.get(StaffWebSession, _digest(cookie))
    if row is None or row.expires_at <= (now or utc_now()):
        return None
    identity = member(db, row.staff_id)
    return WebSession(cookie, row.csrf_token, identity) if identity is not None else None


def close_session(db: Session, cookie: Optional[str]) -> None:
    if cookie:
        db.execute(delete(StaffWebSession).where(StaffWebSession.id_hash == _digest(cookie)))


def purge_expired(db: Session, *, now: Optional[dt.datetime] = None) -> None:
    now = now or utc_now()
    db.execute(delete(StaffWebSession).where(StaffWebSession.expires_at <= now))
    db.execute(delete(StaffSignInToken).where(StaffSignInToken.expires_at <= now))
