"""One part down, the rest answering: the bookings' database, then the action server.

The Rasa server, the action server and the web server run as ``make run`` starts them
(``bot.launcher.build_processes``), each on its own, so that the test can stop, kill or
replace one. Conversations are kept in a SQLite file; the bookings are in PostgreSQL
(``TEST_DATABASE_URL``) reached through a TCP proxy that the test switches off and on:
a database that does not answer at start, comes back, then goes away during the day.

Database down (issue #9, item 2): programme answers and the eligibility check work,
booking says plainly that it is unavailable for now and how to reach a person; when the
database answers again, booking works without restarting anything.

Action server trouble (item 3): killed, replaced by a server that never answers, then
by one that answers errors 500: each time the person gets, within the bridges' time
(8 s), the short apology and the way to reach a person; the same conversation, once the
real action server is back, carries on from where it was (compared with a control
conversation that never saw any trouble).
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Dict

import httpx
import pytest
from sqlalchemy.engine import make_url

from bot.launcher import VENV_BIN, build_processes
from bot.settings import PROJECT_ROOT, Settings
from bot.telegram.messages import TECHNICAL_PROBLEM
from tests.cluster.conftest import Process, Talk, clean_environment, payloads, responds, stop_all, text_of, wait_until_ready
from tests.cluster.tcp_proxy import TcpProxy
from tests.e2e.conftest import free_port

pytestmark = pytest.mark.e2e

ELIGIBILITY = ["je peux faire quoi ?", "17", "j'ai quitté le lycée", "non"]
PROGRAMME = "c'est quoi la promo 16-18 ?"
SESSION_PAYLOAD = re.compile(r'^/book_workshop\{"booking_session":"\d+"\}$')
BOOKING_UNAVAILABLE = "la réservation ne marche pas pour le moment"
BRIDGE_PATIENCE_SECONDS = 8.0  # WEB_RASA_TIMEOUT_SECONDS and TELEGRAM_RASA_TIMEOUT_SECONDS by default
ACTION_TIMEOUT_SECONDS = "4"


@dataclass
class Stack:
    rasa: str
    web: str
    action_port: int
    actions: Process
    proxy: TcpProxy
    folder: object
    env: Dict[str, str]

    def action_health(self) -> dict:
        return httpx.get(f"http://127.0.0.1:{self.action_port}/health", timeout=5).json()

    def replace_actions(self, process: Process) -> None:
        self.actions.stop()
        self.actions = process
        wait_until_ready([process.start()])

    def fake_actions(self, mode: str) -> Process:
        return Process(
            f"fake-actions-{mode}", [str(VENV_BIN / "python"), "-m", "tests.cluster.fake_action_server", mode, str(self.action_port)],
            self.env, self.folder, [f"http://127.0.0.1:{self.action_port}/health"],
        )

    def real_actions(self) -> Process:
        return Process(self.actions_command[0], self.actions_command[1], self.actions_command[2], self.folder,
                       [f"http://127.0.0.1:{self.action_port}/health"])


@pytest.fixture(scope="module")
def stack(tmp_path_factory, postgres_url):
    folder = tmp_path_factory.mktemp("degraded")
    proxy = TcpProxy(make_url(postgres_url).port or 5432)  # not started: the database does not answer
    database_url = str(make_url(postgres_url).set(host="127.0.0.1", port=proxy.port))
    settings = Settings(rasa_port=free_port(), action_port=free_port(), model_path=PROJECT_ROOT / "models")
    web_port = free_port()
    env = clean_environment(
        DATABASE_URL=database_url,
        TRACKER_STORE_URL=f"sqlite:///{folder / 'conversations.db'}",  # conversations apart from the bookings
        DATABASE_RETRY_SECONDS="1",
        ACTION_TIMEOUT_SECONDS=ACTION_TIMEOUT_SECONDS,
        WEB_PORT=str(web_port),
        WEB_SECRET_FILE=str(folder / "web-secret"),
        RASA_URLS=settings.rasa_url,
    )
    action_server, rasa_server = build_processes(settings)  # the command lines of make run
    actions = Process("actions", action_server.command, {**env, **action_server.env}, folder, [action_server.health_url])
    rasa = Process("rasa", rasa_server.command, {**env, **rasa_server.env}, folder, [rasa_server.health_url])
    web = Process("web", [str(VENV_BIN / "python"), "-m", "bot.web"], env, folder, [f"http://127.0.0.1:{web_port}/live"])
    stack = Stack(settings.rasa_url, f"http://127.0.0.1:{web_port}", settings.action_port, actions, proxy, folder, env)
    stack.actions_command = ("actions", action_server.command, {**env, **action_server.env})
    try:
        for process in (actions, rasa, web):
            process.start()
        wait_until_ready([actions, rasa, web])
        yield stack
    finally:
        stop_all([stack.actions, rasa, web])
        proxy.stop()


def wait_for(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "still waiting"
        time.sleep(0.5)


async def book(talk: Talk, rasa: str) -> str:
    """A whole booking; returns the last answer's text."""
    await talk.say(rasa, "je veux m'inscrire à un atelier découverte")
    offer = await talk.say(rasa, "59100")
    sessions = [p for p in payloads(offer) if SESSION_PAYLOAD.match(p)]
    assert sessions, text_of(offer)
    await talk.say(rasa, sessions[0])
    await talk.say(rasa, "Marie")
    await talk.say(rasa, "06 12 34 56 78")
    return text_of(await talk.say(rasa, "oui"))


