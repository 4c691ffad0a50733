"""What every form shares: which messages answer it, and how it is left or put aside.

One list, ``INTERRUPTING_INTENTS``, says which intents are never an answer to a form's
question: a question asked in the middle ("c'est quoi HOPE ?"), a request (a person, my
bookings), or a form control ("stop", "supprimez mes données", "au revoir"). The form
slots that take free text have ``custom`` mappings in the domain and are read here
(``free_text_answer``), never by a ``from_text`` mapping with its own ``not_intent`` list;
``tests/unit/test_form_interruptions.py`` checks that the domain and the rules agree.

A message with an interrupting intent makes the form's validation return nothing, so Rasa
rejects the form and the general rule for that intent answers; RulePolicy then runs the
form again, which asks its question once more. A second digression in a row puts the
form aside (``put_aside_if_drifting``): the question is not appended to every answer, and
the person is offered to resume later.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers.goodbye import says_goodbye
from actions.dialogue.common import send
from actions.eligibility.answers import parse_situation_answer
from actions.replies import conversation as replies
from actions.replies import privacy as privacy_replies
from actions.replies.reply import MAX_BUTTONS, Reply

# The actions a form's run follows on a new user message (Rasa 3 runs action_extract_slots
# after every message); after a digression it follows the digression's action.
AFTER_A_MESSAGE = ("action_listen", "action_extract_slots")
REQUESTED_SLOT = "requested_slot"
PAUSED_FORM_SLOT = "paused_form"
STOP_INTENT = "stop"
# Never an answer to a form's question: answered by the general rule, then the form asks again.
INTERRUPTING_INTENTS = frozenset({
    # questions and requests
    "ask_programme_info", "ask_programme_duration", "ask_programme_pay", "list_programmes", "help",
    "contact_human", "bot_challenge", "my_bookings", "ask_privacy", "ask_impossible",
    # staff questions, key figures, words explained, details (domain/staff.yml)
    "ask_partnership", "ask_local_apprenticeship", "ask_job_cuts", "ask_key_figures", "ask_term", "ask_more",
    # staff lookups (issue #11), refused to anyone but a verified staff member
    "staff_places", "staff_centres", "staff_stats",
    # form controls, and other flows ("annuler" in the booking form is a stop)
    STOP_INTENT, "delete_my_data", "goodbye", "cancel_booking", "find_centre",
})
# The intent that starts a form is an answer inside it ("annuler celui de mardi").
OWN_INTENT = {"cancel_form": "cancel_booking", "centre_form": "find_centre"}
# Forms that a digression may put aside, and what each is called when offering to resume.
FORMS = ("booking_form", "eligibility_form", "cancel_form", "centre_form", "handoff_form")


def latest_intent(tracker: Tracker) -> Optional[str]:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def latest_text(tracker: Tracker) -> str:
    """The user's latest message as typed (``latest_message["text"]`` is the NLU's
    normalised text: "AAAA…" becomes "a", which must not be taken for a first name)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event.get("text") or ""
    return (tracker.latest_message or {}).get("text") or ""


def message_answers_the_form(tracker: Tracker) -> bool:
    """Whether the latest message is an answer rather than a digression or a form control.

    "j'ai arrêté en troisième" may be read as ``stop`` by the NLU: a message that states
    the person's situation is an answer, not the wish to leave the form. Likewise a
    ``goodbye`` with no farewell in it (junk).
    """
    intent = latest_intent(tracker)
    if intent not in INTERRUPTING_INTENTS or OWN_INTENT.get(tracker.active_loop_name or "") == intent:
        return True
    if intent == "goodbye":
        # Junk may be read as a goodbye ("AAAA…" normalised to "a"): an answer to check.
        return not says_goodbye(latest_text(tracker))
    return intent == STOP_INTENT and bool(parse_situation_answer(latest_text(tracker)).facts)


def fresh_message(tracker: Tracker) -> bool:
    """The form runs on a new user message (not when it resumes after a digression).

    Rasa calls the validation action on a copy of the tracker that already ends with the
    form's own ``ActionExecuted`` (and the slot candidates), so ``latest_action_name`` is the
    form either way: what came before it tells."""
    form = tracker.active_loop_name
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "action" and event.get("name") == form:
            continue
        if kind == "user":
            return True
        if kind == "action":
            return event.get("name") in AFTER_A_MESSAGE
        if kind == "bot":
            return False
    return False


