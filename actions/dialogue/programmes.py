"""Actions that answer questions about programmes from the catalogue."""
from __future__ import annotations

import abc
from typing import Any, Callable, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.catalogue import Programme
from actions.dialogue.common import CATALOGUE, programme_in_focus, public_in_latest_message
from actions.dialogue.eligibility import PROFILE_SLOT, current_profile, remember_facts
from actions.eligibility import Profile
from actions.answers.programme_question import closing_question
from actions.dialogue.forms import answer_digression, latest_text
from actions.replies import programmes as replies
from actions.replies.reply import Reply


class _ProgrammeQuestion(Action, metaclass=abc.ABCMeta):
    """Answers about the programme in focus, or asks which one when none is known.

    Abstract, so that rasa-sdk registers only the concrete actions below.
    """

    intent: str = ""
    answer: Callable[[Programme], Reply]

    @abc.abstractmethod
    def name(self) -> Text:
        ...

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        asked = closing_question(latest_text(tracker))
        if asked is not None and asked != self.intent:
            # Facts, then « et la paie ? »: the question asked last is the one answered.
            return QUESTION_ACTIONS[asked]().run(dispatcher, tracker, domain)
        # Facts said with the question ("j'ai 19 ans, et la paie ?") are kept for later.
        events = remember_facts(tracker)
        programme = programme_in_focus(tracker)
        if programme is None:
            choice = replies.programme_choice(CATALOGUE, self.intent, first=programmes_for(events, tracker))
            return events + answer_digression(dispatcher, tracker, choice)
        events.append(SlotSet("programme", programme.id))
        return events + answer_digression(dispatcher, tracker, type(self).answer(programme))


def programmes_for(events: List[Dict[Text, Any]], tracker: Tracker) -> List[str]:
    """The programmes aimed at what the person said about themselves (this message included)."""
    stored = next((e["value"] for e in reversed(events) if e.get("name") == PROFILE_SLOT), None)
    profile = Profile.from_dict(stored) if stored is not None else current_profile(tracker)
    situations = sorted(profile.situations_true) or [None]
    return [
        programme.id for programme in CATALOGUE.programmes.values()
        if any(programme.audience.concerns(situation=s, age=profile.age) for s in situations)
    ]


class ActionProgrammeInfo(_ProgrammeQuestion):
    intent = "ask_programme_info"
    answer = staticmethod(replies.info)

    def name(self) -> Text:
        return "action_programme_info"


class ActionProgrammeDuration(_ProgrammeQuestion):
    intent = "ask_programme_duration"
    answer = staticmethod(replies.duration)

    def name(self) -> Text:
        return "action_programme_duration"


class ActionProgrammePay(_ProgrammeQuestion):
    intent = "ask_programme_pay"
    answer = staticmethod(replies.pay)

    def name(self) -> Text:
        return "action_programme_pay"


# The programme questions a message stating facts may end with (actions/answers/programme_question.py).
QUESTION_ACTIONS = {"ask_programme_pay": ActionProgrammePay, "ask_programme_duration": ActionProgrammeDuration}


class ActionListProgrammes(Action):
    """All programmes, or those aimed at the public named in the message."""

    def name(self) -> Text:
        return "action_list_programmes"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        reply = replies.listing(CATALOGUE, **public_in_latest_message(tracker))
        return remember_facts(tracker) + answer_digression(dispatcher, tracker, reply)

