"""Issue #13: the partnership and the staff's own questions, who to ask and how, numbers
questions (key figures or free places, never a duration), words explained, « En savoir plus ».

Plain-Python parsers as tables; the actions on tracker fixtures; free places against a real
(temporary SQLite) bookings database."""
from __future__ import annotations

import re

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.answers.audience import PROFESSIONAL, audience_of
from actions.answers.numbers import ANY, CENTRES, GROUP, OUTCOMES, PEOPLE, PLACES, TERRITORIES, asked_quantity
from actions.dialogue.answers import (
    ActionExplainTerm,
    ActionJobCuts,
    ActionKeyFigures,
    ActionLocalApprenticeship,
    ActionMoreDetails,
    ActionPartnership,
)
from actions.dialogue.programmes import ActionListProgrammes, ActionProgrammeDuration, ActionProgrammeInfo
from tests.conftest import make_tracker
from tests.unit.plain_answers_support import catalogue_answers

ROUBAIX = "59512"
FACT_SHEET_FIGURES = {
    # Every figure the numbers answers may state, as the fact sheet writes it.
    "126", "161 000", "84 %", "71 %", "7 000", "106", "65 %", "10 à 25", "1 500", "72 %", "29 399", "22 366",
    "50 %", "25,9 %", "2 000", "4 800", "22 %", "8 500", "13", "86 %", "2", "2021", "2022", "2023", "2024", "2019",
    "2015", "1", "16", "18", "10", "25", "2020",
}


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    return dispatcher.messages, events


def text_of(messages):
    return "\n".join(message.get("text") or "" for message in messages)


def payloads(messages):
    return [button["payload"] for message in messages for button in message.get("buttons") or []]


# -- who speaks ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "qu'est-ce qu'il y a pour les jeunes que je suis ?",
    "Pour les personnes que nous accompagnons, vous proposez quoi ?",
    "notre intercommunalité voudrait travailler avec l'Afpa",
    "Je suis conseillère en insertion à la mairie",
    "en tant qu'élu, que peut faire l'Afpa ?",
    "nos bénéficiaires réfugiés peuvent-ils faire HOPE ?",
    "je travaille à la communauté de communes",
    "on est une agglo de 50 000 habitants",
])
def test_a_professional_is_recognised_by_their_words(text):
    assert audience_of(text) == PROFESSIONAL


@pytest.mark.parametrize("text", [
    "j'ai 17 ans et j'ai quitté le lycée", "je suis réfugié", "je suis suivi par la mission locale",
    "c'est quoi la promo 16-18 ?", "", None, "mon conseiller m'a parlé de HOPE",
])
def test_the_person_concerned_is_not_taken_for_a_professional(text):
    assert audience_of(text) is None


# -- what a numbers question asks --------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("combien de places il reste ?", PLACES),
    ("il reste des places pour jeudi ?", PLACES),
    ("y a-t-il des places libres ?", PLACES),
    ("combien de jeunes ont fait la promo 16-18 ?", PEOPLE),
    ("combien de personnes l'Afpa forme par an", PEOPLE),
    ("quel taux de réussite ?", OUTCOMES),
    ("quel est le bilan de HOPE ?", OUTCOMES),
    ("combien de centres Afpa en France ?", CENTRES),
    ("combien de jeunes par groupe ?", GROUP),
    ("combien d'intercommunalités agissent pour l'emploi ?", TERRITORIES),
    ("des chiffres svp", ANY),
    # not numbers questions: durations, money, a programme named La Place
    ("ça dure combien de temps ?", None),
    ("combien de semaines dure la promo ?", None),
    ("c'est combien de mois HOPE ?", None),
    ("combien ça coûte ?", None),
    ("c'est quoi la Place ?", None),
    ("bonjour", None),
])
def test_what_a_numbers_question_asks(text, expected):
    assert asked_quantity(text) == expected


# -- the partnership and the staff's questions ----------------------------------------------------


