"""Actions that answer questions about programmes from the catalogue."""
from __future__ import annotations

import abc
from typing import Any, Callable, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.catalogue import Programme
from actions.dialogue.common import CATALOGUE, latest_entity, programme_in_focus, public_in_latest_message, send
from actions.dialogue.eligibility import remember_facts
from actions.dialogue.forms import put_aside_if_drifting
from actions.replies import eligibility as eligibility_replies
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
        # Facts said with the question ("j'ai 19 ans, et la paie ?") are kept for later.
        events = remember_facts(tracker)
        programme = programme_in_focus(tracker)
        if programme is None:
            send(dispatcher, replies.programme_choice(CATALOGUE, self.intent))
        else:
            send(dispatcher, type(self).answer(programme))
            events.append(SlotSet("programme", programme.id))
        return events + put_aside_if_drifting(tracker, dispatcher)


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


class ActionListProgrammes(Action):
    """All programmes, or those aimed at the public named in the message."""

    def name(self) -> Text:
        return "action_list_programmes"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if latest_entity(tracker, "situation") == "demandeur_asile":
            # No programme is listed as theirs while the right to be trained is not settled.
            send(dispatcher, eligibility_replies.for_asylum_seekers())
        else:
            send(dispatcher, replies.listing(CATALOGUE, **public_in_latest_message(tracker)))
        return remember_facts(tracker) + put_aside_if_drifting(tracker, dispatcher)

