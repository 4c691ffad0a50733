"""Questions about one's own booking, in the words people use ("c ou ?", "mon truc c'est
quand", "je serai en retard"): which part of the booking they ask about.

Plain Python, no Rasa. The dialogue answers them from the person's bookings in the database
(``BookingService.upcoming_bookings``): ``action_my_bookings`` always, and a "where?" read
as a centre search (``find_centre``) or not understood at all (``nlu_fallback``) when the
person has a booking and names no place and no "nearest".
"""
from __future__ import annotations

import re
from typing import Literal

from actions.text import fold

Aspect = Literal["where", "when", "late", "list"]

_LATE = re.compile(r"\b(retard|a la bourre|en avance)\b")
_WHERE = re.compile(
    r"(^| )(ou|adresse|lieu|endroit|se trouve|c est ou|aller ou|rendre ou|retrouve ou|ou ca)( |$)"
)
_WHEN = re.compile(r"\b(quand|heure|horaire|jour|date|commence|debute|kel heure|quel heure)\b")
# "où en est ma réservation ?" asks how it stands, not where.
_HOW_IT_STANDS = re.compile(r"\bou en (est|sont|suis|sommes)\b")
# A centre search rather than a question about the booking: the nearest, or centres in general.
_SEARCH = re.compile(
    r"\b(proches?|pres|plus pres|autour|a cote|cote de|vers chez|chez moi|les centres|des centres|un centre|"
    r"une afpa|un afpa|autre centre|autres centres|region|departement|ville)\b"
)


def aspect_asked(text: str) -> Aspect:
    """What a question about one's booking asks: where, when, being late, or the whole list."""
    folded = _HOW_IT_STANDS.sub(" ", fold(text or ""))
    if _LATE.search(folded):
        return "late"
    if _WHERE.search(folded):
        return "where"
    if _WHEN.search(folded):
        return "when"
    return "list"


def is_about_own_booking(text: str, names_a_place: bool) -> bool:
    """Whether a "where?"/"when?" question is about the person's booking rather than a
    centre search: no place named, no "nearest", no centres in general."""
    if names_a_place:
        return False
    folded = fold(text or "")
    return aspect_asked(folded) != "list" and not _SEARCH.search(folded)