def test_the_partnership_says_what_it_offers_how_current_it_is_and_offers_the_details():
    messages, events = run(ActionPartnership(), make_tracker("ask_partnership", text="que propose le partenariat à notre agglo ?"))
    text = messages[0]["text"]
    assert "Intercommunalités de France" in text and "apprentis" in text
    assert "Source : communiqué Afpa – Intercommunalités de France, septembre 2022." in text
    assert len(text) <= 300
    assert '/ask_more{"topic":"partnership"}' in payloads(messages)
    assert '/ask_local_apprenticeship' in payloads(messages) and '/ask_job_cuts' in payloads(messages)
    assert {"event": "slot", "timestamp": None, "name": "audience", "value": PROFESSIONAL} in events


def test_the_partnership_details_name_the_programmes_for_whom_and_how_to_start():
    tracker = make_tracker("ask_more", [{"entity": "topic", "value": "partnership"}])
    messages, _ = run(ActionMoreDetails(), tracker)
    text = text_of(messages)
    for programme in ("Prépa compétences", "Déclic pour l'action", "Axel", "Promo 16-18", "HOPE", "Villages des solutions", "La Place"):
        assert programme in text
    assert "demandeurs d'emploi" in text and "quartiers prioritaires" in text
    assert "21 septembre 2022" in text and "Pour démarrer" in text
    assert "je ne sais pas si elle a été renouvelée" in text.lower()
    assert "https://www.info-chalon.com/" in text
    # How to start: the nearest centre, reachable (no commune known yet: the button finds it).
    assert "Le centre Afpa le plus proche" in text and "/find_centre" in payloads(messages)


def test_the_partnership_details_give_the_nearest_centre_with_its_address_when_the_commune_is_known():
    tracker = make_tracker("ask_more", [{"entity": "topic", "value": "partnership"}], slots={"place_insee": "80021"})
    messages, _ = run(ActionMoreDetails(), tracker)
    text = text_of(messages)
    assert "Centre Afpa d'Amiens" in text and "30 rue de Poulainville, 80000 Amiens" in text
    assert "09 72 72 39 36" in text and "à vérifier" in text


def test_an_apprentice_question_without_a_local_authority_is_about_the_apprenticeship():
    tracker = make_tracker("ask_local_apprenticeship", text="combien gagne un apprenti ?")
    messages, events = run(ActionLocalApprenticeship(), tracker)
    assert messages[0]["text"].startswith("L'apprentissage à l'Afpa : c'est un contrat de travail")
    assert "CNFPT" not in messages[0]["text"]


def test_apprentices_in_a_local_authority_say_who_employs_and_who_pays():
    tracker = make_tracker("ask_local_apprenticeship", text="qui paie la formation d'un apprenti à la mairie ?")
    messages, _ = run(ActionLocalApprenticeship(), tracker)
    text = messages[0]["text"]
    assert "employeur" in text and "CNFPT" in text and "2025" in text
    assert "Source :" in text
    details, _ = run(ActionMoreDetails(), make_tracker("ask_more", slots={"topic": "local_apprenticeship"}))
    assert "100 % depuis le 1er janvier 2022" in text_of(details)
    assert "5 000 contrats" in text_of(details)


def test_a_company_cutting_jobs_gets_transitions_collectives_and_who_files_it():
    messages, _ = run(ActionJobCuts(), make_tracker("ask_job_cuts"))
    assert "Transitions collectives" in messages[0]["text"] and "24 mois" in messages[0]["text"]
    details, _ = run(ActionMoreDetails(), make_tracker("ask_more", slots={"topic": "job_cuts"}))
    text = text_of(details)
    assert "Transitions Pro" in text and "FNE-Formation" in text
    assert "rôle exact de l'Afpa" in text  # what the fact sheet does not settle is said


def test_a_professional_asking_for_the_people_they_follow_is_answered_as_a_professional():
    tracker = make_tracker(
        "list_programmes", [{"entity": "situation", "value": "refugie"}],
        text="qu'est-ce qu'il y a pour les réfugiés que je suis ?",
    )
    messages, events = run(ActionListProgrammes(), tracker)
    assert messages[0]["text"].startswith("Pour les personnes réfugiées que vous suivez")
    assert "Pour savoir ce qui leur correspond" in text_of(messages)
    assert {"event": "slot", "timestamp": None, "name": "audience", "value": PROFESSIONAL} in events


