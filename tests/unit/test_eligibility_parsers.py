"""The free-text answer parsers the eligibility form uses."""

from __future__ import annotations

import pytest

from actions.eligibility import is_dont_know, parse_age_answer, parse_situation_answer, parse_yes_no
from actions.eligibility.answers.age import AND_A_HALF, BIRTH_YEAR, IMPLAUSIBLE, NOT_AN_AGE, TURNING_SOON
from actions.eligibility.answers.situation import ASYLUM_SEEKER, DISABILITY_WITHOUT_RQTH

# --- Age ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, age, note",
    [
        ("17", 17, None),
        ("dix-sept ans", 17, None),
        ("Dix sept", 17, None),
        ("j'ai 17 ans", 17, None),
        ("J’ai 17 ans", 17, None),
        ("17ans", 17, None),
        ("vingt-deux", 22, None),
        ("quarante ans", 40, None),
        ("j'ai quinze ans", 15, None),
        ("bientôt 18", 17, TURNING_SOON),
        ("18 ans bientôt", 17, TURNING_SOON),
        ("presque seize ans", 15, TURNING_SOON),
        ("pas encore 18", 17, TURNING_SOON),
        ("je vais avoir 18 ans dans 2 mois", 17, TURNING_SOON),
        ("j'aurai 18 ans le mois prochain", 17, TURNING_SOON),
        ("17 ans et demi", 17, AND_A_HALF),
        ("17,5", 17, AND_A_HALF),
        ("17.5 ans", 17, AND_A_HALF),
        # "pas encore" about something else is not "bientôt".
        ("J'ai 17 ans, pas encore de diplôme", 17, None),
        # The number followed by "ans" wins; ordinals and other units are not ages.
        ("j'ai 3 enfants et 40 ans", 40, None),
        ("j'ai 17 ans et je suis en 3e", 17, None),
        ("12", 12, None),
        ("99", 99, None),
    ],
)
def test_reads_an_age(text, age, note):
    answer = parse_age_answer(text)
    assert (answer.age, answer.note, answer.problem) == (age, note, None)
    assert answer.ok


def test_turning_soon_keeps_the_current_age_and_says_so():
    answer = parse_age_answer("bientôt 18")
    assert answer.number == 18 and answer.age == 17
    assert answer.message == "Je compte votre âge actuel : 17 ans."


@pytest.mark.parametrize(
    "text, problem, number",
    [
        ("3", IMPLAUSIBLE, 3),
        ("11", IMPLAUSIBLE, 11),
        ("250", IMPLAUSIBLE, 250),
        ("100", IMPLAUSIBLE, 100),
        ("bientôt 12", IMPLAUSIBLE, 12),
        ("bonjour", NOT_AN_AGE, None),
        ("je suis réfugié", NOT_AN_AGE, None),
        ("en 3e", NOT_AN_AGE, None),
        ("", NOT_AN_AGE, None),
        ("   ", NOT_AN_AGE, None),
        ("né en 2008", BIRTH_YEAR, None),
    ],
)
def test_an_answer_that_is_not_a_plausible_age_is_asked_again(text, problem, number):
    answer = parse_age_answer(text)
    assert not answer.ok and answer.age is None
    assert (answer.problem, answer.number) == (problem, number)
    assert answer.message and answer.message.endswith("?")


@pytest.mark.parametrize("value", [None, 17, ["17"]])
def test_a_non_text_age_answer_is_not_an_age(value):
    assert parse_age_answer(value).problem == NOT_AN_AGE


