"""What a verified staff member may look up, scoped to their territory or centres (plain Python).

    places(db, identity, now=..., week_start=None, commune_insee=None, epci=None, programme_id=None)
    territory_centres(identity, limit=5)
    programmes_for_public(age=17, situations=("decrocheur",))
    statistics(db, identity, start=..., end=...)
    attendees(db, identity, session_id)      # centre staff of that centre, or admin; audited
    audit(db, identity, action, target)

Scope (docs/staff.md):
- ``admin``: every centre, every event;
- ``centre_staff``: their centres;
- ``epci_staff``: the centres serving their territory (``serving_centres``): the centres
  located in the communes of their intercommunalities, every centre within
  ``SERVING_RADIUS_KM`` of one of those communes, and for each commune at least its
  nearest centre (great-circle distances of ``actions.territory.centres``).

``db`` is an open SQLAlchemy session (``actions.booking.service.make_sessionmaker``); the
caller commits (``attendees`` and ``audit`` add an audit row to it).
"""
from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple, Union

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from actions.booking.clock import PARIS, utc_now
from actions.booking.models import Booking, CentreRow, ProgrammeRow, WorkshopSession
from actions.booking.service import BookingService, _session_view
from actions.staff.directory import StaffIdentity
from actions.staff.models import ADMIN, CENTRE_STAFF, EPCI_STAFF, AssistantEvent, AuditEntry
from actions.territory.centres import centres_by_distance, distance_km
from actions.territory.data import centres as all_centres, territory
from actions.territory.models import Centre, Commune

# A centre this close (as the crow flies) to one commune of an intercommunality serves it.
SERVING_RADIUS_KM = 20.0
# The kinds of ``AssistantEvent`` (actions.staff.events writes them).
ELIGIBILITY_CHECK, QUESTION = "eligibility_check", "question"
ANSWERED, UNANSWERED = "answered", "unanswered"
TOP_UNANSWERED = 10
MAX_PLACES = 200


class StaffForbidden(PermissionError):
    """Outside the staff member's territory or centres; the message is French, for them."""

    def __init__(self, message: str = "Cette information ne relève pas de votre territoire ni de vos centres.") -> None:
        super().__init__(message)
        self.message = message


class UnknownSession(LookupError):
    """No such workshop session; the message is French."""

    def __init__(self, session_id: object) -> None:
        self.message = f"Aucune séance n'a le numéro {session_id}."
        super().__init__(self.message)


@dataclass(frozen=True)
class SessionPlaces:
    session_id: int
    centre_id: str
    centre_name: str
    city: str
    starts_at: dt.datetime  # aware, UTC
    duration_minutes: int
    room: Optional[str]
    programme_id: Optional[str]  # None: open to every programme
    programme_name: Optional[str]
    capacity: int
    seats_left: int
    is_demo: bool
    distance_km: Optional[float]  # from the territory (or the commune asked about); None: not measured


@dataclass(frozen=True)
class CentreNearby:
    centre: Centre
    distance_km: Optional[float]  # None: not measured (centre staff, admin)
    phone: Optional[str]  # from data/catalogue/contact.yml when it has one, never invented
    email: Optional[str]
    url: Optional[str]  # the data has no centre web page yet: None
    contact_unsure: bool = False  # the contact was seen in unofficial sources: « à vérifier »


@dataclass(frozen=True)
class Attendee:
    reference: str
    first_name: Optional[str]  # None once erased
    contact: Optional[str]  # phone (E.164) or e-mail; None once erased
    booked_at: dt.datetime
    status: str  # "booked" | "cancelled"


@dataclass(frozen=True)
class Count:
    key: Optional[str]  # "2026-W49", a programme id (None: sessions open to all), a centre id, an outcome
    label: str  # what to show
    count: int


@dataclass(frozen=True)
class Statistics:
    start: dt.datetime
    end: dt.datetime
    bookings_per_week: Tuple[Count, ...]  # every ISO week of the period, in order (zeros included)
    bookings_per_programme: Tuple[Count, ...]  # most first
    bookings_per_centre: Tuple[Count, ...]  # most first
    cancellations: int
    eligibility_by_outcome: Tuple[Count, ...]
    questions_total: int
    unanswered_total: int
    unanswered_share: Optional[float]  # 0..1; None when no question was counted
    top_unanswered: Tuple[Count, ...]  # the scrubbed texts, most frequent first


