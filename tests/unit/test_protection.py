"""Refugees, holders of subsidiary protection and asylum seekers: three cases, one consistent answer."""

from __future__ import annotations

import re
from typing import Dict, Optional

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.catalogue import load_catalogue
from actions.catalogue.rules import AGE, YES_NO_FACTS
from actions.eligibility import Profile, Status, evaluate, evaluate_programme
from actions.eligibility.interview import absorb
from actions.eligibility.protection import ASYLUM_DOUBT, notice
from actions.replies.eligibility import HEADLINE_MAX, result

CATALOGUE = load_catalogue()
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RESTRICTED = [pid for pid, p in CATALOGUE.programmes.items() if not p.eligibility.open_to_all]
# Words that propose a programme, and words that rule one out, in the French answers.
PROPOSES = re.compile(r"c'est pour vous|peut vous convenir|pourrait vous convenir")

ASYLUM = {"demandeur_asile": True}
REFUGEE = {"refugie": True}
SUBSIDIARY = {"protection_subsidiaire": True}


def person(age: Optional[int] = 30, status: Optional[Dict[str, bool]] = None, **facts: bool) -> Profile:
    return Profile(age=age).with_facts({**(status or {}), **facts})


# --- The three cases -------------------------------------------------------------------------


def test_an_asylum_seeker_is_never_proposed_hope_whatever_the_other_way_in():
    # The 2025 route (French not the mother tongue) would otherwise let HOPE in.
    seeker = person(status=ASYLUM, french_not_first_language=True, demandeur_emploi=True, french_a1=True)
    hope = evaluate_programme(seeker, CATALOGUE.programmes["hope"])
    assert hope.status is Status.NOT_ELIGIBLE
    assert hope.reason == (
        "Vous avez demandé l'asile, mais il faut avoir obtenu le statut de réfugié "
        "ou la protection subsidiaire pour HOPE."
    )


def test_an_asylum_seeker_gets_every_other_programme_only_as_to_confirm_with_the_reason():
    seeker = person(age=24, status=ASYLUM, salarie=False, scolarise=False, demandeur_emploi=True)
    for verdict in evaluate(seeker, CATALOGUE):
        if verdict.open_to_all or verdict.status is Status.NOT_ELIGIBLE:
            continue
        assert ASYLUM_DOUBT in verdict.to_confirm, verdict.programme_id
        assert "c'est pour vous" not in verdict.reason


def test_the_answer_to_an_asylum_seeker_starts_with_what_is_not_known_and_who_can_answer():
    seeker = person(status=ASYLUM, demandeur_emploi=True)
    answer = result(seeker, CATALOGUE)
    first = answer.messages[0].text
    assert len(first) <= HEADLINE_MAX
    assert "demandé l'asile" in first and "ne le disent pas" in first
    for who in ("OFII", "structure qui vous héberge ou vous accompagne", "France Travail"):
        assert who in first
    details = answer.messages[1].text
    assert "Sources (vérifiées le 1er décembre 2026)" in details and "c2rp.fr" in details
    assert "hope" in answer.excluded and "hope" not in answer.proposed
    # No booking offered while the right to be trained is not settled.
    assert all(b.payload.split("{")[0] != "/book_workshop" for b in answer.messages[-1].buttons)


def test_a_refugee_job_seeker_with_a1_gets_hope_and_the_right_to_work():
    refugee = person(status=REFUGEE, demandeur_emploi=True, french_a1=True)
    hope = evaluate_programme(refugee, CATALOGUE.programmes["hope"])
    assert hope.status is Status.ELIGIBLE and "HOPE, c'est pour vous" in hope.reason
    answer = result(refugee, CATALOGUE)
    assert "HOPE" in answer.messages[0].text and "hope" in answer.proposed
    assert "vous avez le droit de travailler en France" in answer.text


def test_a_holder_of_subsidiary_protection_is_told_in_those_words_and_gets_hope():
    holder = person(status=SUBSIDIARY, demandeur_emploi=True, french_a1=True)
    assert holder.value("refugie") is True and holder.value("demandeur_asile") is False
    hope = evaluate_programme(holder, CATALOGUE.programmes["hope"])
    assert hope.status is Status.ELIGIBLE
    assert hope.reason.startswith("Vous avez la protection subsidiaire, vous cherchez un emploi")
    answer = result(holder, CATALOGUE)
    assert "La protection subsidiaire donne, comme le statut de réfugié, le droit de travailler" in answer.text


