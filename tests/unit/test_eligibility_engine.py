"""The eligibility engine on the real catalogue: every programme, every border, the must-pass scenarios."""

from __future__ import annotations

import pytest

from actions.catalogue.rules import FACT_NAMES, SITUATIONS
from actions.eligibility import (
    FACTS,
    Profile,
    Status,
    build_summary,
    enough_to_answer,
    evaluate,
    evaluate_programme,
    next_question,
    question_for,
    render_summary,
)
from actions.eligibility.profile import PROFILE_FACTS
from actions.eligibility.render import alternative_line

ELIGIBLE, NOT_ELIGIBLE, NEED_TO_KNOW = Status.ELIGIBLE, Status.NOT_ELIGIBLE, Status.NEED_TO_KNOW
RESTRICTED = (
    "promo_16_18",
    "declic_action",
    "hope",
    "prepa_competences",
    "axel",
    "apprentissage",
    "transitions_collectives",
)


def profile(age=None, yes=(), no=(), **facts) -> Profile:
    return Profile(age=age, situations_true=set(yes), situations_false=set(no), **facts)


def verdict(catalogue, person: Profile, programme_id: str):
    return evaluate_programme(person, catalogue.programmes[programme_id])


# --- Each programme at each age border -------------------------------------------------

# What the person is, besides the age, so that only the age decides.
PROMO_PERSON = dict(yes=("decrocheur",), no=("salarie",))
DECLIC_PERSON = dict(yes=("demandeur_emploi",))
HOPE_PERSON = dict(yes=("refugie", "demandeur_emploi"), french_a1=True)
PREPA_PERSON = dict(yes=("demandeur_emploi",))
AXEL_PERSON = dict(lives_in_qpv=True)
TRANSCO_PERSON = dict(yes=("salarie",), job_listed_as_fragile=True)
APPRENTICE_PERSON = dict(no=("rqth",))

AGE_TABLE = [
    # programme, person, {age: (status, uncertain)}
    (
        "promo_16_18",
        PROMO_PERSON,
        {
            15: (NOT_ELIGIBLE, False),
            16: (ELIGIBLE, False),
            17: (ELIGIBLE, False),
            18: (ELIGIBLE, True),
            19: (NOT_ELIGIBLE, False),
            25: (NOT_ELIGIBLE, False),
        },
    ),
    # Déclic is always « à confirmer »: it may have ended.
    (
        "declic_action",
        DECLIC_PERSON,
        {
            15: (NOT_ELIGIBLE, False),
            16: (NOT_ELIGIBLE, False),
            18: (ELIGIBLE, True),
            19: (ELIGIBLE, True),
            25: (ELIGIBLE, True),
            26: (NOT_ELIGIBLE, False),
            30: (NOT_ELIGIBLE, False),
        },
    ),
    (
        "apprentissage",
        APPRENTICE_PERSON,
        {
            15: (NOT_ELIGIBLE, False),
            16: (ELIGIBLE, False),
            18: (ELIGIBLE, False),
            19: (ELIGIBLE, False),
            25: (ELIGIBLE, False),
            26: (ELIGIBLE, False),
            29: (ELIGIBLE, False),
            30: (NOT_ELIGIBLE, False),
        },
    ),
    # No source gives an age for these: 16 and 17 are « à confirmer », under 16 is ruled out.
    (
        "hope",
        HOPE_PERSON,
        {
            15: (NOT_ELIGIBLE, False),
            16: (ELIGIBLE, True),
            18: (ELIGIBLE, False),
            19: (ELIGIBLE, False),
            25: (ELIGIBLE, False),
            26: (ELIGIBLE, False),
            30: (ELIGIBLE, False),
            64: (ELIGIBLE, False),
        },
    ),
    (
        "prepa_competences",
        PREPA_PERSON,
        {
            15: (NOT_ELIGIBLE, False),
            16: (ELIGIBLE, True),
            18: (ELIGIBLE, False),
            26: (ELIGIBLE, False),
            30: (ELIGIBLE, False),
            60: (ELIGIBLE, False),
        },
    ),
    (
        "axel",
        AXEL_PERSON,
        {
            15: (NOT_ELIGIBLE, False),
            16: (ELIGIBLE, True),
            18: (ELIGIBLE, False),
            29: (ELIGIBLE, False),
            30: (ELIGIBLE, False),
            70: (ELIGIBLE, False),
        },
    ),
    (
        "transitions_collectives",
        TRANSCO_PERSON,
        {
            15: (NOT_ELIGIBLE, False),
            16: (ELIGIBLE, True),
            18: (ELIGIBLE, False),
            30: (ELIGIBLE, False),
            55: (ELIGIBLE, False),
        },
    ),
]


