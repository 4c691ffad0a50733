"""What the catalogue holds: programmes, their facts and the ways to reach a person."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Dict, Optional, Tuple

from rapidfuzz import fuzz, process

from actions.catalogue.rules import Alternative, Eligibility
from actions.text import fold

# The facts every programme file must have, in the order they are shown.
FACT_KEYS = ("what", "for_whom", "duration", "pay", "access", "where")


@dataclass(frozen=True)
class Fact:
    text: Optional[str]  # None: unknown, the assistant says so
    sources: Tuple[str, ...]
    confidence: str  # sure | likely | unsure
    checked: datetime.date
    partial: Optional[str] = None  # what is known when ``text`` is unknown

    @property
    def known(self) -> bool:
        return self.text is not None

    @property
    def needs_confirmation(self) -> bool:
        return self.confidence == "unsure"


@dataclass(frozen=True)
class Audience:
    """Who a programme is meant for, used to list programmes for a public."""

    situations: Tuple[str, ...] = ()
    age_min: Optional[int] = None
    age_max: Optional[int] = None
    qpv: bool = False
    no_age_limit_with: Tuple[str, ...] = ()

    @property
    def open_to_all(self) -> bool:
        return not (self.situations or self.qpv or self.age_min or self.age_max)

    def concerns(self, situation: Optional[str] = None, age: Optional[int] = None) -> bool:
        """Whether the programme is aimed at this public (not an eligibility check).

        Programmes open to all are never "aimed at" a public: listings show them apart.
        """
        if self.open_to_all or (situation is None and age is None):
            return False
        if situation is not None and situation not in self.situations + self.no_age_limit_with:
            return False
        if age is None or situation in self.no_age_limit_with:
            return True
        has_age_bounds = self.age_min is not None or self.age_max is not None
        if not has_age_bounds:
            # An age alone says nothing about a programme aimed at a situation.
            return situation is not None
        return (self.age_min is None or age >= self.age_min) and (
            self.age_max is None or age <= self.age_max
        )


@dataclass(frozen=True)
class Programme:
    id: str
    name: str
    short: str
    synonyms: Tuple[str, ...]
    ask_a_person: str
    audience: Audience
    facts: Dict[str, Fact]
    caveat: Optional[str] = None
    # Who can join, as rules (evaluated by actions.eligibility); always set by the loader.
    eligibility: Optional[Eligibility] = None


@dataclass(frozen=True)
class ContactWay:
    text: str
    sources: Tuple[str, ...]
    confidence: str
    checked: datetime.date


@dataclass(frozen=True)
class Catalogue:
    programmes: Dict[str, Programme]
    contact_intro: str
    contact_ways: Tuple[ContactWay, ...]
    # Solutions outside the Afpa, proposed when no programme fits (alternatives.yml).
    alternatives: Tuple[Alternative, ...] = ()
    _names: Dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for programme in self.programmes.values():
            for name in (programme.id, programme.id.replace("_", " "), programme.name, *programme.synonyms):
                self._names[fold(name)] = programme.id

    def find(self, mention: Optional[str]) -> Optional[Programme]:
        """The programme a user's words name: id, name or synonym, with typos."""
        if not mention:
            return None
        key = fold(mention)
        if key in self._names:
            return self.programmes[self._names[key]]
        match = process.extractOne(key, list(self._names), scorer=fuzz.ratio, score_cutoff=85)
        return self.programmes[self._names[match[0]]] if match else None
