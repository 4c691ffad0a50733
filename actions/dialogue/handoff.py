"""Leaving a request to be contacted by a person at a centre: the Rasa actions.

Thin: the queue is ``actions.staff.handoff`` (plain Python), the wording
``actions.replies.handoff``. The way:

1. ``action_contact_human`` (outside a form) or ``action_clarify`` (second message not
   understood in a row) gives the way to reach a person, then offers a request
   (``offer``) and sets ``handoff_offered``;
2. a « oui » or « non » right after it goes to ``action_handoff_offer_answer``
   (data/rules/handoff.yml): yes starts ``handoff_form``, no keeps nothing;
3. ``handoff_form``: the consent (what is kept, who sees it, how long) first, then the
   commune if unknown (the nearest centre gets the request), then the phone or e-mail
   (the booking's contact check);
4. ``action_handoff_submit`` stores the request with a summary of closed values (the
   intents and answers that matter, never a message as typed) and confirms.

Questions, « stop », « supprimer mes données » in the middle: as in every form
(actions/dialogue/forms.py).
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.booking.answers import read_contact
from actions.booking.validation import channel_of
from actions.dialogue.common import CATALOGUE, send
from actions.dialogue.failures import FAILURES_SLOT, failures
from actions.dialogue.form_validation import FormValidator
from actions.dialogue.forms import latest_intent
from actions.dialogue.place import PlaceValidation, chosen_commune
from actions.replies import booking as booking_replies
from actions.replies import handoff as replies

logger = logging.getLogger(__name__)

FORM = "handoff_form"
OFFERED_SLOT = "handoff_offered"  # "contact_human" | "misunderstood": a request was just offered
CONSENT_SLOT = "handoff_consent"
CONTACT_SLOT = "handoff_contact"
HANDOFF_SLOTS = (OFFERED_SLOT, CONSENT_SLOT, CONTACT_SLOT)


def offer_events(tracker: Tracker, dispatcher: CollectingDispatcher, reason: str) -> List[EventType]:
    """Sends the offer (never inside a form: one question a turn) and remembers it."""
    if tracker.active_loop_name:
        return []
    send(dispatcher, replies.offer(after_misses=reason == "misunderstood"))
    return [SlotSet(OFFERED_SLOT, reason)]


class ActionHandoffOfferAnswer(Action):
    """« oui » / « non » right after the offer (or after what looked like one)."""

    def name(self) -> Text:
        return "action_handoff_offer_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        offered = tracker.get_slot(OFFERED_SLOT)
        if not offered:
            send(dispatcher, replies.not_offered())
            return []
        if latest_intent(tracker) != "affirm":
            send(dispatcher, replies.declined())
            return [SlotSet(OFFERED_SLOT, None)]
        return [SlotSet(CONSENT_SLOT, None), SlotSet(CONTACT_SLOT, None), SlotSet(FAILURES_SLOT, 0.0),
                FollowupAction(FORM)]


class ValidateHandoffForm(PlaceValidation, FormValidator):
    def name(self) -> Text:
        return "validate_handoff_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        if tracker.get_slot(CONSENT_SLOT) is False:
            return []  # « non »: nothing more is asked, nothing is kept
        return domain_slots

    def extract_handoff_consent(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self.yes_no_text(tracker, CONSENT_SLOT)

    def extract_handoff_contact(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self.free_text(tracker, CONTACT_SLOT)

    def validate_handoff_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self.yes_no(value, CONSENT_SLOT, dispatcher, tracker, replies.consent_not_understood)

    def validate_handoff_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self.checked(value, CONTACT_SLOT, dispatcher, tracker, read_contact, booking_replies.contact_problem)


class ActionAskHandoffConsent(Action):
    def name(self) -> Text:
        return "action_ask_handoff_consent"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        send(dispatcher, replies.consent_question())
        return []


class ActionAskHandoffFormPlace(Action):
    def name(self) -> Text:
        return "action_ask_handoff_form_place"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        send(dispatcher, replies.ask_place())
        return []


class ActionAskHandoffContact(Action):
    def name(self) -> Text:
        return "action_ask_handoff_contact"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        send(dispatcher, replies.ask_contact(again=failures(tracker) > 0))
        return []


def reset_events() -> List[EventType]:
    return [SlotSet(name, None) for name in (*HANDOFF_SLOTS, FAILURES_SLOT, "place_choices")]


# -- the summary: what matters, closed values only ------------------------------------------------


def conversation_summary(tracker: Tracker, references: List[str]) -> Dict[str, Any]:
    """The intents and answers that matter (``actions.staff.handoff.build_summary`` keeps
    closed values only): never a message as typed."""
    from actions.dialogue.conversation import misunderstood_in_a_row
    from actions.dialogue.eligibility import CHECKED_SLOT, current_profile
    from actions.eligibility.engine import Status, evaluate
    from actions.staff.handoff import build_summary

    topics = []
    misses = 0
    for event in tracker.events:
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent:
            topics.append(intent)
            misses += intent == "nlu_fallback"
    profile = current_profile(tracker)
    eligible: List[str] = []
    if tracker.get_slot(CHECKED_SLOT):
        try:
            eligible = [v.programme_id for v in evaluate(profile, CATALOGUE) if v.status == Status.ELIGIBLE]
        except Exception:  # the summary never stops the request
            logger.exception("eligibility summary failed")
    programme = CATALOGUE.find(tracker.get_slot("programme"))
    commune = chosen_commune(tracker)
    return build_summary(
        topics=topics,
        programme_id=programme.id if programme else None,
        age=profile.age,
        situations=sorted(profile.situations_true),
        commune_insee=commune.insee if commune else None,
        eligible_programmes=eligible,
        booking_references=references,
        misunderstood=max(misses, misunderstood_in_a_row(tracker)) if tracker.get_slot(OFFERED_SLOT) == "misunderstood" else 0,
    )


def nearest_centre_id(tracker: Tracker) -> Optional[str]:
    from actions.territory.centres import centres_by_distance

    commune = chosen_commune(tracker)
    pairs = centres_by_distance(commune, 1) if commune is not None else []
    return pairs[0][0].id if pairs else None


class ActionHandoffSubmit(Action):
    """The form's submit: stores the request (after a yes) and confirms; a no keeps nothing."""

    def name(self) -> Text:
        return "action_handoff_submit"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        consent, contact = tracker.get_slot(CONSENT_SLOT), tracker.get_slot(CONTACT_SLOT)
        if consent is not True:
            if consent is False:
                send(dispatcher, replies.declined())
            return reset_events()
        if not contact:
            return reset_events()  # the form stopped early and said why
        from actions.booking.runtime import booking_backend
        from actions.booking.service import make_sessionmaker
        from actions.staff.handoff import create_request

        try:
            backend = booking_backend()
            references = [view.reference for view in backend.service.upcoming_bookings(tracker.sender_id)]
            with make_sessionmaker(backend.engine).begin() as db:
                request = create_request(
                    db, sender_id=tracker.sender_id,
                    channel=channel_of(tracker.sender_id, tracker.get_latest_input_channel()),
                    centre_id=nearest_centre_id(tracker), contact=contact,
                    summary=conversation_summary(tracker, references), now=backend.now(),
                )
        except Exception:
            logger.exception("handoff request not stored")
            send(dispatcher, replies.not_saved())
            return reset_events()
        logger.info("handoff request stored: centre=%s", request.centre_id)
        send(dispatcher, replies.left(request.centre_name, booking_replies.contact_display(contact)))
        return reset_events()