def test_a_programme_is_presented_to_a_professional_in_the_third_person():
    tracker = make_tracker("ask_programme_info", [{"entity": "programme", "value": "hope"}], slots={"audience": PROFESSIONAL})
    messages, _ = run(ActionProgrammeInfo(), tracker)
    assert "L'OFII choisit les candidats" in messages[0]["text"]
    assert "Vous apprenez" not in messages[0]["text"]
    assert "Vérifier pour une personne" in [b["title"] for b in messages[-1]["buttons"]]


# -- numbers questions ------------------------------------------------------------------------------


def _figures_in(text):
    return set(re.findall(r"\d[\d  ]*(?:,\d+)?(?: ?%)?", text))


@pytest.mark.parametrize("text, entities, expected", [
    ("combien de jeunes dans la promo 16-18 ?", [{"entity": "programme", "value": "promo_16_18"}], "7 000 jeunes"),
    ("quel taux de réussite pour la promo 16-18 ?", [{"entity": "programme", "value": "promo_16_18"}], "65 %"),
    ("quel est le taux de réussite ?", [], "84 %"),
    ("combien de centres Afpa ?", [], "126 centres"),
    ("combien de jeunes par groupe ?", [], "10 à 25 jeunes"),
])
def test_key_figures_come_with_their_date_and_source(text, entities, expected):
    messages, _ = run(ActionKeyFigures(), make_tracker("ask_key_figures", entities, text=text))
    first = messages[0]["text"]
    assert expected in first
    assert re.search(r"Sources? : .+, .*\d{4}", first), first
    assert "semaines" not in first and "mois" not in first  # never a duration


def test_a_figure_the_fact_sheet_does_not_have_is_said_unknown_with_who_can_answer():
    text = "combien de jeunes par groupe dans HOPE ?"
    messages, _ = run(ActionKeyFigures(), make_tracker("ask_key_figures", [{"entity": "programme", "value": "hope"}], text=text))
    assert "Je n'ai pas de chiffre fiable sur la taille des groupes pour HOPE" in messages[0]["text"]
    assert "votre conseiller OFII" in text_of(messages)


def test_no_numbers_answer_states_a_figure_absent_from_the_fact_sheet():
    from actions.catalogue import load_catalogue

    for name, reply in catalogue_answers(load_catalogue()):
        if name.startswith("figures"):
            for figure in _figures_in(reply.text):
                figure = figure.strip().replace("\u202f", " ")
                assert figure in FACT_SHEET_FIGURES or figure.rstrip(" %") in FACT_SHEET_FIGURES, (figure, reply.text)


def test_a_follow_up_numbers_question_is_about_the_programme_talked_about():
    tracker = make_tracker("ask_key_figures", text="et combien de jeunes ?", slots={"programme": "promo_16_18"})
    messages, _ = run(ActionKeyFigures(), tracker)
    assert "7 000 jeunes" in messages[0]["text"]


def test_places_without_a_commune_lead_to_the_booking_offer():
    messages, _ = run(ActionKeyFigures(), make_tracker("ask_key_figures", text="combien de places il reste ?"))
    assert "places" in messages[0]["text"]
    assert "/book_workshop" in payloads(messages)
    assert "mois" not in messages[0]["text"]


def test_places_near_a_known_commune_are_the_sessions_seats_left(booking_backend):
    tracker = make_tracker("ask_key_figures", text="il reste combien de places ?", slots={"place_insee": ROUBAIX})
    messages, _ = run(ActionKeyFigures(), tracker)
    text = messages[0]["text"]
    assert "Places libres dans les prochains ateliers près de Roubaix" in text
    assert re.search(r"\d+ places? libres? sur \d+", text)
    assert any(p.startswith('/book_workshop{"booking_session":') for p in payloads(messages))


def test_a_numbers_question_read_as_a_duration_question_never_gets_a_duration():
    tracker = make_tracker(
        "ask_programme_duration", [{"entity": "programme", "value": "promo_16_18"}],
        text="combien de jeunes ont fait la promo 16-18 ?",
    )
    messages, _ = run(ActionProgrammeDuration(), tracker)
    assert "7 000 jeunes" in messages[0]["text"]
    assert "13 semaines" not in text_of(messages)


