"""What a numbers question asks for: free places in a workshop, or a key figure of which kind.

« combien de places il reste ? » asks for free places (the booking's sessions); « combien
de jeunes ? », « quel taux de réussite ? », « combien de centres ? » ask for key figures
(data/catalogue/figures.yml). None of these is a duration: « combien de temps », « combien
de semaines » are not numbers questions here (issue #13). Plain Python, table-tested in
tests/unit/test_staff_answers.py.
"""
from __future__ import annotations

import re
from typing import Optional

from actions.text import fold

PLACES = "places"
# Figure kinds, as in figures.yml.
PEOPLE, OUTCOMES, CENTRES, GROUP, TERRITORIES = "people", "outcomes", "centres", "group", "territories"
ANY = "any"  # a numbers question about nothing in particular (« des chiffres ? »)

# Money is a pay question (ask_programme_pay), not a figure.
_MONEY = re.compile(r"\bcoute\b|\bcouter\b|\bprix\b|\bpaye|\bgratuit|\beuros?\b|\bsalaire\b|\bremuner|\ballocation\b|\bgagne")
_DURATION = re.compile(r"\bcombien (?:de |d )?(?:temps|jours?|semaines?|mois|heures?|annees?|ans)\b|\bdure\b|\bduree\b")
# « la Place » (the programme) is not a seat: only « places » with a numbers word is.
_PLACES = re.compile(
    r"\b(?:combien|cmb|nombre|reste|restent|encore|libres?|disponibles?|dispo|complet|complets?)\b.*\bplaces?\b"
    r"|\bplaces? (?:libres?|disponibles?|dispo|restantes?)\b|\bplaces?\b.*\b(?:reste|restent|libres?|dispo)\b"
)
_KINDS = (
    (OUTCOMES, re.compile(r"\btaux\b|\bpourcentage\b|%|\breussi|\bresultats?\b|\bbilan\b|\bsorties? positives?\b|\btrouvent\b|\bemploi apres\b")),
    (GROUP, re.compile(r"\bgroupes?\b|\bpar promo\b|\bpar session\b|\bdans une promo\b")),
    (TERRITORIES, re.compile(r"\bintercommunalites?\b|\bintercos?\b|\bepci\b")),
    (CENTRES, re.compile(r"\bcentres?\b|\bsites?\b|\bvillages?\b|\bantennes?\b|\bimplantations?\b")),
    (PEOPLE, re.compile(r"\bjeunes?\b|\bpersonnes?\b|\bbeneficiaires?\b|\bstagiaires?\b|\brefugies?\b|\balternants?\b|\bapprentis?\b|\bgens\b|\bmonde\b|\bformes?\b|\baccompagnes?\b|\baccueillis?\b|\binscrits?\b")),
)
_NUMBERS_WORDS = re.compile(r"\bcombien\b|\bcmb\b|\bnombre\b|\btaux\b|\bpourcentage\b|\bchiffres?\b|\bstatistiques?\b|\bstats?\b|\bresultats?\b|\bbilan\b|%")


def asks_about_money(text: Optional[str]) -> bool:
    """« salaire », « c'est payé », « ça coûte »: a pay question."""
    return bool(_MONEY.search(_words(text)))


def _words(text: Optional[str]) -> str:
    folded = fold(text or "").replace("%", " % ")
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9% ]+", " ", folded)).strip()


def asked_quantity(text: Optional[str]) -> Optional[str]:
    """``"places"``, a figure kind, ``"any"`` (« des chiffres ? »), or None: not a numbers
    question (a duration question is None)."""
    words = _words(text)
    if not words or _DURATION.search(words) or _MONEY.search(words):
        return None
    if _PLACES.search(words):
        return PLACES
    for kind, pattern in _KINDS:
        if pattern.search(words) and (_NUMBERS_WORDS.search(words) or kind == OUTCOMES):
            return kind
    return ANY if _NUMBERS_WORDS.search(words) else None
