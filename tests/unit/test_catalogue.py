"""The catalogue loader: the real catalogue is complete, and mistakes are named."""
import shutil
from pathlib import Path

import pytest

from actions.catalogue import CatalogueError, load_catalogue
from actions.catalogue.loader import CONTRACT_PROGRAMME_IDS, DEFAULT_DIRECTORY
from actions.catalogue.models import FACT_KEYS


def test_every_contract_programme_has_every_fact(catalogue):
    assert set(catalogue.programmes) == set(CONTRACT_PROGRAMME_IDS)
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


# --- Eligibility rules (the `eligibility:` blocks) and alternatives.yml -----------------


def _simple_conditions(conditions):
    for condition in conditions:
        yield from getattr(condition, "options", (condition,))


def test_every_programme_has_sourced_eligibility_rules(catalogue):
    open_to_all = {p.id for p in catalogue.programmes.values() if p.eligibility.open_to_all}
    assert open_to_all == {"village_solutions", "la_place"}
    for programme in catalogue.programmes.values():
        rules = programme.eligibility
        assert rules.called and rules.checked
        if rules.open_to_all:
            assert rules.sources and not rules.conditions
        for condition in _simple_conditions(rules.conditions):
            assert condition.sources, f"{programme.id}: a condition needs a source"
            assert all(source.startswith("http") for source in condition.sources)
            if condition.confidence == "unsure":
                assert condition.uncertain_because, f"{programme.id}: an unsure condition must say why"


def test_rules_match_the_fact_sheet(catalogue):
    def conditions(programme_id):
        rules = catalogue.programmes[programme_id].eligibility
        return {c.fact: c for c in _simple_conditions(rules.conditions)}

    promo = conditions("promo_16_18")
    assert (promo["age"].min, promo["age"].max) == (16, 18)
    assert promo["decrocheur"].expected is True and promo["salarie"].expected is False
    hope = conditions("hope")
    assert hope["french_a1"].expected is True and hope["refugie"].expected is True
    assert hope["french_not_first_language"].uncertain_because  # the 2025 opening: one source only
    assert conditions("axel")["lives_in_qpv"].expected is True
    apprenticeship = conditions("apprentissage")["age"]
    assert (apprenticeship.min, apprenticeship.max, apprenticeship.rqth_removes_max) == (16, 29, True)
    declic = conditions("declic_action")
    assert (declic["age"].min, declic["age"].max) == (18, 25)
    assert catalogue.programmes["declic_action"].eligibility.uncertain_because  # may have ended
    assert conditions("transitions_collectives")["salarie"].expected is True


def test_alternatives_are_sourced_and_unique(catalogue):
    ids = [alternative.id for alternative in catalogue.alternatives]
    assert len(ids) == len(set(ids)) and {"cio", "mission_locale", "contrat_engagement_jeune"} <= set(ids)
    for alternative in catalogue.alternatives:
        assert alternative.sources and alternative.when and alternative.text


def _promo(catalogue_copy: Path) -> Path:
    return catalogue_copy / "programmes" / "promo_16_18.yml"


