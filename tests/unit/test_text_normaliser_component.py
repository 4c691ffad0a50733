"""The Rasa graph component around the normaliser, on real Rasa messages."""
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.text_normaliser import FrenchTextNormaliser


def _component() -> FrenchTextNormaliser:
    return FrenchTextNormaliser.create(FrenchTextNormaliser.get_default_config(), None, None, None)


def test_prediction_messages_are_normalised():
    message = Message({TEXT: "C KOI la promo 16-18"})
    _component().process([message])
    assert message.get(TEXT) == "c'est quoi la promo 16-18"


def test_training_annotations_follow_the_rewritten_words():
    text = "chui refugie jhabite a Roubaix"
    town = text.index("Roubaix")
    entities = [
        {"start": 5, "end": 12, "value": "refugie", "entity": "situation"},
        {"start": town, "end": town + 7, "value": "Roubaix", "entity": "commune"},
        {"start": 5, "end": 12, "value": "refugie_canonical", "entity": "situation"},
    ]
    message = Message({TEXT: text, ENTITIES: entities, "intent": "inform"})
    _component().process_training_data(TrainingData([message]))
    new_text = message.get(TEXT)
    assert new_text == "je suis réfugié j'habite a roubaix"
    situation, commune, explicit = message.get(ENTITIES)
    assert new_text[situation["start"] : situation["end"]] == "réfugié"
    assert situation["value"] == "réfugié"  # its own text: follows the rewrite
    assert new_text[commune["start"] : commune["end"]] == "roubaix"
    assert explicit["value"] == "refugie_canonical"  # an explicit value is kept


def test_changing_the_lexicon_changes_the_fingerprint(monkeypatch, tmp_path):
    from nlu import normalisation, text_normaliser

    before = text_normaliser._code_and_lexicon_fingerprint()
    lexicon = tmp_path / "lexicon.yml"
    lexicon.write_text("chat_spellings:\n  xyz: abc\n", encoding="utf-8")
    monkeypatch.setattr(normalisation, "LEXICON_PATH", lexicon)
    assert text_normaliser._code_and_lexicon_fingerprint() != before
