"""Staff accounts for the end-to-end tests, made the way an operator makes them:
``python -m bot.staff add …`` against the database of the stack under test.

Also what the tests compare the answers with: the lookups (actions/staff/lookups.py) run on
that same database for the same member."""
from __future__ import annotations

import datetime as dt
import os
import random
import re
import subprocess
import sys
from typing import List

from bot.settings import PROJECT_ROOT

MEL = "200093201"  # Métropole Européenne de Lille
ROUEN = "200023414"  # Métropole Rouen Normandie
# « mardi 8 décembre à 9 h 30 — Centre Afpa de Lille-Lomme — 7 places sur 12 »
SESSION_LINE = re.compile(r"^\w+ \d+(?:er)? \w+ à \d+ h(?: \d\d)? — (?P<centre>[^—]+) — (?:\d+ places? sur \d+|complète)")
REFUSAL = "Ces informations sont réservées au personnel des intercommunalités et de l'Afpa."


def telegram_user_id() -> int:
    return random.randint(10**8, 2 * 10**9)


def staff_cli(database_url: str, *arguments: str) -> str:
    """Runs ``python -m bot.staff`` against the stack's database; its output."""
    env = dict(os.environ, DATABASE_URL=database_url)
    done = subprocess.run(
        [sys.executable, "-m", "bot.staff", *arguments], cwd=PROJECT_ROOT, env=env,
        capture_output=True, text=True, timeout=180,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def add_staff(database_url: str, *arguments: str) -> int:
    """``python -m bot.staff add …``: the new member's id."""
    return int(staff_cli(database_url, "add", *arguments).split("\t", 1)[0])


def session_lines(text: str) -> List[str]:
    return [line for line in text.split("\n") if SESSION_LINE.match(line)]


def centres_of(lines: List[str]) -> set:
    return {SESSION_LINE.match(line)["centre"].strip() for line in lines}


def expected_places(engine, staff_id: int, week_start: dt.date):
    """What the lookups find for this member this week, on the stack's database."""
    from actions.booking.service import make_sessionmaker
    from actions.staff.claims import Subject
    from actions.staff.directory import find_subject
    from actions.staff.lookups import places

    with make_sessionmaker(engine)() as db:
        identity = find_subject(db, Subject("staff", staff_id))
        now = dt.datetime.now(dt.timezone.utc)
        return places(db, identity, now=now, week_start=week_start)


def this_monday() -> dt.date:
    from actions.booking.clock import PARIS

    today = dt.datetime.now(PARIS).date()
    return today - dt.timedelta(days=today.weekday())
