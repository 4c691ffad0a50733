"""Two Rasa servers and two action servers sharing PostgreSQL and Redis, as in a region.

Rasa server A talks to action server A, B to B; both Rasa servers keep conversations
in the same PostgreSQL schema (the test's own: ``DATABASE_URL`` only, so the tracker
store's default, the bookings' database, is what is tested) and take their locks in
the machine's Redis under a key prefix of the test's own. The web server knows both
Rasa servers (``RASA_URLS``) and sends each conversation to its own.

- A conversation whose messages alternate between the two servers gets exactly what
  a conversation held on one server gets, through an eligibility check and a booking;
  the booking is in PostgreSQL.
- One Rasa server killed in the middle of conversations: they go on, intact, on the
  other, both over REST and through the web server.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List

import httpx
import pytest
from sqlalchemy import select

from actions.booking import make_engine
from actions.booking.models import Booking
from bot.launcher import VENV_BIN, build_processes
from bot.routing import rendezvous_order
from bot.settings import PROJECT_ROOT, Settings
from bot.web.identity import Identity
from tests.cluster.conftest import (
    Process, Talk, clean_environment, payloads, responds, stop_all, text_of, wait_until_ready,
)
from tests.e2e.conftest import free_port

pytestmark = pytest.mark.e2e

ELIGIBILITY = ["je peux faire quoi ?", "17", "j'ai quitté le lycée", "non"]
SESSION_PAYLOAD = re.compile(r'^/book_workshop\{"booking_session":"\d+"\}$')


@dataclass
class Region:
    rasa: Dict[str, Process]  # "A", "B"
    rasa_urls: Dict[str, str]
    web: str
    web_secret_file: str
    database_url: str

    def webhook(self, name: str) -> str:
        return f"{self.rasa_urls[name]}/webhooks/rest/webhook"


@pytest.fixture(scope="module")
def region(tmp_path_factory, postgres_url, redis_url):
    folder = tmp_path_factory.mktemp("region")
    lock_store_url, key_prefix = redis_url
    shared = clean_environment(DATABASE_URL=postgres_url, LOCK_STORE_URL=lock_store_url, LOCK_STORE_KEY_PREFIX=key_prefix)
    processes: List[Process] = []
    rasa, rasa_urls = {}, {}
    for name in ("A", "B"):
        settings = Settings(rasa_port=free_port(), action_port=free_port(), model_path=PROJECT_ROOT / "models")
        action_server, rasa_server = build_processes(settings)  # the command lines of make run
        processes.append(Process(f"actions-{name}", action_server.command, {**shared, **action_server.env}, folder,
                                 [action_server.health_url]))
        rasa[name] = Process(f"rasa-{name}", rasa_server.command, {**shared, **rasa_server.env}, folder,
                             [rasa_server.health_url])
        rasa_urls[name] = settings.rasa_url
        processes.append(rasa[name])
    web_port = free_port()
    secret_file = str(folder / "web-secret")
    processes.append(Process(
        "web", [str(VENV_BIN / "python"), "-m", "bot.web"],
        {**shared, "WEB_PORT": str(web_port), "WEB_SECRET_FILE": secret_file,
         "RASA_URLS": ",".join(rasa_urls.values())},
        folder, [f"http://127.0.0.1:{web_port}/health"],
    ))
    try:
        for process in processes:
            process.start()  # all at once: the action servers prepare the database one at a time
        wait_until_ready(processes)
        yield Region(rasa, rasa_urls, f"http://127.0.0.1:{web_port}", secret_file, postgres_url)
    finally:
        stop_all(processes)


def alternate(region: Region):
    """A, B, A, B…: the server of each next message."""
    while True:
        yield region.rasa_urls["A"]
        yield region.rasa_urls["B"]


async def book(talk: Talk, servers) -> str:
    """A whole booking, each message on the next server; the last reply's text."""
    await talk.say(next(servers), "je veux m'inscrire à un atelier découverte")
    sessions = [p for p in payloads(await talk.say(next(servers), "59100")) if SESSION_PAYLOAD.match(p)]
    assert sessions, talk.replies[-1]
    for message in (sessions[0], "Inès", "ines.martin@exemple.fr"):
        await talk.say(next(servers), message)
    return text_of(await talk.say(next(servers), "oui"))


def booking_of(database_url: str, sender: str):
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                select(Booking.reference, Booking.first_name, Booking.contact, Booking.status)
                .where(Booking.sender_id == sender)
            ).all()
    finally:
        engine.dispose()


async def test_messages_alternating_between_servers_get_what_one_server_gives(region):
    async with httpx.AsyncClient() as client:
        on_one_server, alternating = Talk(client), Talk(client)
        servers = alternate(region)
        for message in ELIGIBILITY:
            await on_one_server.say(region.rasa_urls["A"], message)
            await alternating.say(next(servers), message)
        assert alternating.replies == on_one_server.replies
        assert "17 ans" in alternating.replies[-1]

        done = await book(alternating, alternate(region))
    (stored,) = booking_of(region.database_url, alternating.sender)
    assert stored.first_name == "Inès" and stored.contact == "ines.martin@exemple.fr" and stored.status == "booked"
    assert f"{stored.reference[:3]} {stored.reference[3:]}" in done


async def test_a_rasa_server_killed_mid_conversation_the_other_carries_on(region):
    identity = Identity(open(region.web_secret_file, "rb").read().strip(), max_age_seconds=3600)
    async with httpx.AsyncClient() as client:
        control = Talk(client)
        for message in ELIGIBILITY:
            await control.say(region.rasa_urls["A"], message)
        widget, rest = Talk(client, "web"), Talk(client)
        await widget.say_on_web(region.web, ELIGIBILITY[0])
        # The server holding the widget's conversation (the web server's choice) will die.
        sender = identity.conversation_of(widget.web_token).sender_id
        preferred = rendezvous_order([region.webhook("A"), region.webhook("B")], sender)[0]
        victim, survivor = ("A", "B") if preferred == region.webhook("A") else ("B", "A")
        await widget.say_on_web(region.web, ELIGIBILITY[1])
        for message in ELIGIBILITY[:2]:
            await rest.say(region.rasa_urls[victim], message)

        region.rasa[victim].kill()
        assert not responds(f"{region.rasa_urls[victim]}/")

        for message in ELIGIBILITY[2:]:
            await widget.say_on_web(region.web, message)  # the web server finds the other server
            await rest.say(region.rasa_urls[survivor], message)
        assert widget.replies == control.replies
        assert rest.replies == control.replies

        # New conversations go on too, bookings included.
        newcomer = Talk(client, "web")
        await newcomer.say_on_web(region.web, "bonjour")
        assert newcomer.replies[0].strip()
        booker = Talk(client)
        done = await book(booker, iter(lambda: region.rasa_urls[survivor], None))
    (stored,) = booking_of(region.database_url, booker.sender)
    assert stored.status == "booked" and stored.reference[:3] in done
