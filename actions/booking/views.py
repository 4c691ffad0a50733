"""What BookingService returns: plain, immutable values with no database attached.

They hold no SQLAlchemy object, so the conversation can keep them after the
database session is closed. Personal data appears only in ``BookingView.first_name``
(for the confirmation message) and, masked, in ``BookingView.contact_hint``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, Optional

from actions.booking.clock import french_when

BookingStatus = Literal[
    "booked", "already_booked",
    # The session cannot be booked (``BookingOutcome.session_unavailable``):
    "full", "past", "session_cancelled", "centre_inactive", "other_programme", "unknown_session",
    "invalid",
]
# Why a session cannot be booked (``BookingService.refusal``): nothing was stored.
SESSION_UNAVAILABLE = frozenset(
    {"full", "past", "session_cancelled", "centre_inactive", "other_programme", "unknown_session"}
)
CancelStatus = Literal["cancelled", "already_cancelled", "past", "not_found"]


@dataclass(frozen=True)
class SessionView:
    session_id: int
    centre_id: str
    centre_name: str
    centre_city: str
    centre_address: Optional[str]
    centre_postal_code: Optional[str]
    programme_id: Optional[str]  # None: open to every programme
    programme_name: Optional[str]
    starts_at: dt.datetime  # aware, UTC
    duration_minutes: int
    capacity: int
    seats_left: int
    room: Optional[str]
    cancelled: bool = False  # by the centre: kept for its bookings, never offered nor booked
    is_demo: bool = False  # a demonstration session (DEMO_SCHEDULE): said so to the person

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def when(self) -> str:
        """"mardi 3 décembre à 9 h 30" (Paris time)."""
        return french_when(self.starts_at)

    @property
    def place(self) -> str:
        """"Centre Afpa de Roubaix, Roubaix" or with the address when known."""
        town = " ".join(part for part in (self.centre_postal_code, self.centre_city) if part)
        return ", ".join(part for part in (self.centre_name, self.centre_address, town) if part)


@dataclass(frozen=True)
class BookingView:
    reference: str
    status: str  # "booked" | "cancelled"
    session: SessionView
    first_name: Optional[str]  # None once erased
    contact_kind: Optional[str]  # "phone" | "email"
    contact_hint: Optional[str]  # masked: "06 •• •• •• 78"
    created_at: dt.datetime
    cancelled_at: Optional[dt.datetime]


@dataclass(frozen=True)
class BookingOutcome:
    """``booked``: new booking; ``already_booked``: this sender's existing booking of
    this session (nothing added); ``invalid``: ``reason`` holds the validation code (see
    ``validation``). The session cannot be booked, nothing stored: ``full`` (no seat
    left), ``past`` (started, or too soon), ``session_cancelled`` (by its centre),
    ``centre_inactive`` (the centre is no longer listed), ``other_programme`` (the
    session is reserved for another programme than the one asked about),
    ``unknown_session``."""

    status: BookingStatus
    booking: Optional[BookingView] = None
    reason: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.status in ("booked", "already_booked")

    @property
    def session_unavailable(self) -> bool:
        """This session cannot be booked: offer other sessions."""
        return self.status in SESSION_UNAVAILABLE


@dataclass(frozen=True)
class CancelOutcome:
    """``not_found`` also covers another person's reference (nothing is revealed)."""

    status: CancelStatus
    booking: Optional[BookingView] = None