@pytest.mark.parametrize(
    "programme_id, person, age, expected, uncertain",
    [
        (programme_id, person, age, status, uncertain)
        for programme_id, person, table in AGE_TABLE
        for age, (status, uncertain) in table.items()
    ],
)
def test_age_borders(catalogue, programme_id, person, age, expected, uncertain):
    result = verdict(catalogue, profile(age, **person), programme_id)
    assert result.status is expected, result.reason
    assert result.uncertain is uncertain, result.to_confirm
    if expected is NOT_ELIGIBLE:
        assert f"Vous avez {age} ans" in result.reason


@pytest.mark.parametrize("age", [30, 45, 70])
def test_apprenticeship_has_no_upper_age_with_a_rqth(catalogue, age):
    assert verdict(catalogue, profile(age, yes=("rqth",)), "apprentissage").status is ELIGIBLE
    assert verdict(catalogue, profile(age, no=("rqth",)), "apprentissage").status is NOT_ELIGIBLE
    unknown = verdict(catalogue, profile(age), "apprentissage")
    assert unknown.status is NEED_TO_KNOW and unknown.missing == ("rqth",)
    assert "si vous avez une RQTH" in unknown.reason


def test_a_rqth_does_not_lower_the_minimum_age(catalogue):
    assert verdict(catalogue, profile(15, yes=("rqth",)), "apprentissage").status is NOT_ELIGIBLE


# --- Each situation ------------------------------------------------------------------------

SITUATION_TABLE = [
    # programme, profile, expected status, missing
    ("promo_16_18", profile(17, yes=("decrocheur",), no=("salarie",)), ELIGIBLE, ()),
    ("promo_16_18", profile(17, yes=("decrocheur",)), NEED_TO_KNOW, ("salarie",)),
    ("promo_16_18", profile(17, yes=("decrocheur", "salarie")), NOT_ELIGIBLE, ()),
    ("promo_16_18", profile(17, yes=("scolarise",)), NOT_ELIGIBLE, ()),
    ("promo_16_18", profile(17, no=("decrocheur",)), NOT_ELIGIBLE, ()),
    ("promo_16_18", profile(17), NEED_TO_KNOW, ("decrocheur", "scolarise", "salarie")),
    ("promo_16_18", profile(yes=("decrocheur",), no=("salarie",)), NEED_TO_KNOW, ("age",)),
    ("declic_action", profile(20, yes=("demandeur_emploi",)), ELIGIBLE, ()),
    ("declic_action", profile(20, no=("demandeur_emploi",)), NOT_ELIGIBLE, ()),
    ("declic_action", profile(20), NEED_TO_KNOW, ("demandeur_emploi",)),
    ("prepa_competences", profile(40, yes=("demandeur_emploi",)), ELIGIBLE, ()),
    ("prepa_competences", profile(40, no=("demandeur_emploi",)), NOT_ELIGIBLE, ()),
    ("prepa_competences", profile(40, yes=("salarie", "demandeur_emploi")), ELIGIBLE, ()),
    ("transitions_collectives", profile(40, yes=("salarie",)), NEED_TO_KNOW, ("job_listed_as_fragile",)),
    ("transitions_collectives", profile(40, yes=("salarie",), job_listed_as_fragile=True), ELIGIBLE, ()),
    ("transitions_collectives", profile(40, yes=("salarie",), job_listed_as_fragile=False), NOT_ELIGIBLE, ()),
    ("transitions_collectives", profile(40, no=("salarie",)), NOT_ELIGIBLE, ()),
    ("apprentissage", profile(22, yes=("salarie", "refugie", "scolarise")), ELIGIBLE, ()),
]


