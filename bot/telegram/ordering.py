"""Per-chat order: one chat's updates are handled one at a time, in the order they arrived.

python-telegram-bot hands every update to the Application's update processor,
in the order Telegram delivered them (``getUpdates`` returns them by
``update_id``; in webhook mode, in the order they were received), each in a
task of its own. This processor makes each task wait for its chat's turn
before any handler runs: a command, a pressed button and a text of one chat
are handled, and their answers sent, one after the other, while other chats
run at the same time.

Why here rather than in each handler: the turn is taken before any handler
code runs, so nothing (a rate-limit notice, a welcome, the answer to a button
press…) can be sent or forwarded before it; and an update waiting for its
chat's turn does not hold one of the slots that other chats need.

How the order holds: tasks start in the order they were created;
``asyncio.Lock`` and ``asyncio.Semaphore`` (Python 3.10.13+) serve their
waiters first come, first served, and taking a free lock does not yield. So
each update takes its chat's lock in arrival order.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Awaitable, Dict, Hashable, Optional

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Updates held at once, waiting or running (memory bound; Telegram redelivers the rest later).
MAX_PENDING_UPDATES = 1024


@dataclass
class _Turn:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    waiting: int = 0  # updates of this chat running or waiting; the entry goes at zero


def chat_key(update: object) -> Optional[Hashable]:
    """The chat an update belongs to; None when it has none (handled at once, unordered)."""
    if isinstance(update, Update) and update.effective_chat is not None:
        return update.effective_chat.id
    return None


class ChatOrderedUpdateProcessor(BaseUpdateProcessor):
    """Handles up to ``max_concurrent_chats`` chats at once, each chat's updates in order."""

    def __init__(self, max_concurrent_chats: int, max_pending_updates: int = MAX_PENDING_UPDATES) -> None:
        super().__init__(max_concurrent_updates=max_pending_updates)
        self._running = asyncio.Semaphore(max_concurrent_chats)
        self._turns: Dict[Hashable, _Turn] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        if key is None:
            async with self._running:
                await coroutine
            return
        turn = self._turns.setdefault(key, _Turn())
        turn.waiting += 1
        try:
            async with turn.lock:  # taken now, before any await: arrival order
                async with self._running:
                    await coroutine
        finally:
            turn.waiting -= 1
            if turn.waiting == 0:
                del self._turns[key]

    def chats_in_progress(self) -> int:
        return len(self._turns)

    async def initialize(self) -> None:
        """Nothing to prepare."""

    async def shutdown(self) -> None:
        """Nothing to release: the Application waits for the updates in progress."""
