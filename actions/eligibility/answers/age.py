"""The age in a free-text answer: "17", "dix-sept ans", "bientôt 18", "17 ans et demi"…"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

# Below 12 or above 99 is far more likely a typo or a joke than an age: ask again.
YOUNGEST_PLAUSIBLE, OLDEST_PLAUSIBLE = 12, 99
# Long pastes are not age answers; cut them so parsing stays instant.
_MAX_LENGTH = 300

NOT_AN_AGE = "not_an_age"
IMPLAUSIBLE = "implausible"
BIRTH_YEAR = "birth_year"
TURNING_SOON = "turning_soon"
AND_A_HALF = "and_a_half"

# What to say when the answer must be asked again, by problem code.
PROBLEM_MESSAGES = {
    NOT_AN_AGE: "Je n'ai pas compris votre âge. Pouvez-vous l'écrire en chiffres, par exemple 17 ?",
    IMPLAUSIBLE: "Je ne suis pas sûr d'avoir bien lu. Quel âge avez-vous, en années ?",
    BIRTH_YEAR: "Pouvez-vous me donner votre âge plutôt que votre année de naissance ?",
}


@dataclass(frozen=True)
class AgeAnswer:
    age: Optional[int]  # the current age in whole years, or None
    problem: Optional[str] = None  # NOT_AN_AGE, IMPLAUSIBLE or BIRTH_YEAR: ask again
    note: Optional[str] = None  # TURNING_SOON ("bientôt 18" → 17) or AND_A_HALF
    number: Optional[int] = None  # the number read, even when implausible

    @property
    def ok(self) -> bool:
        return self.age is not None

    @property
    def message(self) -> Optional[str]:
        """What to tell the person: the re-ask, or which age was kept and why."""
        if self.problem:
            return PROBLEM_MESSAGES[self.problem]
        if self.note == TURNING_SOON:
            return f"Je compte votre âge actuel : {self.age} ans."
        return None


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


def _digits(text: str) -> str:
    """Numbers written in words become digits ("dix-sept" → "17")."""
    try:
        from text_to_num import alpha2digit  # imported here: only these parsers need it

        return alpha2digit(text, "fr")
    except Exception:  # text2num may choke on odd input: keep the text as it is
        return text


_BIRTH = re.compile(r"\b(ne|nee|naissance)\b[^0-9]{0,20}(?:19|20)\d\d\b|\ben (?:19|20)\d\d\b")
# A number, optionally with a decimal part; ordinals ("3e", "1er") and other units are not ages.
_NUMBER = re.compile(r"(?<![\d.,])(\d{1,4})(?:[.,](\d+))?(?![\d])")
# "-12": a minus sign right before, at the start or after a space (not "16-18").
_MINUS = re.compile(r"(?:^|\s)-\s?$")
_ORDINAL_OR_UNIT = re.compile(
    r"(?:e|eme|er|ere|nde?|de)\b"  # ordinals are written attached: "3e", "1er"
    r"|\s*(?:%|€|h\b|heures?\b|mois\b|semaines?\b|jours?\b|euros?\b|enfants?\b|kg\b|cm\b)"
)
_YEARS = re.compile(r"\s*ans?\b")
_HALF = re.compile(r"\s*(?:ans?\s+)?et\s+demi")
# "bientôt 18", "je vais avoir 18", "18 ans bientôt", "18 ans dans 2 mois": right next to
# the number, so that "17 ans, pas encore de diplôme" stays 17.
_SOON_BEFORE = re.compile(
    r"\b(?:bientot|presque|quasi(?:ment)?|pas encore|vais avoir|va avoir|vais sur|vais faire|aurai|aurais)"
    r"(?:\s+mes)?\s*$"
)
_SOON_AFTER = re.compile(
    r"\s*(?:ans?\b)?\s*,?\s*(?:bientot|dans (?:un|une|quelques|\d+) (?:jours?|semaines?|mois)"
    r"|le mois prochain|la semaine prochaine)"
)


def _pick_number(text: str) -> Optional[re.Match]:
    """The number followed by "ans" if there is one, else the first one that is not a unit or an ordinal."""
    candidates = [m for m in _NUMBER.finditer(text) if not _ORDINAL_OR_UNIT.match(text, m.end())]
    with_years = [m for m in candidates if _YEARS.match(text, m.end())]
    return (with_years or candidates or [None])[0]


def parse_age_answer(text: object) -> AgeAnswer:
    """Reads an age; never raises. ``problem`` says why it must be asked again."""
    if not isinstance(text, str) or not text.strip():
        return AgeAnswer(age=None, problem=NOT_AN_AGE)
    plain = _plain(_digits(text[:_MAX_LENGTH].lower()))
    if _BIRTH.search(plain):
        return AgeAnswer(age=None, problem=BIRTH_YEAR)
    match = _pick_number(plain)
    if match is None:
        return AgeAnswer(age=None, problem=NOT_AN_AGE)
    number = int(match.group(1))
    if _MINUS.search(plain[: match.start()]):
        return AgeAnswer(age=None, problem=IMPLAUSIBLE, number=-number)
    note = None
    decimals = match.group(2)
    if (decimals and decimals.startswith("5")) or _HALF.match(plain, match.end()):
        note = AND_A_HALF
    age = number
    if _SOON_BEFORE.search(plain[: match.start()]) or _SOON_AFTER.match(plain, match.end()):
        # "bientôt 18": the rules are about the age today.
        age, note = number - 1, TURNING_SOON
    if not YOUNGEST_PLAUSIBLE <= age <= OLDEST_PLAUSIBLE:
        return AgeAnswer(age=None, problem=IMPLAUSIBLE, number=number)
    return AgeAnswer(age=age, note=note, number=number)
