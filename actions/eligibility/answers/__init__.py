"""Parsers for the free-text answers a form receives (plain Python, never raise)."""

from actions.eligibility.answers.age import AgeAnswer, parse_age_answer
from actions.eligibility.answers.situation import SituationAnswer, parse_situation_answer
from actions.eligibility.answers.yes_no import is_dont_know, parse_yes_no

__all__ = [
    "AgeAnswer",
    "SituationAnswer",
    "is_dont_know",
    "parse_age_answer",
    "parse_situation_answer",
    "parse_yes_no",
]
