"""The phone number or e-mail address inside an answer ("c'est le 06 12 34 56 78 merci").

    contact_from("mon mail c'est marie@exemple.fr") -> "marie@exemple.fr"
    contact_from("06.12.34.56.78")                  -> "06.12.34.56.78"

The result is then checked by ``actions.booking.validation.validate_contact`` (a French
mobile number or an e-mail address); when nothing is found the text comes back as typed,
so that the check says what is wrong with it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when called: validation needs the database models
    from actions.booking.validation import Checked

_MAX_LENGTH = 300
_EMAIL_TOKEN = re.compile(r"[^\s<>\"',;:()\[\]]+@[^\s<>\"',;:()\[\]]+")
_PHONE_TOKEN = re.compile(r"\+?\d[\d\s.\-()]{7,}\d")


def contact_from(text: str) -> str:
    """The e-mail address (when there is an "@") or the phone number in ``text``."""
    if not isinstance(text, str):
        return ""
    if len(text) > _MAX_LENGTH:
        return text  # refused by the check as too long, without scanning it
    if "@" in text:
        match = _EMAIL_TOKEN.search(text)
        return match.group(0).rstrip(".") if match else text
    match = _PHONE_TOKEN.search(text)
    return match.group(0) if match else text


def read_contact(text: str) -> Checked:
    """The answer to "your phone or e-mail?": the number or address in the sentence, checked."""
    from actions.booking.validation import validate_contact

    return validate_contact(contact_from(text))
