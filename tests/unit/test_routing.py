"""Sticky routing to several Rasa servers (bot/routing.py) and the Rasa client's failover."""
from __future__ import annotations

import json
import uuid
from collections import Counter

import httpx
import pytest

from bot.routing import DOWN_SECONDS, REFRESH_SECONDS, RasaServers, rendezvous_order, resolve_addresses
from bot.settings import load_settings
from bot.telegram.rasa_client import AssistantUnavailable, RasaClient

A = "http://10.0.0.1:5005/webhooks/rest/webhook"
B = "http://10.0.0.2:5005/webhooks/rest/webhook"
C = "http://10.0.0.3:5005/webhooks/rest/webhook"
SENDERS = [f"web:{uuid.UUID(int=n)}" for n in range(3000)]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# -- the choice of server ---------------------------------------------------------------


def test_every_message_of_a_conversation_goes_to_the_same_server_whatever_the_list_order():
    for sender in SENDERS[:200]:
        assert rendezvous_order([A, B, C], sender) == rendezvous_order([C, A, B], sender)


def test_conversations_are_spread_evenly():
    counts = Counter(rendezvous_order([A, B, C], sender)[0] for sender in SENDERS)
    assert all(900 < count < 1100 for count in counts.values()), counts


def test_adding_a_server_moves_only_the_conversations_it_takes():
    before = {sender: rendezvous_order([A, B], sender)[0] for sender in SENDERS}
    after = {sender: rendezvous_order([A, B, C], sender)[0] for sender in SENDERS}
    moved = [sender for sender in SENDERS if before[sender] != after[sender]]
    assert all(after[sender] == C for sender in moved)  # nobody moves between A and B
    assert 800 < len(moved) < 1200


def test_removing_a_server_moves_only_its_conversations():
    before = {sender: rendezvous_order([A, B, C], sender) for sender in SENDERS}
    for sender in SENDERS:
        after = rendezvous_order([A, B], sender)
        if before[sender][0] != C:
            assert after[0] == before[sender][0]
        else:
            assert after[0] == before[sender][1]  # its second choice, the same in every bridge


async def test_a_server_found_down_is_tried_last_until_it_has_rested():
    clock = FakeClock()
    servers = RasaServers([A, B], clock=clock)
    sender = next(s for s in SENDERS if rendezvous_order([A, B], s)[0] == A)
    assert await servers.candidates(sender) == [A, B]
    servers.mark_down(A)
    assert await servers.candidates(sender) == [B, A]
    clock.now += DOWN_SECONDS + 1
    assert await servers.candidates(sender) == [A, B]
    servers.mark_down(A)
    servers.mark_up(A)  # it answered again
    assert await servers.candidates(sender) == [A, B]


async def test_dns_discovery_turns_a_name_into_every_address_and_looks_again_later():
    clock = FakeClock()
    answers = {"rasa": ["10.0.0.1", "10.0.0.2"]}

    async def resolver(host, port):
        if host not in answers:
            raise OSError("unknown")
        return answers[host]

    servers = RasaServers(
        ["http://rasa:5005/webhooks/rest/webhook"], discover_by_dns=True, clock=clock, resolver=resolver
    )
    assert sorted(await servers.candidates("web:1")) == [A, B]
    answers["rasa"] = ["10.0.0.1", "10.0.0.2", "10.0.0.3"]  # a pod added
    assert sorted(await servers.candidates("web:1")) == [A, B]  # not looked up again yet
    clock.now += REFRESH_SECONDS
    assert sorted(await servers.candidates("web:1")) == [A, B, C]
    del answers["rasa"]  # every pod restarting: the name is kept, connecting will tell
    clock.now += REFRESH_SECONDS
    assert await servers.candidates("web:1") == ["http://rasa:5005/webhooks/rest/webhook"]


async def test_without_discovery_names_are_not_looked_up():
    async def fail(host, port):
        raise AssertionError("no DNS lookup expected")

    servers = RasaServers(
        ["http://rasa-1:5005/webhooks/rest/webhook", "http://rasa-2:5005/webhooks/rest/webhook"], resolver=fail
    )
    assert len(await servers.candidates("web:1")) == 2


async def test_the_system_resolver_finds_the_loopback():
    assert "127.0.0.1" in await resolve_addresses("localhost", 5005)


# -- settings ---------------------------------------------------------------------------


def test_by_default_the_bridges_use_the_one_server_on_rasa_port():
    settings = load_settings({"RASA_PORT": "5999"})
    assert settings.rest_webhook_urls == ("http://127.0.0.1:5999/webhooks/rest/webhook",)
    assert not settings.rasa_discover_by_dns


def test_rasa_urls_lists_the_servers():
    settings = load_settings({"RASA_URLS": "http://rasa-1:5005, http://rasa-2:5005/ ,", "RASA_DISCOVERY": "dns"})
    assert settings.rest_webhook_urls == (
        "http://rasa-1:5005/webhooks/rest/webhook",
        "http://rasa-2:5005/webhooks/rest/webhook",
    )
    assert settings.rasa_discover_by_dns


@pytest.mark.parametrize(
    "environ",
    [{"RASA_URLS": "rasa-1:5005"}, {"RASA_URLS": "ftp://rasa"}, {"RASA_URLS": "http://rasa:port"},
     {"RASA_DISCOVERY": "consul"}],
)
def test_wrong_rasa_settings_stop_with_a_message(environ):
    with pytest.raises(SystemExit):
        load_settings(environ)


# -- the client's failover ----------------------------------------------------------------


def _sender_preferring(server: str, servers=(A, B)) -> str:
    return next(s for s in SENDERS if rendezvous_order(list(servers), s)[0] == server)


async def _send(servers, handler, sender, deadline=8.0):
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        client = RasaClient(servers, http, deadline_seconds=deadline)
        return await client.send(sender, "bonjour", {"channel": "web"})


async def test_a_conversation_stays_on_its_server():
    seen = []

    def handler(request):
        seen.append(str(request.url))
        return httpx.Response(200, json=[{"text": "Bonjour"}])

    servers = RasaServers([A, B])
    sender = _sender_preferring(B)
    for _ in range(5):
        assert await _send(servers, handler, sender) == [{"text": "Bonjour"}]
    assert seen == [B] * 5


async def test_when_its_server_is_down_the_message_goes_at_once_to_the_next_and_stays_there():
    seen = []

    def handler(request):
        seen.append(str(request.url))
        if str(request.url) == A:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json=[{"text": json.loads(request.content)["message"]}])

    servers = RasaServers([A, B])
    sender = _sender_preferring(A)
    assert await _send(servers, handler, sender, deadline=1.0) == [{"text": "bonjour"}]
    assert await _send(servers, handler, sender, deadline=1.0) == [{"text": "bonjour"}]
    assert seen == [A, B, B]  # the second message does not knock on A again


async def test_every_server_down_gives_up_before_the_deadline():
    def handler(request):
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(AssistantUnavailable):
        await _send(RasaServers([A, B]), handler, "web:1", deadline=3.0)


async def test_a_slow_server_is_not_asked_twice():
    seen = []

    def handler(request):
        seen.append(str(request.url))
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(AssistantUnavailable):
        await _send(RasaServers([A, B]), handler, "web:1")
    assert len(seen) == 1  # Rasa may still be answering: sending again would answer twice
