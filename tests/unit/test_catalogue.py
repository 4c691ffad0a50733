"""The catalogue loader: the real catalogue is complete, and mistakes are named."""
import shutil
from pathlib import Path

import pytest

from actions.catalogue import CatalogueError, load_catalogue
from actions.catalogue.loader import CONTRACT_PROGRAMME_IDS, DEFAULT_DIRECTORY
from actions.catalogue.models import FACT_KEYS


def test_every_contract_programme_has_every_fact(catalogue):
    assert set(catalogue.programmes) == CONTRACT_PROGRAMME_IDS
    for programme in catalogue.programmes.values():
        assert set(programme.facts) == set(FACT_KEYS)
        for fact in programme.facts.values():
            if fact.known:
                assert fact.sources, f"{programme.id}: a stated fact needs a source"
                assert all(source.startswith("http") for source in fact.sources)


def test_promo_16_18_facts_match_the_fact_sheet(catalogue):
    promo = catalogue.programmes["promo_16_18"]
    assert "13 semaines" in promo.facts["duration"].text
    assert "10 ateliers" in promo.facts["duration"].text
    assert "16 à 18 ans" in promo.facts["for_whom"].text
    # The fact sheet has no source on an allowance: it must stay unknown.
    assert not promo.facts["pay"].known


@pytest.mark.parametrize(
    "mention, expected",
    [
        ("promo 16-18", "promo_16_18"),
        ("Promo 16 18", "promo_16_18"),
        ("prepa competences", "prepa_competences"),
        ("Prépa-Compétences", "prepa_competences"),
        ("HOPE", "hope"),
        ("transco", "transitions_collectives"),
        ("déclic", "declic_action"),
        ("villages des solution", "village_solutions"),
        ("alternance", "apprentissage"),
        ("promo_16_18", "promo_16_18"),
    ],
)
def test_finds_a_programme_from_what_people_type(catalogue, mention, expected):
    assert catalogue.find(mention).id == expected


@pytest.mark.parametrize("mention", [None, "", "pizza", "formation"])
def test_finds_nothing_for_unrelated_words(catalogue, mention):
    assert catalogue.find(mention) is None


@pytest.fixture
def catalogue_copy(tmp_path) -> Path:
    target = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_DIRECTORY, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_missing_fact_names_the_file_and_key(catalogue_copy):
    hope = catalogue_copy / "programmes" / "hope.yml"
    _edit(hope, "  duration:\n", "  duree:\n")
    with pytest.raises(CatalogueError, match=r"hope\.yml: facts\.duration is missing"):
        load_catalogue(catalogue_copy)


def test_a_stated_fact_without_source_is_refused(catalogue_copy):
    axel = catalogue_copy / "programmes" / "axel.yml"
    text = axel.read_text(encoding="utf-8")
    start = text.index("  where:")
    sources_line = text.index("    sources:", start)
    end = text.index("\n", sources_line)
    axel.write_text(text[:sources_line] + "    sources: []" + text[end:], encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"axel\.yml: facts\.where\.sources must name"):
        load_catalogue(catalogue_copy)


def test_an_unknown_confidence_is_refused(catalogue_copy):
    _edit(catalogue_copy / "programmes" / "la_place.yml", "confidence: sure", "confidence: maybe")
    with pytest.raises(CatalogueError, match=r"la_place\.yml: facts\.what\.confidence must be one of"):
        load_catalogue(catalogue_copy)


def test_a_missing_programme_file_is_reported(catalogue_copy):
    (catalogue_copy / "programmes" / "axel.yml").unlink()
    with pytest.raises(CatalogueError, match="no file for programme.*axel"):
        load_catalogue(catalogue_copy)


def test_invalid_yaml_is_reported_with_the_file(catalogue_copy):
    (catalogue_copy / "programmes" / "hope.yml").write_text("id: [hope\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"hope\.yml: not valid YAML"):
        load_catalogue(catalogue_copy)


def test_a_future_check_date_is_refused(catalogue_copy):
    _edit(catalogue_copy / "programmes" / "hope.yml", "checked: 2026-11-28", "checked: 2999-01-01")
    with pytest.raises(CatalogueError, match=r"hope\.yml: facts\.what\.checked is in the future"):
        load_catalogue(catalogue_copy)


def test_listing_audiences(catalogue):
    aimed = lambda **public: {p.id for p in catalogue.programmes.values() if p.audience.concerns(**public)}
    assert aimed(situation="refugie") == {"hope"}
    assert aimed(age=17) == {"promo_16_18", "apprentissage"}
    assert aimed(age=15) == set()
    assert aimed(age=22) == {"declic_action", "apprentissage"}
    assert aimed(situation="rqth", age=45) == {"apprentissage"}
    assert aimed(situation="decrocheur", age=17) == {"promo_16_18"}
