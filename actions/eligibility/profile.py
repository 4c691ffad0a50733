"""What is known about a person: each fact is known true, known false, or unknown.

"Unknown" (None, or a situation in neither set) is never the same as "no": the
engine asks about unknown facts and never counts them against the person.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Dict, FrozenSet, Iterable, Mapping, Optional, Tuple, Union

from actions.catalogue.rules import (
    AGE,
    FACT_NAMES,
    FRENCH_A1,
    FRENCH_NOT_FIRST_LANGUAGE,
    SITUATIONS,
)

FactValue = Union[int, bool]
# The protection status, beyond the rules' vocabulary (actions/catalogue/rules.py): the
# contract's `refugie` is "refugee or subsidiary protection" (a protection granted);
# these two tell the cases apart. The engine's own rules for them: protection.py.
ASYLUM_SEEKER = "demandeur_asile"  # an asylum claim in progress: no protection (yet)
SUBSIDIARY_PROTECTION = "protection_subsidiaire"  # granted: a kind of `refugie`
PROTECTION_FACTS: Tuple[str, ...] = (ASYLUM_SEEKER, SUBSIDIARY_PROTECTION)
# Every fact a profile holds: the rules' facts, then the protection facts.
PROFILE_FACTS: Tuple[str, ...] = FACT_NAMES + PROTECTION_FACTS
DONT_KNOW_KEY = "dont_know"

# What one answer tells about another fact: (fact, value) ⇒ (other fact, value).
# Only certainties: someone who left school is not at school, and the reverse;
# someone whose mother tongue is French has the A1 level; someone who asks for asylum
# has no protection yet, and someone with a protection is no longer asking for one.
IMPLICATIONS: Tuple[Tuple[str, bool, str, bool], ...] = (
    ("decrocheur", True, "scolarise", False),
    ("scolarise", True, "decrocheur", False),
    (FRENCH_NOT_FIRST_LANGUAGE, False, FRENCH_A1, True),
    (ASYLUM_SEEKER, True, "refugie", False),
    (ASYLUM_SEEKER, True, SUBSIDIARY_PROTECTION, False),
    (SUBSIDIARY_PROTECTION, True, "refugie", True),
    (SUBSIDIARY_PROTECTION, True, ASYLUM_SEEKER, False),
    ("refugie", True, ASYLUM_SEEKER, False),
    ("refugie", False, SUBSIDIARY_PROTECTION, False),
)
# One status at a time: a new word on it replaces an earlier one that contradicts it
# (« j'étais demandeur d'asile » then « j'ai eu le statut de réfugié »).
_PROTECTION_GROUP = frozenset({"refugie"}) | frozenset(PROTECTION_FACTS)


def _check_fact(fact: str) -> None:
    if fact not in PROFILE_FACTS:
        raise ValueError(f"unknown fact {fact!r} (expected one of: {', '.join(PROFILE_FACTS)})")


@dataclass(frozen=True)
class Profile:
    age: Optional[int] = None
    situations_true: FrozenSet[str] = field(default_factory=frozenset)
    situations_false: FrozenSet[str] = field(default_factory=frozenset)
    lives_in_qpv: Optional[bool] = None
    french_a1: Optional[bool] = None
    french_not_first_language: Optional[bool] = None
    job_listed_as_fragile: Optional[bool] = None
    demandeur_asile: Optional[bool] = None
    protection_subsidiaire: Optional[bool] = None
    # Facts the person was asked and said they do not know: never asked again.
    dont_know: FrozenSet[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        for name in ("situations_true", "situations_false", "dont_know"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))
        if self.age is not None and (isinstance(self.age, bool) or not isinstance(self.age, int)):
            raise ValueError(f"age must be an integer or None, not {self.age!r}")
        for situation in self.situations_true | self.situations_false:
            if situation not in SITUATIONS:
                raise ValueError(
                    f"unknown situation {situation!r} (expected one of: {', '.join(SITUATIONS)})"
                )
        both = self.situations_true & self.situations_false
        if both:
            raise ValueError(f"situation(s) both true and false: {', '.join(sorted(both))}")
        for fact in self.dont_know:
            _check_fact(fact)

    # --- reading -------------------------------------------------------------

    def given(self, fact: str) -> Optional[FactValue]:
        """The value the person gave, or None."""
        _check_fact(fact)
        if fact == AGE:
            return self.age
        if fact in SITUATIONS:
            if fact in self.situations_true:
                return True
            return False if fact in self.situations_false else None
        return getattr(self, fact)

    def implied(self, fact: str) -> Optional[bool]:
        """The value other given facts imply for this one, or None."""
        for source, source_value, target, target_value in IMPLICATIONS:
            if target == fact and self.given(source) is source_value:
                return target_value
        return None

    def value(self, fact: str) -> Optional[FactValue]:
        """What the engine uses: the given value, else the implied one, else None (unknown)."""
        given = self.given(fact)
        return given if given is not None else self.implied(fact)

    def knows(self, fact: str) -> bool:
        return self.value(fact) is not None

    def worth_saying(self, fact: str) -> bool:
        """Given by the person and not a mere consequence of another answer.

        "vous avez quitté l'école et vous n'êtes plus à l'école" says the same thing twice.
        """
        given = self.given(fact)
        return given is not None and self.implied(fact) != given

    # --- changing (a new Profile each time: a profile is a value) ------------

    def with_fact(self, fact: str, value: Optional[FactValue]) -> "Profile":
        """This profile with one fact set (None forgets it)."""
        _check_fact(fact)
        if fact in _PROTECTION_GROUP and value is not None:
            return self._without_contradictions(fact, bool(value))._set(fact, value)
        return self._set(fact, value)

    def _without_contradictions(self, fact: str, value: bool) -> "Profile":
        """Forgets the earlier answers on the protection status that contradict this one."""
        profile = self
        for source, source_value, target, target_value in IMPLICATIONS:
            if source == fact and source_value is value and target in _PROTECTION_GROUP:
                if profile.given(target) is (not target_value):
                    profile = profile._set(target, None)
            if target == fact and target_value is (not value) and source in _PROTECTION_GROUP:
                if profile.given(source) is source_value:
                    profile = profile._set(source, None)
        return profile

    def _set(self, fact: str, value: Optional[FactValue]) -> "Profile":
        dont_know = self.dont_know - {fact} if value is not None else self.dont_know
        if fact == AGE:
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise ValueError(f"age must be an integer, not {value!r}")
            return replace(self, age=value, dont_know=dont_know)
        if value is not None and not isinstance(value, bool):
            raise ValueError(f"{fact} must be True, False or None, not {value!r}")
        if fact in SITUATIONS:
            true = self.situations_true - {fact} | ({fact} if value is True else set())
            false = self.situations_false - {fact} | ({fact} if value is False else set())
            return replace(self, situations_true=true, situations_false=false, dont_know=dont_know)
        return replace(self, dont_know=dont_know, **{fact: value})

    def with_facts(self, facts: Mapping[str, Optional[FactValue]]) -> "Profile":
        profile = self
        for fact, value in facts.items():
            profile = profile.with_fact(fact, value)
        return profile

    def with_dont_know(self, fact: str) -> "Profile":
        """The person does not know this fact: it stays unknown and is not asked again."""
        return replace(self.with_fact(fact, None), dont_know=self.dont_know | {fact})

    # --- storing (e.g. in one Rasa slot) -------------------------------------

    def to_dict(self) -> Dict[str, Any]:
        """Only the given facts, JSON-friendly: {"age": 17, "decrocheur": true, "dont_know": [...]}."""
        facts: Dict[str, Any] = {
            fact: self.given(fact) for fact in PROFILE_FACTS if self.given(fact) is not None
        }
        if self.dont_know:
            facts[DONT_KNOW_KEY] = sorted(self.dont_know)
        return facts

    @classmethod
    def from_dict(cls, facts: Optional[Mapping[str, Any]]) -> "Profile":
        """The reverse of ``to_dict``; None values are unknown. Raises ValueError on a bad name or value."""
        facts = dict(facts or {})
        dont_know: Iterable[str] = facts.pop(DONT_KNOW_KEY, None) or ()
        profile = cls().with_facts({fact: value for fact, value in facts.items() if value is not None})
        for fact in dont_know:
            _check_fact(fact)
        return replace(
            profile, dont_know=frozenset(dont_know) - {f for f in PROFILE_FACTS if profile.given(f) is not None}
        )
