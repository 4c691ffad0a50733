"""Real workshop sessions entered by a centre's staff (plain Python): create, edit, cancel, import.

    session_id = create_session(db, identity, centre_id="roubaix", starts_at=..., duration_minutes=120,
                                capacity=12, room="Salle 2", programme_id=None, now=now)
    update_session(db, identity, session_id, capacity=15, now=now)
    report = cancel_session(db, identity, session_id, now=now)   # bookings cancelled, people told
    report = import_sessions_csv(db, identity, text, now=now)    # all or nothing

Only the staff of the session's centre, or an admin, may do any of it (else
``StaffForbidden``); a wrong value raises ``SessionError`` (French message). Every
change is written to the audit log (ids only). ``db`` is an open SQLAlchemy session:
the caller commits (``make_sessionmaker(engine).begin()``). CSV format: docs/staff.md.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from sqlalchemy import select

from actions.booking.clock import PARIS, french_when, utc_now
from actions.booking.models import BOOKED, Booking, CentreRow, ProgrammeRow, WorkshopSession
from actions.booking.references import spoken_reference
from actions.booking.service import BookingService
from actions.replies.reply import intent_payload
from actions.staff import outbox
from actions.staff.directory import StaffIdentity
from actions.staff.lookups import StaffForbidden, UnknownSession, audit, may_manage_centre
from actions.text import fold

MIN_DURATION, MAX_DURATION = 15, 8 * 60
MAX_CAPACITY = 200
ROOM_MAX = 200
MAX_IMPORT_LINES = 1000
OTHER_DATES = ("Voir d'autres dates", "/book_workshop")
_UNCHANGED = object()


class SessionError(ValueError):
    """A value the session cannot take; the message is French, for the staff member."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CancelReport:
    session_id: int
    bookings_cancelled: int
    people_notified: int  # bookings whose person could still be reached (not erased)


@dataclass(frozen=True)
class ImportReport:
    created: int
    errors: List[Tuple[int, str]] = field(default_factory=list)  # (line of the file, French message)
    session_ids: Tuple[int, ...] = ()


# -- checks -------------------------------------------------------------------------


def _check_centre(db, identity: StaffIdentity, centre_id: str) -> CentreRow:
    if not may_manage_centre(identity, centre_id):
        raise StaffForbidden("Vous ne pouvez gérer que les séances de votre centre.")
    centre = db.get(CentreRow, centre_id)
    if centre is None or not centre.active:
        raise SessionError(f"Centre inconnu : {centre_id}.")
    return centre


def _check_values(db, *, starts_at: dt.datetime, duration_minutes: int, capacity: int, room: Optional[str],
                  programme_id: Optional[str], now: dt.datetime, seats_taken: int = 0) -> None:
    if starts_at.tzinfo is None:
        raise SessionError("L'heure doit être donnée avec son fuseau horaire.")
    if starts_at <= now:
        raise SessionError("La date est passée : choisissez une date à venir.")
    if isinstance(duration_minutes, bool) or not isinstance(duration_minutes, int) or not (
            MIN_DURATION <= duration_minutes <= MAX_DURATION):
        raise SessionError(f"La durée doit être comprise entre {MIN_DURATION} et {MAX_DURATION} minutes.")
    if isinstance(capacity, bool) or not isinstance(capacity, int) or not (1 <= capacity <= MAX_CAPACITY):
        raise SessionError(f"Le nombre de places doit être compris entre 1 et {MAX_CAPACITY}.")
    if capacity < seats_taken:
        raise SessionError(f"{seats_taken} personnes ont déjà réservé : il faut au moins {seats_taken} places.")
    if room is not None and len(room) > ROOM_MAX:
        raise SessionError(f"Le lieu ne doit pas dépasser {ROOM_MAX} caractères.")
    if programme_id is not None and db.get(ProgrammeRow, programme_id) is None:
        raise SessionError(f"Dispositif inconnu : {programme_id}.")


