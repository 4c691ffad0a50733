"""What the assistant cannot do, and messages in another language: thin Rasa actions."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answers.impossible import kind_of_request
from actions.dialogue.common import send
from actions.dialogue.forms import latest_text, put_aside_if_drifting
from actions.replies import impossible, languages
from nlu.languages import reply_language


class ActionCannotDo(Action):
    """« Envoyez-moi un résumé par mail »: a plain « je ne peux pas », and what it can do instead."""

    def name(self) -> Text:
        return "action_cannot_do"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        send(dispatcher, impossible.cannot_do(kind_of_request(latest_text(tracker))))
        return put_aside_if_drifting(tracker, dispatcher)


class ActionOtherLanguage(Action):
    """A message in another language: a short text in English or Arabic, then simple French."""

    def name(self) -> Text:
        return "action_other_language"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        for reply in languages.other_language(reply_language(latest_text(tracker))):
            send(dispatcher, reply)
        return put_aside_if_drifting(tracker, dispatcher)
