"""The interview: which question comes next, and what one message changes."""
import pytest

from actions.eligibility import Profile
from actions.eligibility.interview import AGE_SLOT, SITUATION_SLOT, absorb, next_slot


def test_facts_in_the_first_message_are_used(catalogue):
    absorbed = absorb(Profile(), "j'ai 17 ans et j'ai arrêté en seconde, je peux faire quoi ?", [{"entity": "age", "value": "17"}])
    assert absorbed.profile.age == 17
    assert absorbed.profile.value("decrocheur") is True
    # Neither the age nor the situation is asked again: at most one more question.
    assert next_slot(absorbed.profile, catalogue) == "answer_salarie"


def test_leaving_school_is_not_leaving_it_without_a_diploma(catalogue):
    absorbed = absorb(Profile(), "j'ai 17 ans et j'ai quitté le lycée", [{"entity": "age", "value": "17"}])
    assert absorbed.profile.value("scolarise") is False and absorbed.profile.value("decrocheur") is None
    assert next_slot(absorbed.profile, catalogue) is not None  # the diploma is asked, not assumed


def test_a_yes_no_question_is_read_in_the_direction_asked():
    # "Avez-vous quitté l'école sans diplôme ?" — "je ne vais plus à l'école" is neither yes nor no.
    absorbed = absorb(Profile(age=17), "je ne vais plus à l'école", [], "answer_decrocheur")
    assert not absorbed.answered
    assert absorbed.profile.value("decrocheur") is None and absorbed.profile.value("scolarise") is False


@pytest.mark.parametrize(
    "slot, text, value",
    [
        ("answer_decrocheur", "j'ai lâché le lycée en seconde", "oui"),
        ("answer_refugie", "on m'a donné la protection subsidiaire", "oui"),
        ("answer_salarie", "je pointe au chômage", "non"),
        ("answer_scolarise", "j'ai arrêté en troisième", "non"),
        ("answer_refugie", "nan", "non"),
        ("answer_salarie", "pas encore", "non"),
    ],
)
def test_facts_answer_the_yes_no_question_they_settle(slot, text, value):
    absorbed = absorb(Profile(age=20), text, [], slot)
    assert absorbed.answered and absorbed.slot_value == value


def test_one_answer_settles_the_17_year_old(catalogue):
    profile = Profile(age=17, situations_true=frozenset({"decrocheur"}))
    absorbed = absorb(profile, "non", [], "answer_salarie")
    assert absorbed.answered and absorbed.slot_value == "non"
    assert next_slot(absorbed.profile, catalogue) is None


def test_nothing_known_starts_with_the_age_then_the_open_situation_question(catalogue):
    assert next_slot(Profile(), catalogue) == AGE_SLOT
    assert next_slot(Profile(age=22), catalogue) == SITUATION_SLOT
    assert next_slot(Profile(age=22), catalogue, situation_asked=True) != SITUATION_SLOT


def test_a_focus_programme_asks_what_settles_it(catalogue):
    assert next_slot(Profile(), catalogue, focus="hope") == SITUATION_SLOT


def test_15_year_old_needs_no_question(catalogue):
    assert next_slot(Profile(age=15), catalogue) is None


@pytest.mark.parametrize("text", ["j'ai 250 ans", "j'ai 3 ans", "banane"])
def test_impossible_ages_are_not_taken(text):
    absorbed = absorb(Profile(), text, [], AGE_SLOT)
    assert not absorbed.answered
    assert absorbed.profile.age is None
    assert "âge" in absorbed.hint


@pytest.mark.parametrize("text, age", [("17", 17), ("dix-sept ans", 17), ("bientôt 18", 17), ("j'ai 19 ans", 19)])
def test_ages_as_people_write_them(text, age):
    absorbed = absorb(Profile(), text, [], AGE_SLOT)
    assert absorbed.answered and absorbed.profile.age == age


def test_a_correction_while_another_question_is_asked():
    profile = Profile(age=17, situations_true=frozenset({"decrocheur"}))
    absorbed = absorb(profile, "en fait j'ai 19 ans", [{"entity": "age", "value": "19"}], "answer_salarie")
    assert absorbed.profile.age == 19
    assert not absorbed.answered and absorbed.changed_other_facts


def test_a_free_answer_to_a_yes_no_question():
    absorbed = absorb(Profile(age=20), "je suis au chômage", [], "answer_salarie")
    assert absorbed.answered and absorbed.slot_value == "non"
    assert absorbed.profile.value("demandeur_emploi") is True


def test_dont_know_is_not_asked_again(catalogue):
    absorbed = absorb(Profile(age=20), "je sais pas", [], "answer_lives_in_qpv")
    assert absorbed.answered
    assert next_slot(absorbed.profile, catalogue, situation_asked=True) != "answer_lives_in_qpv"


def test_asylum_seeker_is_told_why_hope_needs_the_status():
    absorbed = absorb(Profile(), "je suis demandeur d'asile", [], SITUATION_SLOT)
    assert absorbed.answered
    assert absorbed.profile.value("refugie") is False
    assert any("statut de réfugié" in note for note in absorbed.notes)


def test_an_unrelated_answer_to_the_situation_question():
    absorbed = absorb(Profile(age=30), "la voiture est rouge", [], SITUATION_SLOT)
    assert not absorbed.answered and absorbed.hint
