"""Parsers for the answers the booking form receives (plain Python, never raise).

- ``first_name``: "je m'appelle Marie" -> "Marie" (``first_name_from``), and the words
  that answer the question without being a first name (``is_not_a_first_name``);
  ``read_first_name`` checks the answer as the service will store it;
- ``contact``: the phone number or e-mail address inside a sentence (``contact_from``),
  checked by ``read_contact``;
- ``time_of_day``: "avant 14 h", "vers 9 h", "en fin de matinée" -> a ``TimeOfDay`` window.

Dates ("mardi prochain", "la semaine du 14") are read by ``actions.booking.dates``, which
uses ``time_of_day`` for the hours; yes/no and ordinals by ``actions.answers``.
"""

from actions.booking.answers.contact import contact_from, read_contact
from actions.booking.answers.first_name import first_name_from, is_not_a_first_name, read_first_name
from actions.booking.answers.time_of_day import TimeOfDay, find_time_of_day, parse_time_of_day

__all__ = [
    "TimeOfDay", "contact_from", "find_time_of_day", "first_name_from", "is_not_a_first_name", "parse_time_of_day",
    "read_contact", "read_first_name",
]
