"""Free text -> commune(s): ``resolve_place`` and, after a question, ``choose_among``.

Search order (the first step that finds something wins):

1. a postal code in the text ("59100", "59 100") gives its communes; a name next to
   it picks among them ("Saint-Denis 93200");
2. the whole text is an official name ("saint etienne" -> Saint-Étienne only, never
   Saint-Étienne-du-Rouvray), then a former commune or arrondissement ("Lomme",
   "Paris 11e Arrondissement"), then a name without its article ("Mans");
3. a part of the text is a name and the rest is filler ("j'habite à Roubaix",
   "Paris 11e"), the longest part first; common words that are also communes (Vers,
   Mars, Rue…) are skipped;
4. a close spelling of the whole text (rapidfuzz): "roubaxi" -> Roubaix,
   "villeurbane" -> Villeurbanne, "saint etiene du rouvray" -> Saint-Étienne-du-Rouvray;
5. a name found in the sentence as the NLU finds it (``actions.territory.mentions``:
   the longest name, a typo inside a sentence: "jhabite st etienne du rouvrai" ->
   Saint-Étienne-du-Rouvray, not Saint-Étienne);
6. a part of a longer sentence, whatever surrounds it ("je voudrais un atelier près
   de Roubaix la semaine prochaine").

Homonyms come back as ``ambiguous``, most populated first; a department code or name
in the text ("Saint-Denis 93", "saint denis réunion") picks among them.
"""
from __future__ import annotations

import re
from typing import Iterable, List, Optional, Sequence, Set, Tuple

from rapidfuzz import fuzz, process

from actions.answers import ordinal_index
from actions.territory.data import TerritoryData, territory
from actions.territory.mentions import find_places
from actions.territory.models import Commune, MatchKind, PlaceResolution
from actions.territory.normalise import COMMON_WORDS, place_key, without_leading_article

# A five-digit code, also written "59 100"; not part of a longer number.
_POSTAL_CODE = re.compile(r"(?<!\d)(\d{2})\s?(\d{3})(?!\d)")
# "11e", "3eme", "1er", "arrondissement": what follows Paris, Lyon or Marseille.
_ARRONDISSEMENT_WORD = re.compile(r"\d{1,2}(?:e|er|eme|ieme)?|arrondissement|arr|arrdt")
_MAX_TEXT_LENGTH = 200  # a place name is short; longer input is cut, never scanned in full
# Below this rapidfuzz ratio a spelling is too far to be a typo of the name.
FUZZY_CUTOFF = 84.0
# Candidates within this many points of the best are equally likely.
FUZZY_TIE_MARGIN = 3.0
MAX_FUZZY_CANDIDATES = 6
_NOT_FOUND = PlaceResolution(status="not_found", communes=(), match="none")


def resolve_place(text: Optional[str], *, postal_code: Optional[str] = None) -> PlaceResolution:
    """The commune(s) meant by ``text`` (a name, a postal code, or a short sentence).

    ``postal_code`` is the separate entity when the NLU extracted one; it is used as
    if it were part of the text.
    """
    return _Resolver(territory()).resolve(" ".join(part for part in (text, postal_code) if part))


def choose_among(candidates: Sequence[Commune], answer: Optional[str]) -> Optional[Commune]:
    """The candidate the user picked after an ``ambiguous`` resolution, or None.

    Understands an INSEE code (a button payload), a postal code, a department code or
    name ("celle du 93", "dans le Gard", "la Réunion"), an ordinal ("la deuxième", "2"),
    or the commune's name when that alone tells them apart.
    """
    if not candidates or not answer:
        return None
    text = answer.strip()[:_MAX_TEXT_LENGTH]
    key = place_key(text)
    tokens = key.split()

    by_insee = [c for c in candidates if c.insee in tokens or c.insee.lower() in tokens]
    postal_codes = {"".join(match.groups()) for match in _POSTAL_CODE.finditer(text)}
    by_postal_code = [c for c in candidates if postal_codes & set(c.postal_codes)]
    by_department_code = [c for c in candidates if c.department_code.lower() in tokens]
    by_department_name = [c for c in candidates if _mentions_department(key, c)]
    by_name = [c for c in candidates if place_key(c.name) == key]
    for picks in (by_insee, by_postal_code, by_department_code, by_department_name, by_name):
        if len(picks) == 1:
            return picks[0]
    index = ordinal_index(text, len(candidates))
    return candidates[index] if index is not None else None


