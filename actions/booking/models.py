"""The booking tables (SQLAlchemy 1.4 declarative, 2.0 style).

The schema itself is created by the Alembic migrations in migrations/ (see
``actions.booking.database.upgrade_database``); these classes must stay in step with
them.

Times are timezone-aware datetimes in UTC in Python. ``UTCDateTime`` stores them as
TIMESTAMP WITH TIME ZONE on PostgreSQL and as naive UTC text on SQLite (which has
no time zones), and always hands back aware UTC datetimes, so comparisons in SQL
("starts after now") are right on both.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.orm import Mapped, declarative_base
from sqlalchemy.types import TypeDecorator

# Named constraints: Alembic can then alter them on every database (SQLite batch mode).
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
Base = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))

BOOKED, CANCELLED = "booked", "cancelled"
PHONE, EMAIL = "phone", "email"
REFERENCE_LENGTH = 6
FIRST_NAME_MAX = 40
CONTACT_MAX = 254  # the longest valid e-mail address
SENDER_ID_MAX = 128
NOTICE_VERSION_MAX = 20


class UTCDateTime(TypeDecorator):
    """An aware datetime, stored in UTC (see the module docstring)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Optional[dt.datetime], dialect) -> Optional[dt.datetime]:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: give a timezone-aware datetime")
        value = value.astimezone(dt.timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Optional[dt.datetime], dialect) -> Optional[dt.datetime]:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


class CentreRow(Base):
    """An Afpa centre, copied from data/centres.csv at start (``reference_data``)."""

    __tablename__ = "centres"

    id: Mapped[str] = Column(String(80), primary_key=True)
    name: Mapped[str] = Column(String(200), nullable=False)
    city: Mapped[str] = Column(String(100), nullable=False)
    postal_code: Mapped[Optional[str]] = Column(String(5))
    department_code: Mapped[str] = Column(String(3), nullable=False)
    region_name: Mapped[str] = Column(String(100), nullable=False)
    address: Mapped[Optional[str]] = Column(String(300))
    confidence: Mapped[str] = Column(String(10), nullable=False)
    # A centre dropped from the CSV keeps its row (sessions refer to it) but is no
    # longer offered.
    active: Mapped[bool] = Column(Boolean, nullable=False, default=True, server_default=true())


class ProgrammeRow(Base):
    """A programme of the catalogue (ids of the conversation contract)."""

    __tablename__ = "programmes"

    id: Mapped[str] = Column(String(40), primary_key=True)
    name: Mapped[str] = Column(String(200), nullable=False)


class WorkshopSession(Base):
    """A discovery workshop at a centre, for one programme or (NULL) for all."""

    __tablename__ = "workshop_sessions"
    __table_args__ = (
        # One workshop at a time per centre: also what makes the demo schedule idempotent.
        UniqueConstraint("centre_id", "starts_at"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
        # The last line of defence of the capacity rule (see BookingService.book).
        CheckConstraint("seats_taken >= 0 AND seats_taken <= capacity", name="seats_within_capacity"),
        Index("ix_workshop_sessions_starts_at", "starts_at"),
    )

    id: Mapped[int] = Column(Integer, primary_key=True, autoincrement=True)
    centre_id: Mapped[str] = Column(ForeignKey("centres.id"), nullable=False)
    programme_id: Mapped[Optional[str]] = Column(ForeignKey("programmes.id"))  # NULL: all programmes
    starts_at: Mapped[dt.datetime] = Column(UTCDateTime, nullable=False)
    duration_minutes: Mapped[int] = Column(Integer, nullable=False)
    capacity: Mapped[int] = Column(Integer, nullable=False)
    # Kept in step with the active bookings by BookingService, in the same transaction.
    seats_taken: Mapped[int] = Column(Integer, nullable=False, default=0, server_default=text("0"))
    room: Mapped[Optional[str]] = Column(String(200))  # where in the centre
    created_at: Mapped[dt.datetime] = Column(UTCDateTime, nullable=False)
    # Set when the centre cancels the session: kept for its bookings, never offered nor booked.
    cancelled_at: Mapped[Optional[dt.datetime]] = Column(UTCDateTime)
    # A demonstration session (DEMO_SCHEDULE), said so to the person; False: entered by a centre.
    is_demo: Mapped[bool] = Column(Boolean, nullable=False, default=False, server_default=false())


class Booking(Base):
    """A seat booked by one person (identified by the channel's sender id)."""

    __tablename__ = "bookings"
    __table_args__ = (
        CheckConstraint(f"status IN ('{BOOKED}', '{CANCELLED}')", name="status_known"),
        CheckConstraint(f"contact_kind IN ('{PHONE}', '{EMAIL}')", name="contact_kind_known"),
        # One active booking per person and session (the idempotent "confirm twice").
        # A partial index: SQLite and PostgreSQL only; the migration creates it there,
        # and BookingService checks the same rule in its transaction everywhere.
        Index(
            "uq_bookings_active_per_sender",
            "session_id",
            "sender_id",
            unique=True,
            sqlite_where=text(f"status = '{BOOKED}'"),
            postgresql_where=text(f"status = '{BOOKED}'"),
        ),
        Index("ix_bookings_sender_id", "sender_id"),
    )

    id: Mapped[int] = Column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = Column(ForeignKey("workshop_sessions.id"), nullable=False)
    reference: Mapped[str] = Column(String(REFERENCE_LENGTH), nullable=False, unique=True)
    # Personal data: NULL once erased (BookingService.delete_personal_data).
    first_name: Mapped[Optional[str]] = Column(String(FIRST_NAME_MAX))
    contact: Mapped[Optional[str]] = Column(String(CONTACT_MAX))  # E.164 phone or e-mail
    contact_kind: Mapped[Optional[str]] = Column(String(5))
    sender_id: Mapped[Optional[str]] = Column(String(SENDER_ID_MAX))
    channel: Mapped[str] = Column(String(32), nullable=False)
    consent_at: Mapped[dt.datetime] = Column(UTCDateTime, nullable=False)
    # The privacy notice the person accepted (actions.privacy.PRIVACY_NOTICE_VERSION);
    # NULL for bookings made before it was recorded (migration 0003).
    consent_notice_version: Mapped[Optional[str]] = Column(String(NOTICE_VERSION_MAX))
    status: Mapped[str] = Column(String(10), nullable=False, default=BOOKED)
    created_at: Mapped[dt.datetime] = Column(UTCDateTime, nullable=False)
    cancelled_at: Mapped[Optional[dt.datetime]] = Column(UTCDateTime)
    erased_at: Mapped[Optional[dt.datetime]] = Column(UTCDateTime)


__all__ = [
    "BOOKED", "CANCELLED", "EMAIL", "PHONE", "Base", "Booking", "CentreRow", "ProgrammeRow",
    "UTCDateTime", "WorkshopSession",
]
