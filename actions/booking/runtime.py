"""The booking back end of the running action server: one engine, one service, prepared once.

    backend = booking_backend()     # first call: migrations, reference data, demo
                                    # schedule if needed, retention purge (DATABASE_URL,
                                    # default var/afpa.db); later calls: the same object
    backend.service                 # BookingService (each call its own transaction)
    backend.now()                   # the service's clock (aware UTC)

Prepared lazily, with retries: the action server starts whether the database answers
or not (bot/action_server.py tries once before serving, then ``prepare_in_background()``
tries every ``DATABASE_RETRY_SECONDS`` until it works). Until then, and whenever the database stops answering during the day,
``booking_backend()`` and the service's calls raise ``BookingUnavailable`` (or SQLAlchemy's
``DBAPIError``): the action server answers that booking is unavailable for now
(``actions.dialogue.booking.booking_unavailable``) while everything else keeps working;
once the database answers again, the next call prepares it (or the connection pool's
ping reconnects) and booking works, without a restart.

Tests install their own back end with ``use_backend(BookingBackend(engine, clock=...))``.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from typing import Callable, Optional

from sqlalchemy.engine import Engine

from actions.booking.clock import utc_now
from actions.booking.retention import erase_expired_personal_data
from actions.booking.service import BookingService

logger = logging.getLogger(__name__)

PURGE_EVERY_SECONDS = 3600
DEFAULT_RETRY_SECONDS = 5.0


class BookingUnavailable(Exception):
    """The bookings' database does not answer (yet): booking is unavailable for now."""


def retry_seconds() -> float:
    """DATABASE_RETRY_SECONDS: the least time between two attempts at preparing the database."""
    from bot.settings import read_number

    return read_number(os.environ, "DATABASE_RETRY_SECONDS", DEFAULT_RETRY_SECONDS, minimum=0.1, maximum=3600)


class BookingBackend:
    def __init__(self, engine: Engine, *, clock: Callable[[], dt.datetime] = utc_now) -> None:
        self.engine = engine
        self.now = clock
        self.service = BookingService(engine, clock=clock)

    def purge(self) -> int:
        """The retention rule (actions.booking.retention); never raises."""
        try:
            return erase_expired_personal_data(self.engine, self.now())
        except Exception:  # a purge that fails must not stop the bookings; it runs again later
            logger.exception("retention purge failed")
            return 0


_backend: Optional[BookingBackend] = None
_lock = threading.Lock()
_purger: Optional[threading.Thread] = None
_failed_at: Optional[float] = None  # monotonic time of the last failed preparation


def booking_backend() -> BookingBackend:
    """The shared back end, prepared on first use (thread-safe).

    Raises ``BookingUnavailable`` when the database cannot be prepared; tries again at
    the first call ``DATABASE_RETRY_SECONDS`` after the last failure (a call in between
    fails at once, without waiting for the database)."""
    global _backend, _failed_at
    if _backend is not None:
        return _backend
    if _failed_at is not None and time.monotonic() - _failed_at < retry_seconds():
        raise BookingUnavailable("the database did not answer a moment ago")
    with _lock:
        if _backend is None:
            if _failed_at is not None and time.monotonic() - _failed_at < retry_seconds():
                raise BookingUnavailable("the database did not answer a moment ago")
            from actions.booking.startup import prepare_database

            try:
                engine = prepare_database()
            except Exception as error:
                # Said once, not at every attempt; the error's type only: its text may
                # hold the database's address.
                log = logger.warning if _failed_at is None else logger.debug
                log("Base de données indisponible (%s) ; nouvel essai toutes les %g s", type(error).__name__, retry_seconds())
                _failed_at = time.monotonic()
                raise BookingUnavailable(type(error).__name__) from error
            _failed_at = None
            backend = BookingBackend(engine)
            backend.purge()
            _start_purger(backend)
            _backend = backend
            logger.info("Base de données prête")
    return _backend


def prepared_backend() -> Optional[BookingBackend]:
    """The shared back end if it is ready, else None; never prepares nor waits (for what may
    be skipped, such as the staff statistics' anonymous events)."""
    return _backend


def prepare_in_background() -> threading.Thread:
    """Prepares the database in a thread of its own, retrying until it works (action
    server start: the server answers meanwhile, without booking)."""

    def loop() -> None:
        while True:
            try:
                booking_backend()
                return
            except BookingUnavailable:
                time.sleep(retry_seconds())

    thread = threading.Thread(target=loop, name="booking-preparation", daemon=True)
    thread.start()
    return thread


def use_backend(backend: Optional[BookingBackend]) -> None:
    """Installs ``backend`` (tests), or forgets the current one (None)."""
    global _backend, _failed_at
    with _lock:
        _backend = backend
        _failed_at = None


def _start_purger(backend: BookingBackend) -> None:
    global _purger

    def loop() -> None:
        stop = threading.Event()
        while not stop.wait(PURGE_EVERY_SECONDS):
            backend.purge()

    _purger = threading.Thread(target=loop, name="booking-retention", daemon=True)
    _purger.start()


__all__ = [
    "BookingBackend", "BookingUnavailable", "PURGE_EVERY_SECONDS", "booking_backend", "prepare_in_background",
    "prepared_backend", "use_backend",
]