def test_a_real_duration_question_still_gets_the_duration():
    tracker = make_tracker(
        "ask_programme_duration", [{"entity": "programme", "value": "promo_16_18"}], text="ça dure combien de temps ?"
    )
    messages, _ = run(ActionProgrammeDuration(), tracker)
    assert "13 semaines" in messages[0]["text"]


# -- words explained ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, entities, expected", [
    ("c'est quoi le CIR ?", [{"entity": "term", "value": "CIR"}], "contrat d'intégration républicaine"),
    ("ça veut dire quoi QPV", [], "quartier prioritaire"),
    ("c'est quoi la protection subsidiaire ?", [], "protection de la France"),
    ("c koi l'ofii", [{"entity": "term", "value": "ofii"}], "Office français de l'immigration"),
])
def test_a_word_is_explained_in_plain_words(text, entities, expected):
    messages, _ = run(ActionExplainTerm(), make_tracker("ask_term", entities, text=text))
    assert expected in messages[0]["text"]
    assert "Source :" in messages[0]["text"]


def test_a_word_read_as_a_programme_question_is_still_explained():
    messages, _ = run(ActionProgrammeInfo(), make_tracker("ask_programme_info", text="c'est quoi le CEJ ?"))
    assert "contrat d'engagement jeune" in messages[0]["text"]


def test_an_unknown_word_is_said_unknown_with_the_words_it_knows():
    messages, _ = run(ActionExplainTerm(), make_tracker("ask_term", text="c'est quoi le zorglub ?"))
    assert messages[0]["text"].startswith("Je ne connais pas ce mot")
    assert '/ask_term{"term":"CIR"}' in payloads(messages)


# -- who to ask, and how (never a bare « renseignez-vous ») ------------------------------------------


def test_every_answer_that_sends_to_someone_says_how_to_reach_them():
    from actions.catalogue import load_catalogue

    catalogue = load_catalogue()
    hows = [person.how for person in catalogue.people.values()]
    for name, reply in catalogue_answers(catalogue):
        said = "\n".join(reply.messages)
        assert "renseignez-vous" not in said.lower(), name
        if re.search(r"\bdemandez\b|\badressez-vous\b|\bconseiller peut\b", said) and not name.startswith("term"):
            assert any(how in said for how in hows), (name, said)


def test_no_reply_source_ends_with_a_bare_renseignez_vous():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for path in [*root.glob("actions/replies/*.py"), *root.glob("domain/*.yml"), *root.glob("data/catalogue/**/*.yml")]:
        text = path.read_text(encoding="utf-8").lower().replace("« renseignez-vous »", "")
        assert "renseignez-vous" not in text, path


def test_an_unknown_fact_names_who_and_how_for_refugees():
    from actions.dialogue.programmes import ActionProgrammePay

    tracker = make_tracker("ask_programme_pay", [{"entity": "programme", "value": "axel"}])
    messages, _ = run(ActionProgrammePay(), tracker)
    assert "je ne sais pas" in messages[0]["text"]
    assert "Le centre Afpa le plus proche" in text_of(messages)
    assert "/find_centre" in payloads(messages)


def test_no_centre_overseas_says_how_to_reach_france_travail_and_the_mission_locale():
    from actions.catalogue import load_catalogue
    from actions.replies.centres import nearest
    from actions.territory import commune_by_insee

    reply = nearest(commune_by_insee("97411"), [], catalogue=load_catalogue())
    said = "\n".join(reply.messages)
    assert "www.france-travail.fr" in said and "cherchez « Mission locale »" in said


def test_an_eligibility_result_to_confirm_says_who_to_ask_and_how():
    from actions.catalogue import load_catalogue
    from actions.eligibility import Profile
    from actions.replies.eligibility import result

    catalogue = load_catalogue()
    person = Profile(age=30, situations_true={"refugie", "demandeur_emploi"}, dont_know={"french_a1"})
    messages = [message.text for message in result(person, catalogue).messages]
    assert any("conseiller" in text for text in messages[:-1])
    said = messages[-1]  # who to ask comes last, under the buttons
    assert "Le conseiller à qui demander" in said and "votre conseiller OFII" in said
