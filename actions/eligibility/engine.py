"""The verdict for each programme: ELIGIBLE, NOT_ELIGIBLE or NEED_TO_KNOW, with its reason in French."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Iterable, List, Optional, Tuple

from actions.catalogue import Catalogue, Programme
from actions.catalogue.rules import Condition
from actions.eligibility import protection, wording
from actions.eligibility.conditions import Check, Outcome, check_condition
from actions.eligibility.profile import IMPLICATIONS, Profile


class Status(str, Enum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    NEED_TO_KNOW = "need_to_know"


@dataclass(frozen=True)
class Verdict:
    programme_id: str
    name: str  # "La Promo 16-18", for titles and buttons
    called: str  # "la Promo 16-18", inside a sentence
    status: Status
    reason: str  # one or two short French sentences, ready to show
    # NEED_TO_KNOW: the facts that would settle it, in the order of the rules…
    missing: Tuple[str, ...] = ()
    # …and the same as conditions: ("si vous n'avez pas d'emploi",)
    would_fit_if: Tuple[str, ...] = ()
    # Why it is « à confirmer avec un conseiller » (sources that do not settle it).
    to_confirm: Tuple[str, ...] = ()
    notes: Tuple[str, ...] = ()  # said next to a programme that fits or nearly fits
    # How many of the person's own answers match the programme's rules: the
    # higher, the more this programme is about them (used to order and to stop asking).
    strength: int = 0
    open_to_all: bool = False
    sources: Tuple[str, ...] = ()  # of the conditions checked

    @property
    def uncertain(self) -> bool:
        return bool(self.to_confirm)


def _sources(conditions: Iterable[Condition]) -> Tuple[str, ...]:
    found: List[str] = []
    for condition in conditions:
        for option in getattr(condition, "options", (condition,)):
            found.extend(option.sources)
    return tuple(dict.fromkeys(found))


def _first_failure(failed: List[Check]) -> Check:
    """Explain with something the person said, rather than with a consequence of it."""
    return next((check for check in failed if check.worth_saying), failed[0])


def _conditions_to_state(checks: List[Check]) -> List[str]:
    """The open conditions, less those another one already implies.

    "si vous avez quitté l'école" makes "si vous n'êtes plus à l'école" needless.
    """
    open_checks = [check for check in checks if check.outcome is Outcome.UNKNOWN]
    expected = {check.expects for check in open_checks if check.expects}
    implied = {
        (target, value)
        for source, source_value, target, value in IMPLICATIONS
        if (source, source_value) in expected
    }
    return [check.would_fit_if for check in open_checks if check.expects not in implied]


def _reason(status: Status, called: str, checks: List[Check], uncertain: bool) -> str:
    if status is Status.NOT_ELIGIBLE:
        failure = _first_failure([check for check in checks if check.outcome is Outcome.FAILED])
        said = wording.join_and(failure.worth_saying or failure.said)
        return wording.sentence(f"{said}, mais {failure.required} pour {called}.")
    said = wording.join_and(
        phrase
        for check in checks
        if check.outcome is Outcome.MET and check.in_reason
        for phrase in check.worth_saying
    )
    if status is Status.ELIGIBLE:
        verdict = (
            f"{called} peut vous convenir, {wording.TO_CONFIRM}"
            if uncertain
            else f"{called}, c'est pour vous"
        )
    else:
        conditions = wording.join_and(_conditions_to_state(checks))
        verdict = f"{called} peut vous convenir {conditions}"
    return wording.sentence(f"{said} : {verdict}." if said else f"{verdict}.")


def evaluate_programme(profile: Profile, programme: Programme) -> Verdict:
    """The verdict for one programme, from its ``eligibility:`` rules."""
    rules = programme.eligibility
    if rules is None:  # only a Programme built by hand, never one from the loader
        raise ValueError(f"programme {programme.id!r} has no eligibility rules")
    if rules.open_to_all:
        return Verdict(
            programme_id=programme.id,
            name=programme.name,
            called=rules.called,
            status=Status.ELIGIBLE,
            reason=wording.sentence(f"{rules.called}, c'est pour tout le monde, sans condition."),
            open_to_all=True,
            sources=rules.sources,
        )
    excluded = protection.exclusion(profile, programme)
    if excluded is not None:
        # One verdict for an asylum seeker, whatever other way in the rules offer.
        return Verdict(
            programme_id=programme.id,
            name=programme.name,
            called=rules.called,
            status=Status.NOT_ELIGIBLE,
            reason=wording.sentence(excluded),
            sources=tuple(dict.fromkeys(_sources(rules.conditions) + protection.SOURCES)),
        )
    checks = [check_condition(condition, profile) for condition in rules.conditions]
    outcomes = {check.outcome for check in checks}
    if Outcome.FAILED in outcomes:
        status = Status.NOT_ELIGIBLE
    elif Outcome.UNKNOWN in outcomes:
        status = Status.NEED_TO_KNOW
    else:
        status = Status.ELIGIBLE
    to_confirm: Tuple[str, ...] = ()
    if status is not Status.NOT_ELIGIBLE:
        doubts = [check.uncertain_because for check in checks if check.outcome is Outcome.MET]
        extra = [protection.doubt(profile, programme)]
        to_confirm = tuple(dict.fromkeys(d for d in extra + doubts + [rules.uncertain_because] if d))
    open_checks = [check for check in checks if check.outcome is Outcome.UNKNOWN]
    return Verdict(
        programme_id=programme.id,
        name=programme.name,
        called=rules.called,
        status=status,
        reason=_reason(status, rules.called, checks, bool(to_confirm)),
        missing=(
            tuple(dict.fromkeys(fact for check in open_checks for fact in check.missing))
            if status is Status.NEED_TO_KNOW
            else ()
        ),
        would_fit_if=tuple(_conditions_to_state(checks)) if status is Status.NEED_TO_KNOW else (),
        to_confirm=to_confirm,
        notes=tuple(note.text for note in rules.notes) if status is not Status.NOT_ELIGIBLE else (),
        strength=sum(
            len(check.worth_saying) for check in checks if check.outcome is Outcome.MET and check.in_reason
        ),
        sources=_sources(rules.conditions),
    )


def evaluate(
    profile: Profile, catalogue: Catalogue, only: Optional[Iterable[str]] = None
) -> Tuple[Verdict, ...]:
    """One verdict per programme of the catalogue (or of ``only``, programme ids), in catalogue order."""
    wanted = None if only is None else set(only)
    unknown = (wanted or set()) - set(catalogue.programmes)
    if unknown:
        raise ValueError(f"unknown programme id(s): {', '.join(sorted(unknown))}")
    return tuple(
        evaluate_programme(profile, programme)
        for programme in catalogue.programmes.values()
        if wanted is None or programme.id in wanted
    )
