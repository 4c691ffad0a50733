"""The eligibility interview, one question at a time (plain Python, no Rasa).

The Rasa form in ``actions/dialogue/eligibility.py`` asks the questions; this
module decides which one comes next and what a message changes in the profile:

- ``QUESTION_SLOTS``: one form slot per question: ``age``, ``situation`` (a first,
  open question with buttons) and ``answer_<fact>`` for the yes/no facts;
- ``absorb(profile, message_text, entities, requested_slot)`` reads one user message:
  the answer to the question asked, and any fact given on the way (« en fait j'ai
  19 ans » corrects the age whatever the question was);
- ``next_slot(profile, catalogue, focus, situation_asked)``: the question to ask
  next, or None when there is enough to answer.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, List, Mapping, Optional, Tuple

from actions.catalogue import Catalogue
from actions.catalogue.rules import AGE, SITUATIONS
from actions.eligibility.answers import is_dont_know, parse_age_answer, parse_situation_answer, parse_yes_no
from actions.eligibility.facts import FACTS
from actions.eligibility.profile import ASYLUM_SEEKER, Profile
from actions.eligibility.questions import enough_to_answer, next_question

AGE_SLOT = "age"
SITUATION_SLOT = "situation"
ANSWER_PREFIX = "answer_"
YES_NO_FACTS: Tuple[str, ...] = tuple(
    name for name, info in FACTS.items() if name != AGE and info.askable
)
QUESTION_SLOTS: Tuple[str, ...] = (AGE_SLOT, SITUATION_SLOT) + tuple(
    ANSWER_PREFIX + fact for fact in YES_NO_FACTS
)
DONT_KNOW_VALUE = "je ne sais pas"


def slot_for(fact: str) -> str:
    return AGE_SLOT if fact == AGE else ANSWER_PREFIX + fact


def fact_for(slot: str) -> Optional[str]:
    if slot == AGE_SLOT:
        return AGE
    if slot.startswith(ANSWER_PREFIX):
        return slot[len(ANSWER_PREFIX) :]
    return None


@dataclass(frozen=True)
class Absorbed:
    """What one message did: the new profile, and how the question fared."""

    profile: Profile
    answered: bool  # the requested question got a usable answer
    slot_value: Any = None  # what to store in the requested slot when answered
    problem: Optional[str] = None  # why not: "not_an_age", "implausible", "not_understood"
    hint: Optional[str] = None  # the re-ask sentence for that problem
    changed_other_facts: bool = False  # a correction or a fact given on the way
    notes: Tuple[str, ...] = field(default_factory=tuple)  # French sentences to say


def _volunteered(profile: Profile, text: str, entities: Iterable[Mapping[str, Any]], skip_age: bool) -> Tuple[Profile, List[str]]:
    """Facts a message states besides the answer: entities, and situations in the text."""
    notes: List[str] = []
    for entity in entities:
        name, value = entity.get("entity"), entity.get("value")
        if name == "age" and not skip_age and value is not None:
            parsed = parse_age_answer(str(value))
            if parsed.age is not None:
                profile = profile.with_fact(AGE, parsed.age)
        elif name == "situation" and value in SITUATIONS + (ASYLUM_SEEKER,):
            profile = profile.with_fact(str(value), True)
    situation = parse_situation_answer(text)
    profile = profile.with_facts(situation.facts)
    notes += situation.explanations
    return profile, notes


def absorb(
    profile: Profile,
    text: str,
    entities: Iterable[Mapping[str, Any]] = (),
    requested_slot: Optional[str] = None,
) -> Absorbed:
    """Applies one user message to the profile; ``requested_slot`` is the question asked."""
    text = text or ""
    before = profile
    entities = list(entities)
    profile, notes = _volunteered(profile, text, entities, skip_age=requested_slot == AGE_SLOT)
    changed = profile != before

    if requested_slot is None:
        return Absorbed(profile, answered=False, changed_other_facts=changed, notes=tuple(notes))

    if requested_slot == AGE_SLOT:
        age = parse_age_answer(text)
        if age.age is not None:
            age_notes = ([age.message] if age.note and age.message else [])
            return Absorbed(profile.with_fact(AGE, age.age), True, age.age, notes=tuple(age_notes + notes))
        if is_dont_know(text):
            return Absorbed(profile.with_dont_know(AGE), True, DONT_KNOW_VALUE, notes=tuple(notes))
        return Absorbed(profile, False, problem=age.problem, hint=age.message, changed_other_facts=changed, notes=tuple(notes))

    if requested_slot == SITUATION_SLOT:
        stated = profile != before or any(e.get("entity") == "situation" for e in entities)
        if stated:
            return Absorbed(profile, True, "donnée", notes=tuple(notes))
        if is_dont_know(text):
            return Absorbed(profile, True, DONT_KNOW_VALUE, notes=tuple(notes))
        return Absorbed(profile, False, problem="not_understood", hint=NOT_UNDERSTOOD_SITUATION, notes=tuple(notes))

    fact = fact_for(requested_slot)
    if fact is None or fact not in FACTS:
        raise ValueError(f"not an eligibility question slot: {requested_slot!r}")
    # Read in the direction asked: a fact the message states about this question wins
    # ("je ne vais plus à l'école" says nothing about a diploma, and is not a "non");
    # then a yes or a no said in so many words; a bare negation only when the message
    # states no fact at all ("pas encore", "rien").
    if profile.given(fact) is not None and profile.given(fact) != before.given(fact):
        value = profile.given(fact)
        return Absorbed(profile, True, "oui" if value else "non", changed_other_facts=changed, notes=tuple(notes))
    yes_no = parse_yes_no(text, explicit=changed)
    if yes_no is not None:
        return Absorbed(profile.with_fact(fact, yes_no), True, "oui" if yes_no else "non", changed_other_facts=changed, notes=tuple(notes))
    if is_dont_know(text):
        return Absorbed(profile.with_dont_know(fact), True, DONT_KNOW_VALUE, changed_other_facts=changed, notes=tuple(notes))
    if profile.knows(fact) and not before.knows(fact):
        # Implied by what was said (« je suis en 3e » answers « avez-vous quitté l'école ? »).
        return Absorbed(profile, True, "oui" if profile.value(fact) else "non", changed_other_facts=changed, notes=tuple(notes))
    return Absorbed(profile, False, problem="not_understood", hint=NOT_UNDERSTOOD_YES_NO, changed_other_facts=changed, notes=tuple(notes))


NOT_UNDERSTOOD_YES_NO = "Je n'ai pas bien compris. Répondez simplement « oui », « non » ou « je ne sais pas »."
NOT_UNDERSTOOD_SITUATION = "Je n'ai pas compris votre situation. Choisissez la réponse la plus proche avec les boutons."


def has_situation(profile: Profile) -> bool:
    return any(profile.knows(situation) for situation in SITUATIONS)


def next_slot(
    profile: Profile,
    catalogue: Catalogue,
    focus: Optional[str] = None,
    situation_asked: bool = False,
) -> Optional[str]:
    """The next question's slot, or None when there is enough to answer.

    With a ``focus`` programme (« je peux faire HOPE ? »), only what settles that
    programme is asked; the result then also says what else fits.
    """
    only = [focus] if focus else None
    fact = next_question(profile, catalogue, only)
    if fact is None:
        return None
    # The open question with buttons comes once, before deciding there is enough:
    # it settles several situations at once and reads more naturally than a series
    # of yes/no questions, and an age alone rarely says what suits a person.
    if fact in SITUATIONS and not situation_asked and not has_situation(profile):
        return SITUATION_SLOT
    if enough_to_answer(profile, catalogue, only):
        return None
    return slot_for(fact)
