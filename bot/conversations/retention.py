"""Deleting stored conversations whose last message is older than the retention period.

    from bot.conversations.retention import purge_expired_conversations
    purge_expired_conversations(url_or_engine, retention=dt.timedelta(days=90))  # -> how many

Rasa's SQL tracker store keeps every event of every conversation (what the person
wrote, the slots: ages, situations, first names…) in one table, ``events``, one row per
event with the sender id and a Unix timestamp. A conversation whose newest event is
older than ``retention`` is deleted whole. A message that arrives during the purge is
never deleted (only events older than the cut-off are), and it starts a new session
anyway: a conversation idle for longer than ``session_config`` (domain/conversation.yml)
begins again on its next message.

The daily retention job calls this; it is safe to run at any time, from any process,
any number of times, on SQLite and PostgreSQL. Plain SQLAlchemy: no Rasa import.
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import List, Optional, Union

from sqlalchemy import column, delete, func, inspect, select, table
from sqlalchemy.engine import Engine

from actions.booking.clock import utc_now
from actions.booking.database import make_engine

logger = logging.getLogger(__name__)

EVENTS_TABLE = "events"  # the table of Rasa 3.6's SQLTrackerStore
# Sender ids deleted per statement: keeps each statement's parameter list small.
BATCH = 500

_events = table(EVENTS_TABLE, column("sender_id"), column("timestamp"))


def purge_expired_conversations(
    target: Union[str, Engine], *, retention: dt.timedelta, now: Optional[dt.datetime] = None
) -> int:
    """Deletes the conversations whose newest event is older than ``now - retention``;
    returns how many conversations were deleted. ``target``: the tracker store's URL
    (``TRACKER_STORE_URL``) or an engine."""
    if retention <= dt.timedelta(0):
        raise ValueError("retention must be positive")
    engine = target if isinstance(target, Engine) else make_engine(target)
    try:
        cutoff = ((now or utc_now()) - retention).timestamp()
        if not inspect(engine).has_table(EVENTS_TABLE):
            return 0  # no conversation was ever stored
        expired = _expired_senders(engine, cutoff)
        for start in range(0, len(expired), BATCH):
            with engine.begin() as connection:
                connection.execute(
                    delete(_events).where(
                        _events.c.sender_id.in_(expired[start : start + BATCH]),
                        # A message that came in meanwhile stays: its events are newer.
                        _events.c.timestamp < cutoff,
                    )
                )
    finally:
        if not isinstance(target, Engine):
            engine.dispose()
    if expired:
        logger.info("retention: %s stored conversations deleted", len(expired))
    return len(expired)


def _expired_senders(engine: Engine, cutoff: float) -> List[str]:
    with engine.connect() as connection:
        return list(
            connection.execute(
                select(_events.c.sender_id)
                .group_by(_events.c.sender_id)
                .having(func.max(_events.c.timestamp) < cutoff)
            ).scalars()
        )


__all__ = ["purge_expired_conversations"]