def _check_free(db, centre_id: str, starts_at: dt.datetime, *, except_id: Optional[int] = None) -> None:
    clash = db.scalar(select(WorkshopSession.id).where(
        WorkshopSession.centre_id == centre_id, WorkshopSession.starts_at == starts_at))
    if clash is not None and clash != except_id:
        raise SessionError(f"Le centre a déjà une séance le {french_when(starts_at)}.")


def _room(room: Optional[str]) -> Optional[str]:
    room = " ".join((room or "").split())
    return room or None


def _session(db, identity: StaffIdentity, session_id: int, *, lock: bool = False) -> WorkshopSession:
    query = select(WorkshopSession).where(WorkshopSession.id == session_id)
    session = db.scalar(query.with_for_update() if lock else query)
    if session is None:
        if identity.role not in ("admin", "centre_staff"):
            raise StaffForbidden()
        raise UnknownSession(session_id)
    if not may_manage_centre(identity, session.centre_id):
        raise StaffForbidden("Vous ne pouvez gérer que les séances de votre centre.")
    return session


# -- create, edit, cancel ---------------------------------------------------------------


def create_session(db, identity: StaffIdentity, *, centre_id: str, starts_at: dt.datetime, duration_minutes: int,
                   capacity: int, room: Optional[str] = None, programme_id: Optional[str] = None,
                   now: Optional[dt.datetime] = None) -> int:
    """A new real session (``is_demo`` False) at one of the member's centres; returns its id."""
    now = now or utc_now()
    _check_centre(db, identity, centre_id)
    room = _room(room)
    programme_id = programme_id or None
    _check_values(db, starts_at=starts_at, duration_minutes=duration_minutes, capacity=capacity, room=room,
                  programme_id=programme_id, now=now)
    _check_free(db, centre_id, starts_at)
    session = WorkshopSession(centre_id=centre_id, programme_id=programme_id, starts_at=starts_at,
                              duration_minutes=duration_minutes, capacity=capacity, seats_taken=0, room=room,
                              created_at=now, is_demo=False)
    db.add(session)
    db.flush()
    audit(db, identity, "session.create", f"session:{session.id}", now=now)
    return session.id


def update_session(db, identity: StaffIdentity, session_id: int, *, starts_at: Optional[dt.datetime] = None,
                   duration_minutes: Optional[int] = None, capacity: Optional[int] = None, room=_UNCHANGED,
                   programme_id=_UNCHANGED, now: Optional[dt.datetime] = None) -> int:
    """Changes what is given (``room`` / ``programme_id``: None clears them). A cancelled or
    past session cannot be changed; the capacity never goes below the seats booked. When the
    date, time, duration or place changes, each booked person is told (outbox), with a
    button to cancel; returns how many were told."""
    now = now or utc_now()
    session = _session(db, identity, session_id, lock=True)
    if session.cancelled_at is not None:
        raise SessionError("Cette séance est annulée : elle ne peut plus être modifiée.")
    if session.starts_at <= now:
        raise SessionError("Cette séance a déjà commencé : elle ne peut plus être modifiée.")
    new_start = starts_at if starts_at is not None else session.starts_at
    new_room = _room(room) if room is not _UNCHANGED else session.room
    new_programme = (programme_id or None) if programme_id is not _UNCHANGED else session.programme_id
    new_duration = duration_minutes if duration_minutes is not None else session.duration_minutes
    new_capacity = capacity if capacity is not None else session.capacity
    _check_values(db, starts_at=new_start, duration_minutes=new_duration, capacity=new_capacity, room=new_room,
                  programme_id=new_programme, now=now, seats_taken=session.seats_taken)
    if new_start != session.starts_at:
        _check_free(db, session.centre_id, new_start, except_id=session.id)
    moved = (new_start, new_duration, new_room) != (session.starts_at, session.duration_minutes, session.room)
    session.starts_at, session.duration_minutes, session.capacity = new_start, new_duration, new_capacity
    session.room, session.programme_id = new_room, new_programme
    told = 0
    if moved:
        centre_name = db.get(CentreRow, session.centre_id).name
        for booking in db.scalars(select(Booking).where(Booking.session_id == session.id, Booking.status == BOOKED)
                                  .order_by(Booking.id)):
            if booking.sender_id:
                cancel = ("Annuler mon inscription", intent_payload("cancel_booking", booking_reference=booking.reference))
                outbox.queue(db, booking.sender_id, change_message(session, centre_name, booking.reference),
                             [cancel], now=now)
                told += 1
    db.flush()
    audit(db, identity, "session.update", f"session:{session.id}", now=now)
    return told


