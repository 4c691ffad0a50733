"""Rasa graph component: the ``commune`` and ``postal_code`` entities, from the official list.

Placed after DIET in config.yml. Communes and postal codes are closed, known sets: they
are found in the message as people type them (no accents, no hyphens, "St", a typo,
inside a sentence) by ``actions.territory.mentions.find_places`` against the official
list of communes (data/territory/), rather than guessed by DIET from a few examples.
DIET's own ``commune`` and ``postal_code`` entities are replaced; its ``commune`` spans
only serve as hints (a name that is also a word, "Sens", is taken where DIET saw a
place). The value is the text as written (the contract's convention); the action
resolves it against the same list.

Not trainable: it reads the message only. The territory data (about 0.6 s) and the
word lists of the spaCy model are loaded when the component is created, not at the
first message.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from actions.territory.mentions import find_places, warm_up
from nlu.french_words import is_ordinary_word

ENTITY_NAMES = ("commune", "postal_code")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class PlaceEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Communes and postal codes found in the message against the official list."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # The spaCy model whose word lists tell ordinary words (the pipeline's own).
        return {"spacy_model": "fr_core_news_md"}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._is_ordinary_word = is_ordinary_word(config["spacy_model"])
        warm_up()  # the official list and its index, now rather than at the first message

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "PlaceEntityExtractor":
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._extract(message)
        return messages

    def _extract(self, message: Message) -> None:
        text: Optional[str] = message.get(TEXT)
        if not text or text.startswith("/"):
            return  # a button payload carries its own entities
        entities: List[Dict[Text, Any]] = list(message.get(ENTITIES) or [])
        hints = [
            (entity[ENTITY_ATTRIBUTE_START], entity[ENTITY_ATTRIBUTE_END])
            for entity in entities
            if entity.get(ENTITY_ATTRIBUTE_TYPE) == "commune"
        ]
        found = [
            {
                ENTITY_ATTRIBUTE_TYPE: mention.kind,
                ENTITY_ATTRIBUTE_START: mention.start,
                ENTITY_ATTRIBUTE_END: mention.end,
                ENTITY_ATTRIBUTE_VALUE: mention.text,
            }
            for mention in find_places(text, is_common_word=self._is_ordinary_word, hinted=hints)
        ]
        kept = [entity for entity in entities if entity.get(ENTITY_ATTRIBUTE_TYPE) not in ENTITY_NAMES]
        message.set(ENTITIES, kept + self.add_extractor_name(found), add_to_output=True)
