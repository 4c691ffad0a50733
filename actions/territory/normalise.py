"""Turns a place name as people type it into a comparison key.

"Saint-Étienne-du-Rouvray", "st etienne du rouvray" and "ST ETIENNE-DU-ROUVRAY"
all become "saint etienne du rouvray": lower case, no accents, no punctuation,
one space between words, and the usual abbreviations written out.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Dict

# Ligatures that NFKD leaves alone but people never type.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
# Abbreviations of commune names (La Poste and road signs use them).
_ABBREVIATIONS: Dict[str, str] = {
    "st": "saint",
    "ste": "sainte",
    "sts": "saints",
    "stes": "saintes",
}
_LEADING_ARTICLES = ("le", "la", "les", "l")

# Words that are also commune names (Vers, Mars, Rue, Mer, Y, Eu…) but that, inside
# a longer sentence, are almost always ordinary words: a commune is found from a
# part of a sentence only if that part is not one of them. The whole message
# "Rue" still finds the commune Rue.
COMMON_WORDS = frozenset(
    """
    a au aux de des du d en et la le les l un une y eu on ou or vers sur sous pres chez dans
    pour par avec mais donc ni car je j tu il elle nous vous ils elles moi toi mon ma mes ton
    ta tes son sa ses ce c cet cette ces qui que quoi dont oui non merci bonjour salut ville
    commune habite habitons suis sommes vis vivons mars avril mai juin bonne bon place rue port
    pont mont bois mer montagne campagne ecole centre afpa atelier cote proche pas plus tres
    code postal cp saint sainte saints saintes
    """.split()
)


def place_key(text: str) -> str:
    """The comparison key of a place name (see the module docstring)."""
    folded = unicodedata.normalize("NFKD", text.lower().translate(_LIGATURES))
    without_accents = "".join(ch for ch in folded if not unicodedata.combining(ch))
    # "s/" is cut by the punctuation rule, so it is expanded first.
    without_accents = re.sub(r"\bs/\s*", "sur ", without_accents)
    words = _NOT_ALPHANUMERIC.sub(" ", without_accents).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


def without_leading_article(key: str) -> str | None:
    """"le mans" -> "mans"; None when the key has no leading article."""
    first, _, rest = key.partition(" ")
    if first in _LEADING_ARTICLES and rest:
        return rest
    return None

