"""What the catalogue holds: programmes, their facts and the ways to reach a person."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Dict, Optional, Tuple

from rapidfuzz import fuzz, process

from actions.catalogue.rules import Alternative, Eligibility
from actions.text import fold

_WORDS_ONLY = re.compile(r"[^a-z0-9 ]+")

# The facts every programme file must have, in the order they are shown.
FACT_KEYS = ("what", "for_whom", "duration", "pay", "access", "where")


# Programme names that are also everyday phrases: never read from a sentence on their own.
EVERYDAY_PHRASES = frozenset({"la place", "la promo", "les villages", "place afpa"})


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


# The most a first message may hold: one phone screen (issue #13, tests/unit/test_plain_answers.py).
FIRST_MESSAGE_MAX_CHARS = 300


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
    # The first message of « c'est quoi ? », in plain words, to the person concerned…
    summary: str = ""
    # …and to a professional speaking of the people they follow.
    summary_staff: str = ""
    # Who to ask (ids of contact.yml ``people``), the best first.
    contacts: Tuple[str, ...] = ()

    @property
    def checked(self) -> datetime.date:
        """When the facts said were last checked (the oldest check of a stated fact)."""
        return min(fact.checked for fact in self.facts.values())

    @property
    def sources(self) -> Tuple[str, ...]:
        """Every source of the stated facts, without repeats, in the order of the facts."""
        seen: Dict[str, None] = {}
        for fact in self.facts.values():
            for source in fact.sources:
                seen.setdefault(source, None)
        return tuple(seen)


@dataclass(frozen=True)
class ContactWay:
    text: str
    sources: Tuple[str, ...]
    confidence: str
    checked: datetime.date


@dataclass(frozen=True)
class Person:
    """Someone to ask (contact.yml ``people``): who, and how to reach them."""

    id: str
    who: str
    how: str
    sources: Tuple[str, ...]
    confidence: str
    checked: datetime.date


@dataclass(frozen=True)
class CentreContact:
    """A phone number or e-mail of one centre (contact.yml ``centres``), when the fact sheet has one."""

    centre_id: str
    phone: Optional[str]
    email: Optional[str]
    sources: Tuple[str, ...]
    confidence: str
    checked: datetime.date


@dataclass(frozen=True)
class Topic:
    """A staff question answered from topics.yml: a short summary, then the details."""

    id: str
    title: str
    summary: str
    details: Tuple[str, ...]
    contacts: Tuple[str, ...]
    source: str  # the source as people read it
    source_date: str  # how current it is
    sources: Tuple[str, ...]
    confidence: str
    checked: datetime.date
    programmes: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Figure:
    """A key figure of the fact sheet (figures.yml), with its date and source."""

    id: str
    about: str  # a programme id, "afpa" or "partnership"
    kinds: Tuple[str, ...]  # what a question asks for: people, outcomes, centres, group, territories
    text: str
    date: str
    source: str
    sources: Tuple[str, ...]
    confidence: str
    checked: datetime.date


@dataclass(frozen=True)
class Term:
    """A word explained (glossary.yml, docs/glossary.md)."""

    id: str
    name: str
    synonyms: Tuple[str, ...]
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
    # Who to ask and how (contact.yml), staff topics, key figures, the glossary.
    people: Dict[str, Person] = field(default_factory=dict)
    centre_contacts: Dict[str, CentreContact] = field(default_factory=dict)
    topics: Dict[str, Topic] = field(default_factory=dict)
    figures: Tuple[Figure, ...] = ()
    terms: Dict[str, Term] = field(default_factory=dict)
    _names: Dict[str, str] = field(default_factory=dict, repr=False)
    _term_names: Dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for programme in self.programmes.values():
            for name in (programme.id, programme.id.replace("_", " "), programme.name, *programme.synonyms):
                self._names[fold(name)] = programme.id
        for term in self.terms.values():
            for name in (term.id, term.id.replace("_", " "), term.name, *term.synonyms):
                self._term_names[fold(name)] = term.id

    def find_term(self, mention: Optional[str]) -> Optional[Term]:
        """The glossary word a user's words name (name or synonym, with typos)."""
        name = _closest_name(mention, self._term_names)
        return self.terms[self._term_names[name]] if name else None

    def programme_in(self, text: Optional[str]) -> Optional[Programme]:
        """The programme named word for word in a sentence, longest name first: the names are
        a closed list, so a name the NLU's entity extractor missed in a long sentence
        (« Bonjour, je voudrais des renseignements sur l'apprentissage chez vous ») is still
        found. Names that are also everyday phrases (« il reste de la place ? ») are left to
        the extractor."""
        name = _name_said(text, self._names, min_length=3, left_out=EVERYDAY_PHRASES)
        return self.programmes[self._names[name]] if name else None

    def term_in(self, text: Optional[str]) -> Optional[Term]:
        """The glossary word said in a sentence (« c'est quoi le CIR ? »), longest name first."""
        name = _name_said(text, self._term_names, min_length=2)
        return self.terms[self._term_names[name]] if name else None

    def find(self, mention: Optional[str]) -> Optional[Programme]:
        """The programme a user's words name: id, name or synonym, with typos."""
        name = _closest_name(mention, self._names)
        return self.programmes[self._names[name]] if name else None


def _closest_name(mention: Optional[str], names: Dict[str, str]) -> Optional[str]:
    """The known name (folded) that ``mention`` says: exactly, else with typos."""
    if not mention:
        return None
    key = fold(mention)
    if key in names:
        return key
    match = process.extractOne(key, list(names), scorer=fuzz.ratio, score_cutoff=85)
    return match[0] if match else None


def _name_said(text: Optional[str], names: Dict[str, str], min_length: int, left_out=frozenset()) -> Optional[str]:
    """The known name said word for word in a sentence, the longest first."""
    words = f" {_WORDS_ONLY.sub(' ', fold(text or ''))} "
    for name in sorted(names, key=len, reverse=True):
        if name not in left_out and len(name) >= min_length and f" {name} " in words:
            return name
    return None
