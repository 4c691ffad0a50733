"""Real processes started, stopped and killed by the tests: persistence and several servers.

- ``Process``: one server started from the same command lines as ``make run``
  (``bot/launcher.py``), its output in a log file, stopped or killed on demand.
- ``Talk``: one user's conversation over the REST channel of a chosen Rasa server, or
  through the web server's relay, keeping every reply to compare with a control.
- ``postgres_url``: a schema of the test's own in the machine's PostgreSQL
  (``TEST_DATABASE_URL``), dropped at the end; ``redis_url``: the machine's Redis
  (``TEST_REDIS_URL``) and a key prefix of the test's own, its keys deleted at the end.
  Without those variables the tests are skipped with the reason (in CI they fail).
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

import httpx
import pytest

from bot.settings import PROJECT_ROOT
from tests.db.support import fresh_postgres_schema

STARTUP_SECONDS = 300
# Variables of the developer's shell that must not reach the servers under test.
FOREIGN_VARIABLES = ("TELEGRAM_", "WEB_", "RASA_URLS", "RASA_DISCOVERY", "TRACKER_STORE_", "LOCK_STORE_", "DATABASE_URL")


def clean_environment(**overrides: str) -> Dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(FOREIGN_VARIABLES)}
    env["RASA_TELEMETRY_ENABLED"] = "false"
    env["DEMO_SCHEDULE"] = "1"  # the stacks book demonstration sessions (off by default with a DATABASE_URL)
    env.update(overrides)
    return env


def missing_service(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason)  # .ci/run provides them: their absence there is a failure
    pytest.skip(reason)


def responds(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


class Process:
    """A server of the assistant, started by the tests."""

    def __init__(
        self, name: str, command: Sequence[str], env: Dict[str, str], log_dir: Path, health_urls: Sequence[str]
    ) -> None:
        self.name = name
        self.command = list(command)
        self.env = env
        self.log = log_dir / f"{name}.log"
        self.health_urls = list(health_urls)  # ready when every one answers 200
        self.process: Optional[subprocess.Popen] = None

    def start(self) -> "Process":
        with open(self.log, "a") as output:
            self.process = subprocess.Popen(
                self.command, cwd=PROJECT_ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopping it stops its workers
            )
        return self

    def answers(self) -> bool:
        return all(responds(url) for url in self.health_urls)

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> None:
        if not self.is_running():
            return
        assert self.process is not None
        try:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        except ProcessLookupError:
            pass

    def kill(self) -> None:
        """Like a crash or an out-of-memory kill: no chance to finish anything."""
        self.stop(signal.SIGKILL)

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else "(no log)"


def wait_until_ready(processes: Sequence[Process], timeout: float = STARTUP_SECONDS) -> None:
    """Waits until every process answers its health URL (they start in parallel)."""
    deadline = time.monotonic() + timeout
    waiting = list(processes)
    while waiting:
        for process in list(waiting):
            if not process.is_running():
                raise RuntimeError(f"{process.name} stopped while starting:\n{process.tail()}")
            if process.answers():
                waiting.remove(process)
        if waiting and time.monotonic() > deadline:
            raise RuntimeError(f"{waiting[0].name} did not start in {timeout} s:\n{waiting[0].tail()}")
        time.sleep(1)


def stop_all(processes: Sequence[Process]) -> None:
    for process in processes:
        process.stop()


class Talk:
    """One user's conversation; ``replies`` keeps the texts of every answer, in order."""

    def __init__(self, client: httpx.AsyncClient, channel: str = "rest") -> None:
        self.client = client
        self.sender = f"{channel}:{uuid.uuid4()}"
        self.replies: List[str] = []
        self.web_token: Optional[str] = None

    async def say(self, rasa_url: str, message: str) -> list:
        """Sends ``message`` to the REST channel of the Rasa server at ``rasa_url``."""
        response = await self.client.post(
            f"{rasa_url}/webhooks/rest/webhook", json={"sender": self.sender, "message": message}, timeout=60
        )
        response.raise_for_status()
        replies = response.json()
        self.replies.append(text_of(replies))
        return replies

    async def say_on_web(self, web_url: str, message: str) -> list:
        """Sends ``message`` through the web server's relay (a new conversation token first)."""
        if self.web_token is None:
            started = await self.client.post(f"{web_url}/api/conversations")
            assert started.status_code == 201, started.text
            self.web_token = started.json()["token"]
        response = await self.client.post(
            f"{web_url}/api/messages", json={"text": message}, timeout=60,
            headers={"Authorization": f"Bearer {self.web_token}"},
        )
        assert response.status_code == 200, response.text
        replies = response.json()["messages"]
        self.replies.append(text_of(replies))
        return replies


def text_of(replies: list) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


def payloads(replies: list) -> List[str]:
    return [button["payload"] for reply in replies for button in reply.get("buttons", [])]


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    base_url = os.environ.get("TEST_DATABASE_URL", "")
    if not base_url.startswith("postgresql"):
        missing_service("needs PostgreSQL: set TEST_DATABASE_URL (e.g. postgresql+psycopg2://postgres@127.0.0.1:5432/test)")
    with fresh_postgres_schema(base_url, prefix="cluster") as url:
        yield url


@pytest.fixture(scope="module")
def redis_url() -> Iterator[Tuple[str, str]]:
    """(LOCK_STORE_URL, LOCK_STORE_KEY_PREFIX) for the servers under test."""
    url = os.environ.get("TEST_REDIS_URL", "")
    if not url:
        missing_service("needs Redis: set TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
    import redis

    from bot.conversations.settings import parse_redis_url

    address = parse_redis_url(url)
    client = redis.Redis(host=address.host, port=address.port, db=address.db, password=address.password)
    client.ping()  # a set TEST_REDIS_URL whose server is down fails loudly
    prefix = f"test{uuid.uuid4().hex[:12]}"
    try:
        yield url, prefix
    finally:
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
        client.close()
