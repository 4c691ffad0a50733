"""Rasa's SpacyNLP, with the spaCy model loaded once per process.

Rasa builds two graph nodes from SpacyNLP (one provides the model to the
tokenizer and featurizer, one processes messages) and each loaded its own copy
of fr_core_news_md: about 330 MB of memory each. Loading through a cache makes
both nodes share one copy, which is safe because the model is only read.

The class keeps the name ``SpacyNLP`` on purpose: the recipe links SpacyTokenizer
and SpacyFeaturizer to their model provider by that class name.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.utils import spacy_utils
from rasa.nlu.utils.spacy_utils import SpacyModel


@lru_cache(maxsize=None)
def _load_once(spacy_model_name: Text) -> SpacyModel:
    return spacy_utils.SpacyNLP.load_model(spacy_model_name)


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.MODEL_LOADER,
        DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER,
    ],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SpacyNLP(spacy_utils.SpacyNLP):
    @staticmethod
    def load_model(spacy_model_name: Text) -> SpacyModel:
        return _load_once(spacy_model_name)
