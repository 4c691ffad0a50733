"""What the staff statistics keep of a question, and the territory rule (no database)."""
from __future__ import annotations

import pytest

from actions.staff.events import epci_of_commune, scrub_question
from actions.staff.lookups import SERVING_RADIUS_KM, serving_centres


@pytest.mark.parametrize("typed, kept", [
    ("Je m'appelle Zoé, mon 06 12 34 56 78 et zoe@example.org", "je m'appelle [prénom], mon [téléphone] et [e-mail]"),
    ("Est-ce que Karim peut venir ? Il a 17 ans.", "est-ce que [nom] peut venir ? il a [nombre] ans"),
    ("moi c est jean-luc, j'habite à Roubaix", "moi c est [prénom], j'habite à [nom]"),
    ("Et le permis de conduire ?", "et le permis de conduire"),
    ("Mon numéro : +33 6 12 34 56 78", "mon numéro : [téléphone]"),
    ("HOPE c'est pour qui à l'Afpa ?", "hope c'est pour qui à l'afpa"),
    ("   ", None),
    (None, None),
])
def test_questions_are_scrubbed_of_personal_data(typed, kept):
    assert scrub_question(typed) == kept


def test_a_long_question_is_cut():
    assert len(scrub_question("pourquoi " * 100)) <= 300


def test_the_centres_serving_the_metropole_europeenne_de_lille():
    served = serving_centres(["200093201"])
    ids = [centre.id for centre, _ in served]
    assert ids[:2] == ["lille-lomme", "roubaix"]  # in the MEL itself, 0 km
    assert all(km <= SERVING_RADIUS_KM for _, km in served)
    assert "paris-11e" not in ids


def test_a_territory_far_from_every_centre_still_gets_its_nearest():
    # Every commune gets at least its nearest centre, even beyond the radius.
    from actions.territory.data import territory

    far = {c.epci_code for c in territory().communes.values() if c.department_code == "48" and c.epci_code}
    for epci in sorted(far)[:3]:
        assert serving_centres([epci])


def test_epci_of_a_commune():
    assert epci_of_commune("59512") == "200093201"
    assert epci_of_commune("00000") is None and epci_of_commune(None) is None


def test_programmes_for_a_public_come_from_the_eligibility_engine_with_reasons():
    from actions.staff.lookups import programmes_for_public

    summary = programmes_for_public(age=17, situations=("decrocheur",))
    fits = {verdict.programme_id: verdict for verdict in summary.fits + summary.nearly}
    assert "promo_16_18" in fits and fits["promo_16_18"].reason
    assert all(verdict.reason for verdict in summary.not_for_you)