@pytest.mark.parametrize("programme_id, person, expected, missing", SITUATION_TABLE)
def test_situations(catalogue, programme_id, person, expected, missing):
    result = verdict(catalogue, person, programme_id)
    assert result.status is expected, result.reason
    assert result.missing == missing


def test_refugee_and_job_seeker_at_once(catalogue):
    person = profile(30, yes=("refugie", "demandeur_emploi"), french_a1=True)
    statuses = {v.programme_id: v.status for v in evaluate(person, catalogue)}
    assert statuses["hope"] is ELIGIBLE and statuses["prepa_competences"] is ELIGIBLE


# --- QPV and French level: yes / no / unknown ---------------------------------------------


@pytest.mark.parametrize(
    "lives_in_qpv, expected",
    [(True, ELIGIBLE), (False, NOT_ELIGIBLE), (None, NEED_TO_KNOW)],
)
def test_axel_needs_a_priority_neighbourhood(catalogue, lives_in_qpv, expected):
    result = verdict(catalogue, profile(30, lives_in_qpv=lives_in_qpv), "axel")
    assert result.status is expected
    if expected is NEED_TO_KNOW:
        assert result.missing == ("lives_in_qpv",)
        assert "si vous habitez dans un quartier prioritaire" in result.reason


@pytest.mark.parametrize(
    "french_a1, expected",
    [(True, ELIGIBLE), (False, NOT_ELIGIBLE), (None, NEED_TO_KNOW)],
)
def test_hope_needs_the_a1_level(catalogue, french_a1, expected):
    result = verdict(catalogue, profile(30, yes=("refugie", "demandeur_emploi"), french_a1=french_a1), "hope")
    assert result.status is expected
    assert not result.uncertain
    if expected is NEED_TO_KNOW:
        assert result.missing == ("french_a1",)
        assert "si vous avez le niveau A1 en français" in result.reason
    if expected is NOT_ELIGIBLE:
        assert "A1" in result.reason


def test_hope_since_2025_for_non_french_speakers_is_to_confirm(catalogue):
    person = profile(
        30, yes=("demandeur_emploi",), no=("refugie",), french_not_first_language=True, french_a1=True
    )
    result = verdict(catalogue, person, "hope")
    assert result.status is ELIGIBLE and result.uncertain
    assert "à confirmer avec un conseiller" in result.reason
    assert any("2025" in doubt for doubt in result.to_confirm)


def test_hope_is_not_for_a_french_speaker_without_protection(catalogue):
    person = profile(30, yes=("demandeur_emploi",), no=("refugie",), french_not_first_language=False)
    assert verdict(catalogue, person, "hope").status is NOT_ELIGIBLE


def test_an_asylum_seeker_is_asked_about_the_language_not_told_yes(catalogue):
    result = verdict(catalogue, profile(30, yes=("demandeur_emploi",), no=("refugie",)), "hope")
    assert result.status is NEED_TO_KNOW
    assert "french_not_first_language" in result.missing


# --- Open to all -----------------------------------------------------------------------------


@pytest.mark.parametrize("programme_id", ["village_solutions", "la_place"])
@pytest.mark.parametrize("person", [Profile(), profile(15), profile(70, yes=("salarie",))])
def test_places_open_to_all(catalogue, programme_id, person):
    result = verdict(catalogue, person, programme_id)
    assert result.status is ELIGIBLE and result.open_to_all
    assert "tout le monde, sans condition" in result.reason


# --- Reasons ---------------------------------------------------------------------------------


def test_the_reason_for_the_promo_is_plain_french(catalogue):
    result = verdict(catalogue, profile(17, yes=("decrocheur",), no=("salarie",)), "promo_16_18")
    assert result.reason == (
        "Vous avez 17 ans, vous avez quitté l'école sans diplôme et vous n'avez pas d'emploi : la Promo 16-18, c'est pour vous."
    )


