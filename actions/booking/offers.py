"""Which workshop sessions to offer someone, and in which order: the nearest centre first.

Plain Python, no Rasa (tests/unit/test_offers.py)::

    offer = offer_sessions(service, commune, wish, programme_id, sender_id)
    offer.sessions         # up to MAX_SESSIONS SessionView, nearest centre first, then by date
    offer.wish_unmatched   # True: nothing on the wished date nearby, the soonest are offered
    offer.distances        # centre id -> km from the commune (as the crow flies)

The rules, so that a 16-year-old in a town with a centre is never offered a workshop
200 km away first:

1. the centres are looked at nearest first (``actions.territory.centres_by_distance``);
   the first one that has a session with a free seat (for that programme or open to all,
   not already booked by this person) sets the distance ``d``;
2. only the centres within ``d + NEARBY_KM`` are offered: a farther centre is offered
   only when nothing nearer has a session at all;
3. among them, the wished date (``DateWish``) narrows the sessions; when nothing nearby
   matches it, the soonest nearby sessions are offered and the reply says so (being near
   matters more than the day: the person can ask another date);
4. nearest centre first, then soonest first.

Overseas communes get nothing (no Afpa centre overseas).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Set, Tuple

from actions.booking.answers.time_of_day import TimeOfDay
from actions.booking.clock import to_paris
from actions.booking.dates import DateWish
from actions.booking.service import BookingService
from actions.booking.views import SessionView
from actions.territory import Centre, Commune
from actions.territory.centres import centres_by_distance

MAX_SESSIONS = 5
# Centres this much farther than the nearest one with a session are "as near" (a
# neighbouring town); beyond, they are offered only if nothing nearer has a session.
NEARBY_KM = 15.0
# How many centres, nearest first, are searched for a session before giving up.
MAX_CENTRES_SEARCHED = 12


@dataclass(frozen=True)
class Offer:
    sessions: Tuple[SessionView, ...] = ()
    wish_unmatched: bool = False
    distances: Dict[str, float] = field(default_factory=dict)

    @property
    def nearest_km(self) -> Optional[float]:
        """How far the nearest offered centre is (None when nothing is offered)."""
        known = [self.distances[s.centre_id] for s in self.sessions if s.centre_id in self.distances]
        return min(known) if known else None


def offer_sessions(
    service: BookingService,
    commune: Commune,
    wish: Optional[DateWish],
    programme_id: Optional[str],
    sender_id: Optional[str] = None,
    *,
    limit: int = MAX_SESSIONS,
) -> Offer:
    """The sessions to offer near ``commune`` (see the module docstring)."""
    booked: Set[int] = (
        {view.session.session_id for view in service.upcoming_bookings(sender_id)} if sender_id else set()
    )
    nearby = _nearby_centres_with_sessions(service, commune, programme_id, booked)
    if not nearby:
        return Offer()
    distances = {centre.id: km for centre, km in nearby}

    def available(**filters) -> List[SessionView]:
        found: List[SessionView] = []
        for centre, _ in nearby:
            found += service.available_sessions(
                [centre.id], programme_id=programme_id, limit=limit + len(booked), **filters
            )
        return [session for session in found if session.session_id not in booked]

    def nearest_then_soonest(sessions: Sequence[SessionView]) -> Tuple[SessionView, ...]:
        unique = {session.session_id: session for session in sessions}.values()
        return tuple(sorted(unique, key=lambda s: (distances[s.centre_id], s.starts_at, s.session_id))[:limit])

    if wish is not None and wish.status == "understood" and wish.restricts:
        matching: List[SessionView] = []
        for start, end in wish.ranges or ((None, None),):
            matching += available(earliest=start, latest=end, part_of_day=wish.part_of_day)
        if matching:
            return Offer(nearest_then_soonest(matching), False, distances)
        return Offer(nearest_then_soonest(available()), True, distances)
    return Offer(nearest_then_soonest(available()), False, distances)


def _nearby_centres_with_sessions(
    service: BookingService, commune: Commune, programme_id: Optional[str], booked: Set[int]
) -> List[Tuple[Centre, float]]:
    """The nearest centre that has a session, and those within NEARBY_KM farther (rules 1-2)."""
    nearby: List[Tuple[Centre, float]] = []
    limit_km: Optional[float] = None
    for centre, km in centres_by_distance(commune, MAX_CENTRES_SEARCHED):
        if limit_km is not None and km > limit_km:
            break
        if _has_session(service, centre, programme_id, booked):
            nearby.append((centre, km))
            if limit_km is None:
                limit_km = km + NEARBY_KM
    return nearby


def _has_session(service: BookingService, centre: Centre, programme_id: Optional[str], booked: Set[int]) -> bool:
    sessions: Sequence[SessionView] = service.available_sessions(
        [centre.id], programme_id=programme_id, limit=len(booked) + 1
    )
    return any(session.session_id not in booked for session in sessions)


def sorted_by_hours(sessions: Sequence[SessionView], hours: TimeOfDay) -> List[SessionView]:
    """Nearest to the hours wished first ("à 7 h": none then, 9 h 30 first), then soonest."""
    def closeness(session: SessionView):
        local = to_paris(session.starts_at)
        return hours.distance(local.hour, local.minute), session.starts_at

    return sorted(sessions, key=closeness)
