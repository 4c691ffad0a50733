"""The result of an eligibility check, as data a channel can render (text lines, buttons)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, List, Optional, Tuple

from actions.catalogue import Catalogue
from actions.catalogue.rules import AGE, AgeCondition, Alternative
from actions.eligibility import protection, wording
from actions.eligibility.conditions import Outcome, check_condition
from actions.eligibility.engine import Status, Verdict, evaluate
from actions.eligibility.profile import Profile
from actions.eligibility.questions import next_question


@dataclass(frozen=True)
class AlternativeOffer:
    """A solution outside the Afpa that suits what is known of the person."""

    id: str
    name: str
    text: str
    uncertain_because: Optional[str]
    sources: Tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    fits: Tuple[Verdict, ...]  # ELIGIBLE programmes with conditions, best match first
    nearly: Tuple[Verdict, ...]  # NEED_TO_KNOW that already match something, or miss one fact
    undecided: Tuple[Verdict, ...]  # other NEED_TO_KNOW: too little known to say anything useful
    not_for_you: Tuple[Verdict, ...]  # NOT_ELIGIBLE, each with its reason
    open_to_all: Tuple[Verdict, ...]  # places open to everyone (Villages des solutions, La Place)
    alternatives: Tuple[AlternativeOffer, ...]  # outside the Afpa; worth showing when nothing fits
    why_nothing_fits: Optional[str]  # set when every programme with conditions is ruled out
    next_question: Optional[str]  # the fact to ask next, if any
    # Refugee, subsidiary protection or asylum claim: what to say first, with its sources.
    protection: Optional[protection.Notice] = None

    @property
    def nothing_fits(self) -> bool:
        return not self.fits


def _order(verdicts: Iterable[Verdict]) -> Tuple[Verdict, ...]:
    """Best match first: the most specific to the person, then the certain before the uncertain."""
    return tuple(sorted(verdicts, key=lambda v: (-v.strength, v.uncertain, len(v.missing), v.programme_id)))


def _alternative_suits(alternative: Alternative, profile: Profile) -> bool:
    """Every condition met, or none contradicted and at least one met (its text states the rest)."""
    outcomes = [check_condition(condition, profile).outcome for condition in alternative.when]
    return Outcome.FAILED not in outcomes and Outcome.MET in outcomes


def _minimum_age(catalogue: Catalogue, programme_id: str) -> Optional[int]:
    conditions = catalogue.programmes[programme_id].eligibility.conditions  # type: ignore[union-attr]
    bounds = [c.min for c in conditions if isinstance(c, AgeCondition) and c.min is not None]
    return max(bounds) if bounds else None


def _why_nothing_fits(profile: Profile, catalogue: Catalogue, ruled_out: Tuple[Verdict, ...]) -> str:
    age = profile.value(AGE)
    minimums = [_minimum_age(catalogue, verdict.programme_id) for verdict in ruled_out]
    if isinstance(age, int) and all(minimum is not None and age < minimum for minimum in minimums):
        youngest = min(m for m in minimums if m is not None)
        before = wording.years(youngest)
        return f"Vous avez {wording.years(age)} : aucun programme de l'Afpa n'est prévu avant {before}."
    return "D'après vos réponses, aucun programme de l'Afpa ne correspond à votre situation."


def build_summary(profile: Profile, catalogue: Catalogue, only: Optional[Iterable[str]] = None) -> Summary:
    """Everything to tell the person about the programmes (or ``only`` those ids)."""
    only = None if only is None else tuple(only)
    verdicts = evaluate(profile, catalogue, only)
    restricted = [verdict for verdict in verdicts if not verdict.open_to_all]
    fits = [v for v in restricted if v.status is Status.ELIGIBLE]
    open_verdicts = [v for v in restricted if v.status is Status.NEED_TO_KNOW]
    nearly = [v for v in open_verdicts if v.strength > 0 or len(v.missing) == 1]
    ruled_out = _order(v for v in restricted if v.status is Status.NOT_ELIGIBLE)
    why = None
    if restricted and len(ruled_out) == len(restricted):
        why = _why_nothing_fits(profile, catalogue, ruled_out)
    alternatives: List[AlternativeOffer] = [
        AlternativeOffer(
            id=alternative.id,
            name=alternative.name,
            text=alternative.text,
            # An asylum seeker's right to work or to be trained is not settled anywhere else either.
            uncertain_because=protection.doubt(profile) or alternative.uncertain_because,
            sources=alternative.sources,
        )
        for alternative in catalogue.alternatives
        if _alternative_suits(alternative, profile)
    ]
    return Summary(
        fits=_order(fits),
        nearly=_order(nearly),
        undecided=_order(v for v in open_verdicts if v not in nearly),
        not_for_you=ruled_out,
        open_to_all=tuple(v for v in verdicts if v.open_to_all),
        alternatives=tuple(alternatives),
        why_nothing_fits=why,
        next_question=next_question(profile, catalogue, only),
        protection=protection.notice(profile),
    )
