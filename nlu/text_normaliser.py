"""Rasa 3 graph component: normalises French chat text before tokenisation.

It must come first in the pipeline (before SpacyNLP). It is registered as a
message featurizer because Rasa only runs featurizers and tokenizers over the
training data before the trainable components: that is how the models learn
from the same normalised text they will see at prediction time.
"""
from __future__ import annotations

import hashlib
import inspect
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, ENTITY_ATTRIBUTE_END, ENTITY_ATTRIBUTE_START
from rasa.shared.nlu.constants import ENTITY_ATTRIBUTE_VALUE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu import normalisation


def _code_and_lexicon_fingerprint() -> str:
    # Rasa caches a component's training output by its class name and config.
    # Putting this fingerprint in the config makes a change of the lexicon or
    # of the normalising code retrain what comes after it.
    digest = hashlib.sha256(inspect.getsource(normalisation).encode("utf-8"))
    digest.update(normalisation.LEXICON_PATH.read_bytes())
    return digest.hexdigest()[:16]


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False
)
class FrenchTextNormaliser(GraphComponent):
    """Rewrites chat spellings, missing accents, case and typographic quotes."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"lexicon_fingerprint": _code_and_lexicon_fingerprint()}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "FrenchTextNormaliser":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            self._normalise(message)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._normalise(message)
        return messages

    @staticmethod
    def _normalise(message: Message) -> None:
        original: Optional[str] = message.get(TEXT)
        if not original:
            return
        result = normalisation.normalise(original)
        if result.text == original:
            return
        for entity in message.get(ENTITIES) or []:
            start, end = entity[ENTITY_ATTRIBUTE_START], entity[ENTITY_ATTRIBUTE_END]
            new_start, new_end = result.map_span(start, end)
            # An annotation without an explicit value carries its own text:
            # keep it equal to the text the model now sees.
            if entity.get(ENTITY_ATTRIBUTE_VALUE) == original[start:end]:
                entity[ENTITY_ATTRIBUTE_VALUE] = result.text[new_start:new_end]
            entity[ENTITY_ATTRIBUTE_START], entity[ENTITY_ATTRIBUTE_END] = new_start, new_end
        message.set(TEXT, result.text)
