"""How long personal data is kept, and the purge that enforces it.

Rule (said to the user before they consent, see docs/booking.md and docs/privacy.md):
the first name, the contact (phone or e-mail) and the sender id of a booking are erased
``RETENTION_DAYS`` days (environment, default 90: ``actions.privacy``) after the workshop's date, cancelled or not, or at once when the person asks
("supprimer mes données", ``BookingService.delete_personal_data``). Erasing means the
same as there: those columns set to NULL, ``erased_at`` set; the anonymous row stays
so that seat counts and attendance figures remain right.

``erase_expired_personal_data`` runs when the action server starts and then every hour
while it runs (``actions.booking.runtime``), and in the daily retention job of ``make run``
(``bot/retention.py``, which also deletes old conversations).
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Optional

from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine

from actions.booking.clock import utc_now
from actions.booking.models import Booking, WorkshopSession
from actions.booking.service import make_sessionmaker
from actions.booking.validation import validate_sender_id
from actions.privacy import load_retention_days

logger = logging.getLogger(__name__)

RETENTION_DAYS = load_retention_days()
RETENTION = dt.timedelta(days=RETENTION_DAYS)


def erase_expired_personal_data(
    engine: Engine, now: Optional[dt.datetime] = None, retention: dt.timedelta = RETENTION
) -> int:
    """Erases the personal data of bookings whose workshop began more than ``retention``
    ago; returns how many bookings were erased. Safe to run at any time, any number of times."""
    now = now or utc_now()
    expired_sessions = select(WorkshopSession.id).where(WorkshopSession.starts_at < now - retention)
    with make_sessionmaker(engine).begin() as db:
        result = db.execute(
            update(Booking)
            .where(Booking.erased_at.is_(None), Booking.session_id.in_(expired_sessions))
            .values(first_name=None, contact=None, contact_kind=None, sender_id=None, erased_at=now)
            .execution_options(synchronize_session=False)
        )
        erased = result.rowcount or 0
    if erased:
        logger.info("retention: personal data of %s bookings erased", erased)
    return erased


def stored_bookings(engine: Engine, sender_id: Optional[str]) -> int:
    """How many bookings (any status) still hold this person's data: what
    "supprimer mes données" would erase."""
    if not validate_sender_id(sender_id).ok:
        return 0
    with make_sessionmaker(engine)() as db:
        return db.execute(
            select(func.count()).select_from(Booking).where(Booking.sender_id == sender_id)
        ).scalar_one()


__all__ = ["RETENTION", "RETENTION_DAYS", "erase_expired_personal_data", "stored_bookings"]
