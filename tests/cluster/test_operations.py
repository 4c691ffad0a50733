"""Operations, on the assistant as ``make run`` starts it (``python -m bot.launcher``):

- ``/health`` of the Rasa server, the action server and the web server says what each
  depends on and whether it answers;
- ``/metrics`` (Prometheus format) counts the messages, their latency, the fallbacks and
  the actions;
- ``LOG_FORMAT=json``: every process logs one JSON object per line;
- SIGTERM to the launcher while a message is in flight: the answer arrives, then every
  process stops and the launcher exits 0, within a bound.
"""
from __future__ import annotations

import asyncio
import json
import re
import signal
import time

import httpx
import pytest

from bot.launcher import VENV_BIN
from tests.cluster.conftest import Process, Talk, clean_environment, wait_until_ready
from tests.e2e.conftest import free_port

pytestmark = pytest.mark.e2e

STOP_BOUND_SECONDS = 60
TEXT_LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \S+ (DEBUG|INFO|WARNING|ERROR|CRITICAL) ")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("operations")
    ports = {name: free_port() for name in ("RASA_PORT", "ACTION_SERVER_PORT", "WEB_PORT")}
    env = clean_environment(
        DATABASE_URL=f"sqlite:///{folder / 'afpa.db'}", WEB_SECRET_FILE=str(folder / "web-secret"), LOG_FORMAT="json",
        **{name: str(port) for name, port in ports.items()},
    )
    urls = {
        "rasa": f"http://127.0.0.1:{ports['RASA_PORT']}",
        "actions": f"http://127.0.0.1:{ports['ACTION_SERVER_PORT']}",
        "web": f"http://127.0.0.1:{ports['WEB_PORT']}",
    }
    launcher = Process(
        "launcher", [str(VENV_BIN / "python"), "-m", "bot.launcher"], env, folder,
        [f"{urls['rasa']}/", f"{urls['actions']}/health", f"{urls['web']}/health"],
    )
    wait_until_ready([launcher.start()])
    try:
        yield launcher, urls
    finally:
        launcher.stop()


def metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample of the exposition text (0 when absent)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in labels.items())
    pattern = re.compile(rf"^{re.escape(name)}(\{{{re.escape(wanted)}\}})? (\S+)$" if wanted else rf"^{re.escape(name)} (\S+)$", re.M)
    found = pattern.search(text)
    return float(found.groups()[-1]) if found else 0.0


async def test_health_says_what_each_process_depends_on(stack):
    _, urls = stack
    async with httpx.AsyncClient(timeout=10) as client:
        rasa = await client.get(f"{urls['rasa']}/health")
        actions = await client.get(f"{urls['actions']}/health")
        web = await client.get(f"{urls['web']}/health")
    assert rasa.status_code == 200 and rasa.json() == {
        "status": "ok",
        "dependencies": {"model": {"ok": True}, "database": {"ok": True}, "action_server": {"ok": True}},
    }
    assert actions.status_code == 200 and actions.json() == {"status": "ok", "dependencies": {"database": {"ok": True}}}
    assert web.status_code == 200 and web.json() == {"status": "ok", "dependencies": {"rasa": {"ok": True}}}


async def test_metrics_count_messages_latency_fallbacks_and_actions(stack):
    _, urls = stack
    async with httpx.AsyncClient(timeout=30) as client:
        before_web = (await client.get(f"{urls['web']}/metrics")).text
        before_actions = (await client.get(f"{urls['actions']}/metrics")).text
        talk = Talk(client, "web")
        await talk.say_on_web(urls["web"], "c'est quoi la promo 16-18 ?")
        await talk.say_on_web(urls["web"], "zorglub flimp quaxx")  # not understood
        web = await client.get(f"{urls['web']}/metrics")
        actions = (await client.get(f"{urls['actions']}/metrics")).text
        rasa = await client.get(f"{urls['rasa']}/metrics")
    assert web.headers["content-type"].startswith("text/plain")
    answered = metric(web.text, "afpa_messages_total", channel="web", outcome="answered")
    assert answered - metric(before_web, "afpa_messages_total", channel="web", outcome="answered") == 2
    assert metric(web.text, "afpa_reply_seconds_count", channel="web") >= 2
    assert metric(actions, "afpa_fallbacks_total") - metric(before_actions, "afpa_fallbacks_total") == 1
    assert metric(actions, "afpa_action_seconds_count", action="action_programme_info") >= 1
    assert "afpa_action_errors_total" in actions and "afpa_bookings_total" in actions
    assert rasa.status_code == 200 and "afpa_action_errors_total" in rasa.text


def test_every_process_logs_json_lines(stack):
    launcher, _ = stack
    lines = launcher.log.read_text(errors="replace").splitlines()
    entries = []
    for line in lines:
        assert not TEXT_LOG_LINE.match(line), f"a text log line with LOG_FORMAT=json: {line}"
        if line.startswith("{"):
            entries.append(json.loads(line))
    assert {"launcher", "actions", "rasa", "web"} <= {entry["process"] for entry in entries}
    assert all({"time", "level", "logger", "message"} <= entry.keys() for entry in entries)


async def test_sigterm_answers_the_message_in_flight_then_stops_everything(stack):
    launcher, urls = stack
    assert launcher.process is not None
    async with httpx.AsyncClient(timeout=60) as client:
        talk = Talk(client, "web")
        await talk.say_on_web(urls["web"], "bonjour")  # the conversation's token
        for _ in range(10):
            in_flight = asyncio.create_task(talk.say_on_web(urls["web"], "je peux faire quoi ?"))
            await asyncio.sleep(0.1)
            if not in_flight.done():
                break
            await in_flight  # answered too fast to be caught in flight: again
        else:
            pytest.fail("no message could be caught in flight")
        launcher.process.send_signal(signal.SIGTERM)
        stopped_at = time.monotonic()
        replies = await in_flight
    assert replies and "âge" in " ".join(reply.get("text", "") for reply in replies)  # the eligibility check's first question
    exit_code = await asyncio.get_running_loop().run_in_executor(None, launcher.process.wait, STOP_BOUND_SECONDS)
    assert exit_code == 0
    assert time.monotonic() - stopped_at < STOP_BOUND_SECONDS
    assert not any(_answers(f"{url}/health") for url in urls.values())  # every process is gone


def _answers(url: str) -> bool:
    try:
        httpx.get(url, timeout=2)
        return True
    except httpx.HTTPError:
        return False
