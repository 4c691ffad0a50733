"""Who speaks: the person concerned, or a professional speaking of the people they follow.

« pour les jeunes que je suis », « notre intercommunalité », « je suis conseillère en
Mission locale » are a professional's words: the answers are then worded for them
(« pour les jeunes que vous suivez »), not as if they were the beneficiary (issue #13).
Plain Python, table-tested in tests/unit/test_staff_answers.py.
"""
from __future__ import annotations

import re
from typing import Optional

from actions.text import fold

PROFESSIONAL = "professional"

_PEOPLE = r"(?:jeunes?|personnes?|beneficiaires?|usagers?|stagiaires?|publics?|habitants?|administres?|demandeurs? d emploi|refugies?|candidats?|salaries?|familles?)"
_PATTERNS = [
    # « les jeunes que je suis / que nous accompagnons / qu'on oriente »
    rf"\b{_PEOPLE} (?:que|qu) (?:je|j|nous|on) (?:suis|suivons|suit|accompagne|accompagnons|oriente|orientons|recois|recevons|accueille|accueillons|conseille)\b",
    # « nos jeunes », « mes bénéficiaires »
    rf"\b(?:nos|mes) {_PEOPLE}\b",
    # « notre intercommunalité », « notre agglo », « mon territoire »
    r"\b(?:notre|nos|mon|ma) (?:intercommunalite|interco|epci|agglo|agglomeration|communaute (?:de communes|d agglomeration|urbaine)|metropole|collectivite|mairie|commune|territoire|structure|service emploi|mission locale|association|cias|ccas)s?\b",
    # « je suis conseillère en insertion », « en tant qu'élu »
    r"\b(?:je suis|en tant que|en tant qu) (?:un |une )?(?:conseiller|conseillere|charge|chargee|elu|elue|referent|referente|educateur|educatrice|travailleur social|travailleuse sociale|assistant social|assistante sociale|agent|agente|directeur|directrice|responsable|coordinateur|coordinatrice|animateur|animatrice)\b",
    r"\bje travaille (?:a|dans|pour) (?:la |une |un |l )?(?:mairie|collectivite|intercommunalite|interco|agglo|communaute|metropole|mission locale|epci|ccas|association)\b",
    r"\b(?:on|nous) (?:est|sommes) une? (?:intercommunalite|interco|epci|agglo|communaute|metropole|collectivite|mairie|commune)\b",
]
_COMPILED = [re.compile(pattern) for pattern in _PATTERNS]


def audience_of(text: Optional[str]) -> Optional[str]:
    """``"professional"`` when the words are a professional's, else None (unknown)."""
    words = re.sub(r"[^a-z0-9 ]+", " ", fold(text or ""))
    words = re.sub(r"\s+", " ", words)
    return PROFESSIONAL if any(pattern.search(words) for pattern in _COMPILED) else None


_LOCAL_AUTHORITY = re.compile(
    r"\b(?:collectivites?|mairies?|communes?|intercommunalites?|intercos?|epci|agglos?|agglomerations?|metropoles?"
    r"|communautes?|fonction publique|territoria(?:l|le|ux|les)|cnfpt|service public|secteur public|elus?)\b"
)


def speaks_of_a_local_authority(text: Optional[str]) -> bool:
    """« un apprenti dans notre mairie », « le CNFPT »: the question is about a local authority."""
    words = re.sub(r"[^a-z0-9 ]+", " ", fold(text or ""))
    return bool(_LOCAL_AUTHORITY.search(words))
