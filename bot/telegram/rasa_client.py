"""Client of the Rasa REST channel, with a deadline and bounded retries.

The user must get an answer, at worst an apology, within 10 seconds: every
call has one overall deadline (8 s by default), retries included.

Only failures where the message most likely did not reach Rasa are retried:
connection refused, a kept-alive connection found closed or reset (after a
restart of Rasa or of a proxy, the first request on an old connection fails
that way), 502/503/504 from a proxy in front of Rasa. A read timeout is not
retried: Rasa may still be handling the message, and sending it again would
make the assistant answer it twice.

With several Rasa servers (``RASA_URLS``), each conversation goes to its own
server (``bot/routing.py``); a retry goes to the conversation's next server at
once, and a server that refuses connections is avoided for a while.
"""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

import httpx

from bot import metrics
from bot.routing import RasaServers

logger = logging.getLogger(__name__)

# A few quick retries ride out a restart of a proxy or a dropped connection;
# a Rasa server that is down stays down longer than any user would wait, so
# the apology comes after ~3.5 s rather than at the deadline.
MAX_ATTEMPTS = 4
FIRST_BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 2.0
CONNECT_TIMEOUT_SECONDS = 2.0
RETRYABLE_STATUSES = frozenset({502, 503, 504})
# Failures that say the server itself is away (not just one connection): the
# conversation's next server takes over for a while.
SERVER_DOWN_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout)
# Errors that mean the request did not get through (a connection that dies
# after Rasa has handled a message but before it answers is far rarer).
RETRYABLE_ERRORS = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.RemoteProtocolError,
    httpx.ReadError,
    httpx.WriteError,
)

RasaMessage = Dict[str, Any]


class AssistantUnavailable(Exception):
    """Rasa did not answer usably before the deadline. ``reason`` is safe to log (no user data)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RasaClient:
    def __init__(
        self, servers: Union[RasaServers, str, Sequence[str]], http: httpx.AsyncClient, *, deadline_seconds: float = 8.0
    ) -> None:
        """``servers``: the REST webhook URL of the Rasa server, or several (``RasaServers``)."""
        self._servers = RasaServers.of(servers)
        self._http = http
        self._deadline_seconds = deadline_seconds

    async def send(self, sender_id: str, message: str, metadata: Mapping[str, Any]) -> List[RasaMessage]:
        """The assistant's replies to ``message``; raises AssistantUnavailable.

        Counted in the metrics (bot/metrics.py) by channel (the sender id's prefix)."""
        channel = sender_id.split(":", 1)[0] if ":" in sender_id else "other"
        started = time.perf_counter()
        try:
            replies = await self._send(sender_id, message, metadata)
        except AssistantUnavailable:
            metrics.MESSAGES.labels(channel=channel, outcome="unavailable").inc()
            raise
        metrics.MESSAGES.labels(channel=channel, outcome="answered").inc()
        metrics.REPLY_SECONDS.labels(channel=channel).observe(time.perf_counter() - started)
        return replies

    async def _send(self, sender_id: str, message: str, metadata: Mapping[str, Any]) -> List[RasaMessage]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._deadline_seconds
        body = {"sender": sender_id, "message": message, "metadata": dict(metadata)}
        servers = await self._servers.candidates(sender_id)
        attempt = 0
        while True:
            attempt += 1
            server = servers[(attempt - 1) % len(servers)]
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssistantUnavailable(f"no answer before the deadline ({attempt - 1} attempts)")
            try:
                response = await self._http.post(
                    server,
                    json=body,
                    timeout=httpx.Timeout(remaining, connect=min(CONNECT_TIMEOUT_SECONDS, remaining)),
                )
            except RETRYABLE_ERRORS as error:
                failure = type(error).__name__
                if isinstance(error, SERVER_DOWN_ERRORS):
                    self._servers.mark_down(server)
            except httpx.TimeoutException as error:
                raise AssistantUnavailable(f"{type(error).__name__} after {attempt} attempt(s)") from None
            except httpx.HTTPError as error:
                raise AssistantUnavailable(type(error).__name__) from None
            else:
                if response.status_code in RETRYABLE_STATUSES:
                    failure = f"HTTP {response.status_code}"
                    self._servers.mark_down(server)
                elif response.status_code != 200:
                    raise AssistantUnavailable(f"HTTP {response.status_code}")
                else:
                    self._servers.mark_up(server)
                    return _replies(response)

            if attempt < len(servers):
                # Another server holds the same conversation: no reason to wait.
                logger.info("Rasa injoignable (%s), essai sur un autre serveur", failure)
                continue
            backoff = min(MAX_BACKOFF_SECONDS, FIRST_BACKOFF_SECONDS * 2 ** (attempt - len(servers)))
            if attempt >= MAX_ATTEMPTS or loop.time() + backoff >= deadline:
                raise AssistantUnavailable(f"{failure}, {attempt} attempt(s), deadline reached")
            logger.info("Rasa injoignable (%s), nouvel essai dans %.1f s", failure, backoff)
            await asyncio.sleep(backoff)


def _replies(response: httpx.Response) -> List[RasaMessage]:
    try:
        payload: Optional[Any] = response.json()
    except ValueError:
        raise AssistantUnavailable("answer is not JSON") from None
    if not isinstance(payload, list) or not all(isinstance(item, dict) for item in payload):
        raise AssistantUnavailable("answer is not a list of messages")
    return payload
