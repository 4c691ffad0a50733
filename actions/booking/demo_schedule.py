"""Demo workshop sessions: eight weeks of realistic sessions at every centre.

    python -m actions.booking.demo_schedule [--start 2026-12-01] [--seed 1949] [--weeks 8]
    (database: --database-url, else DATABASE_URL, else var/afpa.db)

Each centre gets two to four sessions a week, on weekdays that are not public
holidays, at 9:30 or 14:00 Paris time, two hours long, 8 to 15 seats; about one in
four is for a specific programme, the others for all programmes.

Whether the action server adds them is the ``DEMO_SCHEDULE`` setting (``demo_schedule_enabled``):
1/0, true/false (also yes/no, oui/non, on/off); unset, it is on only for the local SQLite file
(``DATABASE_URL`` unset) and off for any other database, so that production never gets
demonstration sessions unless asked. Demo sessions are marked ``is_demo`` and said so to
the person (« séance de démonstration »).

Deterministic and idempotent: each week's sessions of a centre are drawn from a
random generator seeded with (seed, centre, Monday of that week), so the same seed
always gives the same sessions whatever the start date, and a session already in
the database (same centre, same start) is never added twice. ``prepare_database``
runs it at start when no future session exists.
"""
from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import random
from typing import Iterator, List, Mapping, Optional, Sequence, Set, Tuple

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from actions.booking.clock import PARIS, utc_now
from actions.booking.models import CentreRow, ProgrammeRow, WorkshopSession
from actions.booking.service import make_sessionmaker

logger = logging.getLogger(__name__)

DEMO_SEED = 1949  # the year the Afpa's ancestor was founded
DEMO_WEEKS = 8
SLOTS = (dt.time(9, 30), dt.time(14, 0))
DURATION_MINUTES = 120
CAPACITY_RANGE = (8, 15)
SESSIONS_PER_WEEK = (2, 4)
SPECIFIC_PROGRAMME_SHARE = 0.25
# Programmes that hold discovery workshops of their own in the demo.
SPECIFIC_PROGRAMMES = ("prepa_competences", "declic_action", "promo_16_18", "hope", "apprentissage")
ROOMS = ("Salle d'accueil", "Salle 1", "Salle 2", "Espace information", "Plateau technique")


_TRUE = ("1", "true", "yes", "oui", "on")
_FALSE = ("0", "false", "no", "non", "off")


def demo_schedule_enabled(environ: Mapping[str, str] = os.environ) -> bool:
    """DEMO_SCHEDULE (see the module docstring); a value that is none of the above raises
    ``ValueError`` with a French message (the action server stops on it at start)."""
    raw = environ.get("DEMO_SCHEDULE", "").strip().lower()
    if not raw:
        return not environ.get("DATABASE_URL", "").strip()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ValueError(f"DEMO_SCHEDULE doit valoir 1 ou 0 (true/false), pas {raw!r}")


def french_public_holidays(year: int) -> Set[dt.date]:
    """The eleven public holidays of metropolitan France (no Alsace-Moselle extras)."""
    easter = _easter_sunday(year)
    fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    return {dt.date(year, month, day) for month, day in fixed} | {
        easter + dt.timedelta(days=1),  # Easter Monday
        easter + dt.timedelta(days=39),  # Ascension
        easter + dt.timedelta(days=50),  # Whit Monday
    }