# --- Situations ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, facts",
    [
        ("j'ai arrêté en 3e", {"decrocheur": True, "scolarise": False}),
        ("j'ai arrêté en troisième", {"decrocheur": True, "scolarise": False}),
        ("j'ai lâché le lycée en seconde", {"decrocheur": True, "scolarise": False}),
        # Leaving school is not leaving it without a diploma: that stays unknown.
        ("j'ai quitté le lycée", {"scolarise": False}),
        ("je ne vais plus à l'école", {"scolarise": False}),
        ("je ne suis plus au lycée", {"scolarise": False}),
        ("j'ai quitté l'école sans diplôme", {"decrocheur": True, "scolarise": False}),
        ("déscolarisé", {"decrocheur": True, "scolarise": False}),
        ("on m'a donné la protection subsidiaire", {"refugie": True, "protection_subsidiaire": True}),
        ("je pointe au chômage", {"demandeur_emploi": True, "salarie": False}),
        ("j'ai quitté le lycée avec le bac", {"decrocheur": False, "scolarise": False}),
        ("j'ai le statut de réfugié", {"refugie": True}),
        ("je suis réfugiée", {"refugie": True}),
        ("protection subsidiaire", {"refugie": True, "protection_subsidiaire": True}),
        ("BPI", {"refugie": True}),
        ("je ne suis pas réfugié", {"refugie": False}),
        ("inscrit à France Travail", {"demandeur_emploi": True}),
        ("au chômage", {"demandeur_emploi": True, "salarie": False}),
        ("pôle emploi", {"demandeur_emploi": True}),
        ("je cherche du travail", {"demandeur_emploi": True}),
        ("demandeuse d'emploi", {"demandeur_emploi": True}),
        ("je suis au lycée", {"scolarise": True}),
        ("en 3e", {"scolarise": True}),
        ("lycéenne", {"scolarise": True}),
        ("je ne suis pas scolarisé", {"scolarise": False}),
        ("je travaille", {"salarie": True}),
        ("en CDI", {"salarie": True}),
        ("salariée en CDD", {"salarie": True}),
        ("je ne travaille pas", {"salarie": False}),
        ("je travaille pas", {"salarie": False}),
        ("j'ai pas de travail", {"salarie": False}),
        ("je fais rien", {"salarie": False, "scolarise": False}),
        ("RQTH", {"rqth": True}),
        ("travailleur handicapé", {"rqth": True}),
        ("je n'ai pas de RQTH", {"rqth": False}),
        # A person can be in several situations at once.
        ("je suis réfugié et je cherche du travail", {"refugie": True, "demandeur_emploi": True}),
        ("je suis salarié mais je cherche un autre emploi", {"salarie": True, "demandeur_emploi": True}),
    ],
)
def test_reads_situations(text, facts):
    answer = parse_situation_answer(text)
    assert answer.facts == facts
    assert answer.understood and not answer.dont_know


@pytest.mark.parametrize(
    "text", ["demandeur d'asile", "je suis demandeuse d'asile", "j'attends la réponse de l'OFPRA"]
)
def test_an_asylum_seeker_is_not_a_refugee_and_is_told_why(text):
    answer = parse_situation_answer(text)
    assert answer.facts == {"refugie": False, "demandeur_asile": True}
    assert answer.notes == (ASYLUM_SEEKER,)
    assert "statut de réfugié ou la protection subsidiaire" in answer.explanations[0]


def test_a_protection_granted_after_an_asylum_claim_counts():
    answer = parse_situation_answer("j'ai eu le statut de réfugié après ma demande d'asile")
    assert answer.facts == {"refugie": True} and not answer.notes


def test_a_disability_without_rqth_is_pointed_to_the_mdph():
    answer = parse_situation_answer("j'ai un handicap")
    assert answer.facts == {} and answer.notes == (DISABILITY_WITHOUT_RQTH,)
    assert "MDPH" in answer.explanations[0]


@pytest.mark.parametrize("text", ["je sais pas", "Je ne sais pas", "jsp", "aucune idée"])
def test_dont_know_is_not_a_situation(text):
    answer = parse_situation_answer(text)
    assert answer.dont_know and not answer.understood


@pytest.mark.parametrize("text", ["bonjour", "", "la réponse D", None, 42])
def test_nothing_understood_is_empty(text):
    answer = parse_situation_answer(text)
    assert answer.facts == {} and not answer.dont_know and not answer.notes


def test_true_and_false_situations_are_listed():
    answer = parse_situation_answer("au chômage")
    assert answer.situations_true == ("demandeur_emploi",) and answer.situations_false == ("salarie",)


# --- Yes / no --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("oui", True),
        ("Oui !", True),
        ("ouais", True),
        ("ouep", True),
        ("ok", True),
        ("d'accord", True),
        ("bien sûr", True),
        ("carrément", True),
        ("si", True),
        ("je crois que oui", True),
        ("ouais pas de souci", True),
        ("non", False),
        ("NON", False),
        ("nan", False),
        ("non merci", False),
        ("pas du tout", False),
        ("absolument pas", False),
        ("bien sûr que non", False),
        ("pas encore", False),
        ("jamais", False),
        ("je sais pas", None),
        ("je ne sais pas", None),
        ("peut-être", None),
        ("pas sûr", None),
        ("oui et non", None),
        ("banane", None),
        ("", None),
        (None, None),
    ],
)
def test_yes_no(text, expected):
    assert parse_yes_no(text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [("je sais pas", True), ("jsp", True), ("aucune idée", True), ("non", False), ("banane", False)],
)
def test_dont_know_is_told_apart_from_an_unclear_answer(text, expected):
    assert is_dont_know(text) is expected
