"""When the user would like to come, said in French: "mardi prochain", "la semaine du 12",
"jeudi matin", "plutôt l'après-midi" -> a ``DateWish`` the booking service can filter on.

    wish = parse_when("jeudi matin", now)      # now: aware datetime (the service clock)
    wish.status        # "understood" | "anytime" | "past" | "not_understood"
    wish.ranges        # ((start, end), ...): aware UTC, end exclusive (None: open-ended)
    wish.part_of_day   # TimeOfDay | None: the hours meant, Paris time ("avant 14 h", "le matin")
    wish.label         # "jeudi 3 décembre, le matin": to say back what was understood

Two layers, both tested on the phrases people type (tests/unit/test_dates.py):

1. Microsoft Recognizers-Text (``recognizers-text-suite`` 1.0.2a2, French culture) resolves
   the calendar expressions: "mardi prochain", "demain", "après-demain", "le 12 décembre",
   "12/12", "la semaine prochaine", "dans deux semaines", "en janvier", "mardi ou jeudi",
   "entre le 7 et le 10". dateparser 1.2 (the version Rasa's pins allow) returns nothing for
   most of these.
2. A thin French layer, around it, for what the library gets wrong or does not cover: the
   hours ("le matin", "l'aprèm", "avant 14 h", "vers 9 h", "en fin de matinée": read by
   ``actions.booking.answers.time_of_day``; the library turns "mercredi après-midi" into an
   empty range), "la semaine du 12", a weekday with a day
   number ("lundi 14": the library reads 14 h), "le 1er", "le week-end", "en fin de semaine",
   "début/mi-/fin janvier", "à partir du 10", "avant le 15", "d'ici 2 semaines", missing
   accents ("apres demain": the library reads today), "n'importe quand".

Everything is judged in Europe/Paris time. Among the library's candidates (it gives last and
next Tuesday for "mardi") the first one that is not over is kept; a bare weekday means the
next one, not today ("mercredi" said on a Wednesday). Input is cut to 200 characters.
"""
from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import List, Literal, Optional, Sequence, Tuple

from actions.booking.answers.time_of_day import TimeOfDay, find_time_of_day
from actions.booking.clock import DAY_NAMES, MONTH_NAMES, PARIS

logger = logging.getLogger(__name__)

WishStatus = Literal["understood", "anytime", "past", "not_understood"]
Range = Tuple[dt.datetime, Optional[dt.datetime]]
MAX_TEXT_LENGTH = 200

_DAYS = DAY_NAMES
_MONTHS = MONTH_NAMES
_MONTH_INDEX = {name: index + 1 for index, name in enumerate(_MONTHS)}
_MONTH_INDEX.update({"fevrier": 2, "aout": 8, "decembre": 12, "janv": 1, "fev": 2, "fév": 2, "sept": 9,
                     "oct": 10, "nov": 11, "dec": 12, "déc": 12})
_MONTH_WORD = "|".join(sorted(map(re.escape, _MONTH_INDEX), key=len, reverse=True))
_DAY_WORD = "|".join(_DAYS)