def change_message(session: WorkshopSession, centre_name: str, reference: str) -> str:
    """What a booked person is told when the centre moves their session."""
    room = f", {session.room}" if session.room else ""
    return (
        f"Bonjour, le centre a modifié votre atelier découverte (code {spoken_reference(reference)}) : il aura "
        f"lieu le {french_when(session.starts_at)}, pendant {session.duration_minutes} minutes, au "
        f"{centre_name}{room}. Si ce n'est plus possible pour vous, vous pouvez annuler votre inscription."
    )


def cancellation_message(session: WorkshopSession, centre_name: str, reference: str) -> str:
    """What a booked person is told when the centre cancels (plain, polite French)."""
    return (
        f"Bonjour, nous sommes désolés : l'atelier découverte du {french_when(session.starts_at)} au "
        f"{centre_name} est annulé par le centre. Votre inscription (code {spoken_reference(reference)}) "
        "est annulée, vous n'avez rien à faire. Vous pouvez choisir une autre date."
    )


def cancel_session(db, identity: StaffIdentity, session_id: int, *, now: Optional[dt.datetime] = None) -> CancelReport:
    """Cancels the session and its active bookings (their seats freed as ``BookingService``
    does), and queues a message to each booked person who can still be reached, with a
    button to see other dates. Cancelling twice does nothing more."""
    now = now or utc_now()
    session = _session(db, identity, session_id, lock=True)
    if session.cancelled_at is not None:
        return CancelReport(session_id, 0, 0)
    if session.starts_at <= now:
        raise SessionError("Cette séance a déjà commencé : elle ne peut plus être annulée.")
    centre_name = db.get(CentreRow, session.centre_id).name
    session.cancelled_at = now
    bookings = db.scalars(
        select(Booking).where(Booking.session_id == session.id, Booking.status == BOOKED)
        .order_by(Booking.id).with_for_update()
    ).all()
    notified = 0
    for booking in bookings:
        BookingService._release_seat(db, booking, now)
        if booking.sender_id:  # NULL: the person erased their data, nobody to tell
            outbox.queue(db, booking.sender_id, cancellation_message(session, centre_name, booking.reference),
                         [OTHER_DATES], now=now)
            notified += 1
    db.flush()
    audit(db, identity, "session.cancel", f"session:{session.id}", now=now)
    return CancelReport(session.id, len(bookings), notified)


# -- CSV import ---------------------------------------------------------------------

COLUMNS = ("date", "heure", "durée", "centre", "lieu", "dispositif", "places")
_REQUIRED = ("date", "heure", "durée", "centre", "places")
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_TIME = re.compile(r"^(\d{1,2})\s*(?:[:hH])\s*(\d{2})?$")


def _header_key(name: str) -> str:
    return fold(name or "").strip().lstrip("\ufeff")


def _parse_start(day: str, hour: str) -> dt.datetime:
    date_match, time_match = _DATE.match(day.strip()), _TIME.match(hour.strip())
    if not date_match:
        raise SessionError(f"date « {day.strip()} » illisible : écrivez JJ/MM/AAAA, par exemple 08/12/2026")
    if not time_match:
        raise SessionError(f"heure « {hour.strip()} » illisible : écrivez HH:MM, par exemple 09:30")
    try:
        date = dt.date(int(date_match.group(3)), int(date_match.group(2)), int(date_match.group(1)))
    except ValueError:
        raise SessionError(f"la date {day.strip()} n'existe pas") from None
    hours, minutes = int(time_match.group(1)), int(time_match.group(2) or 0)
    if hours > 23 or minutes > 59:
        raise SessionError(f"l'heure {hour.strip()} n'existe pas")
    return dt.datetime.combine(date, dt.time(hours, minutes), tzinfo=PARIS).astimezone(dt.timezone.utc)


