"""The demo schedule: realistic, deterministic, idempotent (SQLite and PostgreSQL)."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from sqlalchemy import select

from actions.booking.clock import PARIS
from actions.booking.demo_schedule import (
    CAPACITY_RANGE,
    demo_schedule_enabled,
    fill_demo_schedule,
    french_public_holidays,
    has_future_sessions,
    planned_sessions,
)
from actions.booking.models import WorkshopSession
from actions.booking.service import make_sessionmaker
from actions.booking.startup import prepare_database
from tests.db.support import CENTRES, NOW, PROGRAMMES

START = dt.date(2026, 12, 1)


def stored_sessions(engine):
    with make_sessionmaker(engine)() as db:
        rows = db.execute(select(WorkshopSession).order_by(WorkshopSession.centre_id, WorkshopSession.starts_at))
        return [
            (s.centre_id, s.programme_id, s.starts_at, s.capacity, s.room, s.duration_minutes)
            for s in rows.scalars()
        ]


def test_running_twice_adds_nothing(engine):
    added = fill_demo_schedule(engine, start=START, now=NOW, seed=7)
    assert added > 0
    before = stored_sessions(engine)
    assert fill_demo_schedule(engine, start=START, now=NOW, seed=7) == 0
    assert stored_sessions(engine) == before


def test_sessions_look_real(engine):
    fill_demo_schedule(engine, start=START, now=NOW)
    sessions = stored_sessions(engine)
    end = START + dt.timedelta(weeks=8)
    holidays = french_public_holidays(2026) | french_public_holidays(2027)
    for centre_id, programme_id, starts_at, capacity, room, duration in sessions:
        local = starts_at.astimezone(PARIS)
        assert local.weekday() < 5, "weekdays only"
        assert (local.hour, local.minute) in {(9, 30), (14, 0)}
        assert START <= local.date() < end
        assert local.date() not in holidays
        assert CAPACITY_RANGE[0] <= capacity <= CAPACITY_RANGE[1]
        assert duration > 0 and room
        assert starts_at > NOW
    per_centre = Counter(session[0] for session in sessions)
    assert set(per_centre) == {centre.id for centre in CENTRES}, "every centre has sessions"
    assert all(count >= 8 for count in per_centre.values())  # at least about one a week
    specific = [session for session in sessions if session[1] is not None]
    assert 0 < len(specific) < len(sessions) / 2, "some for a programme, most for all"
    assert {session[1] for session in specific} <= {programme_id for programme_id, _ in PROGRAMMES}


def test_same_seed_and_start_give_the_same_schedule():
    centres, programmes = [c.id for c in CENTRES], [p for p, _ in PROGRAMMES]
    first = list(planned_sessions(centres, programmes, start=START, seed=3))
    assert first == list(planned_sessions(centres, programmes, start=START, seed=3))
    assert first != list(planned_sessions(centres, programmes, start=START, seed=4))


def test_a_later_start_keeps_the_sessions_already_planned(engine):
    fill_demo_schedule(engine, start=START, now=NOW)
    first = set(stored_sessions(engine))
    later_start = START + dt.timedelta(days=10)
    fill_demo_schedule(engine, start=later_start, now=NOW)
    second = set(stored_sessions(engine))
    assert first <= second  # nothing moved or doubled: only the new days were added
    starts = [session[2] for session in second]
    assert len(starts) == len(set(zip((s[0] for s in second), starts)))


def test_past_slots_are_skipped(engine):
    afternoon = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.timezone.utc)
    fill_demo_schedule(engine, start=START, now=afternoon)
    assert all(session[2] > afternoon for session in stored_sessions(engine))


def test_christmas_is_a_holiday():
    holidays = french_public_holidays(2027)
    assert dt.date(2027, 12, 25) in holidays
    assert dt.date(2027, 3, 29) in holidays  # Easter Monday 2027
    assert dt.date(2027, 5, 6) in holidays  # Ascension 2027


def test_start_up_fills_an_empty_schedule_only(engine, monkeypatch):
    monkeypatch.setenv("DEMO_SCHEDULE", "1")
    assert not has_future_sessions(engine, NOW)
    prepare_database(engine, centres=CENTRES, programmes=PROGRAMMES, now=NOW)
    count = len(stored_sessions(engine))
    assert count > 0 and has_future_sessions(engine, NOW)
    prepare_database(engine, centres=CENTRES, programmes=PROGRAMMES, now=NOW)
    assert len(stored_sessions(engine)) == count
    with make_sessionmaker(engine)() as db:
        assert set(db.scalars(select(WorkshopSession.is_demo))) == {True}


def test_no_demo_sessions_when_demo_schedule_is_off(engine, monkeypatch):
    monkeypatch.setenv("DEMO_SCHEDULE", "0")
    prepare_database(engine, centres=CENTRES, programmes=PROGRAMMES, now=NOW)
    assert not has_future_sessions(engine, NOW)


@pytest.mark.parametrize("environ, expected", [
    ({}, True),  # the local SQLite file
    ({"DATABASE_URL": "postgresql+psycopg2://afpa@db/afpa"}, False),  # production: never unless asked
    ({"DATABASE_URL": "postgresql+psycopg2://afpa@db/afpa", "DEMO_SCHEDULE": "1"}, True),
    ({"DATABASE_URL": "postgresql+psycopg2://afpa@db/afpa", "DEMO_SCHEDULE": "true"}, True),
    ({"DEMO_SCHEDULE": "0"}, False),
    ({"DEMO_SCHEDULE": "False"}, False),
])
def test_demo_schedule_setting(environ, expected):
    assert demo_schedule_enabled(environ) is expected


def test_demo_schedule_setting_refuses_other_values():
    with pytest.raises(ValueError, match="DEMO_SCHEDULE"):
        demo_schedule_enabled({"DEMO_SCHEDULE": "peut-être"})