# Chat spellings and missing accents that change the library's answer.
_REWRITES: Sequence[Tuple[str, str]] = (
    (r"\bapr[eè]s[- ]?dem(?:ain)?\b", "après-demain"),
    (r"\bapr[eè]s[- ]?midi\b|\baprem\b|\baprèm\b|\bapm\b", "après-midi"),
    (r"\bauj(?:ourd'?hui)?\b|\bajd\b|\baujourdhui\b", "aujourd'hui"),
    (r"\bdem\b|\bdmain\b", "demain"),
    (r"\bdecembre\b", "décembre"), (r"\bfevrier\b", "février"), (r"\baout\b", "août"),
    (r"\bdebut\b", "début"), (r"\bmatinee\b", "matinée"), (r"\bprochaine? ?sem(?:aine)?\b", "semaine prochaine"),
    (r"\bsem(?:aine)? pro(?:chaine|ch)?\b", "semaine prochaine"), (r"\bsemaine (?:d'apr[eè]s|suivante)\b", "semaine prochaine"),
    (r"\bproch\b", "prochain"),
    (r"\b1er\b|\bpremier\b", "1"),
    (r"\bds\b", "dans"),
)
_ANYTIME = re.compile(
    r"n'?importe quand|peu importe|quand (?:vous|tu) (?:voulez|veux)|le plus t[oô]t|d[eè]s que possible"
    r"|au plus vite|pas de pr[eé]f[eé]rence|indiff[eé]rent|m'est [eé]gal|tout de suite|le plus vite"
    r"|\basap\b|n'importe lequel|tous les jours|toute la semaine|quand c'est possible|rapidement"
)
_WEEK_OF = re.compile(rf"\bsemaine du (?:(?:{_DAY_WORD}) )?(\d{{1,2}})(?:\s+({_MONTH_WORD}))?\b")
_WEEKDAY_AND_DAY = re.compile(rf"\b({_DAY_WORD}) (\d{{1,2}})\b(?!\s*(?:h\b|heure|:|/))(?:\s+({_MONTH_WORD}))?")
_BARE_DAY = re.compile(rf"^(?:le |du |pour le )?(\d{{1,2}})(?:\s+({_MONTH_WORD}))?$")
_WEEKEND = re.compile(r"\bweek[- ]?end\b|\bwe\b")
_END_OF_WEEK = re.compile(r"\bfin de (?:la |cette )?semaine\b")
_START_OF_WEEK = re.compile(r"\bd[ée]but de (?:la )?semaine( prochain)?\b")
_MONTH_PART = re.compile(rf"\b(début|mi|fin)[- ](?:de |d')?({_MONTH_WORD})\b")
_FROM = re.compile(r"\b(?:à partir (?:du|de|d')|d[èe]s (?:le|la|l')|après (?:le|la|l'))")
_BEFORE = re.compile(r"\bavant\b|\bjusqu'(?:au|à)")
# Words around a date that say nothing about it.
_FILLER = re.compile(
    r"\b(?:plutôt|plutot|je suis dispo(?:nible)?|dispo(?:nible)?s?|je peux|je pourrais|on peut|ça m'irait|ca m'irait"
    r"|ça me va|si possible|svp|stp|s'il vous plaît|merci|idéalement|de préférence|je préfère|je prefere"
    r"|je voudrais|j'aimerais|ok|oui|c'est bien|c bien|c'est|libre)\b"
)
_WITHIN = re.compile(r"\bd'ici (\d{1,2}|une?|deux|trois|quatre) (jours?|semaines?|mois)\b")
_SMALL_NUMBERS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4}
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class DateWish:
    status: WishStatus
    ranges: Tuple[Range, ...] = ()
    part_of_day: Optional[TimeOfDay] = None
    label: str = ""

    @property
    def understood(self) -> bool:
        return self.status in ("understood", "anytime")

    @property
    def restricts(self) -> bool:
        """Whether it narrows the sessions on offer at all."""
        return bool(self.ranges) or self.part_of_day is not None


ANYTIME = DateWish(status="anytime")
NOT_UNDERSTOOD = DateWish(status="not_understood")


# -- the library -----------------------------------------------------------------

_model = None
_model_lock = threading.Lock()


def _datetime_model():
    """The French date-time model of Recognizers-Text, built once (about 1.5 s)."""
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                from recognizers_date_time import DateTimeRecognizer
                from recognizers_text import Culture

                _model = DateTimeRecognizer(Culture.French).get_datetime_model()
    return _model


def warm_up() -> None:
    """Builds the model now rather than at the first question (the action server's start)."""
    _datetime_model()


# -- public ----------------------------------------------------------------------


