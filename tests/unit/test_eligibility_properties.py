"""Properties of the eligibility engine and parsers, on generated profiles and texts."""

from __future__ import annotations

from typing import Dict, Optional

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.catalogue import load_catalogue
from actions.catalogue.rules import AGE, FACT_NAMES, YES_NO_FACTS
from actions.eligibility import (
    FACTS,
    Profile,
    Status,
    build_summary,
    evaluate,
    is_dont_know,
    next_question,
    parse_age_answer,
    parse_situation_answer,
    parse_yes_no,
    render_summary,
)
from actions.eligibility.answers.age import OLDEST_PLAUSIBLE, YOUNGEST_PLAUSIBLE

# Loaded once here: hypothesis re-runs a test many times and a fixture would be shared anyway.
CATALOGUE = load_catalogue()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ages = st.one_of(st.none(), st.integers(min_value=12, max_value=99))
yes_no = st.sampled_from([None, True, False])


@st.composite
def fact_values(draw) -> Dict[str, object]:
    """A value (or unknown) for every fact."""
    values: Dict[str, object] = {AGE: draw(ages)}
    for fact in YES_NO_FACTS:
        values[fact] = draw(yes_no)
    return values


@st.composite
def profiles(draw) -> Profile:
    values = draw(fact_values())
    profile = Profile().with_facts({fact: value for fact, value in values.items() if value is not None})
    unknown = [fact for fact in FACT_NAMES if profile.given(fact) is None]
    for fact in draw(st.lists(st.sampled_from(unknown), unique=True)) if unknown else []:
        profile = profile.with_dont_know(fact)
    return profile


def statuses(profile: Profile) -> Dict[str, Status]:
    return {verdict.programme_id: verdict.status for verdict in evaluate(profile, CATALOGUE)}


@SETTINGS
@given(profiles(), st.data())
def test_adding_a_fact_never_turns_an_eligible_into_need_to_know(profile, data):
    unknown = [fact for fact in FACT_NAMES if profile.given(fact) is None]
    if not unknown:
        return
    fact = data.draw(st.sampled_from(unknown))
    value = data.draw(st.integers(min_value=12, max_value=99) if fact == AGE else st.booleans())
    before, after = statuses(profile), statuses(profile.with_fact(fact, value))
    for programme_id, status in before.items():
        if status is Status.ELIGIBLE:
            assert after[programme_id] is not Status.NEED_TO_KNOW, (programme_id, fact, value)


@SETTINGS
@given(fact_values(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_of_the_answers(values, random):
    answers = [(fact, value) for fact, value in values.items() if value is not None]
    shuffled = list(answers)
    random.shuffle(shuffled)
    first, second = Profile(), Profile()
    for fact, value in answers:
        first = first.with_fact(fact, value)
    for fact, value in shuffled:
        second = second.with_fact(fact, value)
    assert first == second
    assert evaluate(first, CATALOGUE) == evaluate(second, CATALOGUE)
    assert next_question(first, CATALOGUE) == next_question(second, CATALOGUE)


@SETTINGS
@given(profiles())
def test_next_question_never_asks_a_known_fact(profile):
    fact = next_question(profile, CATALOGUE)
    if fact is None:
        return
    assert not profile.knows(fact)
    assert fact not in profile.dont_know
    assert FACTS[fact].askable
    # …and it is a fact some undecided programme is waiting for.
    assert any(fact in verdict.missing for verdict in evaluate(profile, CATALOGUE))


@SETTINGS
@given(profiles(), st.data())
def test_answering_the_questions_always_ends(profile, data):
    for _ in range(len(FACT_NAMES) + 1):
        fact = next_question(profile, CATALOGUE)
        if fact is None:
            return
        if data.draw(st.booleans(), label="does not know"):
            profile = profile.with_dont_know(fact)
        else:
            value = data.draw(st.integers(min_value=12, max_value=99) if fact == AGE else st.booleans())
            profile = profile.with_fact(fact, value)
    pytest.fail("still asking after every fact was asked once")


@SETTINGS
@given(profiles())
def test_verdicts_are_consistent(profile):
    for verdict in evaluate(profile, CATALOGUE):
        assert verdict.reason and verdict.reason[0].isupper() and verdict.reason.endswith(".")
        if verdict.status is Status.NEED_TO_KNOW:
            assert verdict.missing and verdict.would_fit_if
            assert all(not profile.knows(fact) for fact in verdict.missing)
        else:
            assert not verdict.missing
        if verdict.status is Status.NOT_ELIGIBLE:
            assert not verdict.uncertain


@SETTINGS
@given(profiles())
def test_the_summary_always_renders(profile):
    summary = build_summary(profile, CATALOGUE)
    lines = render_summary(summary)
    assert lines and all(isinstance(line, str) and line.strip() for line in lines)
    every = summary.fits + summary.nearly + summary.undecided + summary.not_for_you + summary.open_to_all
    assert sorted(v.programme_id for v in every) == sorted(CATALOGUE.programmes)


@SETTINGS
@given(profiles())
def test_a_profile_survives_a_slot(profile):
    assert Profile.from_dict(profile.to_dict()) == profile


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_the_parsers_never_raise_on_any_text(text):
    age = parse_age_answer(text)
    assert age.ok != bool(age.problem)
    if age.ok:
        assert YOUNGEST_PLAUSIBLE <= age.age <= OLDEST_PLAUSIBLE
    situation = parse_situation_answer(text)
    assert set(situation.facts) <= set(FACT_NAMES)
    assert all(isinstance(value, bool) for value in situation.facts.values())
    assert parse_yes_no(text) in (True, False, None)
    assert isinstance(is_dont_know(text), bool)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=-1000, max_value=100000), st.sampled_from(["{} ans", "j'ai {}", "{}", "bientôt {}"])
)
def test_any_number_is_an_age_or_a_reason_to_ask_again(number, template):
    answer = parse_age_answer(template.format(number))
    expected: Optional[int] = number - 1 if template.startswith("bientôt") else number
    if answer.ok:
        assert answer.age == expected
    else:
        assert answer.problem is not None
