"""Which session or booking a person means (plain Python, no Rasa).

    picked_session(text, offered, button)  -> the session chosen among those offered ("le deuxième", a button)
    wished_when(text, previous, now)       -> a date or time typed instead of a choice ("jeudi matin")
    bookings_on(views, text, now)          -> the bookings on the day named ("jeudi")
    pick_booking(views, text, now)         -> the booking named by its code, its rank or its day

The words are read by the shared parsers (``actions.answers.ordinal_index``,
``actions.booking.dates.parse_when``); this module only applies them to the lists.
"""
from __future__ import annotations

import datetime as dt
from typing import List, Optional, Sequence

from actions.answers import ordinal_index
from actions.booking.dates import parse_when
from actions.booking.references import normalise_reference
from actions.booking.views import BookingView


def picked_session(text: object, offered: Sequence[object], button: Optional[str] = None) -> Optional[str]:
    """The id of the session chosen: a button's, or the one offered at the rank named."""
    if button is not None:
        return button
    if not isinstance(text, str):
        return None
    index = ordinal_index(text, len(offered))
    return str(offered[index]) if index is not None else None


def wished_when(text: str, previous: Optional[str], now: dt.datetime) -> Optional[str]:
    """The date wish to keep when the answer to "which session?" is a date or a time instead
    ("jeudi matin"); None when it is neither. A time of day alone after a day keeps the day:
    "plutôt l'après-midi" after "mardi prochain" is Tuesday afternoon."""
    wish = parse_when(text, now)
    if wish.status not in ("understood", "anytime", "past"):
        return None
    if previous and wish.status == "understood" and not wish.ranges:
        if parse_when(previous, now).ranges:
            return f"{previous[:100]} {text[:100]}"
    return text[:200]


def bookings_on(views: Sequence[BookingView], text: Optional[str], now: dt.datetime) -> List[BookingView]:
    """The bookings whose session falls on the days ``text`` names (none when it names no day)."""
    if not text:
        return []
    wish = parse_when(text, now)
    if not wish.ranges:
        return []
    return [
        view for view in views
        if any(start <= view.session.starts_at and (end is None or view.session.starts_at < end) for start, end in wish.ranges)
    ]


def booking_on_date(views: Sequence[BookingView], text: Optional[str], now: dt.datetime) -> Optional[BookingView]:
    """The one booking on the day named ("je pourrai pas venir mardi"), if exactly one."""
    matching = bookings_on(views, text, now)
    return matching[0] if len(matching) == 1 else None


def pick_booking(
    views: Sequence[BookingView], text: str, now: dt.datetime, reference: Optional[str] = None
) -> Optional[BookingView]:
    """The booking meant by a code ("K7M 4QX", or ``reference`` from a button), "le deuxième", or a day."""
    code = normalise_reference(reference or text)
    chosen = next((view for view in views if view.reference == code), None)
    if chosen is not None:
        return chosen
    index = ordinal_index(text, len(views))
    if index is not None:
        return views[index]
    return booking_on_date(views, text, now)
