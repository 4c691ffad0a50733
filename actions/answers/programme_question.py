"""A question about programmes at the end of a message that states facts ("j'ai 19 ans, je
suis à Roubaix, réfugié, et la paie ça donne quoi ?"): the NLU may read the whole message as
an eligibility check; the question asked last is what the person wants answered.

Plain Python, never raises: ``closing_question(text)`` -> ``"ask_programme_pay"``,
``"ask_programme_duration"`` or None. Only the last clause is read (after the last comma,
semicolon or "et"), so a fact about pay said first ("je suis payé au SMIC, je peux faire
quoi ?") is no question about pay.
"""
from __future__ import annotations

import re
from typing import Optional

from actions.text import fold

_CLAUSES = re.compile(r"[,;]| et ")
_PAY = re.compile(r"\b(paie|paye|payee?s?|remunere?e?s?|remuneration|salaire|thune|argent|touche combien|combien on touche)\b")
_DURATION = re.compile(r"\b(dure|duree|combien de temps|combien de mois|c est long)\b")


def closing_question(text: object) -> Optional[str]:
    if not isinstance(text, str) or "?" not in text and not re.search(r"\bquoi\b|\bcombien\b|\bcomment\b", fold(text)):
        return None
    clauses = [clause for clause in _CLAUSES.split(text.lower()) if clause.strip()]
    if len(clauses) < 2:
        return None  # no facts before it: the NLU's reading stands
    last = fold(clauses[-1])
    if _PAY.search(last):
        return "ask_programme_pay"
    if _DURATION.search(last):
        return "ask_programme_duration"
    return None
