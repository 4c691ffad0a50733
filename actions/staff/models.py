"""The staff tables, in the bookings' schema (same ``Base``, migration 0004).

Personal data here: a staff member's name, e-mail and Telegram user id (staff, not the
public: kept while the account exists); a handoff request's contact and summary
(erased with the person's other data, ``BookingService.delete_personal_data``). The
audit log and the assistant events hold no personal data: ids, counts, scrubbed text.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import BigInteger, CheckConstraint, Column, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, relationship

from actions.booking.models import SENDER_ID_MAX, Base, UTCDateTime

EPCI_STAFF, CENTRE_STAFF, ADMIN = "epci_staff", "centre_staff", "admin"
ROLES = (EPCI_STAFF, CENTRE_STAFF, ADMIN)
OPEN, HANDLED = "open", "handled"
# The recipient of notifications meant for the staff Telegram chat (STAFF_TELEGRAM_CHAT_ID).
STAFF_CHAT = "staff-chat"


class StaffMember(Base):
    """A staff account: who, which role, and how the bridges recognise them."""

    __tablename__ = "staff_members"
    __table_args__ = (CheckConstraint(f"role IN {ROLES!r}", name="role_known"),)

    id: Mapped[int] = Column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = Column(String(200), nullable=False)
    role: Mapped[str] = Column(String(20), nullable=False)
    email: Mapped[Optional[str]] = Column(String(254))
    # Telegram vouches for it (the bridge reads it from the update, never from a text).
    telegram_user_id: Mapped[Optional[int]] = Column(BigInteger, unique=True)
    # argon2 hash (bot.staff.passwords); NULL: one-time sign-in links only.
    password_hash: Mapped[Optional[str]] = Column(String(200))
    created_at: Mapped[dt.datetime] = Column(UTCDateTime, nullable=False)

    epcis = relationship("StaffEpci", cascade="all, delete-orphan", lazy="selectin")
    centres = relationship("StaffCentre", cascade="all, delete-orphan", lazy="selectin")


class StaffEpci(Base):
    """An intercommunality (EPCI SIREN code) an ``epci_staff`` member works for."""

    __tablename__ = "staff_epcis"

    staff_id: Mapped[int] = Column(ForeignKey("staff_members.id", ondelete="CASCADE"), primary_key=True)
    epci_siren: Mapped[str] = Column(String(9), primary_key=True)


class StaffCentre(Base):
    """An Afpa centre a ``centre_staff`` member works at."""

    __tablename__ = "staff_centres"

    staff_id: Mapped[int] = Column(ForeignKey("staff_members.id", ondelete="CASCADE"), primary_key=True)
    centre_id: Mapped[str] = Column(ForeignKey("centres.id"), primary_key=True)


class StaffSignInToken(Base):
    """A one-time sign-in link (``python -m bot.staff web-login``); only its hash is kept."""

    __tablename__ = "staff_sign_in_tokens"

    token_hash: Mapped[str] = Column(String(64), primary_key=True)
    staff_id: Mapped[int] = Column(ForeignKey("staff_members.id", ondelete="CASCADE"), nullable=False)
    expires_at: Mapped[dt.datetime] = Column(UTCDateTime, nullable=False)
    used_at: Mapped[Optional[dt.datetime]] = Column(UTCDateTime)


class StaffWebSession(Base):
    """A signed-in staff page session; only the hash of its cookie is kept."""

    __tablename__ = "staff_web_sessions"

    id_hash: Mapped[str] = Column(String(64), primary_key=True)
    staff_id: Mapped[int] = Column(ForeignKey("staff_members.id", ondelete="CASCADE"), nullable=False)
    csrf_token: Mapped[str] = Column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = Column(UTCDateTime, nullable=False)
    expires_at: Mapped[dt.datetime] = Column(UTCDateTime, nullable=False)


class AuditEntry(Base):
    """One access to personal data or one change made by staff (who, what, when).

    ``staff_id`` is not a foreign key: the entry outlives a removed account.
    ``target`` names things by id ("session:42"), never by a person's data."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    id: Mapped[int] = Column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = Column(UTCDateTime, nullable=False)
    staff_id: Mapped[Optional[int]] = Column(Integer)
    action: Mapped[str] = Column(String(60), nullable=False)
    target: Mapped[Optional[str]] = Column(String(120))


