"""The staff page's database access: one engine, made at first use, calls run in a thread.

The web server reads the same database as the action server (``DATABASE_URL``); the
action server prepares it (migrations, reference data). Each call is one short
transaction, run in Starlette's thread pool so that the event loop never waits on the
database.
"""
from __future__ import annotations

import threading
from typing import Callable, Optional, TypeVar

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from actions.booking.database import make_engine
from actions.booking.service import make_sessionmaker

T = TypeVar("T")


class StaffDatabase:
    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Optional[Engine] = None
        self._sessions: Optional[sessionmaker] = None
        self._lock = threading.Lock()

    def _maker(self) -> sessionmaker:
        if self._sessions is None:
            with self._lock:
                if self._sessions is None:
                    self._engine = make_engine(self.url)
                    self._sessions = make_sessionmaker(self._engine)
        return self._sessions

    def call(self, work: Callable[[Session], T]) -> T:
        """``work(db)`` in one transaction (committed if it returns, rolled back if it raises)."""
        with self._maker().begin() as db:
            return work(db)

    async def run(self, work: Callable[[Session], T]) -> T:
        return await run_in_threadpool(self.call, work)

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
