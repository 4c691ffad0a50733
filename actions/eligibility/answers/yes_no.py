"""Yes, no, or neither, in a free-text answer: "ouais", "nan", "pas encore", "je sais pas"…"""

from __future__ import annotations

import re
from typing import Optional

from actions.text import fold

_MAX_LENGTH = 300

_DONT_KNOW = re.compile(
    r"\b(?:je (?:ne )?sais (?:pas|plus)|sais pas|sait pas|jsp|j sais pas|chai pas|aucune idee|je ne sais"
    r"|pas (?:sur|sure|certaine?)|peut etre|ptet|ptetre|je (?:ne )?suis pas (?:sur|sure|certaine?)|bof"
    r"|je me souviens (?:pas|plus))\b"
)
# Negative phrases that contain a "yes" word: read them first, as a plain "non".
_NO_PHRASES = re.compile(
    r"\b(?:bien sur que non|absolument pas|certainement pas|surement pas|evidemment pas|pas du tout"
    r"|pas vraiment|pas encore|pas d accord|que non|toujours pas|jamais)\b"
)
_YES_PHRASES = re.compile(r"\b(?:bien sur que oui|que oui)\b")
_YES = re.compile(
    r"\b(?:oui|ouais|ouai|ouaip|ouep|oue|yes|yep|yeah|ok|okay|oki|d accord|dac|bien sur|exactement|exact"
    r"|carrement|tout a fait|absolument|c est ca|affirmatif|evidemment|certainement|volontiers|bien entendu"
    r"|effectivement|tkt|grave)\b"
)
_NO = re.compile(r"\b(?:non|nan|nope|no|nn|niet|negatif)\b")
_WEAK_NO = re.compile(r"\b(?:pas|plus|aucun|aucune)\b")
_ONLY_SI = re.compile(r"^\s*si\s*[!.]*\s*$")


def is_dont_know(text: object) -> bool:
    """ "je sais pas", "aucune idée", "pas sûr": the person cannot answer (do not ask again)."""
    return isinstance(text, str) and bool(_DONT_KNOW.search(fold(text[:_MAX_LENGTH])))


def parse_yes_no(text: object) -> Optional[bool]:
    """True for yes, False for no, None for "je ne sais pas" or anything unclear; never raises."""
    if not isinstance(text, str) or is_dont_know(text):
        return None
    folded = fold(text[:_MAX_LENGTH])
    folded = _YES_PHRASES.sub(" oui ", _NO_PHRASES.sub(" non ", folded))
    yes = bool(_YES.search(folded) or _ONLY_SI.match(folded))
    no = bool(_NO.search(folded))
    if yes and no:
        return None  # "oui et non"
    if yes:
        return True
    if no or _WEAK_NO.search(folded):
        return False
    return None
