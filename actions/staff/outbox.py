"""Messages for someone who is not writing right now: the ``notifications`` table.

A centre cancels a session, a staff member answers a handoff request, a person asks
for someone: ``queue`` writes the message; the person's channel delivers it —
the Telegram bridge pushes ``telegram:`` recipients and the staff chat
(``STAFF_CHAT``), the other channels show it at the person's next message
(``take_pending``). Delivery marks the row, so that a message is shown once.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from actions.booking.clock import utc_now
from actions.staff.models import Notification

Button = Tuple[str, str]  # (title, payload)


@dataclass(frozen=True)
class PendingMessage:
    id: int
    recipient: str
    text: str
    buttons: Tuple[Button, ...] = ()


def queue(db: Session, recipient: str, text: str, buttons: Sequence[Button] = (),
          *, now: Optional[dt.datetime] = None) -> None:
    db.add(Notification(
        created_at=now or utc_now(), recipient=recipient, text=text,
        buttons=json.dumps([{"title": title, "payload": payload} for title, payload in buttons]) if buttons else None,
    ))


def _pending(row: Notification) -> PendingMessage:
    buttons = tuple((item["title"], item["payload"]) for item in json.loads(row.buttons)) if row.buttons else ()
    return PendingMessage(row.id, row.recipient, row.text, buttons)


def pending(db: Session, *, recipient: Optional[str] = None, recipient_prefix: Optional[str] = None,
            limit: int = 100) -> List[PendingMessage]:
    """Undelivered messages, oldest first, for one recipient or every recipient with a prefix."""
    query = select(Notification).where(Notification.delivered_at.is_(None))
    if recipient is not None:
        query = query.where(Notification.recipient == recipient)
    if recipient_prefix is not None:
        query = query.where(Notification.recipient.startswith(recipient_prefix, autoescape=True))
    return [_pending(row) for row in db.scalars(query.order_by(Notification.id).limit(limit))]


def mark_delivered(db: Session, ids: Sequence[int], *, now: Optional[dt.datetime] = None) -> int:
    """Marks messages delivered; returns how many were still pending (another process may
    have delivered some first: only the ones this call marked are the caller's to send)."""
    if not ids:
        return 0
    result = db.execute(
        update(Notification)
        .where(Notification.id.in_(list(ids)), Notification.delivered_at.is_(None))
        .values(delivered_at=now or utc_now())
    )
    return result.rowcount or 0


def take_pending(db: Session, recipient: str, *, now: Optional[dt.datetime] = None) -> List[PendingMessage]:
    """The recipient's undelivered messages, marked delivered in the same transaction."""
    messages = [message for message in pending(db, recipient=recipient)
                if mark_delivered(db, [message.id], now=now) == 1]
    return messages
