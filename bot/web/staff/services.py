"""The staff page's only door to the business code of issue #11 (plain Python, no web here).

- ``actions.staff.lookups`` (places, centres of the territory, statistics, attendee lists);
- ``actions.staff.sessions`` (a centre's own sessions: create, edit, cancel, CSV import);
- ``actions.staff.handoff`` (the queue of requests to be contacted by a person).

The pages call these functions only, with an open SQLAlchemy session and the signed-in
member's identity; every scope rule (their territory, their centres, the audit log) is
enforced there, not by the page. Modules are imported when first used, so that the web
server starts even if one of them is missing (its page then says it is unavailable).
"""
from __future__ import annotations

import datetime as dt
import importlib
from types import ModuleType
from typing import Any, List, Optional, Sequence, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.booking.models import ProgrammeRow
from actions.staff.directory import StaffError, StaffIdentity


class FeatureUnavailable(Exception):
    """The module behind a page is not installed (yet)."""


def _module(name: str) -> ModuleType:
    try:
        return importlib.import_module(f"actions.staff.{name}")
    except ModuleNotFoundError as missing:
        if missing.name == f"actions.staff.{name}":
            raise FeatureUnavailable(name) from None
        raise


def _types(*attributes: str) -> Tuple[type, ...]:
    found: List[type] = []
    for name in ("lookups", "sessions", "handoff"):
        try:
            module = _module(name)
        except FeatureUnavailable:
            continue
        for attribute in attributes:
            kind = getattr(module, attribute, None)
            if isinstance(kind, type) and kind not in found:
                found.append(kind)
    return tuple(found)


def refusal_types() -> Tuple[type, ...]:
    """The exceptions whose French message is shown to the member as it is."""
    return (StaffError,) + _types("StaffForbidden", "UnknownSession", "SessionError", "HandoffError")


def forbidden_types() -> Tuple[type, ...]:
    """The exceptions meaning « not yours » (answered 403)."""
    return _types("StaffForbidden", "HandoffForbidden")


def not_found_types() -> Tuple[type, ...]:
    """The exceptions meaning « no such thing » (answered 404)."""
    return _types("UnknownSession", "HandoffNotFound")


# -- lookups ---------------------------------------------------------------------------------------


def places(db: Session, identity: StaffIdentity, *, now: dt.datetime, week_start: Optional[dt.date] = None,
           commune_insee: Optional[str] = None, epci: Optional[str] = None,
           programme_id: Optional[str] = None) -> list:
    return _module("lookups").places(
        db, identity, now=now, week_start=week_start, commune_insee=commune_insee, epci=epci,
        programme_id=programme_id,
    )


def territory_centres(identity: StaffIdentity, *, limit: int = 5) -> list:
    return _module("lookups").territory_centres(identity, limit=limit)


def statistics(db: Session, identity: StaffIdentity, *, start: dt.datetime, end: dt.datetime) -> Any:
    return _module("lookups").statistics(db, identity, start=start, end=end)


def attendees(db: Session, identity: StaffIdentity, session_id: int) -> list:
    """The people booked on a session of the member's centre (writes the audit entry)."""
    return _module("lookups").attendees(db, identity, session_id)


def programmes(db: Session) -> List[Tuple[str, str]]:
    """(id, name) of every programme, for the filters and the session form."""
    return [(row.id, row.name) for row in db.scalars(select(ProgrammeRow).order_by(ProgrammeRow.name))]


# -- a centre's sessions ---------------------------------------------------------------------------


def create_session(db: Session, identity: StaffIdentity, *, now: dt.datetime, **fields: Any) -> Any:
    return _module("sessions").create_session(db, identity, now=now, **fields)


def update_session(db: Session, identity: StaffIdentity, session_id: int, *, now: dt.datetime, **fields: Any) -> Any:
    fields.pop("centre_id", None)  # a session stays at its centre
    return _module("sessions").update_session(db, identity, session_id, now=now, **fields)


def cancel_session(db: Session, identity: StaffIdentity, session_id: int, *, now: dt.datetime) -> Any:
    return _module("sessions").cancel_session(db, identity, session_id, now=now)


def import_sessions_csv(db: Session, identity: StaffIdentity, text: str, *, now: dt.datetime) -> Any:
    return _module("sessions").import_sessions_csv(db, identity, text, now=now)


# -- handoff queue ---------------------------------------------------------------------------------


def handoff_requests(db: Session, identity: StaffIdentity) -> list:
    return _module("handoff").requests_for(db, identity)


def mark_handled(db: Session, identity: StaffIdentity, request_id: int, *, now: dt.datetime) -> Any:
    """Marks it handled; the person is told on their channel (outbox)."""
    return _module("handoff").mark_handled(db, identity, request_id, now=now)


def handoff_contact(db: Session, identity: StaffIdentity, request_id: int, *, now: dt.datetime) -> Optional[str]:
    """The contact the person left (personal data: audited by the handoff module)."""
    return _module("handoff").contact_of(db, identity, request_id, now=now)


# -- reading the results whatever their exact shape -------------------------------------------------


def pairs(value: Any) -> List[Tuple[str, float]]:
    """(label, count) from a mapping, a sequence of pairs, or of objects with a label and a count."""
    if value is None:
        return []
    if isinstance(value, dict):
        items: Sequence[Any] = list(value.items())
    else:
        items = list(value)
    result: List[Tuple[str, float]] = []
    for item in items:
        if isinstance(item, (tuple, list)) and len(item) >= 2:
            label, count = item[0], item[-1]
        else:
            label = next((getattr(item, name) for name in ("label", "name", "week", "week_start", "programme",
                                                           "programme_name", "centre", "centre_name", "outcome",
                                                           "text") if hasattr(item, name)), str(item))
            count = next((getattr(item, name) for name in ("count", "total", "value", "bookings")
                          if hasattr(item, name)), 0)
        result.append((label_text(label), count))
    return result


def label_text(label: Any) -> str:
    if isinstance(label, dt.datetime):
        return label.strftime("%d/%m/%Y")
    if isinstance(label, dt.date):
        return label.strftime("%d/%m/%Y")
    return str(label)


def field(value: Any, name: str, default: Any = None) -> Any:
    if isinstance(value, dict):
        return value.get(name, default)
    return getattr(value, name, default)

