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

from typing import Any, Dict, Iterable, List, Text, Tuple

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from actions.booking.date_mentions import find_dates
from actions.booking.dates import warm_up
from nlu.mention_extractor import Mention, MentionExtractor

ENTITY_NAME = "date"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class DateEntityExtractor(MentionExtractor):
    """Dates found in the message and understood by the booking's date parser."""

    REPLACES = (ENTITY_NAME,)
    HINT_TYPE = ENTITY_NAME

    def __init__(self, config: Dict[Text, Any]) -> None:
        super().__init__(config)
        warm_up()  # the date model, now rather than at the first message

    def find(self, text: str, hints: List[Tuple[int, int]]) -> Iterable[Mention]:
        return ((ENTITY_NAME, m.start, m.end, m.text) for m in find_dates(text, hinted=hints))
