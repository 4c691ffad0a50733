"""What a request the assistant cannot carry out asks for: an e-mail, a call back, a reminder…

Plain Python, accent-insensitive (``actions.text.fold``). The NLU says *that* a message
asks for something impossible (intent ``ask_impossible``); this says *what*, so that
the answer names it (``actions/replies/impossible.py``). The first kind found in
``KINDS`` order wins; ``OTHER`` when none is recognised.
"""
from __future__ import annotations

import re
from typing import Tuple

from actions.text import fold

SEND = "send"  # an e-mail, a text message, a summary
CALL_BACK = "call_back"  # a phone call, to them or to someone for them
REMIND = "remind"  # a reminder or a notice later
KEEP_AFTER_ERASURE = "keep_after_erasure"  # keep something after the data is erased
NAMED_PERSON = "named_person"  # put them through to a given person
FILL_IN = "fill_in"  # fill a form, a file, an application, a CV for them
SIGN_UP = "sign_up"  # enrol them directly in a programme
OTHER = "other"

_PATTERNS: Tuple[Tuple[str, "re.Pattern[str]"], ...] = (
    (
        KEEP_AFTER_ERASURE,
        re.compile(
            r"\b(?:gard|conserv)\w*\b.*\b(?:apres|meme apres|malgre)\b.*\b(?:suppression|effacement|supprim|effac)\w*"
            r"|\b(?:supprim|effac)\w*\b.*\b(?:mais|sauf)\b.*\b(?:gard|conserv|mon|ma|mes)\w*"
            r"|\b(?:efface|supprime)z? tout sauf\b"
        ),
    ),
    # Decided by _is_reminder (a word of notice, or « rappeler » with a word of time).
    (REMIND, re.compile(r".")),
    (
        SEND,
        re.compile(
            r"\b(?:e ?mail|mail|courriel|sms|texto|message ecrit|par ecrit|boite mail|adresse mail|pdf)\b"
            r"|\b(?:ecris|ecrire|ecrivez)\b.*\b(?:a|au|aux) "
            r"|\b(?:envoi|envoy|transfer|transmet)\w*\b.*\b(?:resume|recap\w*|compte rendu|conversation|infos?|"
            r"informations?|liste|candidature|cv)\b"
        ),
    ),
    (
        CALL_BACK,
        re.compile(r"\b(?:rappel\w*|appel\w*|telephon\w*|coup de fil)\b"),
    ),
    (
        FILL_IN,
        re.compile(
            r"\b(?:rempli|remplis|remplir|remplissez|complete|completer|completez|redige|rediger|redigez|fais|faire|"
            r"faites)\b.*\b(?:dossier|formulaire|candidature|cv|inscription|papiers)\b"
        ),
    ),
    (
        SIGN_UP,
        re.compile(
            r"\b(?:inscri\w*|mets moi sur la liste|mettez moi sur la liste|reserve moi une place|"
            r"reservez moi une place|prends? rendez vous pour moi|prenez rendez vous pour moi)\b"
        ),
    ),
    (
        NAMED_PERSON,
        re.compile(
            r"\b(?:parler|passe|passez|mettez moi en relation|mets moi en relation|joindre)\b.*\b(?:madame|monsieur|"
            r"mme|mr|m|directeur|directrice|[a-z]+ (?:de l afpa|ma conseillere|mon conseiller))\b"
            r"|\bmettez moi en relation\b|\bmets moi en relation\b"
        ),
    ),
)
KINDS: Tuple[str, ...] = tuple(kind for kind, _ in _PATTERNS)


def kind_of_request(text: object) -> str:
    """Which impossible thing the message asks for; ``OTHER`` when it is not clear."""
    if not isinstance(text, str):
        return OTHER
    folded = fold(text[:500])
    # "rappelez-moi" is a call back, "rappelle-moi la semaine prochaine pour l'atelier" a
    # reminder: a reminder needs a word of time or of notice besides the verb.
    for kind, pattern in _PATTERNS:
        if kind == REMIND and not _is_reminder(folded):
            continue
        if pattern.search(folded):
            return kind
    return OTHER


_TIME_WORDS = re.compile(
    r"\b(?:plus tard|la veille|quand|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|dans|avant|"
    r"semaine|mois|rendez vous|rdv|date)\b"
)
_NOTICE_WORDS = re.compile(
    r"\b(?:un rappel|relance\w*|notification\w*|previens|prevenez|preveni\w*|avertis\w*|"
    r"(?:faire|fais|faites) (?:moi |me )?penser|me faire penser)\b"
)


def _is_reminder(folded: str) -> bool:
    if _NOTICE_WORDS.search(folded) and not re.search(r"\brappel\w* moi\b|\bme rappel\w*\b", folded):
        return True
    return bool(re.search(r"\brappel\w*\b", folded) and _TIME_WORDS.search(folded)) and not re.search(
        r"\b(?:demain|matin|apres midi|ce soir|au \d|numero)\b", folded
    )
