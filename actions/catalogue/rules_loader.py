"""Reads and checks the ``eligibility:`` block of a programme file and alternatives.yml.

Same error style as the rest of the catalogue: the file and the key, e.g.
``data/catalogue/programmes/hope.yml: eligibility.conditions[2].fact has an unknown fact 'french'``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import List, Optional, Tuple

from actions.catalogue.reading import Reader, checked_date, confidence, read_yaml, sources
from actions.catalogue.rules import (
    AGE,
    FACT_NAMES,
    AgeCondition,
    Alternative,
    AnyOf,
    Condition,
    Eligibility,
    FactCondition,
    Note,
    SimpleCondition,
)

_COMMON_KEYS = ("fact", "sources", "confidence", "uncertain_because", "in_reason")
_AGE_KEYS = _COMMON_KEYS + ("min", "max", "max_with_rqth", "uncertain_ages")
_YES_NO_KEYS = _COMMON_KEYS + ("is",)
_UNLIMITED = "unlimited"
_PLAUSIBLE_AGES = range(1, 120)
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def _uncertainty(reader: Reader, stated_confidence: Optional[str]) -> Optional[str]:
    because = reader.get("uncertain_because", str, required=False)
    if stated_confidence == "unsure" and because is None:
        # An unsure condition must reach the user as « à confirmer », with a reason.
        reader.fail("uncertain_because", "is missing: an unsure condition must say why it is uncertain")
    return because


def _age_bound(reader: Reader, key: str) -> Optional[int]:
    value = reader.get(key, int, required=False)
    if value is not None and value not in _PLAUSIBLE_AGES:
        reader.fail(key, "must be an age between 1 and 119")
    return value


def _age_condition(reader: Reader, *, sources_required: bool) -> AgeCondition:
    reader.refuse_unknown_keys(_AGE_KEYS)
    low, high = _age_bound(reader, "min"), _age_bound(reader, "max")
    if low is None and high is None:
        reader.fail("min", "or max is needed in an age condition")
    if low is not None and high is not None and low > high:
        reader.fail("min", f"must not be above max ({high})")
    max_with_rqth, rqth_removes_max = None, False
    if reader.has("max_with_rqth"):
        if high is None:
            reader.fail("max_with_rqth", "needs a max to raise")
        raw = reader.data["max_with_rqth"]
        if raw == _UNLIMITED:
            rqth_removes_max = True
        else:
            max_with_rqth = _age_bound(reader, "max_with_rqth")
            if max_with_rqth is None or max_with_rqth <= high:
                reader.fail("max_with_rqth", f"must be an age above max ({high}) or {_UNLIMITED!r}")
    stated_confidence = confidence(reader, required=sources_required)
    because = _uncertainty(reader, stated_confidence)
    uncertain_ages = reader.get("uncertain_ages", list, required=False) or []
    if uncertain_ages and because is None:
        reader.fail("uncertain_ages", "needs uncertain_because to say why these ages are uncertain")
    for age in uncertain_ages:
        inside = isinstance(age, int) and (low is None or age >= low) and (high is None or age <= high)
        if not inside or isinstance(age, bool):
            reader.fail("uncertain_ages", f"must be ages the condition accepts, not {age!r}")
    return AgeCondition(
        min=low,
        max=high,
        sources=sources(reader, required=sources_required),
        confidence=stated_confidence,
        max_with_rqth=max_with_rqth,
        rqth_removes_max=rqth_removes_max,
        # With uncertain_ages the doubt only concerns those ages; without, every accepted age.
        uncertain_ages=frozenset(uncertain_ages),
        uncertain_because=because,
        in_reason=_in_reason(reader),
    )


def _in_reason(reader: Reader) -> bool:
    value = reader.get("in_reason", bool, required=False)
    return True if value is None else value


def _yes_no_condition(reader: Reader, fact: str, *, sources_required: bool) -> FactCondition:
    reader.refuse_unknown_keys(_YES_NO_KEYS)
    expected = reader.get("is", bool)
    stated_confidence = confidence(reader, required=sources_required)
    return FactCondition(
        fact=fact,
        expected=expected,
        sources=sources(reader, required=sources_required),
        confidence=stated_confidence,
        uncertain_because=_uncertainty(reader, stated_confidence),
        in_reason=_in_reason(reader),
    )


def _simple_condition(reader: Reader, *, sources_required: bool) -> SimpleCondition:
    fact = reader.get("fact", str)
    if fact not in FACT_NAMES:
        reader.fail("fact", f"has an unknown fact {fact!r} (expected one of: {', '.join(FACT_NAMES)})")
    if fact == AGE:
        return _age_condition(reader, sources_required=sources_required)
    return _yes_no_condition(reader, fact, sources_required=sources_required)


def read_condition(reader: Reader, *, sources_required: bool = True) -> Condition:
    if not reader.has("any_of"):
        return _simple_condition(reader, sources_required=sources_required)
    reader.refuse_unknown_keys(("any_of",))
    options = [
        _simple_condition(option, sources_required=sources_required) for option in reader.items("any_of")
    ]
    if len(options) < 2:
        reader.fail("any_of", "needs at least two options")
    return AnyOf(options=tuple(options))


def read_conditions(reader: Reader, key: str, *, sources_required: bool = True) -> Tuple[Condition, ...]:
    return tuple(
        read_condition(item, sources_required=sources_required) for item in reader.items(key, required=False)
    )


def _note(reader: Reader) -> Note:
    reader.refuse_unknown_keys(("text", "sources", "confidence"))
    return Note(text=reader.get("text", str), sources=sources(reader), confidence=confidence(reader))


_ELIGIBILITY_KEYS = (
    "called",
    "open_to_all",
    "conditions",
    "uncertain_because",
    "notes",
    "sources",
    "confidence",
    "checked",
)


def read_eligibility(reader: Reader) -> Eligibility:
    """The ``eligibility:`` block of one programme file."""
    reader.refuse_unknown_keys(_ELIGIBILITY_KEYS)
    open_to_all = reader.get("open_to_all", bool)
    conditions = read_conditions(reader, "conditions")
    if open_to_all and conditions:
        reader.fail("conditions", "must be empty when open_to_all is true")
    if not open_to_all and not conditions:
        reader.fail("conditions", "must list at least one condition (or set open_to_all: true)")
    return Eligibility(
        called=reader.get("called", str),
        open_to_all=open_to_all,
        conditions=conditions,
        checked=checked_date(reader),
        uncertain_because=reader.get("uncertain_because", str, required=False),
        notes=tuple(_note(item) for item in reader.items("notes", required=False)),
        # "Open to all" is a statement like any other: it needs its source.
        sources=sources(reader, required=open_to_all),
        confidence=confidence(reader, required=open_to_all),
    )


_ALTERNATIVE_KEYS = ("id", "name", "text", "when", "sources", "confidence", "checked", "uncertain_because")


def _alternative(reader: Reader) -> Alternative:
    reader.refuse_unknown_keys(_ALTERNATIVE_KEYS)
    identifier = reader.get("id", str)
    if not _ID.match(identifier):
        reader.fail("id", "must be lower-case letters, digits and underscores")
    when = read_conditions(reader, "when", sources_required=False)
    if not when:
        reader.fail("when", "must list at least one condition: an alternative is for someone")
    return Alternative(
        id=identifier,
        name=reader.get("name", str),
        text=reader.get("text", str),
        when=when,
        sources=sources(reader),
        confidence=confidence(reader),
        checked=checked_date(reader),
        uncertain_because=reader.get("uncertain_because", str, required=False),
    )


def load_alternatives(path: Path) -> Tuple[Alternative, ...]:
    """The solutions outside the Afpa (data/catalogue/alternatives.yml)."""
    reader = Reader(path, read_yaml(path))
    reader.refuse_unknown_keys(("alternatives",))
    alternatives: List[Alternative] = [_alternative(item) for item in reader.items("alternatives")]
    seen = set()
    for index, alternative in enumerate(alternatives):
        if alternative.id in seen:
            Reader(path, {}, f"alternatives[{index}].").fail("id", f"{alternative.id!r} is used twice")
        seen.add(alternative.id)
    return tuple(alternatives)
