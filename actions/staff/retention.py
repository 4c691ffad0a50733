"""How long the staff side keeps things (docs/privacy.md), and the purge that enforces it.

- a handoff request's personal data (contact, summary, sender id) is erased
  ``RETENTION_DAYS`` days after the request, handled or not — the same period as a
  booking's; the anonymous row stays for the counts;
- the outbox forgets a message ``RETENTION_DAYS`` days after it was written, delivered
  or not (it names a person's conversation);
- expired sign-in links and staff web sessions are deleted.

The audit log and the anonymous assistant events hold no personal data and are kept.
Run by the retention job (bot/retention.py). Safe at any time, any number of times.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import delete, update
from sqlalchemy.engine import Engine

from actions.booking.clock import utc_now
from actions.booking.service import make_sessionmaker
from actions.staff.models import HandoffRequest, Notification
from actions.staff.sign_in import purge_expired


def erase_expired_staff_data(engine: Engine, now: Optional[dt.datetime], retention: dt.timedelta) -> int:
    """Erases what is past ``retention``; returns how many handoff requests were erased."""
    now = now or utc_now()
    limit = now - retention
    with make_sessionmaker(engine).begin() as db:
        erased = db.execute(
            update(HandoffRequest)
            .where(HandoffRequest.erased_at.is_(None), HandoffRequest.created_at < limit)
            .values(contact=None, summary=None, sender_id=None, erased_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount or 0
        db.execute(delete(Notification).where(Notification.created_at < limit))
        purge_expired(db, now=now)
    return erased