def parse_when(text: Optional[str], now: dt.datetime) -> DateWish:
    """What ``text`` says about when the user is available (see the module docstring)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if not text or not text.strip():
        return NOT_UNDERSTOOD
    local_now = now.astimezone(PARIS)
    today = local_now.date()
    clean = _normalise(text[:MAX_TEXT_LENGTH])

    part, clean = find_time_of_day(clean)
    clean = _SPACES.sub(" ", _FILLER.sub(" ", clean)).strip(" ,.;!?")
    # "à partir du 10", "avant le 15": the bound is read apart from the date it bounds.
    bound = "from" if _FROM.search(clean) else "before" if _BEFORE.search(clean) else None
    if bound:
        clean = _SPACES.sub(" ", (_FROM if bound == "from" else _BEFORE).sub(" ", clean)).strip()

    days = _own_ranges(clean, today)
    if days is None:
        days = _library_ranges(clean, local_now)
    if days is None:
        if part is not None:
            return DateWish(status="understood", part_of_day=part, label=part.label)
        if _ANYTIME.search(clean) or _ANYTIME.search(_normalise(text[:MAX_TEXT_LENGTH])):
            return ANYTIME
        return NOT_UNDERSTOOD
    if days == "anytime":
        return DateWish(status="understood", part_of_day=part, label=part.label) if part else ANYTIME
    if days == "past":
        return DateWish(status="past")

    if bound and len(days) == 1:
        days = [(days[0][0], None)] if bound == "from" else [(_BEFORE_SENTINEL, days[0][0])]
    ranges = tuple(_to_utc(start, end, today) for start, end in days)
    label = ", ".join(_range_label(start, end) for start, end in days)
    if part is not None:
        label = f"{label}, {part.label}"
    return DateWish(status="understood", ranges=ranges, part_of_day=part, label=label)


# -- the French layer --------------------------------------------------------------

DayRange = Tuple[dt.date, Optional[dt.date]]  # end exclusive, None: open
_BEFORE_SENTINEL = dt.date.min  # start of "avant le 15": from now on
# A date this far ahead, when the same day of the month or year has just passed, is taken
# for a mistake about the past ("le 1er décembre" on 2 December), not for next year.
_FAR_AHEAD = dt.timedelta(days=300)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower().replace("’", "'").replace("`", "'")
    text = re.sub(r"[\"«»“”()\[\]{}<>*_~|]", " ", text)
    for pattern, replacement in _REWRITES:
        text = re.sub(pattern, replacement, text)
    return _SPACES.sub(" ", text).strip()


def _own_ranges(text: str, today: dt.date):
    """The shapes the library misreads; None when none of them is in ``text``."""
    match = _WEEK_OF.search(text)
    if match:
        day, month = int(match.group(1)), _MONTH_INDEX.get(match.group(2) or "")
        found = _next_day_number(today, day, month, week_must_end_after=True)
        if found is None:
            return "past" if month and day <= 31 else None
        monday = found - dt.timedelta(days=found.weekday())
        return [(monday, monday + dt.timedelta(days=7))]
    match = _WEEKDAY_AND_DAY.search(text)
    if match:
        weekday, day = _DAYS.index(match.group(1)), int(match.group(2))
        month = _MONTH_INDEX.get(match.group(3) or "")
        found = _next_day_number(today, day, month, weekday=weekday)
        if found is None:
            return "past" if month and day <= 31 else None
        return [(found, found + dt.timedelta(days=1))]
    match = _BARE_DAY.match(text)
    if match:
        day, month = int(match.group(1)), _MONTH_INDEX.get(match.group(2) or "")
        found = _next_day_number(today, day, month)
        if found is None:
            return "past" if month and day <= 31 else None
        return [(found, found + dt.timedelta(days=1))]
    if _WEEKEND.search(text):
        saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7) if today.weekday() < 5 else today
        return [(saturday, saturday + dt.timedelta(days=7 - saturday.weekday()))]
    if _END_OF_WEEK.search(text):
        monday = today - dt.timedelta(days=today.weekday())
        if today.weekday() >= 5:
            monday += dt.timedelta(days=7)
        return [(monday + dt.timedelta(days=3), monday + dt.timedelta(days=7))]
    match = _START_OF_WEEK.search(text)
    if match:
        monday = today - dt.timedelta(days=today.weekday())
        if match.group(1) or today.weekday() >= 3:
            monday += dt.timedelta(days=7)
        return [(monday, monday + dt.timedelta(days=3))]
    match = _MONTH_PART.search(text)
    if match:
        month = _MONTH_INDEX[match.group(2)]
        year = today.year if month >= today.month else today.year + 1
        last = calendar.monthrange(year, month)[1]
        first_day, last_day = {"début": (1, 10), "mi": (11, 20), "fin": (21, last)}[match.group(1)]
        start, end = dt.date(year, month, first_day), dt.date(year, month, last_day) + dt.timedelta(days=1)
        if end <= today:
            start, end = start.replace(year=year + 1), (dt.date(year + 1, month, last_day) + dt.timedelta(days=1))
        return [(start, end)]
    match = _WITHIN.search(text)
    if match:
        count = _SMALL_NUMBERS.get(match.group(1)) or int(match.group(1))
        unit = match.group(2)
        days = count * (7 if unit.startswith("semaine") else 30 if unit == "mois" else 1)
        return [(today, today + dt.timedelta(days=days + 1))]
    if re.search(r"\b(?:maintenant|dès aujourd'hui|au plus tôt)\b", text):
        return "anytime"
    return None


def _next_day_number(
    today: dt.date, day: int, month: Optional[int] = None, *, weekday: Optional[int] = None,
    week_must_end_after: bool = False,
) -> Optional[dt.date]:
    """The next date with this day number (and month, and weekday if given) not over yet,
    within the coming twelve months (None: there is none, e.g. a day of this month just past
    when the month is named)."""
    if not 1 <= day <= 31:
        return None
    candidates: List[dt.date] = []
    for offset in range(-1 if week_must_end_after else 0, 12):
        year, month_index = divmod(today.month - 1 + offset, 12)
        year, month_index = today.year + year, month_index + 1
        if month is not None and month_index != month:
            continue
        if day > calendar.monthrange(year, month_index)[1]:
            continue
        candidate = dt.date(year, month_index, day)
        if week_must_end_after:
            sunday = candidate + dt.timedelta(days=6 - candidate.weekday())
            if sunday < today:
                continue
        elif candidate < today:
            continue
        candidates.append(candidate)
    if weekday is not None:
        matching = [candidate for candidate in candidates if candidate.weekday() == weekday]
        if matching:
            return matching[0]
    return candidates[0] if candidates else None


def _library_ranges(text: str, local_now: dt.datetime):
    if not text:
        return None
    reference = local_now.replace(tzinfo=None, microsecond=0)
    try:
        results = _datetime_model().parse(text, reference)
    except Exception:  # a third-party parser must never break the conversation
        logger.warning("date parser failed", exc_info=True)
        return None
    today = local_now.date()
    ranges: List[DayRange] = []
    saw_past = saw_anytime = False
    for result in results:
        values = (result.resolution or {}).get("values") or []
        kind = result.type_name.rsplit(".", 1)[-1]
        if kind not in ("date", "daterange", "datetime", "datetimerange", "duration"):
            continue
        if any(value.get("timex") in ("FUTURE_REF", "PRESENT_REF") for value in values):
            saw_anytime = True
            continue
        if not values:
            continue  # "les mardis": a repetition, not a date
        weekday = re.fullmatch(r"XXXX-WXX-(\d)", values[0].get("timex") or "")
        if weekday and kind == "date":
            # "mercredi" said on a Wednesday means next week's; "ce mercredi", today.
            ahead = (int(weekday.group(1)) - 1 - today.weekday()) % 7
            if ahead == 0 and not re.search(r"\bce(?:tte)?\b", text):
                ahead = 7
            day = today + dt.timedelta(days=ahead)
            chosen: Optional[DayRange] = (day, day + dt.timedelta(days=1))
        else:
            chosen = _first_not_over(values, kind, today)
            if chosen is not None and kind in ("daterange", "datetimerange") and re.search(r"\bentre\b.*\bet\b|\bdu \d+.* au \d+", text):
                chosen = (chosen[0], chosen[1] + dt.timedelta(days=1))  # "entre le 7 et le 10": the 10th too
        if chosen is None:
            saw_past = True
        else:
            ranges.append(chosen)
    if ranges:
        return sorted(set(ranges), key=lambda item: item[0])
    if saw_anytime:
        return "anytime"
    if saw_past:
        return "past"
    return None


def _value_range(value: dict, kind: str, today: dt.date) -> Optional[DayRange]:
    try:
        if kind == "date":
            day = dt.date.fromisoformat(value["value"][:10])
            return day, day + dt.timedelta(days=1)
        if kind == "datetime":
            day = dt.date.fromisoformat(value["value"][:10])
            return day, day + dt.timedelta(days=1)
        if kind in ("daterange", "datetimerange"):
            start = dt.date.fromisoformat(value["start"][:10])
            end = dt.date.fromisoformat(value["end"][:10])
            if kind == "datetimerange" or end <= start:
                end = max(end, start) + dt.timedelta(days=1)
            return start, end
        if kind == "duration":
            seconds = int(float(value["value"]))
            return today, today + dt.timedelta(days=max(1, seconds // 86400) + 1)
    except (KeyError, TypeError, ValueError):
        return None
    return None


def _first_not_over(values: Sequence[dict], kind: str, today: dt.date) -> Optional[DayRange]:
    passed = False
    for value in values:
        found = _value_range(value, kind, today)
        if found is None:
            continue
        if found[1] <= today:
            passed = True
            continue
        if passed and found[0] - today > _FAR_AHEAD:
            return None  # "le 1er décembre" on 2 December: a day just past, not next year's
        return found
    return None


# -- conversions and wording -------------------------------------------------------------


def _to_utc(start: dt.date, end: Optional[dt.date], today: dt.date) -> Range:
    def at_midnight(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(0), tzinfo=PARIS).astimezone(dt.timezone.utc)

    begin = at_midnight(today if start == _BEFORE_SENTINEL else start)
    return begin, at_midnight(end) if end is not None else None


def _day(day: dt.date) -> str:
    number = "1er" if day.day == 1 else str(day.day)
    return f"{_DAYS[day.weekday()]} {number} {_MONTHS[day.month - 1]}"


def _short(day: dt.date) -> str:
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {_MONTHS[day.month - 1]}"


def _range_label(start: dt.date, end: Optional[dt.date]) -> str:
    if end is None:
        return f"à partir du {_short(start)}"
    if start == _BEFORE_SENTINEL:
        return f"avant le {_short(end)}"
    last = end - dt.timedelta(days=1)
    if last == start:
        return _day(start)
    if start.weekday() == 0 and (end - start).days == 7:
        return f"la semaine du {_short(start)}"
    if start.day == 1 and last.day == calendar.monthrange(last.year, last.month)[1] and start.month == last.month:
        return f"en {_MONTHS[start.month - 1]}"
    if start.month == last.month:
        first = "1er" if start.day == 1 else str(start.day)
        return f"du {first} au {_short(last)}"
    return f"du {_short(start)} au {_short(last)}"


__all__ = ["ANYTIME", "DateWish", "NOT_UNDERSTOOD", "parse_when", "warm_up"]