# -- scope --------------------------------------------------------------------------


def _communes_of(epcis: Iterable[str]) -> List[Commune]:
    wanted = set(epcis)
    return [commune for commune in territory().communes.values() if commune.epci_code in wanted]


def _serving(communes: Sequence[Commune]) -> Dict[str, float]:
    """centre id -> km to the nearest of these communes, for the centres serving them."""
    found: Dict[str, float] = {}
    for commune in communes:
        pairs = centres_by_distance(commune)
        for index, (centre, km) in enumerate(pairs):
            if index > 0 and km > SERVING_RADIUS_KM:
                break  # sorted: the nearest is always kept, then those within the radius
            found[centre.id] = min(found.get(centre.id, km), km)
    return found


@functools.lru_cache(maxsize=256)
def _serving_epcis(epcis: FrozenSet[str]) -> Tuple[Tuple[str, float], ...]:
    found = _serving(_communes_of(epcis))
    return tuple(sorted(found.items(), key=lambda pair: (pair[1], pair[0])))


def serving_centres(epcis: Iterable[str]) -> List[Tuple[Centre, float]]:
    """The centres serving these intercommunalities, nearest first (see the module docstring)."""
    by_id = {centre.id: centre for centre in all_centres()}
    return [(by_id[centre_id], km) for centre_id, km in _serving_epcis(frozenset(epcis)) if centre_id in by_id]


def scope_centre_ids(identity: StaffIdentity) -> Optional[FrozenSet[str]]:
    """The centres whose sessions this member sees; None: all (admin)."""
    if identity.role == ADMIN:
        return None
    if identity.role == CENTRE_STAFF:
        return frozenset(identity.centres)
    if identity.role == EPCI_STAFF:
        return frozenset(centre_id for centre_id, _ in _serving_epcis(frozenset(identity.epcis)))
    return frozenset()


@functools.lru_cache(maxsize=256)
def _epcis_near_centres(centre_ids: FrozenSet[str]) -> FrozenSet[str]:
    """The intercommunalities a centre serves, seen from the centre: its own, and those with a
    commune within the radius."""
    chosen = [centre for centre in all_centres() if centre.id in centre_ids]
    found = set()
    for commune in territory().communes.values():
        if commune.epci_code is None or commune.epci_code in found:
            continue
        for centre in chosen:
            km = distance_km(commune, centre)
            if km is not None and km <= SERVING_RADIUS_KM:
                found.add(commune.epci_code)
                break
    return frozenset(found)


def scope_epcis(identity: StaffIdentity) -> Optional[FrozenSet[str]]:
    """The intercommunalities whose anonymous events this member counts; None: all (admin)."""
    if identity.role == ADMIN:
        return None
    if identity.role == EPCI_STAFF:
        return frozenset(identity.epcis)
    if identity.role == CENTRE_STAFF:
        return _epcis_near_centres(frozenset(identity.centres))
    return frozenset()


def may_manage_centre(identity: StaffIdentity, centre_id: str) -> bool:
    """Whether this member may see the attendees of, and change, this centre's sessions."""
    return identity.role == ADMIN or (identity.role == CENTRE_STAFF and centre_id in identity.centres)


# -- audit --------------------------------------------------------------------------


def audit(db: Session, identity: StaffIdentity, action: str, target: Optional[str] = None,
          *, now: Optional[dt.datetime] = None) -> None:
    """Writes who did what to what (ids only, never a person's data) into the audit log."""
    db.add(AuditEntry(at=now or utc_now(), staff_id=identity.id, action=action[:60],
                      target=target[:120] if target else None))


# -- places -------------------------------------------------------------------------


def week_bounds(week_start: dt.date) -> Tuple[dt.datetime, dt.datetime]:
    """Monday 0:00 to the next Monday 0:00, Paris time, as aware datetimes (any day of the week
    gives its week)."""
    monday = week_start - dt.timedelta(days=week_start.weekday())
    start = dt.datetime.combine(monday, dt.time(0), tzinfo=PARIS)
    end = dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(0), tzinfo=PARIS)
    return start.astimezone(dt.timezone.utc), end.astimezone(dt.timezone.utc)


