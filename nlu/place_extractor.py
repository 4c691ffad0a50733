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

from typing import Any, Dict, Iterable, List, Text, Tuple

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from actions.territory.mentions import find_places, warm_up
from nlu.french_words import is_ordinary_word
from nlu.mention_extractor import Mention, MentionExtractor

ENTITY_NAMES = ("commune", "postal_code")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class PlaceEntityExtractor(MentionExtractor):
    """Communes and postal codes found in the message against the official list."""

    REPLACES = ENTITY_NAMES
    HINT_TYPE = "commune"

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # The spaCy model whose word lists tell ordinary words (the pipeline's own).
        return {"spacy_model": "fr_core_news_md"}

    def __init__(self, config: Dict[Text, Any]) -> None:
        super().__init__(config)
        self._is_ordinary_word = is_ordinary_word(config["spacy_model"])
        warm_up()  # the official list and its index, now rather than at the first message

    def find(self, text: str, hints: List[Tuple[int, int]]) -> Iterable[Mention]:
        mentions = find_places(text, is_common_word=self._is_ordinary_word, hinted=hints)
        return ((m.kind, m.start, m.end, m.text) for m in mentions)
