"""The eligibility form's actions on trackers built for each situation."""
from rasa_sdk import Tracker

from actions.dialogue.eligibility import (
    ActionEligibilityResult,
    ActionEligibilityStart,
    ValidateEligibilityForm,
)
from actions.dialogue.eligibility import ASK_ACTIONS, ActionAskEligibilityReuse

ASK_ACTIONS_ALL = [ActionAskEligibilityReuse()]


def form_tracker(text, entities=(), slots=None, new_slots=None, intent="inform", after="action_extract_slots"):
    """A tracker as Rasa sends it to the validation action on a new message (``after``: the
    action run before the form, a digression's when the form resumes)."""
    slots = dict(slots or {})
    events = [{"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}]
    events.append({"event": "action", "name": after})
    for name, value in (new_slots or {}).items():
        slots[name] = value
        events.append({"event": "slot", "name": name, "value": value})
    return Tracker(
        sender_id="test",
        slots=slots,
        latest_message={"text": text, "entities": list(entities), "intent": {"name": intent}},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": "eligibility_form"},
        latest_action_name=after,
    )


def slot_events(events):
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}


def test_activation_uses_the_first_message(dispatcher):
    tracker = form_tracker("j'ai 17 ans et j'ai arrêté en seconde", [{"entity": "age", "value": "17"}])
    slots = slot_events(ValidateEligibilityForm().run(dispatcher, tracker, {}))
    assert slots["eligibility_profile"]["age"] == 17
    assert slots["requested_slot"] == "answer_salarie"


def test_answer_moves_to_the_result(dispatcher):
    profile = {"age": 17, "decrocheur": True}
    tracker = form_tracker("non", slots={"eligibility_profile": profile, "requested_slot": "answer_salarie"}, intent="deny")
    slots = slot_events(ValidateEligibilityForm().run(dispatcher, tracker, {}))
    assert slots["answer_salarie"] == "non"
    assert slots["requested_slot"] is None


def test_impossible_age_is_re_asked_with_a_hint_and_counted(dispatcher):
    tracker = form_tracker("j'ai 250 ans", slots={"requested_slot": "age"})
    slots = slot_events(ValidateEligibilityForm().run(dispatcher, tracker, {}))
    assert slots["age"] is None
    assert slots["requested_slot"] == "age"
    assert slots["eligibility_misses"] == 1
    assert "âge" in slots["eligibility_hint"]


def test_a_digression_is_not_taken_as_an_answer(dispatcher):
    tracker = form_tracker("c'est quoi HOPE ?", slots={"requested_slot": "age", "eligibility_misses": 0}, intent="ask_programme_info")
    events = ValidateEligibilityForm().run(dispatcher, tracker, {})
    # Only the question asked is kept: Rasa then rejects the form and answers the digression.
    assert slot_events(events) == {"requested_slot": "age"}
    assert dispatcher.messages == []


def test_a_second_miss_moves_on_with_dont_know_never_a_loop(dispatcher):
    profile = {"age": 20}
    tracker = form_tracker(
        "la réponse D", slots={"eligibility_profile": profile, "requested_slot": "answer_salarie", "eligibility_misses": 1,
                               "situation": "donnée"},
    )
    slots = slot_events(ValidateEligibilityForm().run(dispatcher, tracker, {}))
    assert slots["answer_salarie"] == "je ne sais pas" and slots["requested_slot"] != "answer_salarie"
    assert "salarie" in slots["eligibility_profile"]["dont_know"]
    assert "je passe à la suite" in dispatcher.messages[0]["text"]


def test_a_result_with_answers_not_understood_is_to_confirm(dispatcher):
    tracker = form_tracker("x", slots={"eligibility_profile": {"age": 20, "dont_know": ["salarie"]}})
    ActionEligibilityResult().run(dispatcher, tracker, {})
    assert "à confirmer avec un conseiller" in " ".join(m["text"] for m in dispatcher.messages)


def test_stop_said_as_a_fact_answers_the_question(dispatcher):
    # "j'ai arrêté en troisième" may be read as the intent stop: it is an answer here.
    tracker = form_tracker("j'ai arrêté en troisième", slots={"eligibility_profile": {"age": 17}, "requested_slot": "situation"},
                           intent="stop")
    slots = slot_events(ValidateEligibilityForm().run(dispatcher, tracker, {}))
    assert slots["situation"] == "donnée" and slots["eligibility_profile"]["decrocheur"] is True


def test_a_clear_stop_is_not_an_answer(dispatcher):
    tracker = form_tracker("laisse tomber", slots={"requested_slot": "situation"}, intent="stop")
    assert slot_events(ValidateEligibilityForm().run(dispatcher, tracker, {})) == {"requested_slot": "situation"}


def test_a_second_check_asks_whether_to_reuse_the_earlier_answers(dispatcher):
    earlier = {"age": 17, "decrocheur": True}
    tracker = form_tracker("je peux faire quoi ?", slots={"eligibility_profile": earlier, "eligibility_checked": True},
                           intent="check_eligibility")
    slots = slot_events(ValidateEligibilityForm().run(dispatcher, tracker, {}))
    assert slots["requested_slot"] == "eligibility_reuse" and slots["eligibility_profile"] == {}
    ask = next(action for action in ASK_ACTIONS_ALL if action.name() == "action_ask_eligibility_reuse")
    ask.run(dispatcher, form_tracker("x", slots=slots_after(tracker, slots)), {})
    assert "Je reprends vos réponses précédentes (17 ans et vous avez quitté l'école sans diplôme) ?" in dispatcher.messages[-1]["text"]
    # "non": a clean profile, the age is asked.
    no = form_tracker("non", slots=slots_after(tracker, slots), intent="deny")
    after_no = slot_events(ValidateEligibilityForm().run(dispatcher, no, {}))
    assert after_no["eligibility_profile"] == {} and after_no["requested_slot"] == "age"
    # "oui": the earlier answers are back.
    yes = form_tracker("oui", slots=slots_after(tracker, slots), intent="affirm")
    after_yes = slot_events(ValidateEligibilityForm().run(dispatcher, yes, {}))
    assert after_yes["eligibility_profile"]["age"] == 17 and after_yes["requested_slot"] != "age"


def slots_after(tracker, new):
    return {**tracker.slots, **new}


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
    # A short answer first, then the details with the next steps.
    first, message = dispatcher.messages[0], dispatcher.messages[-1]
    assert "Promo 16-18" in first["text"] and len(first["text"]) <= 300
    assert "la Promo 16-18, c'est pour vous" in message["text"]
    payloads = [b["payload"] for b in message["buttons"]]
    assert '/ask_programme_info{"programme":"promo_16_18"}' in payloads
    assert any(p.startswith("/book_workshop") for p in payloads)


def test_result_for_a_15_year_old_claims_no_programme(dispatcher):
    tracker = form_tracker("15", slots={"eligibility_profile": {"age": 15}})
    ActionEligibilityResult().run(dispatcher, tracker, {})
    assert "aucun programme de l'Afpa" in dispatcher.messages[0]["text"]
    text = dispatcher.messages[-1]["text"]
    assert "Mission locale" in text or "CIO" in text
    assert not any(p["payload"].startswith("/book_workshop") for p in dispatcher.messages[-1]["buttons"])


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


def test_no_question_shows_more_than_six_buttons(dispatcher):
    from actions.replies.eligibility import MAX_BUTTONS

    for ask in ASK_ACTIONS:
        ask().run(dispatcher, form_tracker("x"), {})
    assert all(len(message.get("buttons") or []) <= MAX_BUTTONS for message in dispatcher.messages)


def test_facts_then_a_pay_question_read_as_a_check_answer_the_question_and_start_no_check(dispatcher):
    text = "j'ai 19 ans, je suis à Roubaix, réfugié, et la paie ça donne quoi ?"
    entities = [{"entity": "age", "value": "19"}, {"entity": "situation", "value": "refugie"},
                {"entity": "commune", "value": "roubaix"}]
    tracker = form_tracker(text, entities, intent="check_eligibility", after="action_listen")
    tracker.active_loop = {}
    events = ActionEligibilityStart().run(dispatcher, tracker, {})
    (message,) = dispatcher.messages
    assert message["text"].startswith("De quel programme parlez-vous ?")
    assert message["buttons"][0]["payload"] == '/ask_programme_pay{"programme":"hope"}'
    slots = slot_events(events)
    assert slots["eligibility_profile"]["age"] == 19 and slots["place"] == "roubaix"
    assert {"event": "followup", "name": "action_listen", "timestamp": None} in events


def test_a_check_with_facts_only_starts_the_check(dispatcher):
    tracker = form_tracker("j'ai 17 ans et j'ai quitté le lycée, je peux faire quoi ?", intent="check_eligibility")
    events = ActionEligibilityStart().run(dispatcher, tracker, {})
    # The check starts: only its opening words (what is kept, and the way to refuse), no answer.
    assert all(message["buttons"] == [{"payload": "/stop", "title": "Je ne veux pas répondre"}] for message in dispatcher.messages)
    assert not any(event.get("event") == "followup" for event in events)