def _commune(insee: str) -> Commune:
    commune = territory().communes.get((insee or "").strip().upper())
    if commune is None:
        raise StaffForbidden(f"Aucune commune n'a le code INSEE {insee}.")
    return commune


def places(
    db: Session,
    identity: StaffIdentity,
    *,
    now: dt.datetime,
    week_start: Optional[dt.date] = None,
    commune_insee: Optional[str] = None,
    epci: Optional[str] = None,
    programme_id: Optional[str] = None,
    limit: int = MAX_PLACES,
) -> List[SessionPlaces]:
    """Upcoming sessions (not cancelled, centre still listed) of the centres this member sees,
    soonest first, with their seats left (full ones included, with 0).

    ``commune_insee`` / ``epci``: only the centres serving that commune / intercommunality
    (an ``epci_staff`` member: within their own intercommunalities, else ``StaffForbidden``);
    ``programme_id``: the sessions a person interested in it may book (that programme's and
    those open to all); ``week_start``: that week (Paris time)."""
    scope = scope_centre_ids(identity)
    distances: Dict[str, float] = dict(_serving_epcis(frozenset(identity.epcis))) if identity.role == EPCI_STAFF else {}
    if epci is not None:
        if identity.role == EPCI_STAFF and epci not in identity.epcis:
            raise StaffForbidden("Cette intercommunalité n'est pas la vôtre.")
        communes = _communes_of([epci])
        if not communes:
            raise StaffForbidden(f"Aucune intercommunalité n'a le code SIREN {epci}.")
        distances = _serving(communes)
    if commune_insee is not None:
        commune = _commune(commune_insee)
        if identity.role == EPCI_STAFF and commune.epci_code not in identity.epcis:
            raise StaffForbidden(f"{commune.name} n'est pas sur votre territoire.")
        if epci is not None and commune.epci_code != epci:
            return []
        distances = _serving([commune])
    centre_ids = set(distances) if (epci is not None or commune_insee is not None) else None
    if scope is not None:
        centre_ids = set(scope) if centre_ids is None else centre_ids & scope
    if centre_ids is not None and not centre_ids:
        return []

    statement = BookingService._session_query().where(
        CentreRow.active.is_(True),
        WorkshopSession.cancelled_at.is_(None),
        WorkshopSession.starts_at > now,
    )
    if centre_ids is not None:
        statement = statement.where(WorkshopSession.centre_id.in_(sorted(centre_ids)))
    if programme_id is not None:
        statement = statement.where(or_(WorkshopSession.programme_id.is_(None),
                                        WorkshopSession.programme_id == programme_id))
    if week_start is not None:
        start, end = week_bounds(week_start)
        statement = statement.where(WorkshopSession.starts_at >= start, WorkshopSession.starts_at < end)
    statement = statement.order_by(WorkshopSession.starts_at, WorkshopSession.centre_id, WorkshopSession.id)
    found = []
    for row in db.execute(statement.limit(limit)):
        view = _session_view(*row)
        found.append(SessionPlaces(
            session_id=view.session_id, centre_id=view.centre_id, centre_name=view.centre_name,
            city=view.centre_city, starts_at=view.starts_at, duration_minutes=view.duration_minutes,
            room=view.room, programme_id=view.programme_id, programme_name=view.programme_name,
            capacity=view.capacity, seats_left=max(0, view.seats_left), is_demo=view.is_demo,
            distance_km=round(distances[view.centre_id], 1) if view.centre_id in distances else None,
        ))
    return found


# -- centres ------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _catalogue():
    from actions.catalogue import load_catalogue

    return load_catalogue()


def _nearby(centre: Centre, km: Optional[float]) -> CentreNearby:
    known = _catalogue().centre_contacts.get(centre.id)
    return CentreNearby(
        centre=centre,
        distance_km=round(km, 1) if km is not None else None,
        phone=known.phone if known else None,
        email=known.email if known else None,
        url=None,
        contact_unsure=bool(known and known.confidence == "unsure"),
    )


