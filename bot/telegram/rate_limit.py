"""Per-chat rate limit: a token bucket, so that one user cannot flood the assistant.

Each chat may send ``capacity`` messages at once, then one more every
``period / capacity`` seconds. When a chat is over its limit, the first
message gets a polite notice and the next ones are dropped silently until the
bucket refills (answering every message of a flood would flood Telegram).
"""
from __future__ import annotations

import enum
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Hashable


class Verdict(enum.Enum):
    ALLOWED = "allowed"
    NOTIFY = "notify"  # over the limit: tell the user once
    DROP = "drop"  # over the limit, already told: stay silent


@dataclass
class _Bucket:
    tokens: float
    updated_at: float
    notified: bool = False


class ChatRateLimiter:
    def __init__(
        self,
        capacity: int,
        period_seconds: float,
        *,
        max_chats: int = 50_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if capacity < 1 or period_seconds <= 0:
            raise ValueError("capacity must be >= 1 and period_seconds > 0")
        self._capacity = float(capacity)
        self._refill_per_second = capacity / period_seconds
        self._max_chats = max_chats
        self._clock = clock
        # Least recently seen first: when memory is full, the chat quiet for
        # the longest time is forgotten (its bucket was full again anyway, or
        # nearly so).
        self._buckets: "OrderedDict[Hashable, _Bucket]" = OrderedDict()

    def check(self, chat_key: Hashable) -> Verdict:
        now = self._clock()
        bucket = self._buckets.get(chat_key)
        if bucket is None:
            bucket = _Bucket(tokens=self._capacity, updated_at=now)
            self._buckets[chat_key] = bucket
            while len(self._buckets) > self._max_chats:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(chat_key)
            elapsed = max(0.0, now - bucket.updated_at)
            bucket.tokens = min(self._capacity, bucket.tokens + elapsed * self._refill_per_second)
            bucket.updated_at = now

        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.notified = False
            return Verdict.ALLOWED
        if bucket.notified:
            return Verdict.DROP
        bucket.notified = True
        return Verdict.NOTIFY

    def __len__(self) -> int:
        return len(self._buckets)