def _whole_number(value: str, what: str) -> int:
    value = value.strip()
    if not value.isdigit():
        raise SessionError(f"{what} « {value} » n'est pas un nombre entier")
    return int(value)


def _lookup(rows, value: str) -> Optional[str]:
    """An id from an id or a name, accents and case ignored."""
    key = fold(value).strip()
    for row_id, name in rows:
        if key in (fold(row_id), fold(name)):
            return row_id
    return None


def import_sessions_csv(db, identity: StaffIdentity, text: str, *, now: Optional[dt.datetime] = None) -> ImportReport:
    """Creates every session of the file, or none when a line is wrong (``errors`` then lists
    every wrong line with its number in the file, the header being line 1)."""
    now = now or utc_now()
    text = (text or "").lstrip("\ufeff")
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        return ImportReport(0, [(1, "Le fichier est vide.")])
    first = lines[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [_header_key(name) for name in next(reader)]
    positions = {name: header.index(_header_key(name)) for name in COLUMNS if _header_key(name) in header}
    missing = [name for name in _REQUIRED if name not in positions]
    if missing:
        return ImportReport(0, [(1, "Colonnes manquantes : " + ", ".join(missing) +
                                 f" (colonnes attendues : {', '.join(COLUMNS)}).")])

    centres = [(row.id, row.name) for row in db.scalars(select(CentreRow).where(CentreRow.active.is_(True)))]
    programmes = [(row.id, row.name) for row in db.scalars(select(ProgrammeRow))]
    planned: Dict[Tuple[str, dt.datetime], int] = {}
    errors: List[Tuple[int, str]] = []
    ready = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(ready) + len(errors) >= MAX_IMPORT_LINES:
            errors.append((line, f"Trop de lignes : {MAX_IMPORT_LINES} séances au plus par fichier."))
            break

        def cell(name: str) -> str:
            index = positions.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        try:
            starts_at = _parse_start(cell("date"), cell("heure"))
            duration = _whole_number(cell("durée"), "la durée")
            capacity = _whole_number(cell("places"), "le nombre de places")
            centre_id = _lookup(centres, cell("centre")) if cell("centre") else None
            if centre_id is None:
                raise SessionError(f"centre « {cell('centre')} » inconnu (donnez son identifiant, par exemple roubaix)")
            if not may_manage_centre(identity, centre_id):
                raise SessionError(f"le centre {centre_id} n'est pas le vôtre")
            programme_id = None
            if cell("dispositif"):
                programme_id = _lookup(programmes, cell("dispositif"))
                if programme_id is None:
                    raise SessionError(f"dispositif « {cell('dispositif')} » inconnu (laissez vide pour tous)")
            room = _room(cell("lieu"))
            _check_values(db, starts_at=starts_at, duration_minutes=duration, capacity=capacity, room=room,
                          programme_id=programme_id, now=now)
            if (centre_id, starts_at) in planned:
                raise SessionError(f"même centre et même heure qu'à la ligne {planned[(centre_id, starts_at)]}")
            _check_free(db, centre_id, starts_at)
        except SessionError as error:
            message = error.message[0].upper() + error.message[1:]
            errors.append((line, message if message.endswith(".") else message + "."))
            continue
        planned[(centre_id, starts_at)] = line
        ready.append(dict(centre_id=centre_id, starts_at=starts_at, duration_minutes=duration, capacity=capacity,
                          room=room, programme_id=programme_id))
    if errors:
        return ImportReport(0, errors)
    if not ready:
        return ImportReport(0, [(2, "Aucune séance dans le fichier.")])
    ids = tuple(create_session(db, identity, now=now, **values) for values in ready)
    audit(db, identity, "session.import", f"sessions:{len(ids)}", now=now)
    return ImportReport(len(ids), [], ids)


__all__ = [
    "COLUMNS", "CancelReport", "ImportReport", "SessionError", "cancel_session", "cancellation_message", "change_message",
    "create_session", "import_sessions_csv", "update_session",
]
