"""The period a staff member's lookup is about, from their words (issue #11).

    sessions_period("combien de places cette semaine ?", now)  -> SessionsPeriod(week_start=…, label="cette semaine")
    statistics_period("stats du mois dernier", now)          -> StatsPeriod(start, end)

Sessions are upcoming: the booking's date parser (``actions.booking.dates.parse_when``)
reads « cette semaine », « la semaine prochaine », « la semaine du 14 », « en décembre »…
Figures are about the past, which that parser refuses: « cette semaine », « la semaine
dernière », « ce mois-ci », « le mois dernier », « ce trimestre », « cette année », « depuis
janvier » are read here; anything else is the last 30 days.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

from actions.booking.clock import MONTH_NAMES, PARIS
from actions.booking.dates import parse_when

DEFAULT_DAYS = 30
WEEK = dt.timedelta(days=7)


@dataclass(frozen=True)
class SessionsPeriod:
    """``week_start`` (a Monday) for one week; else ``start``/``end`` (aware UTC, end exclusive)
    for a longer span; nothing: every upcoming session. ``label``: « cette semaine »…"""

    week_start: Optional[dt.date] = None
    start: Optional[dt.datetime] = None
    end: Optional[dt.datetime] = None
    label: str = ""

    def contains(self, moment: dt.datetime) -> bool:
        return (self.start is None or moment >= self.start) and (self.end is None or moment < self.end)


@dataclass(frozen=True)
class StatsPeriod:
    start: dt.datetime  # aware, end exclusive
    end: dt.datetime


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _day_label(day: dt.date) -> str:
    return f"{'1er' if day.day == 1 else day.day} {MONTH_NAMES[day.month - 1]}"


def sessions_period(text: Optional[str], now: dt.datetime) -> SessionsPeriod:
    """The week (or span) of upcoming sessions ``text`` asks about; nothing said: every session."""
    wish = parse_when(text, now) if text else None
    if wish is None or not wish.ranges:
        return SessionsPeriod()
    start, end = wish.ranges[0]
    local_start = start.astimezone(PARIS).date() if start.year > 1 else now.astimezone(PARIS).date()
    if end is not None and end - start <= WEEK:
        monday = _monday(local_start)
        this_week = _monday(now.astimezone(PARIS).date())
        if end - start == WEEK or monday == _monday((end - dt.timedelta(seconds=1)).astimezone(PARIS).date()):
            if monday == this_week:
                label = "cette semaine"
            elif monday == this_week + WEEK:
                label = "la semaine prochaine"
            else:
                label = f"la semaine du {_day_label(monday)}"
            return SessionsPeriod(week_start=monday, label=label)
    return SessionsPeriod(start=start if start.year > 1 else None, end=end, label=wish.label)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFD", (text or "").lower().replace("’", "'"))
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=PARIS).astimezone(dt.timezone.utc)


def _month_start(day: dt.date, back: int = 0) -> dt.date:
    month = day.month - back
    year = day.year
    while month < 1:
        month += 12
        year -= 1
    return dt.date(year, month, 1)


_MONTHS = [_normalise(name) for name in MONTH_NAMES]
_SINCE_MONTH = re.compile(r"\bdepuis (?:le (?:debut|1er|1) (?:du mois )?(?:de |d')?)?(" + "|".join(_MONTHS) + r")\b")


def statistics_period(text: Optional[str], now: dt.datetime) -> StatsPeriod:
    """The past period ``text`` names (module docstring); the last 30 days when none."""
    said = _normalise(text or "")
    today = now.astimezone(PARIS).date()
    tomorrow = _at(today + dt.timedelta(days=1))
    if re.search(r"\bsemaine (?:derniere|passee|precedente)\b|\bderniere semaine\b", said):
        monday = _monday(today) - WEEK
        return StatsPeriod(_at(monday), _at(monday + WEEK))
    if re.search(r"\bcette semaine\b|\bla semaine\b|\bde la semaine\b", said):
        return StatsPeriod(_at(_monday(today)), tomorrow)
    if re.search(r"\bmois (?:dernier|passe|precedent)\b|\bdernier mois\b", said):
        first = _month_start(today, 1)
        return StatsPeriod(_at(first), _at(_month_start(today)))
    if re.search(r"\bce mois\b|\bdu mois\b|\bdebut du mois\b|\bsur le mois\b", said):
        return StatsPeriod(_at(_month_start(today)), tomorrow)
    if re.search(r"\btrimestre\b", said):
        return StatsPeriod(_at(_month_start(today, 2)), tomorrow)
    if re.search(r"\bcette annee\b|\bdebut (?:de l'|d')annee\b|\bdepuis janvier\b|\bl'annee\b", said):
        return StatsPeriod(_at(dt.date(today.year, 1, 1)), tomorrow)
    since = _SINCE_MONTH.search(said)
    if since:
        month = _MONTHS.index(since.group(1)) + 1
        year = today.year if month <= today.month else today.year - 1
        return StatsPeriod(_at(dt.date(year, month, 1)), tomorrow)
    if re.search(r"\baujourd'hui\b", said):
        return StatsPeriod(_at(today), tomorrow)
    return StatsPeriod(_at(today - dt.timedelta(days=DEFAULT_DAYS - 1)), tomorrow)
