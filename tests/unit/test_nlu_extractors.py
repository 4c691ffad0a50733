"""The NLU components that find communes, postal codes and dates (nlu/place_extractor.py,
nlu/date_extractor.py), on real Rasa messages as they come out of DIET."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.date_extractor import DateEntityExtractor
from nlu.place_extractor import PlaceEntityExtractor


@pytest.fixture(scope="module")
def place_extractor() -> PlaceEntityExtractor:
    return PlaceEntityExtractor.create(PlaceEntityExtractor.get_default_config(), None, None, None)


@pytest.fixture(scope="module")
def date_extractor() -> DateEntityExtractor:
    return DateEntityExtractor.create({}, None, None, None)


def diet(entity: str, text: str, part: str) -> dict:
    start = text.index(part)
    return {"entity": entity, "start": start, "end": start + len(part), "value": part, "extractor": "DIETClassifier"}


def run(components, text: str, *entities: dict) -> list:
    message = Message({TEXT: text, ENTITIES: list(entities)})
    for component in components:
        component.process([message])
    return message.get(ENTITIES)


def test_communes_postal_codes_and_dates_replace_diets_guesses(place_extractor, date_extractor):
    text = "j'ai 17 ans, je veux un atelier a st etienne du rouvray 76800 jeudi prochain"
    entities = run(
        [place_extractor, date_extractor], text,
        diet("age", text, "17"),
        diet("commune", text, "rouvray"),  # DIET's guess: a part of the name
        diet("date", text, "jeudi"),
    )
    found = {(e["entity"], e["value"], e["extractor"]) for e in entities}
    assert found == {
        ("age", "17", "DIETClassifier"),
        ("commune", "st etienne du rouvray", "PlaceEntityExtractor"),
        ("postal_code", "76800", "PlaceEntityExtractor"),
        ("date", "jeudi prochain", "DateEntityExtractor"),
    }
    for entity in entities:
        assert text[entity["start"]:entity["end"]] == entity["value"]


def test_diets_false_guesses_are_dropped(place_extractor, date_extractor):
    text = "je peux venir vers 10h"
    entities = run([place_extractor, date_extractor], text, diet("commune", text, "vers"), diet("date", text, "venir"))
    assert [(e["entity"], e["value"]) for e in entities] == [("date", "vers 10h")]


def test_a_commune_named_like_a_word_is_taken_where_diet_saw_a_place(place_extractor):
    text = "un atelier a sens demain"
    assert [e["value"] for e in run([place_extractor], text)] == []  # "sens" is a word, and words follow it
    entities = run([place_extractor], text, diet("commune", text, "sens"))
    assert [(e["entity"], e["value"]) for e in entities] == [("commune", "sens")]


def test_a_button_payload_is_left_alone(place_extractor, date_extractor):
    text = '/book_workshop{"place_insee":"59512"}'
    assert run([place_extractor, date_extractor], text) == []


def test_nothing_found_leaves_the_other_entities(place_extractor, date_extractor):
    text = "c'est quoi la promo 16-18"
    programme = diet("programme", text, "promo 16-18")
    assert run([place_extractor, date_extractor], text, programme) == [programme]
