"""The first name in an answer to « Quel est votre prénom ? ».

    first_name_from("je m'appelle marie")  -> "Marie"
    first_name_from("Moi c'est Jean-Luc.") -> "Jean-Luc"
    is_not_a_first_name("merci")            -> True

The result is then checked by ``actions.booking.validation.validate_first_name`` (letters
only, 40 characters at most); this module only finds it in the sentence.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from actions.text import fold

if TYPE_CHECKING:  # imported when called: validation needs the database models
    from actions.booking.validation import Checked

_MAX_LENGTH = 200
# Words that answer "quel est votre prénom ?" without being one.
_NOT_FIRST_NAMES = frozenset(
    fold(word)
    for word in (
        "bonjour", "salut", "merci", "oui", "non", "ok", "okay", "d'accord", "stop", "rien", "aucun", "coucou",
        "hello", "bonsoir", "pourquoi", "quoi", "prénom", "moi", "test", "personne", "annuler", "au revoir",
        "bye", "ciao", "adieu", "bonne journée", "a plus", "merci beaucoup", "je sais pas", "non merci", "nan",
        "ouais", "wesh", "jsp", "aide", "help", "arrête", "laisse tomber", "secret", "anonyme",
    )
)
_NAME_PREFIX = re.compile(
    r"^(?:bonjour|salut|bonsoir|wesh|slt)?[\s,!]*(?:je m'?\s?appelle|je m appelle|jm'?appelle|moi c'?est|moi cest"
    r"|mon prénom(?: est| c'?est)?|mon prenom(?: est| c'?est)?|prénom\s*:|prenom\s*:|c'?est|my name is|i am)\s+",
    re.IGNORECASE,
)


def first_name_from(text: str) -> str:
    """"je m'appelle Marie" -> "Marie"; "marie" -> "Marie"; anything else as typed (trimmed)."""
    if not isinstance(text, str) or len(text) > _MAX_LENGTH:
        return text if isinstance(text, str) else ""
    candidate = _NAME_PREFIX.sub("", text.strip().replace("’", "'"), count=1).strip().rstrip(".!")
    if candidate and candidate == candidate.lower():
        candidate = "-".join(part[:1].upper() + part[1:] for part in candidate.split("-"))
        candidate = " ".join(part[:1].upper() + part[1:] for part in candidate.split(" "))
    return candidate


def is_not_a_first_name(name: str) -> bool:
    """"Merci", "Bonjour", "Je sais pas": an answer, but not a first name."""
    return fold(name or "") in _NOT_FIRST_NAMES


def read_first_name(text: str) -> Checked:
    """The answer to "what is your first name?" checked as the service stores it: "je
    m'appelle Marie" gives "Marie"; "merci" or "bonjour" is no first name."""
    from actions.booking.validation import validate_first_name

    checked = validate_first_name(first_name_from(text))
    if checked.ok and is_not_a_first_name(checked.value):
        return validate_first_name("<")  # refused with the reason of any non-name
    return checked
