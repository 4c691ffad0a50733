"""Which Rasa server gets a conversation's messages: always the same one (sticky routing).

Several Rasa servers share the conversations (tracker store) and their locks (Redis),
but Rasa's Redis lock can let two servers handle one conversation at once when they
take its messages at the same instant. The bridges know each message's sender, so
they choose the server themselves, by rendezvous hashing: every server gets a score
from a hash of (server, sender) and the highest score wins. Every bridge process
makes the same choice with no shared state, and removing or adding a server moves only
the conversations it loses or wins.

A server that cannot be reached is skipped for ``DOWN_SECONDS``: its conversations go
to their second choice meanwhile, which has the same stored conversation.

With ``discover_by_dns``, each host name stands for every address it resolves to,
looked up again every ``REFRESH_SECONDS``: a Kubernetes headless Service lists the
ready Rasa pods that way (docs/deployment.md).
"""
from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import logging
import socket
import time
from typing import Awaitable, Callable, Dict, List, Optional, Sequence, Tuple
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

DOWN_SECONDS = 15.0
REFRESH_SECONDS = 10.0


def rendezvous_order(servers: Sequence[str], sender_id: str) -> List[str]:
    """``servers`` from the most to the least preferred for ``sender_id`` (deterministic)."""

    def score(server: str) -> bytes:
        return hashlib.blake2b(f"{server}\n{sender_id}".encode("utf-8"), digest_size=8).digest()

    return sorted(dict.fromkeys(servers), key=lambda server: (score(server), server), reverse=True)


Resolver = Callable[[str, Optional[int]], Awaitable[List[str]]]


async def resolve_addresses(host: str, port: Optional[int]) -> List[str]:
    """Every address of ``host`` (the system's resolver, off the event loop)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _with_host(url: str, address: str) -> str:
    parts = urlsplit(url)
    host = f"[{address}]" if ":" in address else address
    netloc = f"{host}:{parts.port}" if parts.port else host
    return parts._replace(netloc=netloc).geturl()


class RasaServers:
    """The REST webhook URLs of the Rasa servers, and the order to try them in for a sender."""

    def __init__(
        self,
        webhook_urls: Sequence[str],
        *,
        discover_by_dns: bool = False,
        clock: Callable[[], float] = time.monotonic,
        resolver: Resolver = resolve_addresses,
    ) -> None:
        if not webhook_urls:
            raise ValueError("at least one Rasa server is needed")
        self._configured: Tuple[str, ...] = tuple(dict.fromkeys(webhook_urls))
        self._discover_by_dns = discover_by_dns
        self._clock = clock
        self._resolver = resolver
        self._down_until: Dict[str, float] = {}
        self._resolved: Tuple[str, ...] = self._configured
        self._resolved_at = float("-inf")

    @classmethod
    def of(cls, servers: "RasaServers | str | Sequence[str]") -> "RasaServers":
        if isinstance(servers, RasaServers):
            return servers
        return cls((servers,) if isinstance(servers, str) else tuple(servers))

    async def candidates(self, sender_id: str) -> List[str]:
        """Every server, the preferred one for ``sender_id`` first; those recently found down last."""
        servers = await self._servers()
        ordered = rendezvous_order(servers, sender_id)
        now = self._clock()
        up = [server for server in ordered if self._down_until.get(server, 0) <= now]
        return up + [server for server in ordered if server not in up]

    def mark_down(self, server: str) -> None:
        if self._down_until.get(server, 0) <= self._clock():
            logger.warning("Serveur Rasa injoignable : %s", server)
        self._down_until[server] = self._clock() + DOWN_SECONDS

    def mark_up(self, server: str) -> None:
        self._down_until.pop(server, None)

    async def _servers(self) -> Tuple[str, ...]:
        if not self._discover_by_dns or self._clock() - self._resolved_at < REFRESH_SECONDS:
            return self._resolved
        self._resolved_at = self._clock()
        resolved: List[str] = []
        for url in self._configured:
            resolved.extend(await self._addresses_of(url))
        self._resolved = tuple(sorted(dict.fromkeys(resolved))) or self._configured
        return self._resolved

    async def _addresses_of(self, url: str) -> List[str]:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if _is_ip_address(host):
            return [url]
        try:
            addresses = await self._resolver(host, parts.port)
        except OSError:
            addresses = []
        if not addresses:
            # No address now (every pod restarting?): keep the name, the connection will say.
            logger.warning("Aucune adresse pour le serveur Rasa %s", host)
            return [url]
        return [_with_host(url, address) for address in addresses]


__all__ = ["DOWN_SECONDS", "REFRESH_SECONDS", "RasaServers", "rendezvous_order", "resolve_addresses"]
