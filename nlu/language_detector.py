"""Rasa 3 graph component: a message in another language gets the intent ``other_language``.

Placed last in config.yml (after the FallbackClassifier), it has the last word on that
intent: ``nlu/languages.py`` (plain Python) decides whether the message is clearly in
another language. If so, the intent becomes ``other_language``; if not, a guess of
``other_language`` by the classifier is taken away (the next intent of the ranking, or
``nlu_fallback`` when that one is too weak), so that « ok » or « slt » never get an
answer in English. Not trainable: it only reads the message.
"""
from __future__ import annotations

import threading
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu import languages
from nlu.french_words import is_ordinary_word

OTHER_LANGUAGE = "other_language"
FALLBACK = "nlu_fallback"
# Below this confidence, a message with no French word, no entity and no digit (« xkcd
# lorem ipsum ») is not understood, whatever intent the classifier leaned to: it has
# nothing to lean on, and answering "help" or "thanks" to it misleads.
JUNK_MAX_CONFIDENCE = 0.6
SPACY_MODEL = "fr_core_news_md"

# Rasa imports this module when it loads the model: the detector's models (about 10 s)
# load meanwhile, not while the first person waits for an answer.
threading.Thread(target=languages.prepare, name="language-detector", daemon=True).start()


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class LanguageDetector(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # The FallbackClassifier's threshold: below it, the next intent is not trusted either.
        return {"threshold": 0.45}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.threshold = float(config.get("threshold", 0.45))

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LanguageDetector":
        # Rasa builds this (non-trainable) node when the model loads or at the first
        # message; the detector is already being prepared since the import (below).
        languages.prepare()
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._decide(message)
        return messages

    def _decide(self, message: Message) -> None:
        text = message.get(TEXT)
        intent = message.get(INTENT) or {}
        ranking = [item for item in (message.get(INTENT_RANKING_KEY) or []) if item.get(INTENT_NAME_KEY) != OTHER_LANGUAGE]
        found = languages.identify(text)
        if not found.french:
            chosen = {INTENT_NAME_KEY: OTHER_LANGUAGE, PREDICTED_CONFIDENCE_KEY: found.confidence}
            message.set(INTENT, chosen, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [chosen] + ranking, add_to_output=True)
            return
        if self._is_junk(message, text, intent, found):
            chosen = {INTENT_NAME_KEY: FALLBACK, PREDICTED_CONFIDENCE_KEY: 1.0 - self.threshold}
            message.set(INTENT, chosen, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [chosen] + ranking, add_to_output=True)
            return
        if intent.get(INTENT_NAME_KEY) != OTHER_LANGUAGE:
            return
        candidates = [item for item in ranking if item.get(INTENT_NAME_KEY) != FALLBACK]
        if candidates and candidates[0].get(PREDICTED_CONFIDENCE_KEY, 0.0) >= self.threshold:
            chosen = candidates[0]
        else:
            chosen = {INTENT_NAME_KEY: FALLBACK, PREDICTED_CONFIDENCE_KEY: 1.0 - self.threshold}
            ranking = [chosen] + candidates
        message.set(INTENT, chosen, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)

    @staticmethod
    def _is_junk(message: Message, text: Any, intent: Dict[Text, Any], found: Any) -> bool:
        """No French word, entity or digit, and a weak guess (see JUNK_MAX_CONFIDENCE).
        Short words (« slt », « ok ») are left to the classifier: it knows them well."""
        if found.by != "model" or not isinstance(text, str) or message.get("entities"):
            return False
        if intent.get(INTENT_NAME_KEY) == FALLBACK or intent.get(PREDICTED_CONFIDENCE_KEY, 1.0) >= JUNK_MAX_CONFIDENCE:
            return False
        if any(character.isdigit() for character in text):
            return False
        ordinary = is_ordinary_word(SPACY_MODEL)
        words = [word.lower() for word in languages.words_of(text)]
        return bool(words) and not any(ordinary(word) or word in languages.LOANWORDS for word in words)
