"""Which item of a list a person picks: "le deuxième", "2", "la 2e", "numéro 3", "le dernier".

    ordinal_index("je prends le deuxième", 5) -> 1      (0-based)
    ordinal_index("le dernier", 3)            -> 2
    ordinal_index("le 2 décembre", 5)         -> None   (a date, not a pick)
    ordinal_index("6", 5)                     -> None   (no sixth item)

A pick is a short answer: one ordinal, and otherwise only words that say nothing else
("je prends", "celui", "numéro", "svp"…). Anything more ("la deuxième semaine de
janvier", "une autre date") is left to the other parsers.
"""

from __future__ import annotations

import re
from typing import Dict, Optional

from actions.text import fold

_MAX_WORDS = 10
_LAST = -1
_BEFORE_LAST = -2

_WORD_ORDINALS: Dict[str, int] = {
    "premier": 1, "premiere": 1, "1er": 1, "1ere": 1, "1re": 1, "1e": 1, "first": 1,
    "deuxieme": 2, "second": 2, "seconde": 2, "2e": 2, "2eme": 2, "2nd": 2, "2nde": 2, "2de": 2,
    "troisieme": 3, "3e": 3, "3eme": 3, "third": 3,
    "quatrieme": 4, "4e": 4, "4eme": 4,
    "cinquieme": 5, "5e": 5, "5eme": 5,
    "sixieme": 6, "6e": 6, "6eme": 6,
    "septieme": 7, "7e": 7, "7eme": 7,
    "huitieme": 8, "8e": 8, "8eme": 8,
    "neuvieme": 9, "9e": 9, "9eme": 9,
    "dixieme": 10, "10e": 10, "10eme": 10,
    "dernier": _LAST, "derniere": _LAST, "last": _LAST,
}
# Numbers as words and digits: a pick only in an answer that is nothing else ("le 2", "trois").
_NUMBERS: Dict[str, int] = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "one": 1, "two": 2, "three": 3,
    **{str(number): number for number in range(1, 11)},
}
# Words around a pick that say nothing more about it.
_FILLERS = frozenset(
    """
    je j prends prend veux voudrais voudrai choisis choisi choix option proposition plutot c est ca sera va
    pour moi le la l les celui celle ci numero num n no nr svp stp merci ok oui alors donc euh bah ben du de d
    dans liste atelier session rdv rendez vous ligne bouton commune ville s il plait plais te aime prefere
    mieux bien the one please take mets met on peut
    """.split()
)
_AVANT = "avant"
_NUMBER_SIGN = re.compile(r"n°|#|nº")


def ordinal_index(text: object, count: int) -> Optional[int]:
    """The 0-based index of the item picked among ``count``, or None; never raises."""
    if not isinstance(text, str) or count <= 0 or text.strip().startswith("/"):
        return None
    tokens = fold(_NUMBER_SIGN.sub(" numero ", text[:200].lower())).replace(",", " ").split()
    tokens = [token.strip("!?.;:()") for token in tokens]
    tokens = [token for token in tokens if token]
    if not tokens or len(tokens) > _MAX_WORDS:
        return None
    picks = []
    rest = []
    for position, token in enumerate(tokens):
        if token in _WORD_ORDINALS:
            value = _WORD_ORDINALS[token]
            if value == _LAST and position > 0 and tokens[position - 1] == _AVANT:
                value = _BEFORE_LAST
            picks.append(value)
        elif token in _NUMBERS:
            picks.append(_NUMBERS[token])
        elif token == _AVANT and position + 1 < len(tokens) and _WORD_ORDINALS.get(tokens[position + 1]) == _LAST:
            continue
        else:
            rest.append(token)
    if len(set(picks)) != 1 or any(token not in _FILLERS for token in rest):
        return None
    value = picks[0]
    index = count + value if value < 0 else value - 1
    return index if 0 <= index < count else None
