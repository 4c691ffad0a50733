"""What the entity extractors backed by the business parsers share (nlu/place_extractor.py,
nlu/date_extractor.py).

Each is placed after DIET in config.yml and replaces DIET's entities of the kinds it
knows: DIET's spans of those kinds only serve as hints to the parser. A subclass says
which entity types it replaces (``REPLACES``), which of DIET's spans are hints
(``HINT_TYPE``) and finds the mentions (``find``: (entity type, start, end, value)).
Button payloads ("/intent{…}") carry their own entities and are left alone.
"""
from __future__ import annotations

import abc
from typing import Any, Dict, Iterable, List, Optional, Sequence, Text, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
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

Mention = Tuple[str, int, int, str]  # entity type, start, end (offsets in the text), value


class MentionExtractor(GraphComponent, EntityExtractorMixin, abc.ABC):
    """Not trainable: reads the message only."""

    REPLACES: Sequence[str] = ()
    HINT_TYPE: str = ""

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.config = config

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "MentionExtractor":
        return cls(config)

    @abc.abstractmethod
    def find(self, text: str, hints: List[Tuple[int, int]]) -> Iterable[Mention]:
        """The mentions in ``text``; ``hints``: DIET's spans of ``HINT_TYPE``."""

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
            if entity.get(ENTITY_ATTRIBUTE_TYPE) == self.HINT_TYPE
        ]
        found = [
            {
                ENTITY_ATTRIBUTE_TYPE: kind,
                ENTITY_ATTRIBUTE_START: start,
                ENTITY_ATTRIBUTE_END: end,
                ENTITY_ATTRIBUTE_VALUE: value,
            }
            for kind, start, end, value in self.find(text, hints)
        ]
        kept = [entity for entity in entities if entity.get(ENTITY_ATTRIBUTE_TYPE) not in self.REPLACES]
        message.set(ENTITIES, kept + self.add_extractor_name(found), add_to_output=True)