def territory_centres(identity: StaffIdentity, *, limit: Optional[int] = 5) -> List[CentreNearby]:
    """The centres serving the member's territory, nearest first (``epci_staff``); their own
    centres (``centre_staff``); every centre, by name (``admin``). ``limit`` None: all."""
    if identity.role == EPCI_STAFF:
        pairs: List[Tuple[Centre, Optional[float]]] = list(serving_centres(identity.epcis))
    elif identity.role == CENTRE_STAFF:
        pairs = [(centre, None) for centre in all_centres() if centre.id in identity.centres]
    elif identity.role == ADMIN:
        pairs = [(centre, None) for centre in sorted(all_centres(), key=lambda centre: centre.name)]
    else:
        pairs = []
    if limit is not None:
        pairs = pairs[:limit]
    return [_nearby(centre, km) for centre, km in pairs]


# -- programmes ---------------------------------------------------------------------


def programmes_for_public(*, age: Optional[int] = None, situations: Iterable[str] = (), catalogue=None):
    """The eligibility engine's summary (``actions.eligibility.Summary``: fits, nearly,
    not_for_you… each verdict with its French reason) for a public described by its age and
    situations (``actions.eligibility.SITUATIONS``: "decrocheur", "refugie", …)."""
    from actions.eligibility import Profile, build_summary

    profile = Profile(age=age, situations_true=frozenset(situations))
    return build_summary(profile, catalogue or _catalogue())


# -- attendees ----------------------------------------------------------------------


def attendees(db: Session, identity: StaffIdentity, session_id: int,
              *, now: Optional[dt.datetime] = None) -> List[Attendee]:
    """Who booked this session (cancelled bookings included), oldest booking first.

    Only the staff of the session's centre, or an admin (else ``StaffForbidden``); every
    call is written to the audit log ("attendees.view", "session:<id>")."""
    centre_id = db.scalar(select(WorkshopSession.centre_id).where(WorkshopSession.id == session_id))
    if centre_id is None:
        if identity.role not in (ADMIN, CENTRE_STAFF):
            raise StaffForbidden()
        raise UnknownSession(session_id)
    if not may_manage_centre(identity, centre_id):
        raise StaffForbidden("Seuls les membres du centre de cette séance voient qui l'a réservée.")
    rows = db.scalars(select(Booking).where(Booking.session_id == session_id).order_by(Booking.created_at, Booking.id))
    found = [Attendee(reference=row.reference, first_name=row.first_name, contact=row.contact,
                      booked_at=row.created_at, status=row.status) for row in rows]
    audit(db, identity, "attendees.view", f"session:{session_id}", now=now)
    return found


# -- statistics ---------------------------------------------------------------------