async def test_a_database_down_at_start_costs_only_booking_which_comes_back_by_itself(stack):
    health = stack.action_health()
    assert health["status"] == "degraded" and health["dependencies"]["database"]["ok"] is False
    async with httpx.AsyncClient() as client:
        programme = Talk(client)
        assert "16 à 18 ans" in text_of(await programme.say(stack.rasa, PROGRAMME))

        checking = Talk(client)
        for message in ELIGIBILITY:
            await checking.say(stack.rasa, message)
        assert "17 ans" in checking.replies[-1]
        assert not any(TECHNICAL_PROBLEM in reply or BOOKING_UNAVAILABLE in reply for reply in checking.replies)

        booking = Talk(client)
        await booking.say(stack.rasa, "je veux m'inscrire à un atelier découverte")
        refused = await booking.say(stack.rasa, "59100")
        assert BOOKING_UNAVAILABLE in text_of(refused)
        assert "Mission locale" in text_of(refused)  # a way to reach a person
        assert not [p for p in payloads(refused) if SESSION_PAYLOAD.match(p)]
        # The form ended: the next message is a question like any other.
        assert "16 à 18 ans" in text_of(await booking.say(stack.rasa, PROGRAMME))

        stack.proxy.start()  # the database answers again; nothing is restarted
        wait_for(lambda: stack.action_health()["status"] == "ok")
        done = await book(Talk(client), stack.rasa)
    assert re.search(r"\b[A-Z2-9]{3} [A-Z2-9]{3}\b", done), done  # the booking reference


async def test_a_database_lost_during_the_day_costs_only_booking_until_it_returns(stack):
    async with httpx.AsyncClient() as client:
        stack.proxy.stop()  # every connection cut, nobody listening
        try:
            booking = Talk(client)
            await booking.say(stack.rasa, "je veux m'inscrire à un atelier découverte")
            assert BOOKING_UNAVAILABLE in text_of(await booking.say(stack.rasa, "59100"))
            assert "16 à 18 ans" in text_of(await booking.say(stack.rasa, PROGRAMME))
            assert stack.action_health()["status"] == "degraded"
        finally:
            stack.proxy.start()
        done = await book(Talk(client), stack.rasa)
    assert re.search(r"\b[A-Z2-9]{3} [A-Z2-9]{3}\b", done), done  # the booking reference


async def timed_say(talk: Talk, rasa: str, message: str):
    started = time.monotonic()
    replies = await talk.say(rasa, message)
    return text_of(replies), time.monotonic() - started


async def test_action_server_down_slow_or_failing_gets_an_apology_in_time_and_the_conversation_goes_on(stack):
    rasa = stack.rasa
    async with httpx.AsyncClient() as client:
        control = Talk(client)
        for message in ELIGIBILITY:
            await control.say(rasa, message)
        talk = Talk(client)
        for message in ELIGIBILITY[:2]:
            await talk.say(rasa, message)

        # Killed: nobody listens on its port.
        stack.actions.kill()
        apology, seconds = await timed_say(talk, rasa, ELIGIBILITY[2])
        assert apology == TECHNICAL_PROBLEM and seconds < BRIDGE_PATIENCE_SECONDS

        # Alive but never answering: the apology comes after the action deadline, before the bridges give up.
        stack.replace_actions(stack.fake_actions("slow"))
        apology, seconds = await timed_say(talk, rasa, ELIGIBILITY[2])
        assert apology == TECHNICAL_PROBLEM and seconds < BRIDGE_PATIENCE_SECONDS
        widget = Talk(client, "web")
        web_replies = await widget.say_on_web(stack.web, ELIGIBILITY[0])  # through the web server: 200, the apology
        assert text_of(web_replies) == TECHNICAL_PROBLEM

        # Answering errors 500.
        stack.replace_actions(stack.fake_actions("error"))
        apology, seconds = await timed_say(talk, rasa, ELIGIBILITY[2])
        assert apology == TECHNICAL_PROBLEM and seconds < BRIDGE_PATIENCE_SECONDS

        # The real one back: the same conversation carries on where it was (age 17 remembered).
        stack.replace_actions(stack.real_actions())
        for message in ELIGIBILITY[2:]:
            await talk.say(rasa, message)
    assert talk.replies[:2] == control.replies[:2]
    assert talk.replies[-2:] == control.replies[2:]
    assert "17 ans" in talk.replies[-1]
