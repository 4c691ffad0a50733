"""Rasa graph component: the ``date`` entities, from the date parser the booking uses.

Placed after DIET in config.yml. A date is found in the message by
``actions.booking.date_mentions.find_dates``: a quick check for a date word first (most
messages have none and cost nothing more), then the candidates as people write them,
article included ("le 12 décembre", "la semaine prochaine", "jeudi matin"), kept only
when ``actions.booking.dates.parse_when`` (Microsoft Recognizers-Text and a French
layer) understands them. DIET's own ``date`` entities are replaced; its spans are
checked the same way, as hints. The value is the text as written (the contract's
convention); the booking reads it with the same parser.

Not trainable. The date model (about 1.5 s) is built when the component is created,
not at the first message.
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

from actions.booking.date_mentions import find_dates
from actions.booking.dates import warm_up

ENTITY_NAME = "date"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class DateEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Dates found in the message and understood by the booking's date parser."""

    def __init__(self) -> None:
        warm_up()  # the date model, now rather than at the first message

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "DateEntityExtractor":
        return cls()

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
            if entity.get(ENTITY_ATTRIBUTE_TYPE) == ENTITY_NAME
        ]
        found = [
            {
                ENTITY_ATTRIBUTE_TYPE: ENTITY_NAME,
                ENTITY_ATTRIBUTE_START: mention.start,
                ENTITY_ATTRIBUTE_END: mention.end,
                ENTITY_ATTRIBUTE_VALUE: mention.text,
            }
            for mention in find_dates(text, hinted=hints)
        ]
        kept = [entity for entity in entities if entity.get(ENTITY_ATTRIBUTE_TYPE) != ENTITY_NAME]
        message.set(ENTITIES, kept + self.add_extractor_name(found), add_to_output=True)
