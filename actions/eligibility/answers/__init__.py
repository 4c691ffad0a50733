"""Parsers for the free-text answers the eligibility form receives (plain Python, never raise).

The age and the situation are the eligibility check's own; yes/no/don't know is shared
with the booking (``actions.answers``) and re-exported here for the interview.
"""

from actions.answers.yes_no import is_dont_know, parse_yes_no
from actions.eligibility.answers.age import AgeAnswer, parse_age_answer
from actions.eligibility.answers.situation import SituationAnswer, parse_situation_answer

__all__ = [
    "AgeAnswer",
    "SituationAnswer",
    "is_dont_know",
    "parse_age_answer",
    "parse_situation_answer",
    "parse_yes_no",
]
