"""The eligibility form: start, validation (one question at a time), questions, result.

The interview logic is plain Python (``actions/eligibility/interview.py``); these
actions only move it in and out of Rasa slots.
"""
from __future__ import annotations

import abc
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.common import CATALOGUE, latest_entity, send
from actions.eligibility import Profile
from actions.eligibility.interview import (
    AGE_SLOT,
    QUESTION_SLOTS,
    SITUATION_SLOT,
    absorb,
    next_slot,
)
from actions.replies import eligibility as replies

PROFILE_SLOT = "eligibility_profile"
FOCUS_SLOT = "eligibility_programme"
MISSES_SLOT = "eligibility_misses"
HINT_SLOT = "eligibility_hint"
REQUESTED_SLOT = "requested_slot"
FORM_NAME = "eligibility_form"


def current_profile(tracker: Tracker) -> Profile:
    """The stored profile; a damaged value is dropped rather than trusted."""
    try:
        return Profile.from_dict(tracker.get_slot(PROFILE_SLOT))
    except (TypeError, ValueError):
        return Profile()


def focus_of(tracker: Tracker) -> Optional[str]:
    focus = tracker.get_slot(FOCUS_SLOT)
    return focus if focus in CATALOGUE.programmes else None


class ActionEligibilityStart(Action):
    """Remembers which programme the check is about (« je peux faire HOPE ? »)."""

    def name(self) -> Text:
        return "action_eligibility_start"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        programme = CATALOGUE.find(latest_entity(tracker, "programme"))
        return [
            SlotSet(FOCUS_SLOT, programme.id if programme else None),
            SlotSet(MISSES_SLOT, 0),
            SlotSet(HINT_SLOT, None),
            # The open question comes back for a new check only if nothing is known.
            SlotSet(SITUATION_SLOT, None),
        ]


class ValidateEligibilityForm(Action):
    """Reads the latest message into the profile, then picks the next question.

    Rasa calls it at activation (with the slots filled before the form), after each
    answer, after a message the form could not use (a digression: no new slot), and
    when the form resumes after that digression.
    """

    def name(self) -> Text:
        return "validate_eligibility_form"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        profile = current_profile(tracker)
        requested = tracker.get_slot(REQUESTED_SLOT)
        new_slots = tracker.slots_to_validate()
        message = tracker.latest_message or {}
        events: List[EventType] = []
        misses = int(tracker.get_slot(MISSES_SLOT) or 0)

        if requested in QUESTION_SLOTS and not new_slots:
            # Nothing was taken from the message (a question in the middle, « stop »):
            # returning no slot lets Rasa reject the form so that the digression rules
            # answer; on resuming, the same question is asked again.
            return [SlotSet(REQUESTED_SLOT, requested)]
        if requested not in QUESTION_SLOTS:
            # Activation: use what the user said so far (« j'ai 17 ans, je peux faire quoi ? »).
            absorbed = absorb(profile, message.get("text", ""), message.get("entities", []))
            profile = absorbed.profile
            self._say(dispatcher, absorbed.notes)
        elif requested in new_slots:
            absorbed = absorb(profile, message.get("text", ""), message.get("entities", []), requested)
            profile = absorbed.profile
            self._say(dispatcher, absorbed.notes)
            if absorbed.answered:
                events += [SlotSet(requested, absorbed.slot_value), SlotSet(MISSES_SLOT, 0), SlotSet(HINT_SLOT, None)]
            elif absorbed.changed_other_facts:
                # A correction (« en fait j'ai 19 ans »): not a miss; ask again plainly.
                events += [SlotSet(requested, None), SlotSet(HINT_SLOT, None)]
            else:
                events += [SlotSet(requested, None), SlotSet(MISSES_SLOT, misses + 1), SlotSet(HINT_SLOT, absorbed.hint)]

        situation_asked = tracker.get_slot(SITUATION_SLOT) is not None or any(
            isinstance(event, dict) and event.get("name") == SITUATION_SLOT and event.get("value") is not None
            for event in events
        )
        following = next_slot(profile, CATALOGUE, focus_of(tracker), situation_asked)
        if following != requested:
            # A new question: the count of misunderstandings starts again.
            events += [SlotSet(MISSES_SLOT, 0), SlotSet(HINT_SLOT, None)]
        events += [SlotSet(PROFILE_SLOT, profile.to_dict()), SlotSet(REQUESTED_SLOT, following)]
        if following is not None:
            # The form only asks a slot that is empty.
            events.append(SlotSet(following, None))
        return events

    @staticmethod
    def _say(dispatcher: CollectingDispatcher, notes) -> None:
        for note in notes:
            dispatcher.utter_message(text=note)


class _AskQuestion(Action, metaclass=abc.ABCMeta):
    """Asks one question of the form; abstract: one concrete action per slot below."""

    slot: str = ""

    @abc.abstractmethod
    def name(self) -> Text:
        ...

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        focus = focus_of(tracker)
        send(
            dispatcher,
            replies.question(
                self.slot,
                hint=tracker.get_slot(HINT_SLOT),
                misses=int(tracker.get_slot(MISSES_SLOT) or 0),
                focus_name=CATALOGUE.programmes[focus].name if focus else None,
            ),
        )
        return [SlotSet(HINT_SLOT, None)]


def _ask_action(slot: str) -> type:
    return type(
        f"ActionAsk_{slot}",
        (_AskQuestion,),
        {"slot": slot, "name": lambda self, _slot=slot: f"action_ask_{_slot}", "__module__": __name__},
    )


ASK_ACTIONS = [_ask_action(slot) for slot in QUESTION_SLOTS]


class ActionEligibilityResult(Action):
    def name(self) -> Text:
        return "action_eligibility_result"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        send(dispatcher, replies.result(current_profile(tracker), CATALOGUE, focus_of(tracker)))
        return [SlotSet(MISSES_SLOT, 0), SlotSet(HINT_SLOT, None)]