def _moment(value: Union[dt.date, dt.datetime]) -> dt.datetime:
    """An aware datetime; a date is midnight, Paris time."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime: give a timezone-aware datetime")
        return value
    return dt.datetime.combine(value, dt.time(0), tzinfo=PARIS)


def iso_week(moment: dt.datetime) -> str:
    year, week, _ = moment.astimezone(PARIS).isocalendar()
    return f"{year}-W{week:02d}"


def _week_label(key: str) -> str:
    year, week = key.split("-W")
    monday = dt.date.fromisocalendar(int(year), int(week), 1)
    from actions.booking.clock import MONTH_NAMES

    day = "1er" if monday.day == 1 else str(monday.day)
    return f"semaine du {day} {MONTH_NAMES[monday.month - 1]} {monday.year}"


def _weeks_between(start: dt.datetime, end: dt.datetime) -> List[str]:
    weeks, day = [], start.astimezone(PARIS).date()
    last = (end - dt.timedelta(microseconds=1)).astimezone(PARIS).date()
    while day <= last:
        key = iso_week(dt.datetime.combine(day, dt.time(12), tzinfo=PARIS))
        if key not in weeks:
            weeks.append(key)
        day += dt.timedelta(days=1)
    return weeks


def _ranked(counter: Counter, labels: Dict[Optional[str], str]) -> Tuple[Count, ...]:
    return tuple(Count(key, labels.get(key, key or ""), count)
                 for key, count in sorted(counter.items(), key=lambda item: (-item[1], str(item[0]))))


OUTCOME_LABELS = {
    "fits": "au moins un dispositif possible",
    "nearly": "presque : une réponse manque",
    "undecided": "pas assez de réponses",
    "nothing_fits": "aucun dispositif de l'Afpa",
}


def statistics(db: Session, identity: StaffIdentity, *, start: Union[dt.date, dt.datetime],
               end: Union[dt.date, dt.datetime]) -> Statistics:
    """Counts only, for the period [start, end) (dates: Paris midnights), scoped to the member:
    bookings made (``created_at``) and cancelled (``cancelled_at``) in the period, of sessions
    of the centres they see; eligibility checks and questions of the people of the
    intercommunalities they see (``scope_epcis``; an admin also counts events with no known
    place)."""
    start, end = _moment(start), _moment(end)
    centres = scope_centre_ids(identity)
    booking_query = (
        select(Booking.created_at, Booking.status, Booking.cancelled_at, WorkshopSession.programme_id,
               WorkshopSession.centre_id)
        .join(WorkshopSession, WorkshopSession.id == Booking.session_id)
    )
    if centres is not None:
        booking_query = booking_query.where(WorkshopSession.centre_id.in_(sorted(centres)))
    made = booking_query.where(Booking.created_at >= start, Booking.created_at < end)
    per_week: Counter = Counter({week: 0 for week in _weeks_between(start, end)})
    per_programme: Counter = Counter()
    per_centre: Counter = Counter()
    for created_at, _status, _cancelled, programme_id, centre_id in db.execute(made):
        per_week[iso_week(created_at)] += 1
        per_programme[programme_id] += 1
        per_centre[centre_id] += 1
    cancelled = booking_query.where(Booking.cancelled_at >= start, Booking.cancelled_at < end)
    cancellations = len(db.execute(cancelled).all())

    programme_names: Dict[Optional[str], str] = {row.id: row.name for row in db.scalars(select(ProgrammeRow))}
    programme_names[None] = "Tous dispositifs"
    centre_names: Dict[Optional[str], str] = {row.id: row.name for row in db.scalars(select(CentreRow))}

    events = select(AssistantEvent.kind, AssistantEvent.outcome, AssistantEvent.text).where(
        AssistantEvent.at >= start, AssistantEvent.at < end)
    epcis = scope_epcis(identity)
    if epcis is not None:
        events = events.where(AssistantEvent.epci_siren.in_(sorted(epcis)))
    outcomes: Counter = Counter()
    questions = unanswered = 0
    texts: Counter = Counter()
    for kind, outcome, text in db.execute(events):
        if kind == ELIGIBILITY_CHECK:
            outcomes[outcome or "unknown"] += 1
        elif kind == QUESTION:
            questions += 1
            if outcome == UNANSWERED:
                unanswered += 1
                if text:
                    texts[text] += 1
    week_labels = {key: _week_label(key) for key in per_week}
    return Statistics(
        start=start,
        end=end,
        bookings_per_week=tuple(Count(key, week_labels[key], per_week[key]) for key in sorted(per_week)),
        bookings_per_programme=_ranked(per_programme, programme_names),
        bookings_per_centre=_ranked(per_centre, centre_names),
        cancellations=cancellations,
        eligibility_by_outcome=_ranked(outcomes, dict(OUTCOME_LABELS, unknown="non précisé")),
        questions_total=questions,
        unanswered_total=unanswered,
        unanswered_share=(unanswered / questions) if questions else None,
        top_unanswered=tuple(Count(text, text, count) for text, count in
                             sorted(texts.items(), key=lambda item: (-item[1], item[0]))[:TOP_UNANSWERED]),
    )


__all__ = [
    "ANSWERED", "ELIGIBILITY_CHECK", "QUESTION", "SERVING_RADIUS_KM", "UNANSWERED", "Attendee", "CentreNearby",
    "Count", "SessionPlaces", "Statistics", "StaffForbidden", "UnknownSession", "attendees", "audit",
    "may_manage_centre", "places", "programmes_for_public", "scope_centre_ids", "scope_epcis", "serving_centres",
    "statistics", "territory_centres", "week_bounds",
]
