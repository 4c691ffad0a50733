"""Time helpers: the UTC clock, Paris time, and dates said in French.

Times are stored and compared in UTC; people see Europe/Paris time.
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
# The French names, once for the whole project (dates.py reads them, replies write them).
DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTH_NAMES = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def to_paris(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: give a timezone-aware datetime")
    return moment.astimezone(PARIS)


def french_date(moment: dt.datetime) -> str:
    """"mardi 3 décembre" (Paris time); "1er" for the first of the month."""
    local = to_paris(moment)
    day = "1er" if local.day == 1 else str(local.day)
    return f"{DAY_NAMES[local.weekday()]} {day} {MONTH_NAMES[local.month - 1]}"


def french_time(moment: dt.datetime) -> str:
    """"9 h 30", "14 h" (Paris time), as written in French."""
    local = to_paris(moment)
    return f"{local.hour} h {local.minute:02d}" if local.minute else f"{local.hour} h"


def french_when(moment: dt.datetime) -> str:
    """"mardi 3 décembre à 9 h 30"."""
    return f"{french_date(moment)} à {french_time(moment)}"
