"""One list of the intents that interrupt a form (actions/dialogue/forms.py), and what the
domain, the rules and the actions do with it."""
from pathlib import Path

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.conversation import ActionBareAnswer
from actions.dialogue.forms import INTERRUPTING_INTENTS, ActionStopForm, free_text_answer, put_aside_if_drifting
from actions.dialogue.session import ActionSessionStart
from tests.unit.conftest import form_tracker

FORMS_WITHOUT_OWN_RULES = ("booking_form", "cancel_form", "centre_form", "eligibility_form")


def load(folder):
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(Path(folder).glob("*.yml"))]


def test_no_form_slot_repeats_a_list_of_interrupting_intents():
    for part in load("domain"):
        for slot, spec in (part.get("slots") or {}).items():
            for mapping in spec.get("mappings", []):
                if mapping.get("type") != "from_text":
                    continue
                raise AssertionError(f"{slot}: free text is read by the validation action (custom mapping)")


def test_every_interrupting_intent_has_a_general_rule_and_no_form_repeats_it():
    rules = [rule for part in load("data/rules") for rule in part.get("rules", [])]
    general = {step["intent"] for rule in rules if not rule.get("condition") for step in rule["steps"][:1] if "intent" in step}
    assert INTERRUPTING_INTENTS <= general
    for rule in rules:
        loops = {item.get("active_loop") for item in rule.get("condition") or []}
        first = rule["steps"][0].get("intent")
        if loops & set(FORMS_WITHOUT_OWN_RULES) and first in INTERRUPTING_INTENTS:
            assert first == "cancel_booking" or first == "find_centre", f"repeated digression: {rule['rule']}"


@pytest.mark.parametrize("intent", sorted(INTERRUPTING_INTENTS - {"stop"}))
def test_an_interrupting_message_is_never_an_answer(intent):
    text = "au revoir" if intent == "goodbye" else "c'est quoi HOPE ?"
    tracker = form_tracker(text=text, intent=intent, requested_slot="booking_first_name")
    assert free_text_answer(tracker, "booking_first_name") == {}


def test_junk_read_as_a_goodbye_is_an_answer_to_check():
    tracker = form_tracker(text="A" * 500, intent="goodbye", requested_slot="booking_first_name")
    assert free_text_answer(tracker, "booking_first_name") == {"booking_first_name": "A" * 500}


def test_an_answer_is_read_for_the_question_asked_only():
    tracker = form_tracker(text="Marie", requested_slot="booking_first_name")
    assert free_text_answer(tracker, "booking_first_name") == {"booking_first_name": "Marie"}
    assert free_text_answer(tracker, "booking_contact") == {}


def test_the_intent_that_starts_a_form_is_an_answer_inside_it():
    tracker = form_tracker(text="celui de mardi", intent="cancel_booking", form="cancel_form", requested_slot="cancel_reference")
    assert free_text_answer(tracker, "cancel_reference") == {"cancel_reference": "celui de mardi"}


def with_digressions(tracker, intents):
    events = [{"event": "user", "text": "x", "parse_data": {"intent": {"name": name}}} for name in intents]
    tracker.events[:0] = events
    return tracker


def test_the_first_digression_lets_the_form_ask_again_the_second_puts_it_aside():
    dispatcher = CollectingDispatcher()
    once = form_tracker(text="c'est quoi HOPE ?", intent="ask_programme_info", requested_slot="booking_first_name")
    assert put_aside_if_drifting(once, dispatcher) == [] and dispatcher.messages == []
    twice = with_digressions(
        form_tracker(text="et ça dure combien ?", intent="ask_programme_duration", requested_slot="booking_first_name"),
        ["book_workshop", "ask_programme_info"],
    )
    events = put_aside_if_drifting(twice, dispatcher)
    assert {"event": "active_loop", "name": None, "timestamp": None} in events
    assert "Je mets de côté votre inscription" in dispatcher.messages[0]["text"]
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == ["/book_workshop"]


def test_a_bare_answer_asks_what_the_person_wants_and_offers_to_resume():
    dispatcher = CollectingDispatcher()
    tracker = form_tracker(text="17 ans", form=None, entities=[{"entity": "age", "value": "17"}], slots={"paused_form": "booking_form"})
    events = ActionBareAnswer().run(dispatcher, tracker, {})
    assert "Voulez-vous reprendre votre inscription à un atelier ?" in dispatcher.messages[0]["text"]
    assert "/book_workshop" in [b["payload"] for b in dispatcher.messages[0]["buttons"]]
    # The fact is kept for a later check, nothing is started.
    assert {"event": "slot", "name": "eligibility_profile", "value": {"age": 17}, "timestamp": None} in events
    assert not any(event.get("event") == "active_loop" for event in events)


