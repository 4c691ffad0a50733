"""The action server never blocks: a stuck database query makes one person wait, not everyone.

The action server runs as ``make run`` starts it (``bot.launcher.build_processes``) on a
SQLite bookings file. The test holds that file's exclusive lock (as a long write or a
slow query would), then asks for "my bookings" (which waits for the database) and, at
the same time, for the list of programmes (which needs no database): the programmes
come back at once, and "my bookings" when the lock is released. With the actions run
on the server's event loop, as ``python -m rasa_sdk`` does, the programmes would wait
for the lock too.

Also: ``ACTION_SERVER_WORKERS=2`` runs two worker processes behind the one port.
"""
from __future__ import annotations

import asyncio
import os
import sqlite3
import time
from pathlib import Path

import httpx
import pytest

from bot.launcher import build_processes
from bot.settings import PROJECT_ROOT, Settings
from tests.cluster.conftest import Process, clean_environment, wait_until_ready
from tests.e2e.conftest import free_port

pytestmark = pytest.mark.e2e


def action_call(action: str, sender: str = "rest:pool-test") -> dict:
    return {
        "next_action": action,
        "sender_id": sender,
        "version": "3.6.2",
        "domain": {},
        "tracker": {
            "sender_id": sender, "slots": {}, "latest_message": {"intent": {}, "entities": [], "text": ""},
            "events": [], "paused": False, "followup_action": None, "active_loop": {}, "latest_action_name": None,
        },
    }


def start_action_server(folder: Path, **extra: str) -> Process:
    settings = Settings(rasa_port=free_port(), action_port=free_port(), model_path=PROJECT_ROOT / "models")
    action_server, _ = build_processes(settings)
    env = clean_environment(DATABASE_URL=f"sqlite:///{folder / 'afpa.db'}", **extra)
    process = Process("actions", action_server.command, {**env, **action_server.env}, folder, [action_server.health_url])
    process.url = f"{settings.action_url}/webhook"
    wait_until_ready([process.start()], timeout=120)
    return process


def database_ready(process: Process) -> bool:
    health = httpx.get(process.health_urls[0], timeout=10).json()
    return health["status"] == "ok"


async def test_a_stuck_database_query_does_not_hold_up_other_conversations(tmp_path):
    actions = start_action_server(tmp_path, ACTION_THREADS="4")
    try:
        deadline = time.monotonic() + 60
        while not database_ready(actions):
            assert time.monotonic() < deadline
            time.sleep(0.5)
        holder = sqlite3.connect(tmp_path / "afpa.db", isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")  # nobody reads nor writes until the test says so
        async with httpx.AsyncClient(timeout=60) as client:
            stuck = asyncio.create_task(client.post(actions.url, json=action_call("action_my_bookings")))
            await asyncio.sleep(1)  # "my bookings" is now waiting for the database
            assert not stuck.done()
            started = time.monotonic()
            programmes = await client.post(actions.url, json=action_call("action_list_programmes"))
            waited = time.monotonic() - started
            assert programmes.status_code == 200
            assert "Promo 16-18" in " ".join(r.get("text", "") for r in programmes.json()["responses"])
            assert waited < 3, f"the programmes waited {waited:.1f} s for another conversation's query"
            assert not stuck.done()
            holder.execute("ROLLBACK")
            holder.close()
            mine = await stuck
        assert mine.status_code == 200 and mine.json()["responses"]  # "no booking" said, once the lock is gone
    finally:
        actions.stop()


def test_several_action_server_processes_share_one_port(tmp_path):
    actions = start_action_server(tmp_path, ACTION_SERVER_WORKERS="2")
    try:
        assert actions.process is not None
        group = os.getpgid(actions.process.pid)
        members = [pid for pid in os.listdir("/proc") if pid.isdigit() and _group_of(int(pid)) == group]
        assert len(members) >= 3  # Sanic's main process and its two workers
        with httpx.Client(timeout=30) as client:
            answers = [client.post(actions.url, json=action_call("action_list_programmes")) for _ in range(6)]
        assert all(answer.status_code == 200 for answer in answers)
    finally:
        actions.stop()


def _group_of(pid: int) -> int:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return -1
