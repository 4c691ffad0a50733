"""Dates named inside a sentence, where they are: "je serais libre [jeudi prochain]",
"désolé, [demain] je pourrai pas", "[la semaine du 14 décembre]", "[en fin de semaine]".

Plain Python, no Rasa: the NLU component ``nlu/date_extractor.py`` wraps it. ::

    find_dates("je peux venir le 12 décembre l'après-midi", now)
    -> [DateMention(start=14, end=42, text="le 12 décembre l'après-midi")]

It runs on every message, so it is cheap first: a message without a date word (a
weekday, a month, "demain", "semaine", "matin", "14h", "le 12", "12/12"…) is left at
once. Otherwise the words around each date word that belong to a date expression
("le", "prochain", "du", "fin de", "vers", numbers…) make a candidate, as people write
it, article included (the contract's convention); the date parser the booking uses
(``actions.booking.dates.parse_when``, Microsoft Recognizers-Text and a French layer)
then keeps only what it understands as a date or a part of the day. Spans another
extractor (DIET) marked as dates are checked the same way (``hinted``), if they hold a
date word.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable, List, Optional, Tuple

from actions.booking.clock import utc_now
from actions.booking.dates import parse_when

MAX_TEXT_LENGTH = 300
_WEEKDAYS = r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
_MONTHS = (
    r"janvier|janv|f[ée]vrier|f[ée]v|mars|avril|mai|juin|juillet|juil|ao[uû]t|septembre|sept|octobre|oct"
    r"|novembre|nov|d[ée]cembre|d[ée]c"
)
# Words that make a date by themselves (the quick check: without one, no parsing at all).
_ANCHOR = re.compile(
    rf"\b(?:{_WEEKDAYS}|{_MONTHS}|demain|apr[eè]s[- ]demain|aujourd'?\s?hui|semaines?|week[- ]?end|we"
    r"|mat(?:in|inée|inee)s?|apr[eè]s[- ]midi|aprem|apr[eè]m|apm|soir(?:ée|ee)?)\b"
    r"|\b\d{1,2}\s?h(?:\d{2})?\b|\b\d{1,2}\s?heures?\b|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b"
    r"|\b(?:le|du|au|ce)\s(?:1er|\d{1,2})\b(?!\s*(?:ans?|%|€|euros?|km|fois|personnes?)\b)"
    r"|\bmois\s(?:prochain|suivant)|\b(?:ce|du)\smois\b",
)
# Words that belong to a date expression around a date word.
_GLUE = frozenset(
    """
    le la l les ce cet cette du de d des au aux en dans ici entre et ou a à vers avant après apres partir mois
    prochain prochaine prochains prochaines suivant suivante dernier derniere dernière
    debut début fin mi milieu plutot plutôt tot tôt tard
    un une deux trois quatre cinq six sept huit neuf dix quinze premier 1er h heure heures midi
    """.split()
)
_NUMBER_WORDS = frozenset("un une deux trois quatre cinq six sept huit neuf dix quinze".split())
# A candidate never starts with these (they link it to what comes before)…
_NOT_FIRST = frozenset("de d des du au aux et ou a à les apres après avant partir plutot plutôt tot tôt tard".split())
# …nor ends with these (they announce what comes after).
_NOT_LAST = frozenset(
    "le la l les ce cet cette du de d des au aux en dans ici entre et ou a à vers avant apres après partir debut début fin mi milieu".split()
)
# Words, with the shapes that are one date word: "12/12", "14h30", "14 h", "9 heures".
_TOKEN = re.compile(
    r"\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}\s?h(?:\d{2})?(?![^\W\d_])|\d{1,2}\s?heures?\b|\d+"
    r"|aujourd'?\s?hui|[^\W\d_]+'|[^\W\d_]+(?:-[^\W\d_]+)*"
)
# Candidates that are no wished date on their own: how long ("deux semaines", "6 mois";
# "dans deux semaines" is a date), a greeting or a question ("bonne semaine", "bon
# week-end", "combien de semaines", "il fait chaud aujourd'hui"), and "le 2", "le 3": at
# the session question that is a choice in the list ("le 15", "le 3 janvier" are dates).
_NOT_A_DATE_ALONE = re.compile(
    r"(?:\d+|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quinze)\s+(?:semaines?|mois|jours?|ans?)"
    r"|semaines?|soir(?:ée|ee)?|week[- ]?end|we|aujourd'?\s?hui|le\s[1-5]"
)
# "à demain", "à lundi" at the end of a message: a farewell, not a wish.
_FAREWELL = re.compile(r"(?:^|\s)(?:a|à)\s+$")
# After a number, what makes it no day: a unit, or more digits (a phone number "le 06 45…").
_UNIT_AFTER = re.compile(r"\s*(?:ans?|%|€|euros?|km|fois|personnes?|places?)\b|[\s.]?\d{2}\b")


@dataclass(frozen=True)
class DateMention:
    start: int  # character offsets in the text
    end: int
    text: str


def find_dates(
    text: str, now: Optional[dt.datetime] = None, *, hinted: Iterable[Tuple[int, int]] = ()
) -> List[DateMention]:
    """The date expressions of ``text`` that the date parser understands, in order."""
    text = (text or "")[:MAX_TEXT_LENGTH]
    # A hint counts only if it holds a date word: the parser reads "en seconde" (a school
    # year) as "in a second".
    hinted = [(start, end) for start, end in hinted if 0 <= start < end <= len(text) and _ANCHOR.search(text[start:end])]
    if not hinted and not _ANCHOR.search(text):
        return []  # most messages: no parsing at all
    now = now or utc_now()
    candidates = _candidates(text) + hinted
    found: List[DateMention] = []
    for start, end in sorted(set(candidates), key=lambda span: (span[0], -span[1])):
        if any(start < kept.end and kept.start < end for kept in found):
            continue  # inside a longer date already kept
        if _understood(text[start:end], now):
            found.append(DateMention(start, end, text[start:end]))
    return found


def _understood(candidate: str, now: dt.datetime) -> bool:
    wish = parse_when(candidate, now)
    return wish.status == "past" or (wish.status == "understood" and wish.restricts)


def _candidates(text: str) -> List[Tuple[int, int]]:
    """Runs of date words and glue words around at least one date word."""
    tokens = [(m.start(), m.end(), m.group().lower().rstrip("'")) for m in _TOKEN.finditer(text)]
    runs: List[List[Tuple[int, int, str]]] = []
    current: List[Tuple[int, int, str]] = []
    previous_end: Optional[int] = None
    for start, end, word in tokens:
        joined = previous_end is not None and re.fullmatch(r"[\s'’-]*", text[previous_end:start]) is not None
        datey = _is_date_word(text, start, end, word) or word in _GLUE or _is_day_number(word)
        if datey and (joined or not current) and not _is_number_range(text, start, end):
            current.append((start, end, word))
        else:
            if current:
                runs.append(current)
            current = [(start, end, word)] if datey else []
        previous_end = end
    if current:
        runs.append(current)
    spans = []
    for run in runs:
        run = _trimmed(run)
        if run and any(_is_date_word(text, start, end, word) for start, end, word in run):
            span = (run[0][0], run[-1][1])
            farewell = _FAREWELL.search(text[:span[0]]) and not text[span[1]:].strip(" !.")
            if not _NOT_A_DATE_ALONE.fullmatch(text[span[0]:span[1]]) and not farewell:
                spans.append(span)
    return spans


def _trimmed(run: List[Tuple[int, int, str]]) -> List[Tuple[int, int, str]]:
    """The run without the words that link it to the rest of the sentence. Kept in front:
    "le", "l'", "ce", "cette", "la semaine", "en fin de", "dans deux semaines"; dropped:
    "en avril" -> "avril", "dans la semaine du 10" -> "la semaine du 10", "là mardi" ->
    "mardi" (a "là" typed without its accent)."""
    while run:
        first, following = run[0][2], (run[1][2] if len(run) > 1 else "")
        if (
            first in _NOT_FIRST
            or (first == "la" and following != "semaine")
            or (first == "en" and following not in ("fin", "debut", "début", "milieu"))
            or (first == "dans" and not (following.isdigit() or following in _NUMBER_WORDS))
        ):
            run = run[1:]
        else:
            break
    while run and run[-1][2] in _NOT_LAST and not (run[-1][2] in ("apres", "après") and len(run) > 1 and run[-2][2] == "d"):
        run = run[:-1]  # ("la semaine d'après" keeps its "après")
    return run


def _is_date_word(text: str, start: int, end: int, word: str) -> bool:
    if _ANCHOR.fullmatch(word):
        return True
    if word == "mois":  # "le mois prochain", "fin du mois"; not "6 mois" (a duration)
        return _ANCHOR.match(text, start) is not None or re.search(r"\b(?:ce|du)\s$", text[:start]) is not None
    # "le 12", "du 7": the article makes a number a day ("le 12 ans" does not).
    return (
        _is_day_number(word)
        and re.search(r"\b(?:le|du|au|ce)\s$", text[:start]) is not None
        and _UNIT_AFTER.match(text, end) is None
    )


def _is_day_number(word: str) -> bool:
    return word.isdigit() and 1 <= int(word) <= 31 or word == "1er"


def _is_number_range(text: str, start: int, end: int) -> bool:
    """"16-18" (the programme) or "16 à 25 ans" is no date."""
    return bool(re.match(r"\d+\s*-\s*\d", text[start:]) or re.search(r"\d\s*-\s*$", text[:start]))