def free_text_answer(tracker: Tracker, slot: str) -> Dict[Text, Any]:
    """``{slot: text}`` when the latest message answers the question ``slot``, else ``{}``.

    For the ``extract_<slot>`` methods of the forms' validation actions."""
    if tracker.get_slot(REQUESTED_SLOT) != slot or not fresh_message(tracker):
        return {}
    text = latest_text(tracker)
    if not text or not message_answers_the_form(tracker):
        return {}
    return {slot: text}


def digressions_in_a_row(tracker: Tracker) -> int:
    """How many of the latest user messages in a row had an interrupting intent."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent not in INTERRUPTING_INTENTS or intent in (STOP_INTENT, "delete_my_data", "goodbye"):
            break
        count += 1
    return count


def leave_form(form: Optional[str], *, paused: bool) -> List[EventType]:
    """Events that end the active form; ``paused``: remember it, to offer to resume it."""
    return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None), SlotSet(PAUSED_FORM_SLOT, form if paused else None)]


def put_aside_if_drifting(tracker: Tracker, dispatcher: CollectingDispatcher) -> List[EventType]:
    """After an answer given in the middle of a form: a second digression in a row puts it aside.

    Called at the end of the actions that answer digressions; the first digression lets the
    form ask its question again (RulePolicy runs it), the second ends it with an offer to resume."""
    form = tracker.active_loop_name
    if form not in FORMS or digressions_in_a_row(tracker) < 2:
        return []
    send(dispatcher, replies.form_put_aside(form))
    return leave_form(form, paused=True)


def answer_digression(dispatcher: CollectingDispatcher, tracker: Tracker, reply: Reply) -> List[EventType]:
    """Sends the answer to a question asked in the middle of a form, then keeps the form in turn.

    Inside a form the answer carries no buttons: the form's question follows with its own
    (a turn shows one question and six buttons at most). A second digression in a row puts
    the form aside (``put_aside_if_drifting``): the answer then keeps its buttons, with the
    offer to resume. Outside a form, the reply as it is."""
    form = tracker.active_loop_name
    if form not in FORMS:
        send(dispatcher, reply)
        return []
    if digressions_in_a_row(tracker) >= 2:
        kept = reply.buttons[: MAX_BUTTONS - 1]
        send(dispatcher, Reply(reply.text, kept, reply.follow_up))
        return put_aside_if_drifting(tracker, dispatcher)
    send(dispatcher, Reply(reply.text, [], reply.follow_up))
    return []


class ActionStopForm(Action):
    """"stop", "laisse tomber": ends whichever form is active and says what was kept."""

    def name(self) -> Text:
        return "action_stop_form"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        from actions.dialogue.booking import stop_booking_events  # the booking's own slots

        form = tracker.active_loop_name
        if form is None:
            send(dispatcher, replies.nothing_to_stop())
            return [SlotSet(PAUSED_FORM_SLOT, None)]
        events = leave_form(form, paused=False)
        if form == "eligibility_form":
            send(dispatcher, replies.eligibility_stopped())
            return events
        if form == "handoff_form":
            from actions.dialogue.handoff import reset_events
            from actions.replies import handoff as handoff_replies

            send(dispatcher, handoff_replies.stopped())
            return events + reset_events()
        return events + stop_booking_events(form, dispatcher)


class ActionOfferErasure(Action):
    """"supprimez mes données", in a form or not: the form ends, then what is kept and the question."""

    def name(self) -> Text:
        return "action_offer_erasure"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        send(dispatcher, privacy_replies.what_is_kept())
        form = tracker.active_loop_name
        return leave_form(form, paused=False) if form else []


class ActionGoodbye(Action):
    """"au revoir": ends a form in progress (kept aside, to resume later), then goodbye."""

    def name(self) -> Text:
        return "action_goodbye"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        send(dispatcher, replies.goodbye())
        form = tracker.active_loop_name
        return leave_form(form, paused=True) if form in FORMS else []