def test_the_latest_word_on_the_status_wins():
    granted = Profile().with_fact("demandeur_asile", True).with_fact("refugie", True)
    assert granted.value("demandeur_asile") is False and granted.value("refugie") is True
    claim = Profile().with_fact("protection_subsidiaire", True).with_fact("demandeur_asile", True)
    assert claim.value("refugie") is False and claim.value("protection_subsidiaire") is False
    assert Profile.from_dict(claim.to_dict()) == claim


def test_the_asylum_claim_said_in_a_message_or_as_an_entity_reaches_the_profile():
    said = absorb(Profile(), "je suis demandeuse d'asile depuis 6 mois").profile
    assert said.value("demandeur_asile") is True and said.value("refugie") is False
    entity = absorb(Profile(), "moi DA", [{"entity": "situation", "value": "demandeur_asile"}]).profile
    assert entity.value("demandeur_asile") is True
    subsidiary = absorb(Profile(), "on m'a donné la protection subsidiaire").profile
    assert subsidiary.value("protection_subsidiaire") is True and subsidiary.value("refugie") is True


def test_no_notice_without_a_protection_status():
    assert notice(person(demandeur_emploi=True)) is None


# --- Properties over every profile -----------------------------------------------------------

statuses = st.sampled_from([None, ASYLUM, REFUGEE, SUBSIDIARY, {"refugie": False}])


@st.composite
def profiles(draw) -> Profile:
    values: Dict[str, object] = {AGE: draw(st.one_of(st.none(), st.integers(min_value=12, max_value=70)))}
    for fact in YES_NO_FACTS:
        if fact != "refugie":
            values[fact] = draw(st.sampled_from([None, True, False]))
    profile = Profile().with_facts({fact: value for fact, value in values.items() if value is not None})
    return profile.with_facts(draw(statuses) or {})


focuses = st.sampled_from([None] + list(CATALOGUE.programmes))


def _proposing_lines(text: str, name: str):
    return [line for line in text.splitlines() if name in line and PROPOSES.search(line)]


@SETTINGS
@given(profiles(), focuses)
def test_no_programme_is_both_proposed_and_ruled_out_in_one_answer(profile, focus):
    answer = result(profile, CATALOGUE, focus)
    assert not answer.proposed & answer.excluded
    for programme_id in answer.excluded:
        called = CATALOGUE.programmes[programme_id].eligibility.called
        # Said as ruled out (« …, mais il faut … pour HOPE. »): never proposed in another line.
        if any(line.endswith(f"pour {called}.") and ", mais " in line for line in answer.text.splitlines()):
            assert not _proposing_lines(answer.text, called), (programme_id, answer.text)


@SETTINGS
@given(profiles(), focuses)
def test_an_asylum_seeker_never_gets_hope_as_fitting(profile, focus):
    if profile.value("demandeur_asile") is not True:
        return
    answer = result(profile, CATALOGUE, focus)
    assert "hope" not in answer.proposed
    assert not _proposing_lines(answer.text, "HOPE"), answer.text
    assert "c'est pour vous" not in answer.text  # every programme is « à confirmer »
    # The note said when the claim is stated agrees with the result.
    notes = absorb(Profile(), "je suis demandeur d'asile").notes
    assert notes and "HOPE" in notes[0] and "ne suffit pas" in notes[0]


@SETTINGS
@given(profiles(), focuses)
def test_the_first_message_of_a_result_fits_a_phone(profile, focus):
    answer = result(profile, CATALOGUE, focus)
    assert 0 < len(answer.messages[0].text) <= HEADLINE_MAX
    assert answer.messages[-1].buttons  # the next steps come with the last message


@SETTINGS
@given(profiles())
def test_a_status_survives_a_slot(profile):
    assert Profile.from_dict(profile.to_dict()) == profile


def test_programmes_for_asylum_seekers_are_not_listed_as_theirs():
    from actions.replies.eligibility import for_asylum_seekers

    reply = for_asylum_seekers()
    assert reply.text.startswith("Vous avez demandé l'asile.") and "OFII" in reply.text
    assert not PROPOSES.search(reply.text)