def _mentions_department(key: str, commune: Commune) -> bool:
    department = place_key(commune.department_name)
    short = without_leading_article(department) or department
    return bool(re.search(rf"\b{re.escape(short)}\b", key))


class _Resolver:
    def __init__(self, data: TerritoryData) -> None:
        self.data = data

    def resolve(self, text: str) -> PlaceResolution:
        text = text.strip()[:_MAX_TEXT_LENGTH]
        postal_codes = ["".join(match.groups()) for match in _POSTAL_CODE.finditer(text)]
        key = place_key(_POSTAL_CODE.sub(" ", text))
        tokens = [token for token in key.split() if not self._is_department_code(token)]
        departments = {token for token in key.split() if self._is_department_code(token)}

        if postal_codes:
            return self._with_postal_codes(postal_codes, tokens, departments)
        return self._by_any_name(tokens, departments)

    def _by_any_name(self, tokens: List[str], departments: Set[str]) -> PlaceResolution:
        """Steps 2 to 6 of the module docstring."""
        if not tokens:
            return _NOT_FOUND
        for search in (
            lambda: self._by_name(tokens, departments),
            lambda: self._by_fuzzy_name(" ".join(tokens), departments),
            lambda: self._by_mention(tokens, departments),
            lambda: self._by_name(tokens, departments, lenient=True),
        ):
            found = search()
            if found.status != "not_found":
                return found
        return _NOT_FOUND

    def _by_mention(self, tokens: List[str], departments: Set[str]) -> PlaceResolution:
        """The first name found in the sentence (step 5), resolved by steps 2 to 4."""
        for mention in find_places(" ".join(tokens)):
            words = place_key(mention.text).split()
            if mention.kind != "commune" or words == tokens:
                continue
            for search in (
                lambda: self._by_name(words, departments),
                lambda: self._by_fuzzy_name(" ".join(words), departments),
            ):
                found = search()
                if found.status != "not_found":
                    return found
        return _NOT_FOUND

    # -- postal codes -------------------------------------------------------

    def _with_postal_codes(self, postal_codes: List[str], tokens: List[str], departments: Set[str]) -> PlaceResolution:
        codes = [insee for postal_code in postal_codes for insee in self.data.by_postal_code.get(postal_code, ())]
        by_code = self.data.ranked(codes)
        by_name = self._by_name(tokens, departments) if tokens else _NOT_FOUND
        if not by_code:
            # An unknown postal code: the name, if any, still tells.
            return self._by_any_name(tokens, departments)
        if by_name.status != "not_found":
            agreeing = tuple(c for c in by_name.communes if c in by_code)
            if agreeing:
                return _result(agreeing, "postal_code")
            if by_name.match in ("name", "alias"):
                # "Paris 59100": the name and the code disagree; the user says which.
                return _result(by_code + by_name.communes, "postal_code")
        if tokens and len(by_code) > 1:
            # "roubaxi 59100": a typo among the few communes of that code.
            close = self._closest(" ".join(tokens), by_code)
            if close:
                return _result(close, "postal_code")
        return _result(by_code, "postal_code")

    # -- names --------------------------------------------------------------

    def _by_name(self, tokens: List[str], departments: Set[str], *, lenient: bool = False) -> PlaceResolution:
        """An official name or alias: the whole text, else a part of it.

        A part counts only if the rest of the text is filler ("j'habite à", "11e",
        a department name): "saint etiene du rouvray" must not find the commune
        Rouvray. With ``lenient`` (the last resort), any rest is accepted.
        """
        whole = " ".join(tokens)
        for index, kind in ((self.data.by_name, "name"), (self.data.by_alias, "alias")):
            if whole in index:
                return self._narrow(index[whole], kind, departments, leftover="")
        for size in range(len(tokens) - 1, 0, -1):
            matches: List[Tuple[str, str, str]] = []  # (insee, kind, leftover)
            for start in range(len(tokens) - size + 1):
                part = tokens[start:start + size]
                if len(part) == 1 and (part[0] in COMMON_WORDS or len(part[0]) < 3):
                    continue  # "vers", "mars", "y": ordinary words in a sentence
                rest = tokens[:start] + tokens[start + size:]
                window = " ".join(part)
                for index, kind in ((self.data.by_name, "name"), (self.data.by_alias, "alias")):
                    codes = index.get(window, ())
                    if codes and (lenient or self._is_filler(rest, codes)):
                        matches.extend((code, kind, " ".join(rest)) for code in codes)
                        break
            if matches:
                kind = "name" if any(m[1] == "name" for m in matches) else "alias"
                leftover = " ".join(m[2] for m in matches)
                return self._narrow([m[0] for m in matches], kind, departments, leftover)
        return _NOT_FOUND

    def _is_filler(self, rest: List[str], codes: Sequence[str]) -> bool:
        """Whether the words around a name say nothing more about the place."""
        department_words = {
            word for code in codes for word in place_key(self.data.communes[code].department_name).split()
        }
        return all(
            word in COMMON_WORDS or word in department_words or _ARRONDISSEMENT_WORD.fullmatch(word)
            for word in rest
        )

    def _narrow(self, codes: Iterable[str], kind: MatchKind, departments: Set[str], leftover: str) -> PlaceResolution:
        """Keeps the homonyms in the department the text names, if it names one."""
        communes = self.data.ranked(list(codes))
        if len(communes) > 1:
            in_department = tuple(c for c in communes if c.department_code.lower() in departments)
            if not in_department and leftover:
                in_department = tuple(c for c in communes if _mentions_department(leftover, c))
            if in_department:
                communes = in_department
        return _result(communes, kind)

    def _by_fuzzy_name(self, key: str, departments: Set[str]) -> PlaceResolution:
        if len(key) < 4:
            return _NOT_FOUND  # three letters are too few to guess a typo
        matches = process.extract(
            key, self.data.fuzzy_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=MAX_FUZZY_CANDIDATES
        )
        if not matches:
            return _NOT_FOUND
        best = matches[0][1]
        codes: List[str] = []
        for name_key, score, _ in matches:
            if score >= best - FUZZY_TIE_MARGIN:
                codes.extend(self.data.by_name.get(name_key, ()) or self.data.by_alias.get(name_key, ()))
        narrowed = self._narrow(codes, "fuzzy", departments, leftover="")
        if narrowed.status == "ambiguous" and _dominates(narrowed.communes):
            # "marseilles": Marseille rather than Mareilles (52, 100 people). The match
            # kind says "fuzzy", so the bot confirms the guess anyway.
            return _result(narrowed.communes[:1], "fuzzy")
        return narrowed

    def _closest(self, key: str, communes: Tuple[Commune, ...]) -> Tuple[Commune, ...]:
        scored = [(fuzz.ratio(key, place_key(c.name)), c) for c in communes]
        best = max(score for score, _ in scored)
        if best < 60:
            return ()
        return tuple(c for score, c in scored if score >= best - FUZZY_TIE_MARGIN)

    def _is_department_code(self, token: str) -> bool:
        # Two digits (or 2A/2B, or 97x): a department, never part of a commune name.
        return token.upper() in self.data.departments and (token[:1].isdigit())


# A misspelt name is taken for the big city when it is this many times more populated
# than every other close spelling.
_DOMINANCE_FACTOR = 20


def _dominates(ranked: Tuple[Commune, ...]) -> bool:
    """Whether the first (most populated) commune dwarfs all the others."""
    first = ranked[0].population or 0
    return all(first >= _DOMINANCE_FACTOR * (other.population or 0) for other in ranked[1:])


def _result(communes: Tuple[Commune, ...], kind: MatchKind) -> PlaceResolution:
    if not communes:
        return _NOT_FOUND
    if len(communes) == 1:
        return PlaceResolution(status="found", communes=communes, match=kind)
    # Every candidate is kept (a postal code can cover dozens of villages): the bot
    # shows the first few and otherwise asks for a postal code or a department.
    return PlaceResolution(status="ambiguous", communes=communes, match=kind)
