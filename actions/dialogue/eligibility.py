"""The eligibility form: start, validation (one question at a time), questions, result.

The interview logic is plain Python (``actions/eligibility/interview.py``); these
actions only move it in and out of Rasa slots.
"""
from __future__ import annotations

import abc
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import parse_yes_no
from actions.answers.programme_question import closing_question
from actions.dialogue.common import CATALOGUE, latest_entity, send
from actions.dialogue.forms import fresh_message, latest_intent, latest_text, message_answers_the_form
from actions.eligibility import Profile
from actions.eligibility.interview import (
    AGE_SLOT,
    DONT_KNOW_VALUE,
    QUESTION_SLOTS,
    SITUATION_SLOT,
    absorb,
    fact_for,
    next_slot,
)
from actions.booking.clock import utc_now
from actions.privacy import NOTICE_SLOT, PRIVACY_NOTICE_VERSION
from actions.replies import eligibility as replies
from actions.replies import privacy as privacy_replies

PROFILE_SLOT = "eligibility_profile"
FOCUS_SLOT = "eligibility_programme"
MISSES_SLOT = "eligibility_misses"
HINT_SLOT = "eligibility_hint"
# A check already gave a result: the next one asks whether to reuse its answers.
CHECKED_SLOT = "eligibility_checked"
PREVIOUS_SLOT = "eligibility_previous"  # the earlier answers, while that question is asked
REUSE_SLOT = "eligibility_reuse"
REQUESTED_SLOT = "requested_slot"
# After this many answers not understood in a row, the check moves on with "je ne sais pas".
MISSES_BEFORE_MOVING_ON = 2
# Every slot that holds something the person said about themselves (erased on request).
PERSONAL_SLOTS = (PROFILE_SLOT, PREVIOUS_SLOT, REUSE_SLOT, CHECKED_SLOT, MISSES_SLOT, HINT_SLOT, *QUESTION_SLOTS)


def current_profile(tracker: Tracker) -> Profile:
    """The stored profile; a damaged value is dropped rather than trusted."""
    try:
        return Profile.from_dict(tracker.get_slot(PROFILE_SLOT))
    except (TypeError, ValueError):
        return Profile()


def remember_facts(tracker: Tracker) -> List[EventType]:
    """Facts said in passing ("j'ai 19 ans, je suis à Roubaix, réfugié, et la paie ?"), kept for
    later: the age and situation for an eligibility check, the town for a booking or a centre
    search (erased with the rest on request)."""
    message = tracker.latest_message or {}
    absorbed = absorb(current_profile(tracker), message.get("text", ""), message.get("entities", []))
    events: List[EventType] = []
    if absorbed.changed_other_facts:
        events.append(SlotSet(PROFILE_SLOT, absorbed.profile.to_dict()))
    town = latest_entity(tracker, "commune") or latest_entity(tracker, "postal_code")
    if town and town != tracker.get_slot("place"):
        # Resolved (and asked "which one?" if shared) when a booking or a search starts.
        events += [SlotSet("place", town[:100]), SlotSet("place_insee", None)]
    return events


def focus_of(tracker: Tracker) -> Optional[str]:
    focus = tracker.get_slot(FOCUS_SLOT)
    return focus if focus in CATALOGUE.programmes else None