class HandoffRequest(Base):
    """A person's request to be contacted by someone at a centre (``contact_human``)."""

    __tablename__ = "handoff_requests"
    __table_args__ = (
        CheckConstraint(f"status IN ('{OPEN}', '{HANDLED}')", name="status_known"),
        Index("ix_handoff_requests_sender_id", "sender_id"),
    )

    id: Mapped[int] = Column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = Column(UTCDateTime, nullable=False)
    sender_id: Mapped[Optional[str]] = Column(String(SENDER_ID_MAX))  # NULL once erased
    channel: Mapped[str] = Column(String(32), nullable=False)
    centre_id: Mapped[Optional[str]] = Column(ForeignKey("centres.id"))
    # Personal data, given with consent; NULL once erased.
    contact: Mapped[Optional[str]] = Column(String(254))
    # JSON: the intents and answers that matter (no free text), NULL once erased.
    summary: Mapped[Optional[str]] = Column(Text)
    consent_at: Mapped[dt.datetime] = Column(UTCDateTime, nullable=False)
    status: Mapped[str] = Column(String(10), nullable=False, default=OPEN)
    handled_at: Mapped[Optional[dt.datetime]] = Column(UTCDateTime)
    handled_by: Mapped[Optional[int]] = Column(Integer)  # a staff id (not a foreign key, as above)
    erased_at: Mapped[Optional[dt.datetime]] = Column(UTCDateTime)


class Notification(Base):
    """A message waiting for its channel to deliver it (the outbox, ``outbox``).

    ``recipient`` is a sender id ("telegram:<chat id>", "web:<id>", any REST sender) or
    ``STAFF_CHAT``. Telegram's are pushed by the bridge; the others are shown at the
    person's next message."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_pending", "recipient", "delivered_at"),)

    id: Mapped[int] = Column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = Column(UTCDateTime, nullable=False)
    recipient: Mapped[str] = Column(String(SENDER_ID_MAX), nullable=False)
    text: Mapped[str] = Column(Text, nullable=False)
    # JSON list of {"title", "payload"}; NULL: no buttons.
    buttons: Mapped[Optional[str]] = Column(Text)
    delivered_at: Mapped[Optional[dt.datetime]] = Column(UTCDateTime)


class AssistantEvent(Base):
    """An anonymous fact behind the statistics: an eligibility check and its outcome, a
    question the assistant could not answer (its text scrubbed of numbers, e-mails and
    names). Where the person lives is kept as their intercommunality only."""

    __tablename__ = "assistant_events"
    __table_args__ = (Index("ix_assistant_events_kind_at", "kind", "at"),)

    id: Mapped[int] = Column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = Column(UTCDateTime, nullable=False)
    kind: Mapped[str] = Column(String(30), nullable=False)  # "eligibility_check", "unanswered", …
    epci_siren: Mapped[Optional[str]] = Column(String(9))
    centre_id: Mapped[Optional[str]] = Column(String(80))
    programme_id: Mapped[Optional[str]] = Column(String(40))
    outcome: Mapped[Optional[str]] = Column(String(40))
    text: Mapped[Optional[str]] = Column(String(300))


__all__ = [
    "ADMIN", "CENTRE_STAFF", "EPCI_STAFF", "HANDLED", "OPEN", "ROLES", "STAFF_CHAT",
    "AssistantEvent", "AuditEntry", "HandoffRequest", "Notification", "StaffCentre", "StaffEpci",
    "StaffMember", "StaffSignInToken", "StaffWebSession",
]