def test_a_refusal_says_what_the_person_said_and_the_rule(catalogue):
    assert verdict(catalogue, profile(17, yes=("scolarise",)), "promo_16_18").reason == (
        "Vous êtes encore à l'école, mais il ne faut plus être à l'école pour la Promo 16-18."
    )
    assert verdict(catalogue, profile(30), "declic_action").reason == (
        "Vous avez 30 ans, mais il faut avoir de 18 à 25 ans pour Déclic pour l'action."
    )


def test_a_consequence_is_not_repeated(catalogue):
    # Leaving school implies not being at school: say it once.
    reason = verdict(catalogue, profile(17, yes=("decrocheur",)), "promo_16_18").reason
    assert "plus à l'école" not in reason
    blank = verdict(catalogue, Profile(), "promo_16_18").would_fit_if
    assert "si vous n'êtes plus à l'école" not in blank


def test_the_transco_condition_only_the_employer_knows_says_whom_to_ask(catalogue):
    result = verdict(catalogue, profile(40, yes=("salarie",)), "transitions_collectives")
    assert "ressources humaines" in result.reason
    assert next_question(profile(40, yes=("salarie",)), catalogue, only=["transitions_collectives"]) is None


@pytest.mark.parametrize(
    "person",
    [
        Profile(),
        profile(15),
        profile(17, yes=("decrocheur",)),
        profile(30, yes=("refugie",)),
        profile(99, yes=SITUATIONS),
    ],
)
def test_every_reason_is_a_sentence(catalogue, person):
    for result in evaluate(person, catalogue):
        assert result.reason[0].isupper() and result.reason.endswith("."), result.reason
        assert "None" not in result.reason and "  " not in result.reason


def test_evaluate_refuses_an_unknown_programme(catalogue):
    with pytest.raises(ValueError, match="unknown programme"):
        evaluate(Profile(), catalogue, only=["promo"])


# --- Questions -------------------------------------------------------------------------------


def test_the_vocabulary_of_facts_is_complete():
    # The rules' facts, and the protection status the engine tells apart itself.
    assert set(FACTS) == set(PROFILE_FACTS) == set(FACT_NAMES) | {"demandeur_asile", "protection_subsidiaire"}
    for name in PROFILE_FACTS:
        question = question_for(name)
        assert question.text.endswith(" ?")
        if name != "age":
            assert question.choices == ("Oui", "Non", "Je ne sais pas")
            assert FACTS[name].when_true and FACTS[name].when_false
            assert FACTS[name].needs_true.startswith("il ")


def test_the_first_question_is_the_age(catalogue):
    assert next_question(Profile(), catalogue) == "age"


def test_a_question_about_one_programme_only(catalogue):
    assert next_question(profile(17), catalogue, only=["promo_16_18"]) == "decrocheur"
    assert next_question(profile(30), catalogue, only=["hope"]) == "demandeur_emploi"  # a "no" settles it


def test_nothing_to_ask_once_everything_is_settled(catalogue):
    person = profile(
        30, yes=("refugie", "demandeur_emploi", "rqth"), no=("salarie",), french_a1=True, lives_in_qpv=False
    )
    assert next_question(person, catalogue) is None
    assert enough_to_answer(person, catalogue)


def test_a_fact_the_person_does_not_know_is_not_asked_again(catalogue):
    person = profile(30, yes=("demandeur_emploi",), no=("salarie", "refugie", "rqth"))
    assert next_question(person, catalogue) == "lives_in_qpv"
    person = person.with_dont_know("lives_in_qpv")
    assert next_question(person, catalogue) == "french_not_first_language"
    assert verdict(catalogue, person, "axel").status is NEED_TO_KNOW  # still unknown, never "no"


# --- Must-pass scenarios (the acceptance criteria) -----------------------------------


