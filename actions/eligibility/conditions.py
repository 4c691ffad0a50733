"""Checks one rule condition against a profile: met, failed, or unknown (and what is missing).

Three-valued on purpose: a condition on an unknown fact is "unknown", never
"failed", so that nobody is turned away for a question not yet asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Optional, Tuple

from actions.catalogue.rules import AGE, AgeCondition, AnyOf, Condition, FactCondition
from actions.eligibility import protection, wording
from actions.eligibility.facts import FACTS
from actions.eligibility.profile import Profile


class Outcome(str, Enum):
    MET = "met"
    FAILED = "failed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Check:
    outcome: Outcome
    # What the person told that decides the outcome, in French ("vous avez 17 ans").
    said: Tuple[str, ...] = ()
    # The same, limited to what is worth repeating to them (not mere consequences).
    worth_saying: Tuple[str, ...] = ()
    required: str = ""  # the rule as a clause: "il faut avoir de 16 à 18 ans"
    missing: Tuple[str, ...] = ()  # facts that would settle it
    would_fit_if: str = ""  # "si vous avez de 16 à 18 ans"
    uncertain_because: Optional[str] = None  # met, but the sources do not settle it
    in_reason: bool = True
    expects: Optional[Tuple[str, bool]] = None  # a yes/no condition: (fact, value it needs)


def _said(profile: Profile, fact: str, phrase: str) -> Tuple[Tuple[str, ...], Tuple[str, ...]]:
    return (phrase,), ((phrase,) if profile.worth_saying(fact) else ())


def _age_check(condition: AgeCondition, profile: Profile) -> Check:
    extra = wording.rqth_exception(condition.max_with_rqth, condition.rqth_removes_max)
    accepted = wording.age_range(condition.min, condition.max)
    common = dict(required=f"il faut avoir {accepted}{extra}", in_reason=condition.in_reason)
    age = profile.value(AGE)
    if age is None:
        return Check(
            Outcome.UNKNOWN, missing=(AGE,), would_fit_if=f"si vous avez {accepted}{extra}", **common
        )
    said, worth = _said(profile, AGE, wording.you_are_aged(age))  # type: ignore[arg-type]
    if condition.min is not None and age < condition.min:
        return Check(Outcome.FAILED, said, worth, **common)
    if condition.max is not None and age > condition.max:
        if not condition.rqth_changes_max:
            return Check(Outcome.FAILED, said, worth, **common)
        rqth = profile.value("rqth")
        rqth_said, rqth_worth = _said(profile, "rqth", FACTS["rqth"].said(bool(rqth)))
        within_rqth_max = condition.rqth_removes_max or age <= (condition.max_with_rqth or 0)
        if rqth is None:
            if not within_rqth_max:
                return Check(Outcome.FAILED, said, worth, **common)
            return Check(
                Outcome.UNKNOWN,
                said,
                worth,
                missing=("rqth",),
                would_fit_if="si vous avez une RQTH",
                **common,
            )
        if rqth and within_rqth_max:
            return Check(Outcome.MET, said + rqth_said, worth + rqth_worth, **common)
        return Check(Outcome.FAILED, said + rqth_said, worth + rqth_worth, **common)
    uncertain = condition.uncertain_because
    if condition.uncertain_ages and age not in condition.uncertain_ages:
        uncertain = None  # the doubt only concerns those ages
    return Check(Outcome.MET, said, worth, uncertain_because=uncertain, **common)


def _yes_no_check(condition: FactCondition, profile: Profile) -> Check:
    info = FACTS[condition.fact]
    common = dict(
        required=info.needs(condition.expected),
        in_reason=condition.in_reason,
        expects=(condition.fact, condition.expected),
    )
    value = profile.value(condition.fact)
    if value is None:
        return Check(
            Outcome.UNKNOWN,
            missing=(condition.fact,),
            would_fit_if=info.would_fit_if(condition.expected),
            **common,
        )
    phrase = protection.said(profile, condition.fact, bool(value)) or info.said(bool(value))
    said, worth = _said(profile, condition.fact, phrase)
    if not worth and phrase != info.said(bool(value)):
        worth = (phrase,)  # « vous avez la protection subsidiaire » is what the person said
    if value is condition.expected:
        return Check(Outcome.MET, said, worth, uncertain_because=condition.uncertain_because, **common)
    return Check(Outcome.FAILED, said, worth, **common)


def _without_il_faut(clause: str) -> str:
    """ "il faut avoir X" → "avoir X", to list several requirements after one "il faut"."""
    return clause[len("il faut ") :] if clause.startswith("il faut ") else clause


def _any_of_check(condition: AnyOf, profile: Profile) -> Check:
    checks = [check_condition(option, profile) for option in condition.options]
    met = [check for check in checks if check.outcome is Outcome.MET]
    if met:
        # A certain way in beats an uncertain one.
        return min(met, key=lambda check: check.uncertain_because is not None)
    required = checks[0].required
    if all(check.required.startswith("il faut ") for check in checks):
        required = "il faut " + wording.join_or(_without_il_faut(check.required) for check in checks)
    in_reason = any(check.in_reason for check in checks)
    if all(check.outcome is Outcome.FAILED for check in checks):
        said = tuple(phrase for check in checks for phrase in check.said)
        worth = tuple(phrase for check in checks for phrase in check.worth_saying)
        return Check(Outcome.FAILED, said, worth, required=required, in_reason=in_reason)
    open_checks = [check for check in checks if check.outcome is Outcome.UNKNOWN]
    missing = tuple(dict.fromkeys(fact for check in open_checks for fact in check.missing))
    return Check(
        Outcome.UNKNOWN,
        required=required,
        missing=missing,
        would_fit_if=wording.with_alternatives([check.would_fit_if for check in open_checks]),
        in_reason=in_reason,
    )


def check_condition(condition: Condition, profile: Profile) -> Check:
    if isinstance(condition, AnyOf):
        return _any_of_check(condition, profile)
    if isinstance(condition, AgeCondition):
        return _age_check(condition, profile)
    return _yes_no_check(condition, profile)
