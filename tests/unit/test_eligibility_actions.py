"""The eligibility form's actions on trackers built for each situation."""
from rasa_sdk import Tracker

from actions.dialogue.eligibility import (
    ActionEligibilityResult,
    ActionEligibilityStart,
    ValidateEligibilityForm,
)
from actions.dialogue.eligibility import ASK_ACTIONS


def form_tracker(text, entities=(), slots=None, new_slots=None):
    """A tracker as Rasa sends it to the validation action: candidates at the end."""
    slots = dict(slots or {})
    events = [{"event": "user", "text": text, "parse_data": {"intent": {"name": "inform"}}}]
    events.append({"event": "action", "name": "eligibility_form"})
    for name, value in (new_slots or {}).items():
        slots[name] = value
        events.append({"event": "slot", "name": name, "value": value})
    return Tracker(
        sender_id="test",
        slots=slots,
        latest_message={"text": text, "entities": list(entities), "intent": {"name": "inform"}},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": "eligibility_form"},
        latest_action_name="eligibility_form",
    )


def slot_events(events):
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}


def test_activation_uses_the_first_message(dispatcher):
    tracker = form_tracker("j'ai 17 ans et j'ai quitté le lycée", [{"entity": "age", "value": "17"}], new_slots={"age": "17"})
    slots = slot_events(ValidateEligibilityForm().run(dispatcher, tracker, {}))
    assert slots["eligibility_profile"]["age"] == 17
    assert slots["requested_slot"] == "answer_salarie"


def test_answer_moves_to_the_result(dispatcher):
    profile = {"age": 17, "decrocheur": True}
    tracker = form_tracker(
        "non", slots={"eligibility_profile": profile, "requested_slot": "answer_salarie"}, new_slots={"answer_salarie": "non"}
    )
    slots = slot_events(ValidateEligibilityForm().run(dispatcher, tracker, {}))
    assert slots["answer_salarie"] == "non"
    assert slots["requested_slot"] is None


def test_impossible_age_is_re_asked_with_a_hint_and_counted(dispatcher):
    tracker = form_tracker("j'ai 250 ans", slots={"requested_slot": "age"}, new_slots={"age": "j'ai 250 ans"})
    slots = slot_events(ValidateEligibilityForm().run(dispatcher, tracker, {}))
    assert slots["age"] is None
    assert slots["requested_slot"] == "age"
    assert slots["eligibility_misses"] == 1
    assert "âge" in slots["eligibility_hint"]


def test_a_digression_is_not_taken_as_an_answer(dispatcher):
    tracker = form_tracker("c'est quoi HOPE ?", slots={"requested_slot": "age", "eligibility_misses": 0})
    events = ValidateEligibilityForm().run(dispatcher, tracker, {})
    # Only the question asked is kept: Rasa then rejects the form and answers the digression.
    assert slot_events(events) == {"requested_slot": "age"}
    assert dispatcher.messages == []


def test_the_question_shows_the_hint_then_after_two_misses_offers_a_person(dispatcher):
    ask_age = next(action for action in ASK_ACTIONS if action().name() == "action_ask_age")()
    tracker = form_tracker("x", slots={"eligibility_hint": "Je n'ai pas compris votre âge.", "eligibility_misses": 2})
    ask_age.run(dispatcher, tracker, {})
    message = dispatcher.messages[0]
    assert "Je n'ai pas compris votre âge." in message["text"]
    assert "/contact_human" in [b["payload"] for b in message["buttons"]]


def test_yes_no_question_has_buttons(dispatcher):
    ask = next(action for action in ASK_ACTIONS if action().name() == "action_ask_answer_salarie")()
    ask.run(dispatcher, form_tracker("x"), {})
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == ["Oui", "Non", "Je ne sais pas"]


def test_start_remembers_the_programme_asked_about(dispatcher):
    tracker = form_tracker("je peux faire hope ?", [{"entity": "programme", "value": "HOPE"}])
    slots = slot_events(ActionEligibilityStart().run(dispatcher, tracker, {}))
    assert slots["eligibility_programme"] == "hope"


def test_result_for_a_17_year_old_who_left_school(dispatcher):
    tracker = form_tracker("non", slots={"eligibility_profile": {"age": 17, "decrocheur": True, "salarie": False}})
    ActionEligibilityResult().run(dispatcher, tracker, {})
    message = dispatcher.messages[0]
    assert "Promo 16-18" in message["text"]
    payloads = [b["payload"] for b in message["buttons"]]
    assert '/ask_programme_info{"programme":"promo_16_18"}' in payloads
    assert any(p.startswith("/book_workshop") for p in payloads)


def test_result_for_a_15_year_old_claims_no_programme(dispatcher):
    tracker = form_tracker("15", slots={"eligibility_profile": {"age": 15}})
    ActionEligibilityResult().run(dispatcher, tracker, {})
    text = dispatcher.messages[0]["text"]
    assert "aucun programme de l'Afpa" in text
    assert "Mission locale" in text or "CIO" in text
    assert not any(p["payload"].startswith("/book_workshop") for p in dispatcher.messages[0]["buttons"])


def test_result_for_hope_states_the_french_level(dispatcher):
    tracker = form_tracker(
        "oui",
        slots={"eligibility_profile": {"age": 30, "refugie": True, "demandeur_emploi": True}, "eligibility_programme": "hope"},
    )
    ActionEligibilityResult().run(dispatcher, tracker, {})
    text = dispatcher.messages[0]["text"]
    first_line = text.splitlines()[0]
    assert "HOPE" in first_line and "A1" in first_line  # the programme asked about comes first
    assert text.count("HOPE peut vous convenir") == 1
