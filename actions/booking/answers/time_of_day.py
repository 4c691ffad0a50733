"""The hours a person means: "avant 14 h", "après 10 h", "vers 9 h", "à 7 h", "le matin",
"en fin de matinée", "entre 9 h et 11 h", "pas l'après-midi" -> a ``TimeOfDay`` window.

    parse_time_of_day("plutôt avant 14h")  -> TimeOfDay(0:00–14:00, label "avant 14 h")
    parse_time_of_day("vers 9h")           -> 8:00–10:00, target 9:00, "vers 9 h"
    parse_time_of_day("à 7 h")             -> 6:30–7:30 (both ends included), target 7:00, "à 7 h"
    parse_time_of_day("en fin de matinée") -> 10:30–12:30, "en fin de matinée"
    find_time_of_day("mardi vers 9h")      -> (that window, "mardi       "): the text with
                                              the hours blanked, for the date parser

Windows are in Paris time (what the person reads on the clock), start included, end
excluded except for "à 7 h" (7:30 is still "à 7 h" give or take). ``target`` is the hour
named, so that when nothing falls in the window the nearest sessions can be offered.
Hours from 1 to 6 without "du matin" are afternoon hours ("à 2 h": 14 h): nobody books a
workshop at 2 in the morning. Said hours win over a part of the day ("le matin vers 10 h":
vers 10 h). Never raises; input is cut to 200 characters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import List, Optional, Tuple

_MAX_LENGTH = 200
DAY_END = 24 * 60


@dataclass(frozen=True)
class TimeOfDay:
    start: int  # minutes after midnight, included
    end: int  # minutes after midnight, excluded (DAY_END: until midnight)
    label: str  # "avant 14 h", "le matin": to say back what was understood
    target: Optional[int] = None  # the hour named ("vers 9 h"), in minutes
    end_included: bool = False

    def contains(self, hour: int, minute: int = 0) -> bool:
        at = hour * 60 + minute
        return self.start <= at < self.end or (self.end_included and at == self.end)

    def distance(self, hour: int, minute: int = 0) -> int:
        """Minutes from this window (0 inside), or from the hour named when there is one."""
        at = hour * 60 + minute
        if self.target is not None:
            return abs(at - self.target)
        if self.contains(hour, minute):
            return 0
        return min(abs(at - self.start), abs(at - self.end))


MORNING = TimeOfDay(0, 12 * 60, "le matin")
AFTERNOON = TimeOfDay(12 * 60, 19 * 60, "l'après-midi")

# -- reading ---------------------------------------------------------------------------------

_WORD_HOURS = {
    "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    "dix-sept": 17, "dix sept": 17, "dix-huit": 18, "dix huit": 18,
}
_WORDS = "|".join(sorted((re.escape(word) for word in _WORD_HOURS), key=len, reverse=True))
_AFTERNOON_WORDS = r"l'?\s?apres[\s-]?midi|l'?\s?aprem|l'?\s?apm"
_HOUR = (
    rf"(?:\d{{1,2}}\s*(?:heures?|h|:)\s*(?:\d{{2}})?(?![\d/])"
    rf"|(?:{_WORDS})\s+heures?(?:\s+(?:et demie|et quart|trente|quinze))?"
    rf"|(?<!apres-)(?<!apres )(?<!apres)midi(?:\s+et\s+demie?)?)"
    rf"(?:\s*(?:du matin|du mat|de {_AFTERNOON_WORDS}|du soir))?"
)
_BETWEEN = re.compile(rf"\b(?:entre|de)\s+({_HOUR})\s*(?:et|a|-)\s*({_HOUR})|\b({_HOUR})\s*-\s*({_HOUR})")
_QUALIFIED = re.compile(
    r"\b(pas avant|pas apres|au plus tard(?: a| vers)?|au plus tot(?: a)?|jusqu'?\s?a|avant|apres|a partir de|a partir d'?"
    r"|des|vers|autour de|aux alentours de|environ|sur les coups de|pour|a)\s+"
    rf"({_HOUR})"
)
_BARE = re.compile(rf"(?<![\w'])({_HOUR})(\s+(?:environ|a peu pres|pile))?")
_HOUR_PARTS = re.compile(rf"(\d{{1,2}})\s*(?:heures?|h|:)\s*(\d{{2}})?|({_WORDS})\s+heures?(?:\s+(et demie|et quart|trente|quinze))?|(midi)(\s+et\s+demie?)?")

# Parts of the day, most specific first; "pas …" before the part it negates.
_PARTS: Tuple[Tuple["re.Pattern[str]", TimeOfDay], ...] = tuple(
    (re.compile(pattern), window)
    for pattern, window in (
        (rf"\bpas (?:le |du |en )?mat(?:in|inee)?\b", TimeOfDay(12 * 60, DAY_END, "pas le matin")),
        (rf"\bpas (?:{_AFTERNOON_WORDS}|d'?\s?apres[\s-]?midi)", TimeOfDay(0, 12 * 60, "pas l'après-midi")),
        (r"\bpas (?:le |en )?soir(?:ee)?\b", TimeOfDay(0, 18 * 60, "pas le soir")),
        (r"\bentre midi et (?:deux|2|14)\s*(?:h|heures?)?\b", TimeOfDay(12 * 60, 14 * 60, "entre midi et deux")),
        (r"\b(?:tot le matin|de bon matin|de bonne heure|(?:en |au )?debut de (?:la )?matinee)\b",
         TimeOfDay(0, 10 * 60, "tôt le matin")),
        (r"\b(?:en |a la )?fin de (?:la )?matinee\b", TimeOfDay(10 * 60 + 30, 12 * 60 + 30, "en fin de matinée", 11 * 60 + 30)),
        (rf"\b(?:en )?debut (?:d'?\s?apres[\s-]?midi|d'?\s?aprem)", TimeOfDay(12 * 60, 15 * 60, "en début d'après-midi")),
        (rf"\b(?:en )?fin (?:d'?\s?apres[\s-]?midi|d'?\s?aprem|de (?:la )?journee)", TimeOfDay(16 * 60, 19 * 60, "en fin d'après-midi")),
        (rf"\b(?:(?:le|du|au|en|ce|cette|dans la) )?mat(?:in|inee|ins)?\b", MORNING),
        (rf"\b(?:(?:dans|en|cet|l'|d') ?)?(?:{_AFTERNOON_WORDS}|apres[\s-]?midi|aprem|apm)\b", AFTERNOON),
        (r"\b(?:le |en |ce |dans la )?soir(?:ee)?\b", TimeOfDay(18 * 60, DAY_END, "le soir")),
    )
)


def _plain(text: str) -> str:
    """Lower case, no accents, ’ as ': the same length as ``text``, so spans carry over."""
    out = []
    for char in text:
        if char in "’`ʼ":
            out.append("'")
            continue
        base = unicodedata.normalize("NFD", char.lower())[:1] or char
        out.append(base if len(base) == 1 else char)
    return "".join(out)