def test_scenario_a_17_and_left_school_gets_the_promo_after_one_question(catalogue):
    person = Profile(age=17, situations_true={"decrocheur"})
    promo = verdict(catalogue, person, "promo_16_18")
    assert promo.status is NEED_TO_KNOW and promo.missing == ("salarie",)
    assert not enough_to_answer(person, catalogue)
    assert next_question(person, catalogue) == "salarie"  # the one question
    assert question_for("salarie").text == "Avez-vous un emploi en ce moment ?"
    person = person.with_fact("salarie", False)
    assert enough_to_answer(person, catalogue)
    summary = build_summary(person, catalogue)
    assert summary.fits[0].programme_id == "promo_16_18"
    lines = render_summary(summary)
    assert lines[0] == "Ce qui peut vous convenir :"
    assert lines[1] == (
        "- Vous avez 17 ans, vous avez quitté l'école sans diplôme et vous n'avez pas d'emploi : la Promo 16-18, c'est pour vous."
    )


def test_scenario_b_a_refugee_of_30_is_offered_hope_with_the_french_level(catalogue):
    person = Profile(age=30, situations_true={"refugie"})
    hope = verdict(catalogue, person, "hope")
    assert hope.status is NEED_TO_KNOW and "french_a1" in hope.missing
    summary = build_summary(person, catalogue)
    assert summary.nearly[0].programme_id == "hope"
    text = "\n".join(render_summary(summary))
    assert "HOPE peut vous convenir" in text and "si vous avez le niveau A1 en français" in text
    # The form asks what HOPE still needs, then stops with HOPE.
    assert next_question(person, catalogue) == "demandeur_emploi"
    person = person.with_fact("demandeur_emploi", True)
    assert next_question(person, catalogue) == "french_a1" and not enough_to_answer(person, catalogue)
    person = person.with_fact("french_a1", True)
    assert enough_to_answer(person, catalogue)
    assert build_summary(person, catalogue).fits[0].programme_id == "hope"


def test_scenario_c_at_15_no_afpa_programme_and_where_to_go(catalogue):
    person = Profile(age=15)
    summary = build_summary(person, catalogue)
    assert not summary.fits and not summary.nearly and not summary.undecided
    assert {v.programme_id for v in summary.not_for_you} == set(RESTRICTED)
    assert summary.next_question is None and enough_to_answer(person, catalogue)
    assert (
        summary.why_nothing_fits == "Vous avez 15 ans : aucun programme de l'Afpa n'est prévu avant 16 ans."
    )
    assert [offer.id for offer in summary.alternatives] == [
        "cio",
        "apprentissage_des_15_ans",
        "mission_locale_a_16_ans",
    ]
    text = "\n".join(render_summary(summary))
    assert "Mission locale" in text and "CIO" in text
    for name in ("Promo", "HOPE", "Prépa", "Axel", "Déclic", "Village", "La Place", "c'est pour vous"):
        assert name not in text


def test_nothing_fits_without_age_reason(catalogue):
    person = profile(40, no=SITUATIONS, lives_in_qpv=False, french_not_first_language=False)
    summary = build_summary(person, catalogue)
    assert (
        summary.why_nothing_fits
        == "D'après vos réponses, aucun programme de l'Afpa ne correspond à votre situation."
    )


def test_alternatives_follow_the_facts(catalogue):
    offers = lambda person: {
        offer.id for offer in build_summary(person, catalogue).alternatives
    }  # noqa: E731
    assert "france_travail" in offers(profile(40, yes=("demandeur_emploi",)))
    assert "cours_de_francais_ofii" in offers(profile(30, yes=("refugie",), french_a1=False))
    assert "contrat_engagement_jeune" in offers(profile(27, yes=("rqth",), no=("salarie", "scolarise")))
    assert "contrat_engagement_jeune" not in offers(profile(27, no=("rqth", "salarie", "scolarise")))
    assert "cio" in offers(profile(17, yes=("scolarise",)))
    assert "compte_personnel_de_formation" in offers(profile(40, yes=("salarie",)))


def test_an_uncertain_alternative_is_said_to_be_confirmed(catalogue):
    person = profile(20, no=("salarie", "scolarise"))
    offer = next(o for o in build_summary(person, catalogue).alternatives if o.id == "prepa_apprentissage")
    assert offer.uncertain_because
    line = alternative_line(offer)
    assert line.startswith("- La Prépa apprentissage") and line.endswith("À confirmer avec un conseiller.")
