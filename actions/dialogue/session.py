"""A new session (after an hour of silence, or a new channel session) keeps nothing personal.

``session_config.carry_over_slots_to_new_session`` is false (domain/conversation.yml): Rasa
would carry every slot, personal answers included. This action carries over only what is
not personal: the programme talked about, and which flow was in progress, so that a bare
answer after the break ("17 ans") is met with the offer to resume it.
"""
from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.dialogue.forms import FORMS, PAUSED_FORM_SLOT

CARRIED_OVER = ("programme",)


class ActionSessionStart(Action):
    def name(self) -> Text:
        return "action_session_start"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        events: List[EventType] = [SessionStarted()]
        events += [SlotSet(slot, tracker.get_slot(slot)) for slot in CARRIED_OVER if tracker.get_slot(slot) is not None]
        in_progress = tracker.active_loop_name if tracker.active_loop_name in FORMS else tracker.get_slot(PAUSED_FORM_SLOT)
        if in_progress in FORMS:
            events.append(SlotSet(PAUSED_FORM_SLOT, in_progress))
        events.append(ActionExecuted("action_listen"))
        return events
