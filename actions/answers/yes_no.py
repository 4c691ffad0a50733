"""Yes, no, "I don't know", or none of these, in a free-text answer.

Written for the answers people really type: young people's words ("ouais", "grave",
"carrément", "wallah", "vas-y", "nan", "jamais de la vie"), learners' words and the few
foreign ones they mix in ("yes", "no", "oké", "da", "niet"), repeated letters
("ouiii"), and the phrases where a "yes" word is a no ("bien sûr que non").

    read_yes_no("grave")           -> YES
    read_yes_no("jamais de la vie") -> NO
    read_yes_no("bof")             -> DONT_KNOW
    read_yes_no("banane")          -> None
    parse_yes_no(text)  -> True | False | None   (None: don't know, or unclear)
    is_dont_know(text)  -> bool

``explicit=True`` only accepts a yes or no said in so many words: a bare negation
inside a sentence ("je ne vais plus à l'école") is about that sentence's verb, not an
answer to the question, so a caller that can read the sentence's facts asks for it.
"""

from __future__ import annotations

import re
from typing import Optional

from actions.text import fold

YES, NO, DONT_KNOW = "yes", "no", "dont_know"
_MAX_LENGTH = 300

_DONT_KNOW = re.compile(
    r"\b(?:je (?:ne )?sais (?:pas|plus)|sais pas|sait pas|jsp|jsais pas|j sais pas|chai pas|chais pas|ch sais pas"
    r"|aucune idee|je ne sais|pas (?:sur|sure|certaine?)|peut etre|ptet|ptetre|p t et"
    r"|je (?:ne )?suis pas (?:sur|sure|certaine?)|bof|je me souviens (?:pas|plus)|je (?:ne )?connais pas"
    r"|no se|i don t know|idk|dunno)\b"
)
# Negative phrases that contain a "yes" word: read first, as a plain "non".
_NO_PHRASES = re.compile(
    r"\b(?:bien sur que non|absolument pas|certainement pas|surement pas|evidemment pas|pas du tout"
    r"|pas vraiment|pas encore|pas d accord|que non|toujours pas|jamais de la vie|jamais|meme pas|mais non"
    r"|pas question|hors de question|surtout pas|je refuse|pas trop|pas specialement|non merci)\b"
)
# Positive phrases that contain a "no" word: read first, as a plain "oui".
_YES_PHRASES = re.compile(
    r"\b(?:bien sur que oui|que oui|mais oui|pourquoi pas|pas de (?:souci|soucis|probleme|problemes|pb)|sans (?:souci|probleme)"
    r"|avec plaisir|ca me va|ca me convient|il n y a pas de souci)\b"
)
_YES = re.compile(
    r"\b(?:oui|ouai|ouais|ouaip|ouep|oue|ouii|wi|wai|yes|yep|yeah|yup|ok|okk|okay|oke|okey|oki|okok|kk"
    r"|d accord|dac|dacc|bien sur|exactement|exact|carrement|tout a fait|absolument|c est ca|affirmatif"
    r"|evidemment|certainement|volontiers|bien entendu|effectivement|tkt|grave|wallah|wallah oui|vas y|vasy"
    r"|vazy|go|parfait|je confirme|j accepte|c est bon|ca marche|ca roule|voila|bien sur|da|si si|sim|ja|evidement)\b"
)
_NO = re.compile(r"\b(?:non|nan|nope|no|nn|niet|negatif|nein|nah|nop|nonon|non non)\b")
# A negation alone, no "non": a no only when nothing else in the message says more.
_WEAK_NO = re.compile(r"\b(?:pas|plus|aucun|aucune|rien)\b")
_ONLY_SI = re.compile(r"^\s*si\s*[!.]*\s*$")
_REPEATS = re.compile(r"([a-z])\1{2,}")


def _folded(text: str) -> str:
    # "ouiiii", "nonnnn", "okkk" -> "oui", "non", "ok" (a letter three times or more).
    return _REPEATS.sub(r"\1", fold(text[:_MAX_LENGTH]))


def is_dont_know(text: object) -> bool:
    """ "je sais pas", "aucune idée", "pas sûr", "bof": the person cannot answer (do not ask again)."""
    return isinstance(text, str) and bool(_DONT_KNOW.search(_folded(text)))


def read_yes_no(text: object, *, explicit: bool = False) -> Optional[str]:
    """YES, NO, DONT_KNOW, or None when the text says none of these (or both)."""
    if not isinstance(text, str) or not text.strip() or text.strip().startswith("/"):
        return None  # a button payload is read by the NLU, not here
    if is_dont_know(text):
        return DONT_KNOW
    folded = _folded(text)
    folded = _YES_PHRASES.sub(" oui ", _NO_PHRASES.sub(" non ", folded))
    yes = bool(_YES.search(folded) or _ONLY_SI.match(folded))
    no = bool(_NO.search(folded))
    if yes and no:
        return None  # "oui et non"
    if yes:
        return YES
    if no or (not explicit and _WEAK_NO.search(folded)):
        return NO
    return None


def parse_yes_no(text: object, *, explicit: bool = False) -> Optional[bool]:
    """True for yes, False for no, None for "je ne sais pas" or anything unclear; never raises."""
    answer = read_yes_no(text, explicit=explicit)
    return True if answer == YES else False if answer == NO else None


def yes_or_no(value: object) -> Optional[bool]:
    """A form's yes/no slot: True/False mapped from an intent (a bool) or read from words
    ("oui d'accord", "nan"); None when unclear."""
    if isinstance(value, bool):
        return value
    return parse_yes_no(value)
