"""Each custom action, run on a tracker built for the situation."""
import json

import pytest

from actions.dialogue.conversation import ActionClarify, ActionContactHuman
from actions.dialogue.programmes import (
    ActionListProgrammes,
    ActionProgrammeDuration,
    ActionProgrammeInfo,
    ActionProgrammePay,
)
from actions.dialogue.common import CATALOGUE
from tests.conftest import make_tracker


def run(action, dispatcher, tracker):
    events = action.run(dispatcher, tracker, {})
    return dispatcher.messages, events


def programme_entity(value):
    return [{"entity": "programme", "value": value, "start": 0, "end": 1}]


def all_text(messages):
    return "\n".join(message.get("text") or "" for message in messages)


def test_info_names_public_duration_and_next_steps(dispatcher):
    tracker = make_tracker("ask_programme_info", programme_entity("promo_16_18"))
    messages, events = run(ActionProgrammeInfo(), dispatcher, tracker)
    text = messages[0]["text"]
    assert "16 à 18 ans" in text and "quitté l'école" in text
    assert "13 semaines" in text and "10 ateliers" in text
    payloads = [b["payload"] for b in messages[-1]["buttons"]]
    assert '/ask_more{"topic":"promo_16_18"}' in payloads
    assert '/ask_programme_pay{"programme":"promo_16_18"}' in payloads
    assert '/ask_programme_duration{"programme":"promo_16_18"}' in payloads
    assert {"event": "slot", "timestamp": None, "name": "programme", "value": "promo_16_18"} in events


def test_follow_up_uses_the_programme_of_the_conversation(dispatcher):
    tracker = make_tracker("ask_programme_duration", slots={"programme": "hope"})
    messages, _ = run(ActionProgrammeDuration(), dispatcher, tracker)
    assert messages[0]["text"].startswith("HOPE")
    assert "8 à 10 mois" in messages[0]["text"]


def test_a_programme_named_now_wins_over_the_previous_one(dispatcher):
    tracker = make_tracker("ask_programme_duration", programme_entity("transco"), slots={"programme": "hope"})
    messages, events = run(ActionProgrammeDuration(), dispatcher, tracker)
    assert "24 mois" in messages[0]["text"]
    assert events[0]["value"] == "transitions_collectives"


def test_unknown_pay_is_said_and_points_to_a_person(dispatcher):
    tracker = make_tracker("ask_programme_pay", slots={"programme": "promo_16_18"})
    messages, _ = run(ActionProgrammePay(), dispatcher, tracker)
    text = all_text(messages)
    assert "je ne sais pas" in messages[0]["text"]
    assert "Mission locale" in messages[0]["text"]
    # Who, and how to reach them: never a bare « demandez ».
    assert "La Mission locale (16-25 ans) : celle de votre commune" in messages[1]["text"]
    assert "€" not in text  # never a figure that is not in the sources


def test_an_unsure_fact_is_flagged_in_the_details(dispatcher):
    from actions.dialogue.answers import ActionMoreDetails

    tracker = make_tracker("ask_more", [{"entity": "topic", "value": "transitions_collectives"}])
    messages, _ = run(ActionMoreDetails(), dispatcher, tracker)
    assert "à confirmer avec un conseiller" in messages[1]["text"]
    assert "Transitions Pro" in messages[-1]["text"]


def test_without_any_programme_it_asks_which_one(dispatcher):
    tracker = make_tracker("ask_programme_pay")
    messages, events = run(ActionProgrammePay(), dispatcher, tracker)
    text, buttons = messages[0]["text"], messages[0]["buttons"]
    assert text.startswith("De quel programme parlez-vous ?")
    assert len(buttons) <= 6  # what fits on a phone screen; the others are named
    named = text + " ".join(b["title"] for b in buttons)
    assert all(programme.name in named for programme in CATALOGUE.programmes.values())
    assert buttons[0]["payload"].startswith("/ask_programme_pay{")
    assert events == []


def test_without_any_programme_those_for_the_person_come_first(dispatcher):
    entities = [{"entity": "age", "value": "19"}, {"entity": "situation", "value": "refugie"}]
    tracker = make_tracker("ask_programme_pay", entities, text="j'ai 19 ans, réfugié, et la paie ?")
    messages, _ = run(ActionProgrammePay(), dispatcher, tracker)
    assert '"programme":"hope"' in messages[0]["buttons"][0]["payload"]


def test_list_for_refugees_proposes_hope(dispatcher):
    tracker = make_tracker("list_programmes", [{"entity": "situation", "value": "refugie"}])
    messages, _ = run(ActionListProgrammes(), dispatcher, tracker)
    assert "HOPE" in messages[0]["text"]
    assert "Promo 16-18" not in messages[0]["text"]


