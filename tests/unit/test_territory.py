"""The territory resolver and the nearest centres, on the real committed data."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from actions.territory import (
    all_centres,
    centre_by_id,
    choose_among,
    commune_by_insee,
    nearest_centres,
    resolve_place,
)
from actions.territory.normalise import place_key

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]


def found(text: str, **kwargs):
    resolution = resolve_place(text, **kwargs)
    assert resolution.status == "found", (text, resolution.status, [c.label for c in resolution.communes])
    return resolution.commune


# -- normalisation --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Saint-Étienne-du-Rouvray", "st etienne du rouvray", "ST-ETIENNE-DU-ROUVRAY", "  Saint Etienne du  Rouvray "],
)
def test_place_key_ignores_accents_case_hyphens_and_saint_abbreviation(text):
    assert place_key(text) == "saint etienne du rouvray"


def test_place_key_expands_ste_and_ligatures():
    assert place_key("Ste-Marie") == "sainte marie"
    assert place_key("Œuilly") == "oeuilly"


# -- names ----------------------------------------------------------------------


def test_roubaix_by_name_and_by_postal_code_has_its_epci():
    for text in ("Roubaix", "roubaix", "59100", "59 100", "Roubaix 59100"):
        commune = found(text)
        assert (commune.insee, commune.name, commune.department_code) == ("59512", "Roubaix", "59")
        assert commune.postal_codes == ("59100",)
        assert commune.epci_code == "200093201"
        assert commune.epci_name == "Métropole Européenne de Lille"
        assert commune.region_name == "Hauts-de-France"


def test_saint_etienne_is_not_mistaken_for_saint_etienne_du_rouvray():
    for text in ("saint etienne", "Saint-Étienne", "st-etienne", "ST ETIENNE"):
        commune = found(text)
        assert (commune.name, commune.department_code) == ("Saint-Étienne", "42")
        assert resolve_place(text).match == "name"


def test_saint_etienne_du_rouvray_with_abbreviation():
    for text in ("st etienne du rouvray", "Saint-Étienne-du-Rouvray", "saint etienne du rouvray 76800"):
        commune = found(text)
        assert (commune.name, commune.department_code) == ("Saint-Étienne-du-Rouvray", "76")


def test_a_typo_inside_a_long_name_is_not_taken_for_its_last_word():
    # "Rouvray" is a commune (21, 27, 89): the typo must lead to the whole name.
    commune = found("saint etiene du rouvray")
    assert commune.name == "Saint-Étienne-du-Rouvray"


@pytest.mark.parametrize(
    "typo, name, department",
    [("roubaxi", "Roubaix", "59"), ("villeurbane", "Villeurbanne", "69"), ("Monpellier", "Montpellier", "34"),
     ("saint etiene", "Saint-Étienne", "42"), ("marseilles", "Marseille", "13")],
)
def test_typos_are_corrected_and_flagged_fuzzy(typo, name, department):
    resolution = resolve_place(typo)
    assert resolution.status == "found"
    assert (resolution.commune.name, resolution.commune.department_code) == (name, department)
    assert resolution.match == "fuzzy"  # the bot confirms the guess


def test_name_inside_a_sentence():
    assert found("j'habite à Roubaix").name == "Roubaix"
    assert found("je suis au Mans").name == "Le Mans"
    assert found("vers Lyon").name == "Lyon"
    assert found("je voudrais un atelier près de Roubaix la semaine prochaine").name == "Roubaix"


def test_common_words_that_are_communes_only_when_alone():
    assert found("Rue").department_code == "80"  # the commune Rue, Somme
    assert found("vers lyon").name == "Lyon"  # not Vers (46)


def test_former_communes_and_missing_articles():
    assert found("Lomme").name == "Lille"  # associated commune
    assert found("Doué-la-Fontaine").name == "Doué-en-Anjou"  # delegated commune
    assert found("Havre").name == "Le Havre"
    assert found("roche sur yon").name == "La Roche-sur-Yon"


# -- Paris, Lyon, Marseille -------------------------------------------------------


@pytest.mark.parametrize(
    "text, insee",
    [("75011", "75056"), ("75116", "75056"), ("Paris 11e", "75056"), ("paris 11", "75056"),
     ("Paris 11e Arrondissement", "75056"), ("69003", "69123"), ("Lyon 3eme arrondissement", "69123"),
     ("13008", "13055"), ("Marseille 13e", "13055")],
)
def test_arrondissements_lead_to_the_city(text, insee):
    commune = found(text)
    assert commune.insee == insee
    assert commune.epci_name in {"Métropole du Grand Paris", "Métropole de Lyon", "Métropole d'Aix-Marseille-Provence"}


# -- ambiguity ------------------------------------------------------------------


def test_postal_code_shared_by_several_communes_gives_the_candidates():
    resolution = resolve_place("01400")
    assert resolution.status == "ambiguous"
    assert resolution.match == "postal_code"
    names = {commune.name for commune in resolution.communes}
    assert {"Châtillon-sur-Chalaronne", "L'Abergement-Clémenciat"} <= names
    assert all("01400" in commune.postal_codes for commune in resolution.communes)
    # The most populated first: the likeliest answer is the first button.
    populations = [commune.population or 0 for commune in resolution.communes]
    assert populations == sorted(populations, reverse=True)


def test_postal_code_and_name_pick_one_commune():
    commune = found("Châtillon-sur-Chalaronne 01400")
    assert commune.insee == "01093"
    assert found("chatilon sur chalaronne 01400").insee == "01093"  # typo among the code's communes


def test_homonyms_are_ambiguous_with_their_departments():
    resolution = resolve_place("Saint-Denis")
    assert resolution.status == "ambiguous"
    assert resolution.match == "name"
    departments = {commune.department_code for commune in resolution.communes}
    assert {"93", "974", "11", "30"} <= departments
    assert all(commune.name == "Saint-Denis" for commune in resolution.communes)
    assert "Saint-Denis (93, Seine-Saint-Denis)" in [commune.label for commune in resolution.communes]

    sainte_marie = resolve_place("Sainte-Marie")
    assert sainte_marie.status == "ambiguous" and len(sainte_marie.communes) >= 5


def test_department_in_the_text_picks_the_homonym():
    assert found("Saint-Denis 93").department_code == "93"
    assert found("saint denis (93)").department_code == "93"
    assert found("saint denis réunion").department_code == "974"
    assert found("Saint-Denis 93200").department_code == "93"
    assert found("Sainte-Marie Doubs").department_code == "25"


def test_choose_among_after_a_question():
    candidates = resolve_place("Saint-Denis").communes
    assert choose_among(candidates, "93").department_code == "93"
    assert choose_among(candidates, "celle du 93").department_code == "93"
    assert choose_among(candidates, "dans le Gard").department_code == "30"
    assert choose_among(candidates, "La Réunion").department_code == "974"
    assert choose_among(candidates, "93066").insee == "93066"  # button payload
    assert choose_among(candidates, "93200").department_code == "93"
    assert choose_among(candidates, "la deuxième") == candidates[1]
    assert choose_among(candidates, "je ne sais pas") is None
    assert choose_among((), "93") is None


def test_name_and_postal_code_that_disagree_are_asked_about():
    resolution = resolve_place("Paris 59100")
    assert resolution.status == "ambiguous"
    assert {commune.name for commune in resolution.communes} == {"Paris", "Roubaix"}


# -- nothing found ----------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", None, "zzzz", "xyz", "99999", "<script>alert(1)</script>"])
def test_not_found(text):
    resolution = resolve_place(text)
    assert resolution.status == "not_found"
    assert resolution.communes == () and resolution.commune is None


def test_very_long_input_is_cut_not_scanned():
    assert resolve_place("a" * 100_000).status == "not_found"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_any_text_gives_a_well_formed_resolution(text):
    resolution = resolve_place(text)
    assert resolution.status in ("found", "ambiguous", "not_found")
    assert (resolution.status == "found") == (len(resolution.communes) == 1)
    assert (resolution.status == "not_found") == (len(resolution.communes) == 0)


def test_commune_by_insee():
    assert commune_by_insee("59512").name == "Roubaix"
    assert commune_by_insee("2a004").name == "Ajaccio"
    assert commune_by_insee("00000") is None


# -- the data ---------------------------------------------------------------------


def test_territory_data_is_complete():
    from actions.territory.data import territory

    data = territory()
    assert 34_000 < len(data.communes) < 36_000
    epcis = {commune.epci_code for commune in data.communes.values() if commune.epci_code}
    assert 1_200 < len(epcis) < 1_300
    # Only a handful of island communes (and uninhabited lands) are outside any EPCI.
    assert sum(1 for commune in data.communes.values() if commune.epci_code is None) < 120
    total = sum(path.stat().st_size for path in (REPOSITORY_ROOT / "data" / "territory").iterdir())
    assert total < 3_000_000


def test_centres_file_has_no_closed_centre_nor_head_office():
    names = " ".join(centre.name for centre in all_centres()).lower()
    for closed in ("siège", "boulogne-sur-mer", "rillieux", "beauvais", "reims", "cannes", "laval"):
        assert closed not in names
    ids = {centre.id for centre in all_centres()}
    # Closures announced then cancelled: kept, with low confidence.
    for kept in ("istres", "vigeant", "gap"):
        assert kept in ids
        assert centre_by_id(kept).confidence == "unsure"


def test_every_centre_is_in_a_real_commune_with_department_and_confidence():
    for centre in all_centres():
        commune = commune_by_insee(centre.commune_insee)
        assert commune is not None, centre.id
        assert commune.name == centre.city
        assert centre.department_code == commune.department_code
        assert centre.region_code == commune.region_code
        assert centre.confidence in ("sure", "likely", "unsure")
        assert centre.postal_code is None or centre.postal_code in commune.postal_codes
    with (REPOSITORY_ROOT / "data" / "centres.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert {"id", "name", "city", "postal_code", "department_code", "confidence", "note", "source"} <= set(header)


# -- coordinates and distances ------------------------------------------------------


def test_every_commune_of_france_and_its_overseas_departments_has_a_point():
    from actions.territory.data import territory

    communes = territory().communes.values()
    without = [c.insee for c in communes if c.latitude is None and c.department_code < "975"]
    assert without == []
    # Only the overseas collectivities (975, 977, 978, 984-988) have none.
    assert all(c.department_code >= "975" for c in communes if c.latitude is None)


@pytest.mark.parametrize(
    "insee, latitude, longitude",
    [("75056", 48.857, 2.343), ("59512", 50.688, 3.182), ("2A004", 41.93, 8.70), ("97411", -20.93, 55.45)],
)
def test_a_commune_point_is_inside_the_commune(insee, latitude, longitude):
    commune = commune_by_insee(insee)
    assert commune.latitude == pytest.approx(latitude, abs=0.05)
    assert commune.longitude == pytest.approx(longitude, abs=0.05)


def test_great_circle_distances():
    from actions.territory.centres import great_circle_km

    paris, lyon, marseille = (commune_by_insee(code) for code in ("75056", "69123", "13055"))
    assert great_circle_km((paris.latitude, paris.longitude), (lyon.latitude, lyon.longitude)) == pytest.approx(392, abs=5)
    assert great_circle_km((lyon.latitude, lyon.longitude), (marseille.latitude, marseille.longitude)) == pytest.approx(278, abs=5)
    assert great_circle_km((48.0, 2.0), (48.0, 2.0)) == 0


def test_distance_to_a_centre():
    from actions.territory.centres import distance_km

    roubaix = found("Roubaix")
    assert distance_km(roubaix, centre_by_id("roubaix")) == 0  # the centre is in the commune
    assert distance_km(roubaix, centre_by_id("lille-lomme")) == pytest.approx(11, abs=2)
    assert distance_km(found("Saint-Denis 974"), centre_by_id("roubaix")) > 9000


# -- nearest centres ----------------------------------------------------------------


def test_nearest_centres_are_sorted_by_distance():
    from actions.territory.centres import centres_by_distance, distance_km

    roubaix = found("Roubaix")
    nearest = nearest_centres(roubaix, limit=5)
    assert [centre.id for centre in nearest[:2]] == ["roubaix", "lille-lomme"]
    distances = [distance_km(roubaix, centre) for centre in nearest]
    assert distances == sorted(distances)
    assert [km for _, km in centres_by_distance(roubaix, 5)] == distances
    every = nearest_centres(found("Villeurbanne"), limit=None)
    assert len(every) == len(all_centres())


@pytest.mark.parametrize(
    "place, nearest, own_region_first_then",
    [
        # Sens (Yonne, Bourgogne-Franche-Comté): Montargis (Centre-Val de Loire) 47 km, Dijon 170 km.
        ("Sens", "montargis", "dijon-chevigny"),
        # Agen (Lot-et-Garonne, Nouvelle-Aquitaine): Montauban (Occitanie) before Pessac.
        ("Agen", "montauban", "pessac"),
        # Château-Thierry (Aisne, Hauts-de-France): Champs-sur-Marne (Île-de-France) before Amiens.
        ("Château-Thierry", "champs-sur-marne", "amiens"),
    ],
)
def test_at_a_regional_border_the_closer_centre_across_it_comes_first(place, nearest, own_region_first_then):
    commune = found(place)
    ordered = [centre.id for centre in nearest_centres(commune, limit=None)]
    assert ordered[0] == nearest
    assert centre_by_id(nearest).region_code != commune.region_code
    assert ordered.index(own_region_first_then) > 0


def test_nearest_centres_from_corsica_and_overseas():
    assert nearest_centres(found("Ajaccio"))[0].region_name == "Provence-Alpes-Côte d'Azur"  # across the sea
    assert nearest_centres(found("Saint-Denis 974")) == []  # no Afpa centre overseas


def test_the_commune_at_a_position():
    from actions.territory.centres import commune_at

    assert commune_at((50.69, 3.18)).name == "Roubaix"
    assert commune_at((48.86, 2.35)).name == "Paris"
    assert commune_at((-21.0, 55.5)).department_code == "974"  # found, so that the bot says "overseas"
    for nowhere in ((46.0, -20.0), (999, 3.0), (0.0, 0.0), (float("nan"), 2.0), (51.5, -0.12)):  # sea, nonsense, London
        assert commune_at(nowhere) is None


@pytest.mark.parametrize("values", [(50.69, 3.18), ("50.69", "3.18")])
def test_as_point_reads_numbers(values):
    from actions.territory.centres import as_point

    assert as_point(*values) == (50.69, 3.18)


@pytest.mark.parametrize("values", [(91, 0), (0, 181), ("nan", 0), ("inf", 0), (None, 0), ("x", "y"), (True, 1), ([1], 2)])
def test_as_point_refuses_what_is_no_position(values):
    from actions.territory.centres import as_point

    assert as_point(*values) is None
