"""Communes and postal codes named inside a sentence, where they are, as people type them.

Plain Python, no Rasa: the NLU component ``nlu/place_extractor.py`` wraps it. ::

    find_places("jhabite st etienne du rouvrai", is_common_word=...)
    -> [PlaceMention(start=8, end=29, kind="commune", text="st etienne du rouvrai")]

What is found (the action then resolves the text with ``resolve_place``, which finds
the same commune):

- an official name or another name of a commune (former commune, arrondissement, the
  name without its article: "au Mans"), without accents or hyphens, with "St"/"Ste",
  the longest name first ("saint etienne du rouvray", never "saint etienne" inside it);
- a close spelling of a name (one or two letters wrong) when the sentence holds a word
  that is not a French word ("roubaxi", "rouvrai"): rapidfuzz among the names of the
  same length in words and the same first letters;
- a department code right after a name ("Saint-Denis 93"), kept with it;
- a postal code: five digits ("59100", "59 100") that are a real postal code, not an
  amount ("10 000 €") nor part of a phone number.

A name is taken only where the sentence means a place. Anywhere: a name that is not an
ordinary word and belongs to a town (``TOWN_POPULATION`` inhabitants or more, or a name
of several words such as "Saint-Étienne-du-Rouvray"), and a big city
(``BIG_CITY_POPULATION``: "Tours", "Paris"). Otherwise ("Sens", "Orange", "Plaisir", a
village, a misspelt name) only when the sentence says it is a place:

- a place word before it: "j'habite (à)", "près de", "proche de", "ville de", "centre
  (Afpa) de", "afpa";
- a postal code right before or after it ("97150 Saint-Martin");
- "à", "de", "sur", "dans", "vers" right before it, and nothing after it but punctuation
  or a number ("un atelier à orange", "je suis de Bourg-la-Reine"; not "à la réunion
  d'info", nor, for a village of several ordinary words, "à la réunion");
- the message is the name alone (a village of 2,000 inhabitants or more);
- another extractor (DIET) marked that very span as a commune (``hinted``).

The small list ``actions.territory.normalise.COMMON_WORDS`` ("Vers", "Mars", "Rue",
"Y", "Eu", "Place"…) is taken only after a place word ("j'habite à Mars"), even where
DIET marked it. The caller
says which other words are ordinary (``is_common_word``, e.g. the spaCy model's word
lists). Nothing is taken inside a hyphenated word ("Jean-Luc"), an e-mail address or a
web address.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Dict, Iterable, List, Literal, Sequence, Tuple

from rapidfuzz import fuzz, process

from actions.territory.data import TerritoryData, territory
from actions.territory.normalise import COMMON_WORDS, place_key

MentionKind = Literal["commune", "postal_code"]
MAX_TEXT_LENGTH = 300  # a chat message; longer text is cut, never scanned in full
MAX_NAME_WORDS = 8  # the longest commune name has eight words
# Below these rapidfuzz ratios a spelling is too far to be a typo of the name.
FUZZY_CUTOFF_ONE_WORD = 85.0
FUZZY_CUTOFF_SEVERAL_WORDS = 88.0
MIN_FUZZY_LETTERS = 6  # "roubaxi" yes, "lile" no: too many short names are one letter apart
# A commune this populated is meant when named, even if its name is also a word
# ("Tours", "Paris", "Valence").
BIG_CITY_POPULATION = 50_000
# A town: its name, if not an ordinary word, is meant anywhere in a sentence
# ("Roubaix", "Lens", "Valréas"); a village needs a place word before it ("près de
# Sainte-Anastasie"): many villages bear first names ("Marie", "Luc", "Anaïs").
TOWN_POPULATION = 3_000
# A message that is only a village's name, if it has this many inhabitants.
ALONE_POPULATION = 2_000
# Words that say a place follows, possibly after "à", "de", "du", "la"…:
# "j'habite à Sens", "près de Sens", "le centre Afpa de Sens", "ville de Sens".
PLACE_WORDS = frozenset(
    """
    habite habites habitent habitons habiter vis vit vivons reside residez resident
    ville commune secteur coin region pres proche proches afpa centre centres agence
    """.split()
)
LINK_WORDS = frozenset("a au aux de d du des sur dans vers la le les l".split())
# Right before a name, with nothing after the name: "un atelier à Orange", "je suis de Sens".
PLACE_PREPOSITIONS = frozenset("a de d du sur dans vers".split())
# E-mail and web addresses: no place is read inside them.
_ADDRESS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|\S+\.(?:fr|com|net|org)\b", re.IGNORECASE)
# Five digits, also "59 100"; not inside a longer number, not an amount or a distance.
_POSTAL_CODE = re.compile(
    r"(?<!\d)(?<!\d[.,])(\d{2}) ?(\d{3})(?!\d|[.,]\d)(?!\s*(?:€|euros?\b|eur\b|km\b|h\b|heures?\b|%|ans\b))"
)
# Letters or digits: "j'habite" -> "j", "habite"; "saint-étienne" -> "saint", "étienne".
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class PlaceMention:
    start: int  # character offsets in the text
    end: int
    kind: MentionKind
    text: str  # as written (a commune), or the five digits (a postal code)


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    word: str  # as written, lower case
    key: str  # place_key of the word: lower case, no accent, "st" -> "saint"
    joined: bool  # hyphenated to the word before ("jean-luc": "luc")


def warm_up() -> None:
    """Loads the territory and builds the index of spellings now, not at the first message."""
    _name_index(territory())


def find_places(
    text: str,
    *,
    is_common_word: Callable[[str], bool] = lambda word: False,
    hinted: Iterable[Tuple[int, int]] = (),
) -> List[PlaceMention]:
    """The communes and postal codes in ``text``, in order (see the module docstring).

    ``is_common_word(key)``: whether a word (as ``place_key`` writes it) is an ordinary
    French word; ``hinted``: (start, end) spans another extractor took for a commune.
    """
    text = (text or "")[:MAX_TEXT_LENGTH]
    finder = _Finder(territory(), is_common_word, tuple(hinted))
    postal_codes = finder.postal_codes(text)
    taken = [(m.start, m.end) for m in postal_codes] + [m.span() for m in _ADDRESS.finditer(text)]
    communes = finder.communes(text, taken)
    return sorted(postal_codes + communes, key=lambda mention: mention.start)


class _Finder:
    def __init__(self, data: TerritoryData, is_common_word: Callable[[str], bool], hinted: Sequence[Tuple[int, int]]):
        self.data = data
        self.is_common_word = is_common_word
        self.hinted = hinted

    # -- postal codes ---------------------------------------------------------------

    def postal_codes(self, text: str) -> List[PlaceMention]:
        found = []
        for match in _POSTAL_CODE.finditer(text):
            code = match.group(1) + match.group(2)
            if code in self.data.by_postal_code and not _in_phone_number(text, match.start(), match.end()):
                found.append(PlaceMention(match.start(), match.end(), "postal_code", code))
        return found

    # -- communes -------------------------------------------------------------------

    def communes(self, text: str, taken: Sequence[Tuple[int, int]]) -> List[PlaceMention]:
        tokens: List[_Token] = []
        previous_end = None
        for match in _WORD.finditer(text):
            if any(start <= match.start() < end for start, end in taken):
                previous_end = None
                continue
            key = place_key(match.group())
            if key:
                joined = previous_end is not None and text[previous_end:match.start()] == "-"
                tokens.append(_Token(match.start(), match.end(), match.group().lower(), key, joined))
            previous_end = match.end()
        found: List[PlaceMention] = []
        index = 0
        while index < len(tokens):
            # A misspelt longer name beats a correct shorter one inside it:
            # "saint etienne du rouvrai" is not "saint etienne".
            exact = self._name_at(tokens, index, text)
            size = max(exact, self._typo_at(tokens, index, text, longer_than=exact))
            if not size:
                index += 1
                continue
            end = tokens[index + size - 1].end
            if index + size < len(tokens) and self._is_department_after(tokens[index + size], tokens[index:index + size]):
                end = tokens[index + size].end  # "saint denis 93": the department tells which one
                size += 1
            found.append(PlaceMention(tokens[index].start, end, "commune", text[tokens[index].start:end]))
            index += size
        return found

    @staticmethod
    def _alone(tokens: Sequence[_Token], index: int, size: int) -> bool:
        """The window is the whole message (but numbers: a department, a postal code)."""
        outside = list(tokens[:index]) + list(tokens[index + size:])
        return all(token.key.isdigit() for token in outside)

    def _codes(self, key: str) -> Tuple[str, ...]:
        """The communes of a name or other name; between words of two letters or more,
        spaces do not count ("villeneuve dascq"; but "a brest" is not Abrest)."""
        found = self.data.by_name.get(key, ()) or self.data.by_alias.get(key, ())
        if not found and all(len(word) >= 2 for word in key.split()):
            spelled = _name_index(self.data).joined.get(key.replace(" ", ""))
            if spelled:
                found = self.data.by_name.get(spelled, ()) or self.data.by_alias.get(spelled, ())
        return found

    def _windows(self, tokens: Sequence[_Token], index: int, smallest: int = 1) -> Iterable[int]:
        """Sizes of the word windows starting at ``index``, longest first; a window never
        starts or ends inside a hyphenated word, nor holds a number."""
        if tokens[index].joined:
            return
        for size in range(min(MAX_NAME_WORDS, len(tokens) - index), smallest - 1, -1):
            after = index + size
            if after < len(tokens) and tokens[after].joined:
                continue
            if any(token.key.isdigit() for token in tokens[index:after]):
                continue
            yield size

    def _name_at(self, tokens: Sequence[_Token], index: int, text: str) -> int:
        """The number of words of the longest name starting at ``index`` (0: none)."""
        for size in self._windows(tokens, index):
            codes = self._codes(" ".join(token.key for token in tokens[index:index + size]))
            if codes and self._acceptable(tokens, index, size, codes, text):
                return size
        return 0

    def _ordinary(self, token: _Token) -> bool:
        return token.key in COMMON_WORDS or self.is_common_word(token.key) or self.is_common_word(token.word)

    def _acceptable(
        self, tokens: Sequence[_Token], index: int, size: int, codes: Sequence[str], text: str
    ) -> bool:
        """Whether a name found in the sentence is meant as a place (see the module docstring)."""
        window = tokens[index:index + size]
        if size == 1 and (window[0].key in COMMON_WORDS or len(window[0].key) < 3):
            # "vers", "mars", "y": ordinary words in a sentence, even where DIET saw a
            # place ("je peux venir vers 10h"); "j'habite à Mars" still says it, when
            # nothing follows ("un centre vers Toulouse": the place is Toulouse).
            return self._after_place_word(tokens, index) and self._nothing_after(tokens, index, size, text, numbers=False)
        if self._hinted(window):
            return True
        population = max((self.data.communes[code].population or 0) for code in codes)
        ordinary = all(self._ordinary(token) for token in window)
        if population >= BIG_CITY_POPULATION or (not ordinary and (size > 1 or population >= TOWN_POPULATION)):
            return True
        if self._alone(tokens, index, size) and population >= ALONE_POPULATION:
            return True
        if self._next_to_postal_code(tokens, index, size, text):
            return True  # "97150 saint martin", "sens 89100"
        if size > 1 and population < TOWN_POPULATION:
            # "la tour", "la réunion" (villages): ordinary words together need a place word
            # before them; "de Bourg-la-Reine" (a town) is enough.
            return self._after_place_word(tokens, index)
        return self._said_to_be_a_place(tokens, index, size, text)

    @staticmethod
    def _next_to_postal_code(tokens: Sequence[_Token], index: int, size: int, text: str) -> bool:
        before = text[:tokens[index].start]
        after = text[tokens[index + size - 1].end:]
        return bool(re.search(r"\d{2} ?\d{3}[\s,]*$", before) or re.match(r"[\s,]*\d{2} ?\d{3}(?!\d)", after))

    def _hinted(self, window: Sequence[_Token]) -> bool:
        span = (window[0].start, window[-1].end)
        return any(_overlaps(span, hint) for hint in self.hinted)

    @staticmethod
    def _after_place_word(tokens: Sequence[_Token], index: int) -> bool:
        """"j'habite (à)", "près de", "ville de", "centre Afpa de" right before the name."""
        before = [token.key for token in tokens[max(0, index - 3):index]]
        while before and before[-1] in LINK_WORDS and len(before) > 1:
            if before[-2] in PLACE_WORDS:
                return True
            before.pop()
        return bool(before) and before[-1] in PLACE_WORDS

    def _said_to_be_a_place(self, tokens: Sequence[_Token], index: int, size: int, text: str) -> bool:
        """A place word before the name, or a preposition before it and nothing after it."""
        if self._after_place_word(tokens, index):
            return True
        if index == 0 or tokens[index - 1].key not in PLACE_PREPOSITIONS:
            return False
        return self._nothing_after(tokens, index, size, text)

    @staticmethod
    def _nothing_after(tokens: Sequence[_Token], index: int, size: int, text: str, *, numbers: bool = True) -> bool:
        """Only punctuation, or numbers (a department, a postal code), after the name."""
        rest = text[tokens[index + size - 1].end:]
        return re.fullmatch(r"[\s\d.,;:!?)(\-]*" if numbers else r"[\s.,;:!?)(\-]*", rest) is not None

    def _typo_at(self, tokens: Sequence[_Token], index: int, text: str, *, longer_than: int = 0) -> int:
        """The number of words of a misspelt name starting at ``index`` (0: none)."""
        for size in self._windows(tokens, index, smallest=longer_than + 1):
            window = tokens[index:index + size]
            if not self._may_be_misspelt(window):
                continue
            key = " ".join(token.key for token in window)
            if len(key.replace(" ", "")) < MIN_FUZZY_LETTERS or any(len(token.key) < 2 for token in window[1:]):
                continue  # too short to guess; or a one-letter piece of an elision ("tourcoing s'il")
            if not (size > 1 or self._alone(tokens, index, size) or self._hinted(window)
                    or self._said_to_be_a_place(tokens, index, size, text)):
                continue  # a single unknown word is a typo of a place only where a place is expected
            cutoff = FUZZY_CUTOFF_ONE_WORD if size == 1 else FUZZY_CUTOFF_SEVERAL_WORDS
            joined = key.replace(" ", "")
            candidates = _name_index(self.data).similar(joined)
            if candidates and process.extractOne(joined, candidates, scorer=fuzz.ratio, score_cutoff=cutoff):
                return size
        return 0

    def _may_be_misspelt(self, window: Sequence[_Token]) -> bool:
        """A typo of a name starts and ends with a word of the name, and one of its words
        is no French word (the misspelt one)."""
        first, last = window[0].key, window[-1].key
        if first in COMMON_WORDS and first not in ("saint", "sainte", "le", "la", "les"):
            return False
        if last in COMMON_WORDS:
            return False
        return any(not self._ordinary(token) and len(token.key) >= 4 for token in window)

    def _is_department_after(self, token: _Token, name: Sequence[_Token]) -> bool:
        if not token.key.isdigit() and token.key not in ("2a", "2b"):
            return False
        codes = self._codes(" ".join(t.key for t in name))
        return any(self.data.communes[code].department_code.lower() == token.key for code in codes)


class _NameIndex:
    """Every name written without spaces ("villeneuvedascq"), to compare spellings that
    glue or split words; grouped by first two letters and length, so that a typo is
    compared with a few hundred names, not 37,000."""

    LENGTH_SPREAD = 2  # a typo adds or drops at most this many letters

    def __init__(self, data: TerritoryData) -> None:
        self.joined: Dict[str, str] = {}
        self.by_shape: Dict[Tuple[str, int], List[str]] = {}
        for key in data.fuzzy_keys:
            joined = key.replace(" ", "")
            self.joined.setdefault(joined, key)
            self.by_shape.setdefault((joined[:2], len(joined)), []).append(joined)

    def similar(self, joined: str) -> List[str]:
        return [
            name
            for length in range(len(joined) - self.LENGTH_SPREAD, len(joined) + self.LENGTH_SPREAD + 1)
            for name in self.by_shape.get((joined[:2], length), ())
        ]


_indexes: Dict[int, _NameIndex] = {}


def _name_index(data: TerritoryData) -> _NameIndex:
    index = _indexes.get(id(data))
    if index is None:
        _indexes.clear()
        index = _indexes[id(data)] = _NameIndex(data)
    return index


def _overlaps(a: Tuple[int, int], b: Tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _in_phone_number(text: str, start: int, end: int) -> bool:
    """"06 12 34 56 78": digits in pairs around the match are a phone number."""
    before = text[max(0, start - 3):start]
    after = text[end:end + 3]
    return bool(re.fullmatch(r".*\d\d[ .]", before) or re.match(r"[ .]\d\d", after))
