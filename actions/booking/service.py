"""BookingService: the only way the conversation reads or changes bookings.

Every public method runs in its own short transaction on its own SQLAlchemy
session, so one service object can be shared by every request and thread.

How the rules hold under concurrent requests (SQLite and PostgreSQL alike):

- capacity: the seat is taken by ``UPDATE workshop_sessions SET seats_taken =
  seats_taken + 1 WHERE id = :id AND seats_taken < capacity AND starts_at > :cutoff``
  and the booking is inserted only if that UPDATE changed one row, in the same
  transaction; the database re-checks the condition under its row lock (PostgreSQL)
  or its write lock (SQLite, ``BEGIN IMMEDIATE``), and a CHECK constraint
  ``seats_taken <= capacity`` backs it up;
- one booking per person and session: the session row is locked (``SELECT … FOR
  UPDATE``) before looking for an existing booking of that sender, and a partial
  unique index on active bookings catches anything that slips through; either way
  the caller gets ``already_booked`` with the existing booking;
- cancelling sets the booking ``cancelled`` and gives the seat back
  (``seats_taken - 1``) in one transaction;
- a session is booked only if it is bookable, checked here and not only by the
  conversation (a button payload can be forged): it exists, its centre is still
  listed, the centre has not cancelled it, it is open to every programme or
  reserved for the programme the person asked about, it starts after now (plus
  the cutoff) and has a seat left (``refusal``). The checks run under the
  session's row lock, in the booking's transaction.

Nothing is logged but outcome codes and ids: never a name, a contact or a sender id.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Callable, List, Literal, Optional, Sequence, Union

from sqlalchemy import or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from actions.booking.answers.time_of_day import AFTERNOON, MORNING, TimeOfDay
from actions.booking.clock import to_paris, utc_now
from actions.booking.models import BOOKED, CANCELLED, Booking, CentreRow, ProgrammeRow, WorkshopSession
from actions.booking.references import new_reference, normalise_reference
from actions.booking.validation import (
    mask_contact,
    validate_channel,
    validate_consent,
    validate_contact,
    validate_first_name,
    validate_sender_id,
)
from actions.booking.views import BookingOutcome, BookingStatus, BookingView, CancelOutcome, SessionView
from actions.privacy import PRIVACY_NOTICE_VERSION

logger = logging.getLogger(__name__)

# The hours wished, Paris time: a window ("avant 14 h"), or "morning" / "afternoon".
PartOfDay = Union[TimeOfDay, Literal["morning", "afternoon"]]
_NAMED_PARTS = {"morning": MORNING, "afternoon": AFTERNOON}
# Attempts at a booking transaction that failed on a unique constraint (a reference
# drawn twice at the same instant, or the same person confirming twice at once).
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class ErasureReport:
    """What ``delete_personal_data`` did: bookings erased, of which future ones cancelled."""

    erased: int
    cancelled: int


def make_sessionmaker(engine: Engine) -> sessionmaker:
    # expire_on_commit=False: the rows read in a transaction stay readable after it.
    return sessionmaker(bind=engine, future=True, expire_on_commit=False)


class BookingService:
    """Sessions on offer, bookings, cancellations and erasure (see the module docstring).

    ``bind``: an engine from ``actions.booking.database.make_engine`` or a sessionmaker.
    ``clock``: returns the current aware UTC time (tests pass a fixed one).
    ``booking_cutoff``: a session starting sooner than this is no longer offered nor
    bookable (default: none).
    """

    def __init__(
        self,
        bind: Union[Engine, sessionmaker],
        *,
        clock: Callable[[], dt.datetime] = utc_now,
        booking_cutoff: dt.timedelta = dt.timedelta(0),
        reference_factory: Callable[[], str] = new_reference,
    ) -> None:
        self._sessions = make_sessionmaker(bind) if isinstance(bind, Engine) else bind
        self._clock = clock
        self._cutoff = booking_cutoff
        self._new_reference = reference_factory

    # -- reading ------------------------------------------------------------

    def available_sessions(
        self,
        centre_ids: Sequence[str],
        *,
        programme_id: Optional[str] = None,
        earliest: Optional[dt.datetime] = None,
        latest: Optional[dt.datetime] = None,
        part_of_day: Optional[PartOfDay] = None,
        limit: int = 5,
    ) -> List[SessionView]:
        """Sessions with a free seat at these centres, soonest first.

        Never past (``earliest`` is raised to now + cutoff), never full, never
        cancelled, never at a centre no longer listed. ``programme_id``: sessions of that programme plus the
        sessions open to all; None: only the sessions open to all (a session meant for,
        say, HOPE is not offered to someone who did not ask for HOPE).
        ``latest`` is exclusive; ``part_of_day`` is judged in Paris time.
        """
        if not centre_ids or limit <= 0:
            return []
        start = self._bookable_after()
        if earliest is not None and earliest > start:
            start = earliest
        programme_filter = WorkshopSession.programme_id.is_(None)
        if programme_id is not None:
            programme_filter = or_(programme_filter, WorkshopSession.programme_id == programme_id)
        statement = (
            self._session_query()
            .where(
                WorkshopSession.centre_id.in_(list(centre_ids)),
                CentreRow.active.is_(True),
                WorkshopSession.cancelled_at.is_(None),
                WorkshopSession.starts_at > start,
                WorkshopSession.seats_taken < WorkshopSession.capacity,
                programme_filter,
            )
            .order_by(WorkshopSession.starts_at, WorkshopSession.centre_id, WorkshopSession.id)
        )
        if latest is not None:
            statement = statement.where(WorkshopSession.starts_at < latest)
        if part_of_day is None:
            statement = statement.limit(limit)
        with self._sessions() as db:
            views = [_session_view(*row) for row in db.execute(statement)]
        if part_of_day is not None:
            # Paris hours cannot be computed portably in SQL; the rows are few.
            window = _NAMED_PARTS.get(part_of_day, part_of_day) if isinstance(part_of_day, str) else part_of_day
            views = [view for view in views if _starts_within(view, window)][:limit]
        return views

    def session(self, session_id: Union[int, str]) -> Optional[SessionView]:
        """One session, e.g. to repeat its details before the user confirms."""
        session_id = _as_id(session_id)
        if session_id is None:
            return None
        with self._sessions() as db:
            row = db.execute(self._session_query().where(WorkshopSession.id == session_id)).first()
        return _session_view(*row) if row else None

    def refusal(
        self, session_id: Union[int, str], *, programme_id: Optional[str] = None
    ) -> Optional[BookingStatus]:
        """Why this session cannot be booked now by someone who asked about ``programme_id``
        (None: about no programme in particular), or None when it can.

        The status ``book`` would return: ``unknown_session``, ``centre_inactive``,
        ``session_cancelled``, ``other_programme``, ``past`` or ``full``. For the
        conversation, to check a chosen session before asking for a name; ``book``
        checks again when the person confirms.
        """
        session_id = _as_id(session_id)
        if session_id is None:
            return "unknown_session"
        with self._sessions() as db:
            row = db.execute(self._bookability_query(session_id)).first()
        return self._refusal(row, programme_id, self._clock(), seats_matter=True)

    def upcoming_bookings(self, sender_id: str, now: Optional[dt.datetime] = None) -> List[BookingView]:
        """This person's active bookings of sessions that have not started, soonest first."""
        if not validate_sender_id(sender_id).ok:
            return []
        now = now or self._clock()
        statement = (
            self._booking_query()
            .where(Booking.sender_id == sender_id, Booking.status == BOOKED, WorkshopSession.starts_at > now)
            .order_by(WorkshopSession.starts_at, Booking.id)
        )
        with self._sessions() as db:
            return [_booking_view(*row) for row in db.execute(statement)]

    # -- booking ------------------------------------------------------------

    def book(
        self,
        session_id: Union[int, str],
        *,
        first_name: Optional[str],
        contact: Optional[str],
        sender_id: Optional[str],
        channel: Optional[str],
        consent_at: Optional[dt.datetime],
        programme_id: Optional[str] = None,
        notice_version: str = PRIVACY_NOTICE_VERSION,
    ) -> BookingOutcome:
        """Books one seat of ``session_id`` for this person (see the module docstring).

        ``session_id``: ``SessionView.session_id`` (a slot may hold it as text: "42").
        ``programme_id``: the programme the person asked about, as given to
        ``available_sessions`` (None: none; only sessions open to all can then be booked).
        ``contact``: a French mobile number or an e-mail address, as typed.
        ``consent_at``: when the person accepted that their data be kept (aware);
        ``notice_version``: the privacy notice they were shown (stored beside it).
        Invalid input returns ``invalid`` with the reason code and stores nothing.
        """
        checks = (
            validate_first_name(first_name),
            validate_contact(contact),
            validate_sender_id(sender_id),
            validate_channel(channel),
            validate_consent(consent_at),
        )
        failed = next((check for check in checks if not check.ok), None)
        if failed is not None:
            logger.info("booking refused: session=%s reason=%s", session_id, failed.reason)
            return BookingOutcome(status="invalid", reason=failed.reason)
        name, contact_check = checks[0].value, checks[1]
        assert consent_at is not None and sender_id is not None and channel is not None
        session_id = _as_id(session_id)
        if session_id is None:
            return BookingOutcome(status="unknown_session")

        for _ in range(MAX_ATTEMPTS):
            try:
                with self._sessions.begin() as db:
                    outcome = self._book(db, session_id, programme_id, name, contact_check.value,
                                         contact_check.kind, sender_id, channel, consent_at, notice_version)
            except IntegrityError:
                # The same person confirmed twice at the same instant (partial unique
                # index), or a reference was drawn twice: the transaction is undone,
                # seat included. The first case is answered, the second retried.
                existing = self._active_booking(session_id, sender_id)
                if existing is not None:
                    outcome = BookingOutcome(status="already_booked", booking=existing)
                else:
                    continue
            logger.info("booking: session=%s outcome=%s", session_id, outcome.status)
            return outcome
        raise RuntimeError(f"booking of session {session_id}: gave up after {MAX_ATTEMPTS} conflicts")

    def _book(
        self, db: Session, session_id: int, programme_id: Optional[str], first_name: str, contact: str,
        contact_kind: str, sender_id: str, channel: str, consent_at: dt.datetime, notice_version: str,
    ) -> BookingOutcome:
        now = self._clock()
        # The row lock makes every booking of this session wait its turn (PostgreSQL);
        # SQLite's BEGIN IMMEDIATE already did the same for the whole database.
        locked = db.execute(self._bookability_query(session_id).with_for_update(of=WorkshopSession)).first()
        # Seats are taken below by a conditional UPDATE; this person's existing booking
        # of a full session must be found first.
        refused = self._refusal(locked, programme_id, now, seats_matter=False)
        if refused is not None:
            return BookingOutcome(status=refused)
        existing = db.execute(
            self._booking_query().where(
                Booking.session_id == session_id, Booking.sender_id == sender_id, Booking.status == BOOKED
            )
        ).first()
        if existing is not None:
            return BookingOutcome(status="already_booked", booking=_booking_view(*existing))

        taken = db.execute(
            update(WorkshopSession)
            .where(
                WorkshopSession.id == session_id,
                WorkshopSession.seats_taken < WorkshopSession.capacity,
                WorkshopSession.starts_at > self._bookable_after(now),
                WorkshopSession.cancelled_at.is_(None),
            )
            .values(seats_taken=WorkshopSession.seats_taken + 1)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount != 1:
            return BookingOutcome(status="full")

        booking = Booking(
            session_id=session_id,
            reference=self._unused_reference(db),
            first_name=first_name,
            contact=contact,
            contact_kind=contact_kind,
            sender_id=sender_id,
            channel=channel,
            consent_at=consent_at,
            consent_notice_version=notice_version,
            status=BOOKED,
            created_at=now,
        )
        db.add(booking)
        db.flush()  # a unique-constraint conflict surfaces here, inside the transaction
        row = db.execute(
            self._booking_query().where(Booking.id == booking.id).execution_options(populate_existing=True)
        ).one()
        return BookingOutcome(status="booked", booking=_booking_view(*row))

    def _unused_reference(self, db: Session) -> str:
        for _ in range(MAX_ATTEMPTS):
            reference = self._new_reference()
            if db.execute(select(Booking.id).where(Booking.reference == reference)).first() is None:
                return reference
        # Two concurrent inserts of the same fresh code are caught by the unique
        # constraint and retried by ``book``.
        raise IntegrityError("reference", None, Exception("no unused reference found"))

    def _active_booking(self, session_id: int, sender_id: str) -> Optional[BookingView]:
        with self._sessions() as db:
            row = db.execute(
                self._booking_query().where(
                    Booking.session_id == session_id, Booking.sender_id == sender_id, Booking.status == BOOKED
                )
            ).first()
        return _booking_view(*row) if row else None

    # -- cancelling and erasing -----------------------------------------------

    def cancel(self, reference: Optional[str], sender_id: Optional[str]) -> CancelOutcome:
        """Cancels this person's booking ``reference`` and frees its seat.

        Another person's reference gives ``not_found``, like an unknown one.
        """
        code = normalise_reference(reference)
        if code is None or not validate_sender_id(sender_id).ok:
            return CancelOutcome(status="not_found")
        now = self._clock()
        with self._sessions.begin() as db:
            booking = db.execute(
                select(Booking).where(Booking.reference == code, Booking.sender_id == sender_id).with_for_update()
            ).scalar_one_or_none()
            if booking is None:
                outcome = CancelOutcome(status="not_found")
            else:
                starts_at = db.execute(
                    select(WorkshopSession.starts_at).where(WorkshopSession.id == booking.session_id)
                ).scalar_one()
                if booking.status == CANCELLED:
                    status = "already_cancelled"
                elif starts_at <= now:
                    status = "past"
                else:
                    self._release_seat(db, booking, now)
                    status = "cancelled"
                db.flush()
                row = db.execute(
                    self._booking_query().where(Booking.id == booking.id).execution_options(populate_existing=True)
                ).one()
                outcome = CancelOutcome(status=status, booking=_booking_view(*row))
        logger.info("cancellation: outcome=%s", outcome.status)
        return outcome

    def delete_personal_data(self, sender_id: Optional[str]) -> ErasureReport:
        """Erases everything that identifies this person ("supprimer mes données").

        Bookings of sessions still to come are cancelled (their seat is freed: nobody
        could be reached or recognised any more); then, on every booking of this
        sender, first name, contact and sender id are set to NULL and ``erased_at`` is
        set. The anonymous rows remain so that seat counts and attendance figures stay
        right. Afterwards nothing links them to the person, who can book again afresh.
        """
        if not validate_sender_id(sender_id).ok:
            return ErasureReport(erased=0, cancelled=0)
        now = self._clock()
        cancelled = 0
        with self._sessions.begin() as db:
            rows = db.execute(
                select(Booking, WorkshopSession.starts_at)
                .join(WorkshopSession, WorkshopSession.id == Booking.session_id)
                .where(Booking.sender_id == sender_id)
                .with_for_update(of=Booking)
            ).all()
            for booking, starts_at in rows:
                if booking.status == BOOKED and starts_at > now:
                    self._release_seat(db, booking, now)
                    cancelled += 1
                booking.first_name = None
                booking.contact = None
                booking.contact_kind = None
                booking.sender_id = None
                booking.erased_at = now
        logger.info("personal data erased: bookings=%s cancelled=%s", len(rows), cancelled)
        return ErasureReport(erased=len(rows), cancelled=cancelled)

    @staticmethod
    def _release_seat(db: Session, booking: Booking, now: dt.datetime) -> None:
        booking.status = CANCELLED
        booking.cancelled_at = now
        db.execute(
            update(WorkshopSession)
            .where(WorkshopSession.id == booking.session_id, WorkshopSession.seats_taken > 0)
            .values(seats_taken=WorkshopSession.seats_taken - 1)
            .execution_options(synchronize_session=False)
        )

    # -- queries --------------------------------------------------------------

    def _bookable_after(self, now: Optional[dt.datetime] = None) -> dt.datetime:
        return (now or self._clock()) + self._cutoff

    @staticmethod
    def _bookability_query(session_id: int):
        return (
            select(
                WorkshopSession.starts_at, WorkshopSession.cancelled_at, WorkshopSession.programme_id,
                WorkshopSession.capacity, WorkshopSession.seats_taken, CentreRow.active,
            )
            .join(CentreRow, CentreRow.id == WorkshopSession.centre_id)
            .where(WorkshopSession.id == session_id)
        )

    def _refusal(
        self, row, programme_id: Optional[str], now: dt.datetime, *, seats_matter: bool
    ) -> Optional[BookingStatus]:
        """The one place that says whether a session (a ``_bookability_query`` row) can be booked."""
        if row is None:
            return "unknown_session"
        if not row.active:
            return "centre_inactive"
        if row.cancelled_at is not None:
            return "session_cancelled"
        if row.programme_id is not None and row.programme_id != programme_id:
            return "other_programme"
        if row.starts_at <= self._bookable_after(now):
            return "past"
        if seats_matter and row.seats_taken >= row.capacity:
            return "full"
        return None

    @staticmethod
    def _session_query():
        return (
            select(WorkshopSession, CentreRow, ProgrammeRow)
            .join(CentreRow, CentreRow.id == WorkshopSession.centre_id)
            .outerjoin(ProgrammeRow, ProgrammeRow.id == WorkshopSession.programme_id)
        )

    @staticmethod
    def _booking_query():
        return (
            select(Booking, WorkshopSession, CentreRow, ProgrammeRow)
            .join(WorkshopSession, WorkshopSession.id == Booking.session_id)
            .join(CentreRow, CentreRow.id == WorkshopSession.centre_id)
            .outerjoin(ProgrammeRow, ProgrammeRow.id == WorkshopSession.programme_id)
        )


def _as_id(value: Union[int, str, None]) -> Optional[int]:
    """A session id from a slot or a button payload, or None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) < 12:
        return int(value.strip())
    return None


def _session_view(session: WorkshopSession, centre: CentreRow, programme: Optional[ProgrammeRow]) -> SessionView:
    return SessionView(
        session_id=session.id,
        centre_id=centre.id,
        centre_name=centre.name,
        centre_city=centre.city,
        centre_address=centre.address,
        centre_postal_code=centre.postal_code,
        programme_id=programme.id if programme else None,
        programme_name=programme.name if programme else None,
        starts_at=session.starts_at,
        duration_minutes=session.duration_minutes,
        capacity=session.capacity,
        seats_left=session.capacity - session.seats_taken,
        room=session.room,
        cancelled=session.cancelled_at is not None,
        is_demo=bool(session.is_demo),
    )


def _booking_view(
    booking: Booking, session: WorkshopSession, centre: CentreRow, programme: Optional[ProgrammeRow]
) -> BookingView:
    return BookingView(
        reference=booking.reference,
        status=booking.status,
        session=_session_view(session, centre, programme),
        first_name=booking.first_name,
        contact_kind=booking.contact_kind,
        contact_hint=mask_contact(booking.contact, booking.contact_kind),
        created_at=booking.created_at,
        cancelled_at=booking.cancelled_at,
    )


__all__ = ["BookingService", "ErasureReport", "PartOfDay", "make_sessionmaker"]


def _starts_within(view: SessionView, window: TimeOfDay) -> bool:
    local = to_paris(view.starts_at)
    return window.contains(local.hour, local.minute)