def _minutes(hour_text: str) -> Optional[int]:
    match = _HOUR_PARTS.search(hour_text)
    if match is None:
        return None
    if match.group(1) is not None:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
    elif match.group(3) is not None:
        hour = _WORD_HOURS[match.group(3)]
        minute = {"et demie": 30, "trente": 30, "et quart": 15, "quinze": 15}.get(match.group(4) or "", 0)
    else:
        hour, minute = 12, 30 if match.group(6) else 0
    if hour > 23 or minute > 59:
        return None
    evening = re.search(rf"de {_AFTERNOON_WORDS}|du soir", hour_text)
    if hour < 12 and (evening or (1 <= hour <= 6 and "matin" not in hour_text and "mat" not in hour_text)):
        hour += 12
    return hour * 60 + minute


def _spoken(minutes: int) -> str:
    hour, minute = divmod(minutes, 60)
    if minutes == 12 * 60:
        return "midi"
    return f"{hour} h {minute:02d}" if minute else f"{hour} h"


def _qualified(qualifier: str, at: int) -> TimeOfDay:
    said = _spoken(at)
    if qualifier in ("avant", "pas apres") or qualifier.startswith(("au plus tard", "jusqu")):
        return TimeOfDay(0, at, f"avant {said}")
    if qualifier in ("apres", "des", "pas avant") or qualifier.startswith(("a partir", "au plus tot")):
        return TimeOfDay(at, DAY_END, f"à partir de {said}" if qualifier != "apres" else f"après {said}")
    if qualifier in ("vers", "autour de", "aux alentours de", "environ", "sur les coups de"):
        return TimeOfDay(max(0, at - 60), min(DAY_END, at + 60), f"vers {said}", at)
    return _at(at)


def _at(at: int) -> TimeOfDay:
    """"à 9 h": half an hour either way still counts (9 h 30 is "à 9 h" give or take)."""
    return TimeOfDay(max(0, at - 30), min(DAY_END, at + 30), f"à {_spoken(at)}", at, end_included=True)


def find_time_of_day(text: object) -> Tuple[Optional[TimeOfDay], str]:
    """The window the text names, and the text with those words blanked out."""
    if not isinstance(text, str):
        return None, ""
    text = text[:_MAX_LENGTH]
    plain = _plain(text)
    spans: List[Tuple[int, int]] = []
    found = _hours(plain, spans)
    # The parts of the day are read where no hour was ("8 h du soir" is an hour).
    rest = _blank(plain, spans)
    for pattern, window in _PARTS:
        for match in pattern.finditer(rest):
            if any(start <= match.start() < end for start, end in spans):
                continue
            spans.append(match.span())
            found = found or window
    return found, _blank(text, spans)


def _hours(plain: str, spans: List[Tuple[int, int]]) -> Optional[TimeOfDay]:
    """The window of the first hours said ("entre 9 h et 11 h", "avant 14 h", "14 h"); adds its span."""
    match = _BETWEEN.search(plain)
    if match:
        first, second = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        start, end = _minutes(first), _minutes(second)
        if start is not None and end is not None and start < end:
            spans.append(match.span())
            return TimeOfDay(start, end, f"entre {_spoken(start)} et {_spoken(end)}")
    match = _QUALIFIED.search(plain)
    if match:
        at = _minutes(match.group(2))
        if at is not None:
            spans.append(match.span())
            return _qualified(match.group(1), at)
    match = _BARE.search(plain)
    if match:
        at = _minutes(match.group(1))
        if at is not None:
            spans.append(match.span())
            roughly = match.group(2) and "pile" not in match.group(2)
            return _qualified("vers", at) if roughly else _at(at)
    return None


def _blank(text: str, spans: List[Tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def parse_time_of_day(text: object) -> Optional[TimeOfDay]:
    """The window of hours ``text`` names, or None."""
    return find_time_of_day(text)[0]