def _easter_sunday(year: int) -> dt.date:
    # Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def planned_sessions(
    centre_ids: Sequence[str],
    programme_ids: Sequence[str],
    *,
    start: dt.date,
    weeks: int = DEMO_WEEKS,
    seed: int = DEMO_SEED,
) -> Iterator[Tuple[str, Optional[str], dt.datetime, int, str]]:
    """(centre id, programme id or None, UTC start, capacity, room) of every demo session."""
    specific = [programme for programme in SPECIFIC_PROGRAMMES if programme in programme_ids]
    end = start + dt.timedelta(weeks=weeks)
    first_monday = start - dt.timedelta(days=start.weekday())
    mondays = [first_monday + dt.timedelta(weeks=n) for n in range(weeks + 1)]
    holidays = set().union(*(french_public_holidays(year) for year in {start.year, end.year}))
    for centre_id in sorted(centre_ids):
        for monday in mondays:
            rng = random.Random(f"{seed}|{centre_id}|{monday.isoformat()}")
            slots = [(monday + dt.timedelta(days=day), time) for day in range(5) for time in SLOTS]
            chosen = sorted(rng.sample(slots, rng.randint(*SESSIONS_PER_WEEK)))
            for day, time in chosen:
                # The draws happen before the date filter so that a week's sessions do
                # not depend on where the requested period starts.
                capacity = rng.randint(*CAPACITY_RANGE)
                programme = rng.choice(specific) if specific and rng.random() < SPECIFIC_PROGRAMME_SHARE else None
                room = rng.choice(ROOMS)
                if start <= day < end and day not in holidays:
                    starts_at = dt.datetime.combine(day, time, tzinfo=PARIS).astimezone(dt.timezone.utc)
                    yield centre_id, programme, starts_at, capacity, room


def fill_demo_schedule(
    engine: Engine,
    *,
    start: Optional[dt.date] = None,
    weeks: int = DEMO_WEEKS,
    seed: int = DEMO_SEED,
    now: Optional[dt.datetime] = None,
) -> int:
    """Adds the missing demo sessions from ``start`` (default: today in Paris); returns how many.

    Sessions that would start before ``now`` are skipped.
    """
    now = now or utc_now()
    start = start or now.astimezone(PARIS).date()
    sessions = make_sessionmaker(engine)
    for _ in range(2):  # a second start-up doing the same at the same time: retry once
        try:
            with sessions.begin() as db:
                return _insert_missing(db, start=start, weeks=weeks, seed=seed, now=now)
        except IntegrityError:
            logger.info("demo schedule: concurrent insert, retrying")
    return 0


def _insert_missing(db, *, start: dt.date, weeks: int, seed: int, now: dt.datetime) -> int:
    centre_ids: List[str] = list(db.execute(select(CentreRow.id).where(CentreRow.active.is_(True))).scalars())
    programme_ids: List[str] = list(db.execute(select(ProgrammeRow.id)).scalars())
    existing = {
        (centre_id, starts_at)
        for centre_id, starts_at in db.execute(
            select(WorkshopSession.centre_id, WorkshopSession.starts_at).where(WorkshopSession.starts_at > now)
        )
    }
    added = 0
    for centre_id, programme_id, starts_at, capacity, room in planned_sessions(
        centre_ids, programme_ids, start=start, weeks=weeks, seed=seed
    ):
        if starts_at <= now or (centre_id, starts_at) in existing:
            continue
        db.add(
            WorkshopSession(
                centre_id=centre_id,
                programme_id=programme_id,
                starts_at=starts_at,
                duration_minutes=DURATION_MINUTES,
                capacity=capacity,
                seats_taken=0,
                room=room,
                created_at=now,
                is_demo=True,
            )
        )
        added += 1
    return added


def has_future_sessions(engine: Engine, now: Optional[dt.datetime] = None) -> bool:
    now = now or utc_now()
    with make_sessionmaker(engine)() as db:
        count = db.execute(select(func.count(WorkshopSession.id)).where(WorkshopSession.starts_at > now)).scalar_one()
    return count > 0


def main(argv: Sequence[str] | None = None) -> None:
    from actions.booking.database import make_engine
    from actions.booking.startup import prepare_database

    parser = argparse.ArgumentParser(description="Remplit le planning de démonstration des ateliers.")
    parser.add_argument("--database-url", help="URL SQLAlchemy (défaut : DATABASE_URL, sinon var/afpa.db)")
    parser.add_argument("--start", type=dt.date.fromisoformat, help="premier jour (AAAA-MM-JJ, défaut : aujourd'hui)")
    parser.add_argument("--weeks", type=int, default=DEMO_WEEKS)
    parser.add_argument("--seed", type=int, default=DEMO_SEED)
    args = parser.parse_args(argv)

    engine = make_engine(args.database_url)
    try:
        prepare_database(engine, demo_schedule=False)
        added = fill_demo_schedule(engine, start=args.start, weeks=args.weeks, seed=args.seed)
    finally:
        engine.dispose()
    print(f"{added} séances ajoutées.")


if __name__ == "__main__":
    main()