def test_a_bare_answer_with_nothing_to_resume_offers_the_menu():
    dispatcher = CollectingDispatcher()
    ActionBareAnswer().run(dispatcher, form_tracker(text="06 12 34 56 78", form=None), {})
    assert "Que voulez-vous faire ?" in dispatcher.messages[0]["text"]
    assert len(dispatcher.messages[0]["buttons"]) <= 6


def test_junk_read_as_a_fact_is_not_understood_rather_than_thanked():
    dispatcher = CollectingDispatcher()
    tracker = form_tracker(text="wxq bzzz plop", form=None)
    ActionBareAnswer().run(dispatcher, tracker, {})
    text = dispatcher.messages[0].get("text") or dispatcher.messages[0].get("response")
    assert "Merci" not in (text or "") and "Que voulez-vous faire ?" not in (text or "")


@pytest.mark.parametrize("said", ["je suis réfugié", "le deuxième", "oui", "06 12 34 56 78"])
def test_a_real_fact_or_answer_is_not_junk(said):
    from actions.dialogue.conversation import carries_nothing

    assert not carries_nothing({"intent": {"name": "inform"}, "entities": []}, said)
    assert carries_nothing({"intent": {"name": "inform"}, "entities": []}, "xkcd lorem ipsum")


def test_stop_ends_the_eligibility_check_too():
    dispatcher = CollectingDispatcher()
    events = ActionStopForm().run(dispatcher, form_tracker(text="stop", intent="stop", form="eligibility_form"), {})
    assert {"event": "active_loop", "name": None, "timestamp": None} in events
    assert "on arrête là" in dispatcher.messages[0]["text"]


def test_a_new_session_carries_over_nothing_personal():
    tracker = form_tracker(
        text="x", form="booking_form",
        slots={"programme": "hope", "booking_first_name": "Marie", "eligibility_profile": {"age": 17}, "age": 17},
    )
    events = ActionSessionStart().run(CollectingDispatcher(), tracker, {})
    carried = {event["name"]: event["value"] for event in events if event.get("event") == "slot"}
    assert carried == {"programme": "hope", "paused_form": "booking_form"}


def test_rasa_carries_over_no_slot():
    domain = yaml.safe_load(Path("domain/conversation.yml").read_text(encoding="utf-8"))
    assert domain["session_config"]["carry_over_slots_to_new_session"] is False


def test_a_fresh_message_is_told_from_a_resume_as_rasa_calls_the_validation():
    # Rasa calls the validation action on a tracker that ends with the form's own action.
    from actions.dialogue.forms import fresh_message

    fresh = form_tracker(text="Marie", requested_slot="booking_first_name")
    fresh.events += [{"event": "action", "name": "booking_form"}]
    fresh.latest_action_name = "booking_form"
    assert fresh_message(fresh) and free_text_answer(fresh, "booking_first_name") == {"booking_first_name": "Marie"}
    resumed = form_tracker(text="c'est quoi HOPE ?", intent="ask_programme_info", requested_slot="booking_first_name")
    resumed.events += [{"event": "action", "name": "action_programme_info"}, {"event": "bot", "text": "HOPE…"},
                       {"event": "action", "name": "booking_form"}]
    resumed.latest_action_name = "booking_form"
    assert not fresh_message(resumed)


def test_help_inside_a_form_is_one_answer_without_the_menu_then_the_form_asks(domain_dict):
    from actions.dialogue.conversation import ActionBotChallenge, ActionHelp

    dispatcher = CollectingDispatcher()
    tracker = form_tracker(text="tu sers à quoi ?", intent="help", requested_slot="booking_session_id")
    assert ActionHelp().run(dispatcher, tracker, domain_dict) == []
    (message,) = dispatcher.messages
    assert message["text"].startswith("Je peux vous présenter") and "Que voulez-vous faire ?" not in message["text"]
    assert not message["buttons"]  # the form's question follows with its own

    dispatcher = CollectingDispatcher()
    twice = with_digressions(form_tracker(text="t'es un robot ?", intent="bot_challenge", requested_slot="booking_session_id"),
                             ["book_workshop", "help"])
    events = ActionBotChallenge().run(dispatcher, twice, domain_dict)
    assert {"event": "active_loop", "name": None, "timestamp": None} in events
    text = "\n".join(m["text"] for m in dispatcher.messages)
    assert "assistant automatique" in text and "Je mets de côté votre inscription" in text
    assert sum(len(m["buttons"]) for m in dispatcher.messages) <= 6


def test_help_outside_a_form_is_the_menu(domain_dict):
    from actions.dialogue.conversation import ActionHelp

    dispatcher = CollectingDispatcher()
    ActionHelp().run(dispatcher, form_tracker(text="aide", intent="help", form=None), domain_dict)
    assert dispatcher.messages[0]["text"].endswith("Que voulez-vous faire ?") and len(dispatcher.messages[0]["buttons"]) == 3
