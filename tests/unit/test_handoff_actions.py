"""Leaving a request to be contacted (actions/dialogue/handoff.py): the offer, the answer to
it, the form's checks, and what the submit stores (the right centre, a summary with no
message as typed) or does not store (a « non »)."""
from __future__ import annotations

import asyncio
import json

from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.booking.service import make_sessionmaker
from actions.dialogue.conversation import ActionClarify, ActionContactHuman
from actions.dialogue.handoff import ActionHandoffOfferAnswer, ActionHandoffSubmit, ValidateHandoffForm
from actions.staff.models import HandoffRequest
from tests.conftest import make_tracker
from tests.unit.conftest import form_tracker


def payloads(dispatcher):
    return [b["payload"] for message in dispatcher.messages for b in message.get("buttons") or []]


def texts(dispatcher):
    return " ".join(message.get("text") or "" for message in dispatcher.messages)


def test_the_way_to_reach_a_person_comes_with_the_offer_of_a_request():
    dispatcher = CollectingDispatcher()
    events = ActionContactHuman().run(dispatcher, make_tracker("contact_human"), {})
    assert "France Travail" in texts(dispatcher)
    assert "qu'une personne de l'Afpa vous recontacte" in dispatcher.messages[-1]["text"]
    assert ["/affirm", "/deny"] == [b["payload"] for b in dispatcher.messages[-1]["buttons"]]
    assert {"event": "slot", "name": "handoff_offered", "value": "contact_human", "timestamp": None} in events


def test_no_offer_in_the_middle_of_a_form():
    dispatcher = CollectingDispatcher()
    tracker = form_tracker(text="je veux parler à quelqu'un", intent="contact_human", requested_slot="booking_first_name")
    events = ActionContactHuman().run(dispatcher, tracker, {})
    assert "recontacte" not in texts(dispatcher) and not any(e.get("name") == "handoff_offered" for e in events)


def test_two_misses_in_a_row_also_offer_a_request():
    dispatcher = CollectingDispatcher()
    events = ActionClarify().run(dispatcher, make_tracker("nlu_fallback", earlier_intents=["greet", "nlu_fallback"]), {})
    assert "ne comprends toujours pas" in texts(dispatcher) and "/contact_human" in payloads(dispatcher)
    assert "recontacte" in dispatcher.messages[-1]["text"]
    assert any(e.get("name") == "handoff_offered" and e.get("value") == "misunderstood" for e in events)


def test_yes_to_the_offer_starts_the_form_no_keeps_nothing():
    yes = ActionHandoffOfferAnswer().run(CollectingDispatcher(), make_tracker("affirm", slots={"handoff_offered": "contact_human"}), {})
    assert {"event": "followup", "name": "handoff_form", "timestamp": None} in yes
    dispatcher = CollectingDispatcher()
    no = ActionHandoffOfferAnswer().run(dispatcher, make_tracker("deny", slots={"handoff_offered": "contact_human"}), {})
    assert "je ne garde rien" in texts(dispatcher) and not any(e.get("event") == "followup" for e in no)
    dispatcher = CollectingDispatcher()
    stray = ActionHandoffOfferAnswer().run(dispatcher, make_tracker("affirm"), {})
    assert stray == [] and texts(dispatcher).startswith("D'accord. Que voulez-vous faire ?")


def validate(tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateHandoffForm().run(dispatcher, tracker, {"forms": {"handoff_form": {"required_slots": [
        "handoff_consent", "place", "place_insee", "handoff_contact"]}}, "slots": {}}))
    return dispatcher, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_the_contact_is_checked_as_a_booking_contact():
    dispatcher, slots = validate(form_tracker(
        text="c'est le 06 12 34 56 78", form="handoff_form", requested_slot="handoff_contact",
        slots={"handoff_consent": True, "place": "Roubaix", "place_insee": "59512"},
    ))
    assert slots.get("handoff_contact") == "+33612345678"
    dispatcher, slots = validate(form_tracker(
        text="03 20 00 00 00", form="handoff_form", requested_slot="handoff_contact",
        slots={"handoff_consent": True, "place": "Roubaix", "place_insee": "59512"},
    ))
    assert slots.get("handoff_contact") is None and "portable" in texts(dispatcher)


def submit_tracker(consent, **slots):
    tracker = make_tracker("inform", earlier_intents=["check_eligibility", "contact_human", "affirm"],
                           text="mon numéro c'est le 06 12 34 56 78, je galère vraiment",
                           slots={"handoff_consent": consent, "handoff_contact": "+33612345678", "place": "Roubaix",
                                  "place_insee": "59512", "programme": "promo_16_18",
                                  "eligibility_profile": {"age": 17, "decrocheur": True}, **slots})
    tracker.sender_id = "rest:handoff-test"
    return tracker


def stored(backend):
    with make_sessionmaker(backend.engine)() as db:
        return db.scalars(select(HandoffRequest)).all()


def test_the_request_goes_to_the_nearest_centre_with_a_summary_of_closed_values(booking_backend):
    dispatcher = CollectingDispatcher()
    ActionHandoffSubmit().run(dispatcher, submit_tracker(True), {})
    [request] = stored(booking_backend)
    assert request.centre_id == "roubaix" and request.contact == "+33612345678" and request.sender_id == "rest:handoff-test"
    summary = json.loads(request.summary)
    assert summary["commune"]["name"] == "Roubaix" and summary["age_bracket"] == "16-17 ans"
    assert summary["programme"] == "promo_16_18" and "check_eligibility" in summary["topics"]
    assert "galère" not in request.summary and "17," not in request.summary
    assert "C'est noté" in texts(dispatcher) and "Centre Afpa de Roubaix".lower() in texts(dispatcher).lower()


def test_a_no_stores_nothing(booking_backend):
    dispatcher = CollectingDispatcher()
    ActionHandoffSubmit().run(dispatcher, submit_tracker(False), {})
    assert stored(booking_backend) == [] and "je ne garde rien" in texts(dispatcher)
