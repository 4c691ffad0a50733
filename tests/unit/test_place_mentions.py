"""Communes and postal codes found inside sentences as people type them
(actions/territory/mentions.py), with the word lists of the pipeline's spaCy model, on the
normalised text the NLU component sees; and the resolver reading the same sentences."""
from __future__ import annotations

import time

import pytest

from actions.territory import resolve_place
from actions.territory.mentions import find_places
from nlu.french_words import is_ordinary_word
from nlu.normalisation import normalise


@pytest.fixture(scope="module")
def ordinary():
    return is_ordinary_word("fr_core_news_md")


def places(text, ordinary, hinted=()):
    normalised = normalise(text).text
    return [(m.kind, m.text) for m in find_places(normalised, is_common_word=ordinary, hinted=hinted)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # The brief's sentences.
        ("un atelier a belfort", [("commune", "belfort")]),
        ("jhabite st etienne du rouvrai", [("commune", "st etienne du rouvrai")]),
        ("je veux un atelier a st etienne du rouvray", [("commune", "st etienne du rouvray")]),
        # Accents, hyphens, case, St/Ste.
        ("J'habite à Saint-Étienne-du-Rouvray", [("commune", "saint-étienne-du-rouvray")]),
        ("ST ETIENNE", [("commune", "st etienne")]),
        ("ste genevieve des bois", [("commune", "ste genevieve des bois")]),
        ("je suis de chalon sur saone", [("commune", "chalon sur saone")]),
        ("centre afpa aix en provence ?", [("commune", "aix en provence")]),
        ("je vis au Mans", [("commune", "mans")]),
        ("jsuis a villeneuve dascq", [("commune", "villeneuve dascq")]),
        # Typos.
        ("je suis a villeurbane", [("commune", "villeurbane")]),
        ("jsuis de montpelier", [("commune", "montpelier")]),
        ("roubaxi", [("commune", "roubaxi")]),
        ("besanon", [("commune", "besanon")]),
        # Inside a sentence, with other facts.
        ("je voudrais un atelier près de Roubaix la semaine prochaine", [("commune", "roubaix")]),
        ("j'ai 17 ans et j'habite à Lens", [("commune", "lens")]),
        ("moi habite Lille, où centre ?", [("commune", "lille")]),
        ("CALAIS YA UNE AFPA ???", [("commune", "calais")]),
        ("vous avez un centre vers Toulouse ?", [("commune", "toulouse")]),
        ("centre afpa rennes", [("commune", "rennes")]),
        ("Saint-Denis 93", [("commune", "saint-denis 93")]),
        # Words that are also communes, where the sentence says it is a place.
        ("centre le plus proche de Sens", [("commune", "sens")]),
        ("un atelier à orange", [("commune", "orange")]),
        ("j'habite tours", [("commune", "tours")]),
        ("je suis à paris", [("commune", "paris")]),
        # Postal codes.
        ("59100", [("postal_code", "59100")]),
        ("j'habite au 59 100 roubaix", [("postal_code", "59100"), ("commune", "roubaix")]),
        ("Je réside à Tourcoing, code postal 59200.", [("commune", "tourcoing"), ("postal_code", "59200")]),
        ("centre afpa proche du 93100 svp", [("postal_code", "93100")]),
    ],
)
def test_places_people_type(ordinary, text, expected):
    assert places(text, ordinary) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Communes named like ordinary words, in ordinary sentences.
        "vers 10h", "je viens vers midi", "la promo de mars", "eu un souci", "y a un centre ?", "c'est quoi la place",
        "mon forfait orange", "au plaisir", "grave", "bon sens", "quel âge a la tour Eiffel",
        "est-ce que je peux réserver une place à la réunion d'info ?", "je peux avoir quelqu'un de l'afpa en ligne ?",
        "j'habite en quartier prioritaire", "je cherche à connaître vos programmes", "c'est rémunéré ?",
        "bonjour monsieur", "explique moi comment tu marches", "je veux appeler quelqu'un", "chui un gars de dix-sept ans",
        # First names, e-mail addresses, phone numbers, amounts, ages.
        "je m'appelle marie", "Marie", "Jean-Luc", "anaïs", "jean-luc.dupont@orange.fr",
        "vous pouvez m'écrire à lea.petit@laposte.net", "mon numero 06 12 34 56 78", "j'ai 10 000 euros",
        "j'ai 17 ans", "de 16 à 25 ans", "la promo 16-18",
    ],
)
def test_no_place_in_ordinary_sentences(ordinary, text):
    assert places(text, ordinary) == []


def test_a_hint_from_diet_lets_a_word_be_a_place(ordinary):
    text = "un atelier a sens demain"  # Sens (89): a word, and a word follows it
    start = text.index("sens")
    assert places(text, ordinary) == []
    assert places(text, ordinary, hinted=[(start, start + 4)]) == [("commune", "sens")]


def test_the_commonest_words_need_a_place_word_even_with_a_hint(ordinary):
    text = "je peux venir vers 10h"
    assert places(text, ordinary, hinted=[(text.index("vers"), text.index("vers") + 4)]) == []
    assert places("j'habite à Mars", ordinary) == [("commune", "mars")]


def test_the_longest_name_wins():
    found = find_places("saint etienne du rouvray")
    assert [(m.start, m.end) for m in found] == [(0, 24)]


def test_fast_enough_for_every_message(ordinary):
    sentences = ["je voudrais un atelier près de Roubaix la semaine prochaine", "jhabite st etienne du rouvrai",
                 "bonjour, je voudrais des renseignements sur l'apprentissage chez vous"] * 30
    find_places("warm up", is_common_word=ordinary)
    started = time.perf_counter()
    for sentence in sentences:
        find_places(normalise(sentence).text, is_common_word=ordinary)
    assert (time.perf_counter() - started) / len(sentences) < 0.02


def test_long_input_is_cut():
    assert find_places("roubaix " * 10_000)[-1].end <= 300


@pytest.mark.parametrize(
    "text, name",
    [
        ("un atelier a belfort", "Belfort"),
        ("jhabite st etienne du rouvrai", "Saint-Étienne-du-Rouvray"),
        ("j'habite st etienne du rouvrai", "Saint-Étienne-du-Rouvray"),
        ("je veux un atelier a st etienne du rouvray", "Saint-Étienne-du-Rouvray"),
        ("st etienne du rouvrai", "Saint-Étienne-du-Rouvray"),
        ("pres de belfort svp", "Belfort"),
        ("villeneuve dascq", "Villeneuve-d'Ascq"),
        ("besanon", "Besançon"),
    ],
)
def test_the_resolver_reads_the_same_sentences(text, name):
    resolution = resolve_place(text)
    assert resolution.status == "found" and resolution.commune.name == name
