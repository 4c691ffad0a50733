"""Which fact to ask next, and when there is enough to answer."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Iterable, List, Optional, Sequence, Tuple

from actions.catalogue import Catalogue
from actions.catalogue.rules import AGE, AgeCondition, AnyOf
from actions.eligibility.engine import Status, Verdict, evaluate
from actions.eligibility.facts import ASK_ORDER, FACTS
from actions.eligibility.profile import Profile

# The ages the age parser accepts (see parsers.py): what-ifs stay within them.
PLAUSIBLE_AGES = range(12, 100)


@dataclass(frozen=True)
class Question:
    fact: str
    text: str  # "Avez-vous un emploi en ce moment ?"
    choices: Tuple[str, ...]  # quick replies: ("Oui", "Non", "Je ne sais pas"), none for the age


def question_for(fact: str) -> Question:
    info = FACTS[fact]
    return Question(fact=fact, text=info.question, choices=info.choices)


def _undecided(verdicts: Sequence[Verdict]) -> List[Verdict]:
    return [verdict for verdict in verdicts if verdict.status is Status.NEED_TO_KNOW]


def _ages_worth_trying(catalogue: Catalogue, programme_ids: Iterable[str]) -> Tuple[int, ...]:
    """One age on each side of every age bound: enough to see what an age would settle."""
    ages = set()
    for programme_id in programme_ids:
        for condition in catalogue.programmes[programme_id].eligibility.conditions:  # type: ignore[union-attr]
            for option in condition.options if isinstance(condition, AnyOf) else (condition,):
                if not isinstance(option, AgeCondition):
                    continue
                for bound in (option.min, option.max, option.max_with_rqth):
                    if bound is not None:
                        ages.update((bound - 1, bound, bound + 1))
    return tuple(sorted(age for age in ages if age in PLAUSIBLE_AGES))


def _expected_settled(
    profile: Profile, catalogue: Catalogue, fact: str, undecided_ids: List[str], values: Sequence[object]
) -> Fraction:
    """How many undecided programmes one answer would settle, on average over the possible answers."""
    if not values:
        return Fraction(0)
    settled = 0
    for value in values:
        after = evaluate(profile.with_fact(fact, value), catalogue, only=undecided_ids)  # type: ignore[arg-type]
        settled += sum(verdict.status is not Status.NEED_TO_KNOW for verdict in after)
    return Fraction(settled, len(values))


def next_question(
    profile: Profile, catalogue: Catalogue, only: Optional[Iterable[str]] = None
) -> Optional[str]:
    """The fact to ask next, or None when no answer could settle anything more.

    Never a fact already known (given or implied), one the person said they do not
    know, or one nobody but an employer knows (``FactInfo.askable``). Among the
    others, the one that settles the most undecided programmes on average; ties go
    to the fact about the programmes that already match the person best, then to
    the one that concerns the most programmes, then to ``ASK_ORDER``.
    """
    undecided = _undecided(evaluate(profile, catalogue, only))
    undecided_ids = [verdict.programme_id for verdict in undecided]
    best: Optional[Tuple[object, ...]] = None
    best_fact: Optional[str] = None
    for position, fact in enumerate(ASK_ORDER):
        if not FACTS[fact].askable or profile.knows(fact) or fact in profile.dont_know:
            continue
        concerned = [verdict for verdict in undecided if fact in verdict.missing]
        if not concerned:
            continue
        values: Sequence[object] = (
            _ages_worth_trying(catalogue, undecided_ids) if fact == AGE else (True, False)
        )
        score = (
            _expected_settled(profile, catalogue, fact, undecided_ids, values),
            sum(verdict.strength for verdict in concerned),
            len(concerned),
            -position,
        )
        if best is None or score > best:
            best, best_fact = score, fact
    return best_fact


def enough_to_answer(profile: Profile, catalogue: Catalogue, only: Optional[Iterable[str]] = None) -> bool:
    """Whether a form can stop asking and show the summary.

    Yes when nothing useful is left to ask, or when a programme fits and no
    undecided programme matches the person's answers better than it does (so a
    17-year-old who left school is not told "apprentissage" while the Promo 16-18
    is one question away).
    """
    if next_question(profile, catalogue, only) is None:
        return True
    verdicts = [verdict for verdict in evaluate(profile, catalogue, only) if not verdict.open_to_all]
    fits = [verdict.strength for verdict in verdicts if verdict.status is Status.ELIGIBLE]
    if not fits:
        return False
    return all(verdict.strength <= max(fits) for verdict in _undecided(verdicts))
