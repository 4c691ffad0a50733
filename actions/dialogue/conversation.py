"""Reaching a person, and what to do when the message was not understood."""
from __future__ import annotations

import abc
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.common import CATALOGUE, intent_ranking, programme_in_focus, send
from actions.dialogue.forms import PAUSED_FORM_SLOT, answer_digression
from actions.replies import conversation as replies
from actions.replies.reply import Button, Reply

FALLBACK_INTENT = "nlu_fallback"
WHAT_NEXT = "Que voulez-vous faire ?"


class ActionContactHuman(Action):
    def name(self) -> Text:
        return "action_contact_human"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        from actions.dialogue.answers import nearest_centre
        from actions.dialogue.handoff import offer_events

        events = answer_digression(dispatcher, tracker, replies.contact(CATALOGUE, programme_in_focus(tracker), nearest_centre(tracker)))
        # Outside a form: the offer to leave a request (actions/dialogue/handoff.py).
        return events + offer_events(tracker, dispatcher, "contact_human")


def domain_reply(domain: Dict[Text, Any], response: str) -> Reply:
    """A response of the domain (its first variant) as a Reply."""
    variant = (domain.get("responses") or {}).get(response, [{}])[0]
    buttons = [Button(b["title"], b["payload"]) for b in variant.get("buttons") or []]
    return Reply(variant.get("text", ""), buttons)


class _ResponseAsDigression(Action, metaclass=abc.ABCMeta):
    """A domain response that may also come in the middle of a form: answered, then the form
    asks its question once more (without the menu's buttons), or is put aside after a second
    digression (``answer_digression``)."""

    response = ""

    @abc.abstractmethod
    def name(self) -> Text:
        ...

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        from actions.dialogue.cancelling import own_booking_answer

        about_booking = own_booking_answer(tracker)
        if about_booking is not None:  # « c ou ? » after booking, read as a bot challenge
            return answer_digression(dispatcher, tracker, about_booking)
        reply = domain_reply(domain, self.response)
        if tracker.active_loop_name and reply.text.endswith(WHAT_NEXT):
            # The form's own question follows: one question per turn.
            reply = Reply(reply.text[: -len(WHAT_NEXT)].rstrip(), reply.buttons)
        return answer_digression(dispatcher, tracker, reply)


class ActionHelp(_ResponseAsDigression):
    response = "utter_help"

    def name(self) -> Text:
        return "action_help"


class ActionBotChallenge(_ResponseAsDigression):
    response = "utter_iamabot"

    def name(self) -> Text:
        return "action_bot_challenge"


def carries_nothing(parse_data: Dict[Text, Any], text: str) -> bool:
    """An ``inform`` with nothing in it: no entity, no digit, no fact about the person, no
    choice in a list, no yes or no. Junk (« wxq bzzz plop ») that the NLU scored just above
    its fallback threshold is then treated as not understood."""
    from actions.answers import ordinal_index, parse_yes_no
    from actions.eligibility import Profile
    from actions.eligibility.interview import absorb

    intent = (parse_data.get("intent") or {}).get("name")
    if intent != "inform" or parse_data.get("entities") or any(character.isdigit() for character in text):
        return False
    if ordinal_index(text, 5) is not None or parse_yes_no(text) is not None:
        return False
    return not absorb(Profile(), text, []).changed_other_facts


def misunderstood_in_a_row(tracker: Tracker) -> int:
    """How many of the user's latest messages in a row were not understood."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        parse_data = event.get("parse_data") or {}
        intent = parse_data.get("intent") or {}
        if intent.get("name") != FALLBACK_INTENT and not carries_nothing(parse_data, event.get("text") or ""):
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
        from actions.dialogue.cancelling import own_booking_answer

        # A « oui » after this answer is no longer the answer to an earlier offer of a request.
        forget_offer = [SlotSet("handoff_offered", None)] if tracker.get_slot("handoff_offered") else []
        about_booking = own_booking_answer(tracker)
        if about_booking is not None:  # "c ou ?" after booking: about that booking
            send(dispatcher, about_booking)
            return forget_offer
        if misunderstood_in_a_row(tracker) >= 2:
            from actions.dialogue.handoff import offer_events

            send(dispatcher, replies.second_miss(CATALOGUE))
            return offer_events(tracker, dispatcher, "misunderstood")
        ranking = [(name, score) for name, score in intent_ranking(tracker) if name != FALLBACK_INTENT]
        reply = replies.suggestions(ranking, CATALOGUE, programme_in_focus(tracker))
        if reply is None:
            dispatcher.utter_message(response="utter_help")
        else:
            send(dispatcher, reply)
        return forget_offer


class ActionBareAnswer(Action):
    """A fact or an answer with no question asked ("17 ans", "06 12 34 56 78", "le deuxième").

    It never starts a flow it may not belong to: the assistant asks what the person wants,
    offering to resume what was in progress; facts about the person are kept for a later
    eligibility check (« 17 ans » then « est-ce pour moi ? » does not ask the age again)."""

    def name(self) -> Text:
        return "action_bare_answer"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        from actions.dialogue.eligibility import remember_facts

        if carries_nothing(tracker.latest_message or {}, (tracker.latest_message or {}).get("text") or ""):
            return ActionClarify().run(dispatcher, tracker, domain)
        send(dispatcher, replies.what_do_you_want(tracker.get_slot(PAUSED_FORM_SLOT)))
        return remember_facts(tracker)