def test_list_for_a_written_age(dispatcher):
    tracker = make_tracker("list_programmes", [{"entity": "age", "value": "dix-sept"}])
    messages, _ = run(ActionListProgrammes(), dispatcher, tracker)
    assert "jeunes de 17 ans" in messages[0]["text"]
    assert "La Promo 16-18" in messages[0]["text"]
    assert "HOPE" not in messages[0]["text"]


def test_list_for_asylum_seekers_says_what_is_not_known_and_lists_nothing_as_theirs(dispatcher):
    tracker = make_tracker("list_programmes", [{"entity": "situation", "value": "demandeur_asile"}])
    messages, _ = run(ActionListProgrammes(), dispatcher, tracker)
    assert "Mes sources ne le disent pas" in messages[0]["text"] and "OFII" in messages[0]["text"]
    assert "peut vous convenir" not in messages[0]["text"]


def test_list_everything(dispatcher):
    messages, _ = run(ActionListProgrammes(), dispatcher, make_tracker("list_programmes"))
    assert all(programme.name in messages[-1]["text"] for programme in CATALOGUE.programmes.values())
    assert len(messages[-1]["buttons"]) == 6  # what fits on a phone screen; every name is in the text
    assert "9 programmes" in messages[0]["text"]


def test_contact_mentions_the_person_for_the_programme(dispatcher):
    tracker = make_tracker("contact_human", slots={"programme": "hope"})
    messages, _ = run(ActionContactHuman(), dispatcher, tracker)
    assert "OFII" in messages[0]["text"]
    assert "votre conseiller OFII, celui qui suit vos cours de français" in all_text(messages)
    assert "www.france-travail.fr" in all_text(messages)


def test_first_miss_offers_the_likeliest_intents(dispatcher):
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "ask_programme_pay", "confidence": 0.4},
        {"name": "ask_programme_duration", "confidence": 0.3},
        {"name": "out_of_scope", "confidence": 0.1},
        {"name": "contact_human", "confidence": 0.05},
    ]
    tracker = make_tracker("nlu_fallback", ranking=ranking, slots={"programme": "hope"})
    messages, _ = run(ActionClarify(), dispatcher, tracker)
    assert "Vous vouliez dire" in messages[0]["text"]
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads[:3] == [
        '/ask_programme_pay{"programme":"hope"}',
        '/ask_programme_duration{"programme":"hope"}',
        "/contact_human",
    ]


def test_second_miss_in_a_row_gives_menu_and_contact(dispatcher):
    tracker = make_tracker("nlu_fallback", earlier_intents=["greet", "nlu_fallback"])
    messages, _ = run(ActionClarify(), dispatcher, tracker)
    assert "ne comprends toujours pas" in messages[0]["text"]
    assert "Mission locale" in all_text(messages)


def test_a_miss_after_an_understood_message_is_a_first_miss(dispatcher):
    ranking = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "help", "confidence": 0.3}]
    tracker = make_tracker("nlu_fallback", ranking=ranking, earlier_intents=["nlu_fallback", "greet"])
    messages, _ = run(ActionClarify(), dispatcher, tracker)
    assert "Vous vouliez dire" in messages[0]["text"]


@pytest.mark.parametrize("action", [ActionProgrammeInfo(), ActionProgrammeDuration(), ActionProgrammePay()])
def test_every_programme_gets_an_answer_for_every_question(action, catalogue):
    from rasa_sdk.executor import CollectingDispatcher

    for programme_id in catalogue.programmes:
        dispatcher = CollectingDispatcher()
        action.run(dispatcher, make_tracker("x", programme_entity(programme_id)), {})
        text = dispatcher.messages[0]["text"]
        assert text and "None" not in text
        assert len(text) < 1500
        for button in dispatcher.messages[0]["buttons"]:
            if "{" in button["payload"]:
                json.loads(button["payload"][button["payload"].index("{") :])


def test_facts_then_a_pay_question_read_as_another_question_answer_the_pay(dispatcher):
    text = "j'ai 19 ans, je suis à Roubaix, réfugié, et la paie ça donne quoi ?"
    entities = [{"entity": "age", "value": "19"}, {"entity": "situation", "value": "refugie"}]
    messages, _ = run(ActionProgrammeInfo(), dispatcher, make_tracker("ask_programme_info", entities, text=text))
    assert messages[0]["buttons"][0]["payload"] == '/ask_programme_pay{"programme":"hope"}'
