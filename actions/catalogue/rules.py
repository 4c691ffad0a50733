"""Eligibility rules as data: what the ``eligibility:`` blocks and alternatives.yml hold.

Only the shape of the rules lives here; evaluating them against what is known
about a person is the job of ``actions.eligibility``.

A rule is a list of conditions that must all hold. A condition is about one
*fact* of the vocabulary below (``age`` or a yes/no fact), or is ``any_of``
several such conditions. Every condition carries its sources and confidence;
one the sources do not settle carries ``uncertain_because`` (a French sentence
saying why), and the assistant then adds « à confirmer avec un conseiller ».
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import FrozenSet, Optional, Tuple, Union

# The situations of the conversation contract (shared/CONTRACT.md), in its order.
SITUATIONS: Tuple[str, ...] = ("refugie", "demandeur_emploi", "decrocheur", "scolarise", "salarie", "rqth")

AGE = "age"
# Yes/no facts about a person, besides the situations.
LIVES_IN_QPV = "lives_in_qpv"
FRENCH_A1 = "french_a1"
# HOPE is open since 2025 to people kept from work by the French language.
FRENCH_NOT_FIRST_LANGUAGE = "french_not_first_language"
# Transitions collectives: the employer lists the job as fragilised.
JOB_LISTED_AS_FRAGILE = "job_listed_as_fragile"
YES_NO_FACTS: Tuple[str, ...] = SITUATIONS + (
    LIVES_IN_QPV,
    FRENCH_A1,
    FRENCH_NOT_FIRST_LANGUAGE,
    JOB_LISTED_AS_FRAGILE,
)
# Every fact a rule may test, and the names used for "what is missing".
FACT_NAMES: Tuple[str, ...] = (AGE,) + YES_NO_FACTS


@dataclass(frozen=True)
class AgeCondition:
    """The age must lie between ``min`` and ``max`` (both included, either may be absent).

    With a RQTH the upper bound moves to ``max_with_rqth``, or disappears when
    ``rqth_removes_max`` (apprenticeship). Ages in ``uncertain_ages`` pass, but
    the sources do not settle them (``uncertain_because`` says why).
    """

    min: Optional[int]
    max: Optional[int]
    sources: Tuple[str, ...]
    confidence: Optional[str]
    max_with_rqth: Optional[int] = None
    rqth_removes_max: bool = False
    uncertain_ages: FrozenSet[int] = frozenset()
    uncertain_because: Optional[str] = None
    in_reason: bool = True  # False: a general rule, not worth saying in a reason

    fact = AGE

    @property
    def rqth_changes_max(self) -> bool:
        return self.rqth_removes_max or self.max_with_rqth is not None


@dataclass(frozen=True)
class FactCondition:
    """A yes/no fact must have the value ``expected``."""

    fact: str
    expected: bool
    sources: Tuple[str, ...]
    confidence: Optional[str]
    uncertain_because: Optional[str] = None  # set: always "à confirmer" when it holds
    in_reason: bool = True


SimpleCondition = Union[AgeCondition, FactCondition]


@dataclass(frozen=True)
class AnyOf:
    """At least one of the options must hold."""

    options: Tuple[SimpleCondition, ...]


Condition = Union[AgeCondition, FactCondition, AnyOf]


@dataclass(frozen=True)
class Note:
    """Something to say next to a programme that fits or nearly fits (not a condition)."""

    text: str
    sources: Tuple[str, ...]
    confidence: str


@dataclass(frozen=True)
class Eligibility:
    """Who can join a programme, as stated by the sources."""

    called: str  # how a sentence names it: "la Promo 16-18", "l'apprentissage à l'Afpa"
    open_to_all: bool
    conditions: Tuple[Condition, ...]
    checked: datetime.date
    # Set when the sources leave the programme itself in doubt (it may have ended).
    uncertain_because: Optional[str] = None
    notes: Tuple[Note, ...] = ()
    # Where "open to all" comes from (conditions carry their own sources).
    sources: Tuple[str, ...] = ()
    confidence: Optional[str] = None


@dataclass(frozen=True)
class Alternative:
    """A solution outside the Afpa, proposed when the person meets every ``when`` condition."""

    id: str
    name: str
    text: str
    when: Tuple[Condition, ...]
    sources: Tuple[str, ...]
    confidence: str
    checked: datetime.date
    uncertain_because: Optional[str] = None
