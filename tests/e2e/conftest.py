"""Starts the real assistant (Rasa server + action server) for end-to-end tests.

The stack is started by the same launcher as ``make run``, on ports of its own
so that a running ``make run`` does not get in the way.
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

from actions.booking import make_engine
from bot.settings import PROJECT_ROOT

E2E_RASA_PORT = int(os.environ.get("E2E_RASA_PORT", "5105"))
E2E_ACTION_PORT = int(os.environ.get("E2E_ACTION_PORT", "5155"))
E2E_WEB_PORT = int(os.environ.get("E2E_WEB_PORT", "5180"))
# The staff Telegram chat of the stack (STAFF_TELEGRAM_CHAT_ID): handoff requests queue a
# message for it; the Telegram tests' bridge delivers it to the stand-in.
E2E_STAFF_CHAT_ID = os.environ.get("E2E_STAFF_TELEGRAM_CHAT_ID", "-1004242")
# The secret staff claims are signed with (actions/staff/claims.py), one per test run: the
# stack under test and the Telegram bridges the tests start in this process share it
# (staff_claim_secret below), and neither writes var/staff-claim.key.
E2E_STAFF_CLAIM_SECRET = f"e2e-staff-claim-{uuid.uuid4().hex}"
STARTUP_SECONDS = 300


def _wait_for(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the assistant stopped while starting:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError(f"the assistant did not start in {STARTUP_SECONDS} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """The bookings database of the stack under test: a SQLite file of its own, never
    var/afpa.db (the action server prepares it at start: migrations, demo schedule)."""
    return f"sqlite:///{tmp_path_factory.mktemp('database') / 'afpa-e2e.db'}"


def free_port() -> int:
    """A port nobody listens on (the kernel's ephemeral range, outside every helper's block)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session", autouse=True)
def staff_claim_secret() -> str:
    """STAFF_CLAIM_SECRET of the stack and of this process (the Telegram bridges it starts)."""
    patch = pytest.MonkeyPatch()
    patch.setenv("STAFF_CLAIM_SECRET", E2E_STAFF_CLAIM_SECRET)
    yield E2E_STAFF_CLAIM_SECRET
    patch.undo()


@pytest.fixture(scope="session")
def embedding_origin() -> str:
    """Another site allowed to embed the widget (WEB_ALLOWED_ORIGINS of the stack's web server);
    the browser tests serve a page from it (tests/e2e/web_fixtures.py)."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="session")
def web_secret_file(tmp_path_factory) -> Path:
    """The secret of the stack's web server: a file of its own, never var/web-secret."""
    return tmp_path_factory.mktemp("web") / "web-secret"


@pytest.fixture(scope="session")
def assistant_log(tmp_path_factory) -> Path:
    """Where the assistant's processes write their logs (tests check what they contain)."""
    return tmp_path_factory.mktemp("assistant") / "launcher.log"


@pytest.fixture(scope="session")
def assistant_url(assistant_log, database_url, embedding_origin, web_secret_file) -> str:
    """Base URL of a running assistant, stopped at the end of the session."""
    log = assistant_log
    # No Telegram bridge in this stack: the Telegram tests start their own against
    # a stand-in, and a token in the developer's shell must not reach Telegram.
    # Nor the developer's web settings: the stack's web server is configured here.
    env = {key: value for key, value in os.environ.items() if not key.startswith(("TELEGRAM_", "WEB_"))}
    env.update({
        "RASA_PORT": str(E2E_RASA_PORT), "ACTION_SERVER_PORT": str(E2E_ACTION_PORT), "DATABASE_URL": database_url,
        "WEB_PORT": str(E2E_WEB_PORT), "WEB_SECRET_FILE": str(web_secret_file),
        "WEB_ALLOWED_ORIGINS": embedding_origin, "STAFF_TELEGRAM_CHAT_ID": E2E_STAFF_CHAT_ID,
        "STAFF_CLAIM_SECRET": E2E_STAFF_CLAIM_SECRET,
        # The booking tests book demonstration sessions; with a DATABASE_URL they are off by default.
        "DEMO_SCHEDULE": "1",
    })
    with open(log, "w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.launcher"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base_url = f"http://127.0.0.1:{E2E_RASA_PORT}"
    try:
        _wait_for(f"{base_url}/", process, log)
        _wait_for(f"http://127.0.0.1:{E2E_ACTION_PORT}/health", process, log)
        _wait_for(f"http://127.0.0.1:{E2E_WEB_PORT}/health", process, log)
        yield base_url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def web_url(assistant_url) -> str:
    """Base URL of the stack's web server (demo page, widget, relay), in front of the assistant."""
    return f"http://127.0.0.1:{E2E_WEB_PORT}"


class Conversation:
    """One user talking to the assistant over the REST channel."""

    def __init__(self, client: httpx.AsyncClient, base_url: str, channel: str = "rest") -> None:
        self.client = client
        self.url = f"{base_url}/webhooks/rest/webhook"
        self.sender = f"{channel}:{uuid.uuid4()}"

    async def say(self, message: str) -> list:
        response = await self.client.post(self.url, json={"sender": self.sender, "message": message}, timeout=30)
        response.raise_for_status()
        return response.json()

    @staticmethod
    def text(replies: list) -> str:
        return "\n".join(reply.get("text", "") for reply in replies)

    @staticmethod
    def payloads(replies: list) -> list:
        return [button["payload"] for reply in replies for button in reply.get("buttons", [])]


@pytest.fixture
async def conversation(assistant_url):
    async with httpx.AsyncClient() as client:
        yield Conversation(client, assistant_url)


@pytest.fixture
async def new_conversation(assistant_url):
    """A factory, for tests that need several users."""
    async with httpx.AsyncClient() as client:
        yield lambda: Conversation(client, assistant_url)


# A session button's payload, as the booking form offers it.
SESSION_PAYLOAD = re.compile(r'^/book_workshop\{"booking_session":"(\d+)"\}$')


@pytest.fixture(scope="module")
def db(database_url):
    """The bookings database the running assistant writes to, for checking what it stored."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()