class ActionEligibilityStart(Action):
    """Remembers which programme the check is about (« je peux faire HOPE ? »); the first time
    in a session, first says what is kept of the answers and how to refuse (docs/privacy.md)."""

    def name(self) -> Text:
        return "action_eligibility_start"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        asked = closing_question(latest_text(tracker))
        if asked is not None:
            # "j'ai 19 ans, je suis à Roubaix, réfugié, et la paie ça donne quoi ?": the question
            # is answered, the facts kept for a later check; no check is started.
            from actions.dialogue.programmes import QUESTION_ACTIONS

            events = QUESTION_ACTIONS[asked]().run(dispatcher, tracker, domain)
            return [*events, FollowupAction("action_listen")]
        programme = CATALOGUE.find(latest_entity(tracker, "programme"))
        told: List[EventType] = []
        if not tracker.get_slot(NOTICE_SLOT):
            # Before the first question of the session: what is kept, how long, and the way out.
            send(dispatcher, privacy_replies.eligibility_notice())
            told = [SlotSet(NOTICE_SLOT, {"version": PRIVACY_NOTICE_VERSION, "shown_at": utc_now().isoformat()})]
        return told + [
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
        message = tracker.latest_message or {}
        text, entities = message.get("text", ""), message.get("entities", [])
        events: List[EventType] = []
        misses = int(tracker.get_slot(MISSES_SLOT) or 0)
        asked = requested in QUESTION_SLOTS or requested == REUSE_SLOT

        if asked and not (fresh_message(tracker) and message_answers_the_form(tracker)):
            # A question in the middle, « stop », or the form resuming after one: returning
            # no slot lets Rasa reject the form so that the rules answer; on resuming, the
            # same question is asked again.
            return [SlotSet(REQUESTED_SLOT, requested)]
        if requested == REUSE_SLOT:
            return self._reuse_answer(dispatcher, tracker, profile, text, entities, misses)
        if not asked:
            # Activation: use what the user said so far (« j'ai 17 ans, je peux faire quoi ? »).
            if tracker.get_slot(CHECKED_SLOT) and profile.to_dict():
                # A second check starts from a clean profile unless the person says so.
                fresh = absorb(Profile(), text, entities).profile
                return [
                    SlotSet(PREVIOUS_SLOT, profile.to_dict()), SlotSet(PROFILE_SLOT, fresh.to_dict()),
                    SlotSet(REUSE_SLOT, None), SlotSet(MISSES_SLOT, 0), SlotSet(REQUESTED_SLOT, REUSE_SLOT),
                ]
            absorbed = absorb(profile, text, entities)
            profile = absorbed.profile
            self._say(dispatcher, absorbed.notes)
        else:
            absorbed = absorb(profile, text, entities, requested)
            profile = absorbed.profile
            self._say(dispatcher, absorbed.notes)
            if absorbed.answered:
                events += [SlotSet(requested, absorbed.slot_value), SlotSet(MISSES_SLOT, 0), SlotSet(HINT_SLOT, None)]
            elif misses + 1 >= MISSES_BEFORE_MOVING_ON:
                # Never a loop of "je n'ai pas compris": move on, and say the result is to confirm.
                fact = fact_for(requested)
                if fact is not None:
                    profile = profile.with_dont_know(fact)
                dispatcher.utter_message(text=replies.MOVING_ON)
                events += [SlotSet(requested, DONT_KNOW_VALUE), SlotSet(MISSES_SLOT, 0), SlotSet(HINT_SLOT, None)]
            else:
                # Asked once more in other words; a fact given on the way (« en fait j'ai
                # 19 ans ») is kept, and said so.
                hint = replies.NOTED if absorbed.changed_other_facts and requested != AGE_SLOT else absorbed.hint
                events += [SlotSet(requested, None), SlotSet(MISSES_SLOT, misses + 1), SlotSet(HINT_SLOT, hint)]
        return events + self._next(tracker, profile, requested, events)

    def _reuse_answer(self, dispatcher, tracker: Tracker, profile: Profile, text: str, entities, misses: int) -> List[EventType]:
        """« Je reprends vos réponses précédentes ? »: yes merges them, no starts clean."""
        intent = latest_intent(tracker)
        answer = True if intent == "affirm" else False if intent == "deny" else parse_yes_no(text)
        if answer is None and misses + 1 < MISSES_BEFORE_MOVING_ON:
            return [SlotSet(REUSE_SLOT, None), SlotSet(MISSES_SLOT, misses + 1), SlotSet(REQUESTED_SLOT, REUSE_SLOT)]
        if answer:
            previous = Profile.from_dict(tracker.get_slot(PREVIOUS_SLOT))
            profile = previous.with_facts({fact: value for fact, value in profile.to_dict().items() if fact != "dont_know"})
        events: List[EventType] = [
            SlotSet(REUSE_SLOT, "oui" if answer else "non"), SlotSet(PREVIOUS_SLOT, None), SlotSet(MISSES_SLOT, 0),
            SlotSet(CHECKED_SLOT, None),
        ]
        return events + self._next(tracker, profile, REUSE_SLOT, events)

    def _next(self, tracker: Tracker, profile: Profile, requested: Optional[str], events: List[EventType]) -> List[EventType]:
        """The profile, and the next question (None: enough to answer)."""
        situation_asked = tracker.get_slot(SITUATION_SLOT) is not None or any(
            isinstance(event, dict) and event.get("name") == SITUATION_SLOT and event.get("value") is not None
            for event in events
        )
        following = next_slot(profile, CATALOGUE, focus_of(tracker), situation_asked)
        result: List[EventType] = []
        if following != requested:
            # A new question: the count of misunderstandings starts again.
            result += [SlotSet(MISSES_SLOT, 0), SlotSet(HINT_SLOT, None)]
        result += [SlotSet(PROFILE_SLOT, profile.to_dict()), SlotSet(REQUESTED_SLOT, following)]
        if following is not None:
            # The form only asks a slot that is empty.
            result.append(SlotSet(following, None))
        return result

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


class ActionAskEligibilityReuse(Action):
    """« Je reprends vos réponses précédentes (17 ans, …) ? » before a second check."""

    def name(self) -> Text:
        return "action_ask_eligibility_reuse"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        try:
            previous = Profile.from_dict(tracker.get_slot(PREVIOUS_SLOT))
        except (TypeError, ValueError):
            previous = Profile()
        send(dispatcher, replies.reuse_question(previous, again=int(tracker.get_slot(MISSES_SLOT) or 0) > 0))
        return []


class ActionEligibilityResult(Action):
    def name(self) -> Text:
        return "action_eligibility_result"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        from actions.dialogue.statistics import note_eligibility

        profile = current_profile(tracker)
        for message in replies.result(profile, CATALOGUE, focus_of(tracker)).messages:
            send(dispatcher, message)
        note_eligibility(tracker, profile, CATALOGUE)  # anonymous, for the staff statistics
        return [SlotSet(MISSES_SLOT, 0), SlotSet(HINT_SLOT, None), SlotSet(CHECKED_SLOT, True)]
