"""The booking back end of the running action server: one engine, one service, prepared once.

    backend = booking_backend()     # first call: migrations, reference data, demo
                                    # schedule if needed, retention purge (DATABASE_URL,
                                    # default var/afpa.db); later calls: the same object
    backend.service                 # BookingService (each call its own transaction)
    backend.now()                   # the service's clock (aware UTC)

The action server calls ``booking_backend()`` when it loads ``actions.dialogue.booking``;
tests install their own with ``use_backend(BookingBackend(engine, clock=...))``.
"""
from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import Callable, Optional

from sqlalchemy.engine import Engine

from actions.booking.clock import utc_now
from actions.booking.retention import erase_expired_personal_data
from actions.booking.service import BookingService

logger = logging.getLogger(__name__)

PURGE_EVERY_SECONDS = 3600


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


def booking_backend() -> BookingBackend:
    """The shared back end, prepared on first use (thread-safe)."""
    global _backend
    if _backend is None:
        with _lock:
            if _backend is None:
                from actions.booking.startup import prepare_database

                backend = BookingBackend(prepare_database())
                backend.purge()
                _start_purger(backend)
                _backend = backend
    return _backend


def use_backend(backend: Optional[BookingBackend]) -> None:
    """Installs ``backend`` (tests), or forgets the current one (None)."""
    global _backend
    with _lock:
        _backend = backend


def _start_purger(backend: BookingBackend) -> None:
    global _purger

    def loop() -> None:
        stop = threading.Event()
        while not stop.wait(PURGE_EVERY_SECONDS):
            backend.purge()

    _purger = threading.Thread(target=loop, name="booking-retention", daemon=True)
    _purger.start()


__all__ = ["BookingBackend", "PURGE_EVERY_SECONDS", "booking_backend", "use_backend"]
