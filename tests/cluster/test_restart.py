"""Every process stopped and started again in the middle of conversations: nobody notices.

The whole assistant runs as ``make run`` runs it (``python -m bot.launcher``), with
its default stores: the bookings and the conversations in SQLite files side by side
(``conversations.db`` beside the bookings' file). Three people are in the middle of
something when everything stops: an eligibility check over REST, a booking over REST
just before the phone number, an eligibility check in the web widget. Once it has
started again, each goes on where they were and gets what a person who never saw the
restart gets (a control conversation, held in full before the restart).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from actions.booking import make_engine
from actions.booking.models import Booking
from bot.launcher import VENV_BIN
from tests.cluster.conftest import Process, Talk, clean_environment, payloads, responds, text_of, wait_until_ready
from tests.e2e.conftest import free_port

pytestmark = pytest.mark.e2e

ELIGIBILITY = ["je peux faire quoi ?", "17", "j'ai quitté le lycée", "non"]
ELIGIBILITY_BEFORE = 2  # messages sent before the restart
PHONE = "06 12 34 56 78"
SESSION_PAYLOAD = re.compile(r'^/book_workshop\{"booking_session":"\d+"\}$')


@dataclass
class Stack:
    launcher: Process
    rasa: str
    web: str
    folder: Path


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """The launcher, ready to be started, stopped and started again (stopped at the end)."""
    folder = tmp_path_factory.mktemp("restart")
    ports = {name: free_port() for name in ("RASA_PORT", "ACTION_SERVER_PORT", "WEB_PORT")}
    env = clean_environment(
        DATABASE_URL=f"sqlite:///{folder / 'afpa.db'}",
        WEB_SECRET_FILE=str(folder / "web-secret"),
        **{name: str(port) for name, port in ports.items()},
    )
    rasa_url = f"http://127.0.0.1:{ports['RASA_PORT']}"
    web_url = f"http://127.0.0.1:{ports['WEB_PORT']}"
    launcher = Process(
        "launcher", [str(VENV_BIN / "python"), "-m", "bot.launcher"], env, folder,
        [f"{rasa_url}/", f"http://127.0.0.1:{ports['ACTION_SERVER_PORT']}/health", f"{web_url}/health"],
    )
    try:
        yield Stack(launcher, rasa_url, web_url, folder)
    finally:
        launcher.stop()


async def choose_first_session(talk: Talk, rasa: str) -> None:
    await talk.say(rasa, "je veux m'inscrire à un atelier découverte")
    sessions = [p for p in payloads(await talk.say(rasa, "59100")) if SESSION_PAYLOAD.match(p)]
    assert sessions, talk.replies[-1]
    await talk.say(rasa, sessions[0])


async def test_conversations_resume_exactly_where_they_were_after_every_process_restarts(stack):
    rasa, web, launcher = stack.rasa, stack.web, stack.launcher
    wait_until_ready([launcher.start()])
    async with httpx.AsyncClient() as client:
        control = Talk(client)
        for message in ELIGIBILITY:
            await control.say(rasa, message)
        checking, widget, booking = Talk(client), Talk(client, "web"), Talk(client)
        for message in ELIGIBILITY[:ELIGIBILITY_BEFORE]:
            await checking.say(rasa, message)
            await widget.say_on_web(web, message)
        await choose_first_session(booking, rasa)
        await booking.say(rasa, "Marie")

        launcher.stop()  # SIGTERM to the launcher: it stops every process
        assert not any(responds(url) for url in launcher.health_urls)
        wait_until_ready([launcher.start()])

        for message in ELIGIBILITY[ELIGIBILITY_BEFORE:]:
            await checking.say(rasa, message)
            await widget.say_on_web(web, message)  # the same token as before the restart
        consent = await booking.say(rasa, PHONE)
        done = text_of(await booking.say(rasa, "oui"))

        # Context mattered: someone new saying the same thing gets another answer.
        stranger = Talk(client)
        await stranger.say(rasa, ELIGIBILITY[ELIGIBILITY_BEFORE])

    assert checking.replies == control.replies
    assert widget.replies == control.replies
    assert stranger.replies[0] != control.replies[ELIGIBILITY_BEFORE]
    assert "17 ans" in control.replies[-1]

    assert PHONE in text_of(consent) and payloads(consent) == ["/affirm", "/deny"]
    engine = make_engine(f"sqlite:///{stack.folder / 'afpa.db'}")
    try:
        with engine.connect() as connection:
            (stored,) = connection.execute(
                select(Booking.reference, Booking.first_name, Booking.status).where(Booking.sender_id == booking.sender)
            ).all()
    finally:
        engine.dispose()
    assert stored.first_name == "Marie" and stored.status == "booked"  # the name given before the restart
    assert f"{stored.reference[:3]} {stored.reference[3:]}" in done
    assert (stack.folder / "conversations.db").exists()
