"""The retention job: erases personal data past its retention period (docs/privacy.md).

    python -m bot.retention          # runs now, then every RETENTION_INTERVAL_HOURS (make run starts it)
    python -m bot.retention --once   # runs once and exits (cron, a Kubernetes CronJob)

Each run:

- bookings (``DATABASE_URL``): first name, contact and sender id erased ``RETENTION_DAYS``
  days after the workshop (``actions.booking.retention.erase_expired_personal_data``);
- handoff requests (same database): contact, summary and sender id erased
  ``RETENTION_DAYS`` days after the request; old outbox messages, expired staff
  sign-in links and sessions deleted (``actions.staff.retention``);
- conversations (``TRACKER_STORE_URL``, Rasa's SQL tracker store): deleted whole
  ``RETENTION_DAYS`` days after their last message
  (``bot.conversations.retention.purge_expired_conversations``).

Both are safe at any time, from any number of processes. A database that does not answer
costs only that run (logged, without any personal data), the next run tries again; a
database where nothing was ever stored has nothing to purge. Plain SQLAlchemy: no Rasa.
"""
from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import signal
import sys
import threading
from dataclasses import dataclass
from typing import Mapping, Optional

from sqlalchemy import inspect

from actions.booking.clock import utc_now
from actions.booking.database import default_database_url, make_engine
from actions.booking.retention import erase_expired_personal_data
from actions.staff.retention import erase_expired_staff_data
from bot.logs import configure_logging
from actions.privacy import load_retention_days, load_retention_interval_hours
from bot.conversations.retention import purge_expired_conversations
from bot.conversations.settings import load_conversation_store_settings

logger = logging.getLogger("retention")


@dataclass(frozen=True)
class RetentionReport:
    bookings_erased: Optional[int]  # None: that database could not be reached this time
    conversations_deleted: Optional[int]
    handoff_requests_erased: Optional[int] = 0


def run_once(environ: Mapping[str, str] = os.environ, now: Optional[dt.datetime] = None) -> RetentionReport:
    """One run of both purges; never raises for a database that does not answer."""
    retention = dt.timedelta(days=load_retention_days(environ))
    now = now or utc_now()
    database_url = environ.get("DATABASE_URL") or default_database_url()
    tracker_store_url = load_conversation_store_settings(environ).tracker_store_url
    bookings = _guarded("bookings", lambda: _in_database(database_url, "bookings", erase_expired_personal_data,
                                                         now, retention))
    requests = _guarded("handoff requests", lambda: _in_database(database_url, "handoff_requests",
                                                                 erase_expired_staff_data, now, retention))
    conversations = _guarded(
        "conversations", lambda: purge_expired_conversations(tracker_store_url, retention=retention, now=now)
    )
    logger.info(
        "retention run (%s days): bookings erased=%s, handoff requests erased=%s, conversations deleted=%s",
        retention.days, _shown(bookings), _shown(requests), _shown(conversations),
    )
    return RetentionReport(bookings_erased=bookings, conversations_deleted=conversations,
                           handoff_requests_erased=requests)


def _in_database(database_url: str, table: str, erase, now: dt.datetime, retention: dt.timedelta) -> int:
    engine = make_engine(database_url)
    try:
        if not inspect(engine).has_table(table):
            return 0  # the action server has not created (or upgraded) the database yet: nothing stored
        return erase(engine, now, retention)
    finally:
        engine.dispose()


def _guarded(what: str, purge) -> Optional[int]:
    try:
        return purge()
    except Exception as error:  # the next run tries again; the message may quote data: type only
        logger.error("retention of %s failed (%s); next run will try again", what, type(error).__name__)
        return None


def _shown(count: Optional[int]) -> str:
    return "échec" if count is None else str(count)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.retention", description=__doc__.splitlines()[0])
    parser.add_argument("--once", action="store_true", help="une seule fois, puis quitter")
    arguments = parser.parse_args(argv)
    configure_logging("retention")  # LOG_FORMAT like every process; scrubs phones and e-mails
    interval = load_retention_interval_hours() * 3600
    load_retention_days()  # a wrong setting stops here, with its message
    if arguments.once:
        report = run_once()
        return 0 if None not in (report.bookings_erased, report.handoff_requests_erased,
                                 report.conversations_deleted) else 1
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    while not stopping.is_set():
        run_once()
        stopping.wait(interval)
    return 0


if __name__ == "__main__":
    sys.exit(main())
