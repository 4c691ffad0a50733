"""Parsers for answers that several businesses ask for (plain Python, never raise).

- ``yes_no``: "ouais", "grave", "nan", "jamais de la vie", "je sais pas"… ->
  ``parse_yes_no(text) -> True | False | None`` and ``is_dont_know(text)``; ``yes_or_no(value)``
  also takes the bool of a slot mapped from an intent;
- ``ordinals``: "le deuxième", "2", "la 2e", "le dernier" -> ``ordinal_index(text, count)``.

Answers that belong to one business live beside it: the age and the situation in
``actions/eligibility/answers/``, first names, contacts and times of day in
``actions/booking/answers/``, dates in ``actions/booking/dates.py``.
"""

from actions.answers.ordinals import ordinal_index
from actions.answers.yes_no import DONT_KNOW, NO, YES, is_dont_know, parse_yes_no, read_yes_no, yes_or_no

__all__ = ["DONT_KNOW", "NO", "YES", "is_dont_know", "ordinal_index", "parse_yes_no", "read_yes_no", "yes_or_no"]
