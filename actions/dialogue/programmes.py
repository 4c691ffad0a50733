"""Actions that answer questions about programmes from the catalogue."""
from __future__ import annotations

import abc
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers.numbers import ANY, asked_quantity
from actions.catalogue import Programme
from actions.dialogue.answers import TOPIC_SLOT, audience, audience_events, nearest_centre, numbers_reply
from actions.dialogue.common import CATALOGUE, latest_entity, programme_in_focus, public_in_latest_message
from actions.dialogue.eligibility import remember_facts
from actions.dialogue.forms import latest_text
from actions.replies import glossary as glossary_replies
from actions.replies import eligibility as eligibility_replies
from actions.dialogue.eligibility import PROFILE_SLOT, current_profile
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

    @abc.abstractmethod
    def name(self) -> Text:
        ...

    @abc.abstractmethod
    def answer(self, programme: Programme, tracker: Tracker) -> Reply:
        ...

    def instead(self, tracker: Tracker) -> Optional[Reply]:
        """Another answer when the question is not really this one (None: answer it)."""
        return None

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        asked = closing_question(latest_text(tracker))
        if asked is not None and asked != self.intent:
            # Facts, then « et la paie ? »: the question asked last is the one answered.
            return QUESTION_ACTIONS[asked]().run(dispatcher, tracker, domain)
        # Facts said with the question ("j'ai 19 ans, et la paie ?") are kept for later.
        events = remember_facts(tracker) + audience_events(tracker)
        other = self.instead(tracker)
        programme = programme_in_focus(tracker)
        if other is not None:
            reply = other
        elif programme is None:
            reply = replies.programme_choice(CATALOGUE, self.intent, first=programmes_for(events, tracker))
        else:
            reply = self.answer(programme, tracker)
            events += [SlotSet("programme", programme.id), SlotSet(TOPIC_SLOT, programme.id)]
        return events + answer_digression(dispatcher, tracker, reply)


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

    def name(self) -> Text:
        return "action_programme_info"

    def answer(self, programme: Programme, tracker: Tracker) -> Reply:
        return replies.info(programme, audience=audience(tracker))

    def instead(self, tracker: Tracker) -> Optional[Reply]:
        # « c'est quoi le CIR ? » read as a programme question: the word, explained.
        if latest_entity(tracker, "programme"):
            return None
        term = CATALOGUE.term_in(latest_text(tracker))
        return glossary_replies.explain(term) if term is not None else None


class ActionProgrammeDuration(_ProgrammeQuestion):
    intent = "ask_programme_duration"

    def name(self) -> Text:
        return "action_programme_duration"

    def answer(self, programme: Programme, tracker: Tracker) -> Reply:
        return replies.duration(CATALOGUE, programme, audience=audience(tracker), nearest=nearest_centre(tracker))

    def instead(self, tracker: Tracker) -> Optional[Reply]:
        # « combien de places / de jeunes » read as a duration question: never a duration.
        kind = asked_quantity(latest_text(tracker))
        return numbers_reply(tracker, kind) if kind not in (None, ANY) else None


class ActionProgrammePay(_ProgrammeQuestion):
    intent = "ask_programme_pay"

    def name(self) -> Text:
        return "action_programme_pay"

    def answer(self, programme: Programme, tracker: Tracker) -> Reply:
        return replies.pay(CATALOGUE, programme, audience=audience(tracker), nearest=nearest_centre(tracker))


# The programme questions a message stating facts may end with (actions/answers/programme_question.py).
QUESTION_ACTIONS = {"ask_programme_pay": ActionProgrammePay, "ask_programme_duration": ActionProgrammeDuration}


class ActionListProgrammes(Action):
    """All programmes, or those aimed at the public named in the message."""

    def name(self) -> Text:
        return "action_list_programmes"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if latest_entity(tracker, "situation") == "demandeur_asile":
            # No programme is listed as theirs while the right to be trained is not settled.
            reply = eligibility_replies.for_asylum_seekers()
        else:
            reply = replies.listing(
                CATALOGUE, **public_in_latest_message(tracker), audience=audience(tracker), nearest=nearest_centre(tracker)
            )
        return remember_facts(tracker) + audience_events(tracker) + answer_digression(dispatcher, tracker, reply)

