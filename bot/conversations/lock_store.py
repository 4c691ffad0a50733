"""Rasa's lock store, chosen by ``LOCK_STORE_URL``: ``endpoints.yml`` names this class.

Rasa handles a conversation's messages one at a time with a ticket lock. With one Rasa
server the lock can live in its memory (``InMemoryLockStore``); servers that share
conversations must share the lock: Rasa's ``RedisLockStore``, used here unchanged,
configured by one URL instead of Rasa's separate host/port/password keys.

Rasa's Redis lock reads and writes a conversation's tickets in separate commands, so
two servers taking messages of one conversation at the same instant can both get the
lock. The bridges therefore send all of a conversation's messages to the same server
(``bot/routing.py``); the shared lock covers the moments when a conversation moves to
another server (a server stopped or added). See docs/deployment.md.
"""
from __future__ import annotations

import logging
import os
from typing import Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from bot.conversations.settings import DEFAULT_LOCK_KEY_PREFIX, parse_redis_url

logger = logging.getLogger(__name__)

# A lock store call that waits longer than this fails the message (Rasa answers 500,
# the bridges apologise) rather than hanging it.
REDIS_SOCKET_TIMEOUT_SECONDS = 5


def redis_lock_store(url: str, key_prefix: str = DEFAULT_LOCK_KEY_PREFIX) -> RedisLockStore:
    """Rasa's ``RedisLockStore`` for ``redis://[[user]:password@]host[:port][/db]``."""
    address = parse_redis_url(url)
    return RedisLockStore(
        host=address.host,
        port=address.port,
        db=address.db,
        username=address.username,
        password=address.password,
        use_ssl=address.use_ssl,
        key_prefix=key_prefix,
        socket_timeout=REDIS_SOCKET_TIMEOUT_SECONDS,
    )


def _sanic_workers() -> int:
    try:
        return int(os.environ.get("SANIC_WORKERS", "") or 1)
    except ValueError:
        return 1  # Rasa says so and runs one worker


class ConfiguredLockStore(LockStore):
    """``RedisLockStore`` when ``url`` (``LOCK_STORE_URL``) is set, ``InMemoryLockStore`` otherwise.

    Rasa's ticket-lock algorithm (``LockStore.lock``) runs unchanged on top; only the
    storage of a conversation's lock is delegated.
    """

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None) -> None:
        super().__init__()
        url = ((endpoint_config.url if endpoint_config else None) or "").strip()
        prefix = ((endpoint_config.kwargs.get("key_prefix") if endpoint_config else None) or "").strip()
        if url:
            self.backend: LockStore = redis_lock_store(url, prefix or DEFAULT_LOCK_KEY_PREFIX)
            self._check_redis_answers()
        else:
            if _sanic_workers() > 1:
                # Rasa counts any custom lock store as safe for several workers: this one
                # is not when it keeps the lock in memory.
                raise SystemExit("SANIC_WORKERS > 1 demande un verrou partagé : définissez LOCK_STORE_URL (Redis).")
            self.backend = InMemoryLockStore()

    def _check_redis_answers(self) -> None:
        # A wrong address is said at start, not at the first user's message.
        try:
            self.backend.red.ping()  # type: ignore[attr-defined]
            logger.info("Verrous des conversations dans Redis (préfixe %s).", self.backend.key_prefix)  # type: ignore[attr-defined]
        except Exception as error:  # the server may come up later: each message tries again
            logger.error("Redis (LOCK_STORE_URL) ne répond pas : %s", type(error).__name__)

    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        return self.backend.get_lock(conversation_id)

    def delete_lock(self, conversation_id: Text) -> None:
        self.backend.delete_lock(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        self.backend.save_lock(lock)