@pytest.mark.parametrize(
    "file, old, new, error",
    [
        ("promo_16_18.yml", "eligibility:\n", "eligibilite:\n", r"promo_16_18\.yml: eligibility is missing"),
        (
            "promo_16_18.yml",
            "    - fact: decrocheur\n",
            "    - fact: decrochage\n",
            r"promo_16_18\.yml: eligibility\.conditions\[1\]\.fact has an unknown fact 'decrochage'",
        ),
        (
            "promo_16_18.yml",
            "      max: 18\n",
            "      maxi: 18\n",
            r"promo_16_18\.yml: eligibility\.conditions\[0\]\.maxi is not a known key",
        ),
        (
            "promo_16_18.yml",
            "      min: 16\n",
            "      min: 20\n",
            r"promo_16_18\.yml: eligibility\.conditions\[0\]\.min must not be above max \(18\)",
        ),
        (
            "promo_16_18.yml",
            "      is: true\n",
            "      is: maybe\n",
            r"promo_16_18\.yml: eligibility\.conditions\[1\]\.is must be of type bool",
        ),
        (
            "promo_16_18.yml",
            "      uncertain_ages: [18]\n",
            "      uncertain_ages: [19]\n",
            r"promo_16_18\.yml: eligibility\.conditions\[0\]\.uncertain_ages must be ages the condition",
        ),
        (
            "apprentissage.yml",
            "      max_with_rqth: unlimited\n",
            "      max_with_rqth: 20\n",
            r"apprentissage\.yml: eligibility\.conditions\[0\]\.max_with_rqth must be an age above max",
        ),
        (
            "la_place.yml",
            "  open_to_all: true\n",
            "  open_to_all: true\n  conditions:\n    - fact: rqth\n      is: true\n"
            "      sources: ['https://x.fr']\n      confidence: sure\n",
            r"la_place\.yml: eligibility\.conditions must be empty when open_to_all is true",
        ),
        (
            "la_place.yml",
            "  open_to_all: true\n",
            "  open_to_all: false\n",
            r"la_place\.yml: eligibility\.conditions must list at least one condition",
        ),
        (
            "axel.yml",
            "  checked: 2026-11-28\n  conditions:",
            "  checked: 2999-01-01\n  conditions:",
            r"axel\.yml: eligibility\.checked is in the future",
        ),
    ],
)
def test_a_broken_eligibility_block_names_the_file_and_key(catalogue_copy, file, old, new, error):
    _edit(catalogue_copy / "programmes" / file, old, new)
    with pytest.raises(CatalogueError, match=error):
        load_catalogue(catalogue_copy)


def test_an_unsure_condition_must_say_why(catalogue_copy):
    hope = catalogue_copy / "programmes" / "hope.yml"
    text = hope.read_text(encoding="utf-8")
    start = text.index("      uncertain_because: \"Les sources ne donnent pas")
    hope.write_text(text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8")
    error = r"hope\.yml: eligibility\.conditions\[0\]\.uncertain_because is missing"
    with pytest.raises(CatalogueError, match=error):
        load_catalogue(catalogue_copy)


def test_a_condition_without_source_is_refused(catalogue_copy):
    promo = _promo(catalogue_copy)
    text = promo.read_text(encoding="utf-8")
    start = text.index("      sources:", text.index("    - fact: salarie"))
    promo.write_text(text[:start] + "      sources: []" + text[text.index("\n", start) :], encoding="utf-8")
    error = r"promo_16_18\.yml: eligibility\.conditions\[3\]\.sources must name"
    with pytest.raises(CatalogueError, match=error):
        load_catalogue(catalogue_copy)


def test_an_any_of_needs_two_options(catalogue_copy):
    hope = catalogue_copy / "programmes" / "hope.yml"
    text = hope.read_text(encoding="utf-8")
    start = text.index("        # The 2025 opening")
    end = text.index("    - fact: demandeur_emploi")
    hope.write_text(text[:start] + text[end:], encoding="utf-8")
    error = r"hope\.yml: eligibility\.conditions\[1\]\.any_of needs at least two"
    with pytest.raises(CatalogueError, match=error):
        load_catalogue(catalogue_copy)


def test_a_missing_alternatives_file_is_reported(catalogue_copy):
    (catalogue_copy / "alternatives.yml").unlink()
    with pytest.raises(CatalogueError, match=r"alternatives\.yml: cannot be read"):
        load_catalogue(catalogue_copy)


@pytest.mark.parametrize(
    "old, new, error",
    [
        (
            "          - fact: scolarise\n",
            "          - fact: lyceen\n",
            r"alternatives\[0\]\.when\[0\]\.any_of\[1\]\.fact has an unknown fact",
        ),
        ("  - id: poei\n", "  - id: france_travail\n", r"alternatives\[7\]\.id 'france_travail' is used twice"),
        ("    confidence: likely\n", "    confidence: maybe\n", r"alternatives\[0\]\.confidence must be"),
        ("  - id: cio\n", "  - id: CIO\n", r"alternatives\[0\]\.id must be lower-case"),
    ],
)
def test_a_broken_alternative_names_the_file_and_key(catalogue_copy, old, new, error):
    _edit(catalogue_copy / "alternatives.yml", old, new)
    with pytest.raises(CatalogueError, match=r"alternatives\.yml: " + error):
        load_catalogue(catalogue_copy)
