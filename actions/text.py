"""Small text helpers shared by the business modules."""
from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-_'’.]+")


def fold(text: str) -> str:
    """Lower-case, accent-free, with separators reduced to one space.

    "Prépa-Compétences" and "prepa competences" fold to the same key.
    """
    decomposed = unicodedata.normalize("NFKD", text.lower())
    without_accents = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", without_accents).strip()


_FIRST_NUMBER = re.compile(r"\d+")


def parse_age(mention: str | None) -> int | None:
    """The age in "17", "dix-sept", "17 ans", or None when there is no plausible age."""
    if not mention:
        return None
    from text_to_num import alpha2digit  # imported here: only age parsing needs it

    digits = _FIRST_NUMBER.search(alpha2digit(mention.replace("-", " "), "fr"))
    if digits is None:
        return None
    age = int(digits.group())
    return age if 0 < age < 120 else None
