"""Reaching a person, and what to do when the message was not understood."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.common import CATALOGUE, intent_ranking, programme_in_focus, send
from actions.replies import conversation as replies

FALLBACK_INTENT = "nlu_fallback"


class ActionContactHuman(Action):
    def name(self) -> Text:
        return "action_contact_human"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        send(dispatcher, replies.contact(CATALOGUE, programme_in_focus(tracker)))
        return []


def misunderstood_in_a_row(tracker: Tracker) -> int:
    """How many of the user's latest messages in a row were not understood."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = (event.get("parse_data") or {}).get("intent") or {}
        if intent.get("name") != FALLBACK_INTENT:
            break
        count += 1
    return count


class ActionClarify(Action):
    """First miss: "vous vouliez dire… ?"; second miss in a row: the menu and a person."""

    def name(self) -> Text:
        return "action_clarify"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if misunderstood_in_a_row(tracker) >= 2:
            send(dispatcher, replies.second_miss(CATALOGUE))
            return []
        ranking = [(name, score) for name, score in intent_ranking(tracker) if name != FALLBACK_INTENT]
        reply = replies.suggestions(ranking, CATALOGUE, programme_in_focus(tracker))
        if reply is None:
            dispatcher.utter_message(response="utter_help")
        else:
            send(dispatcher, reply)
        return []
