"""Where the Rasa server keeps conversations and their locks (bot/conversations/, endpoints.yml).

The Redis tests use the machine's Redis when ``TEST_REDIS_URL`` is set (``.ci/run``
sets it), with a key prefix of their own; otherwise they are skipped with that reason.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.core.tracker_store import TrackerStore
from rasa.core.utils import AvailableEndpoints

from bot import rasa_server
from bot.conversations.tracker_store import ErasingSQLTrackerStore
from bot.conversations.lock_store import ConfiguredLockStore
from bot.conversations.settings import (
    DEFAULT_LOCK_KEY_PREFIX,
    RedisAddress,
    default_tracker_store_url,
    load_conversation_store_settings,
    parse_redis_url,
)
from bot.settings import PROJECT_ROOT

PG_URL = "postgresql+psycopg2://afpa:secret@db.internal:5432/afpa"


def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("Redis tests skipped: set TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
    return url


# -- settings -------------------------------------------------------------------------


def test_conversations_default_to_a_sqlite_file_beside_the_bookings(tmp_path):
    bookings = tmp_path / "data" / "afpa.db"
    settings = load_conversation_store_settings({"DATABASE_URL": f"sqlite:///{bookings}"})
    assert settings.tracker_store_url == f"sqlite:///{tmp_path / 'data' / 'conversations.db'}"
    assert settings.lock_store_url is None and settings.lock_key_prefix == DEFAULT_LOCK_KEY_PREFIX


def test_without_any_setting_conversations_go_to_var():
    assert load_conversation_store_settings({}).tracker_store_url == f"sqlite:///{PROJECT_ROOT / 'var' / 'conversations.db'}"


def test_with_postgresql_bookings_conversations_go_to_the_same_database():
    assert default_tracker_store_url(PG_URL) == PG_URL


def test_tracker_store_url_wins():
    settings = load_conversation_store_settings({"DATABASE_URL": PG_URL, "TRACKER_STORE_URL": "sqlite:////srv/c.db"})
    assert settings.tracker_store_url == "sqlite:////srv/c.db"


def test_redis_urls_are_taken_apart():
    assert parse_redis_url("redis://redis:6379/2") == RedisAddress(host="redis", port=6379, db=2)
    assert parse_redis_url("rediss://:p%40ss@cache.example:6380") == RedisAddress(
        host="cache.example", port=6380, db=0, password="p@ss", use_ssl=True
    )
    assert parse_redis_url("redis://afpa:pw@127.0.0.1").username == "afpa"


@pytest.mark.parametrize(
    "environ",
    [
        {"TRACKER_STORE_URL": "pas une adresse"},
        {"LOCK_STORE_URL": "http://redis:6379"},
        {"LOCK_STORE_URL": "redis://redis:6379/zéro"},
        {"LOCK_STORE_URL": "redis://redis:port"},
        {"LOCK_STORE_KEY_PREFIX": "afpa:test"},  # Rasa would silently drop it
    ],
)
def test_wrong_settings_stop_with_a_message(environ):
    with pytest.raises(SystemExit):
        load_conversation_store_settings(environ)


def test_a_wrong_lock_store_url_is_reported_without_its_password():
    with pytest.raises(SystemExit) as stopped:
        load_conversation_store_settings({"LOCK_STORE_URL": "http://:motdepasse@redis:6379"})
    assert "motdepasse" not in str(stopped.value) and "LOCK_STORE_URL" in str(stopped.value)


# -- endpoints.yml, as the Rasa server reads it ------------------------------------------


@pytest.fixture
def rasa_environment(monkeypatch, tmp_path):
    """The environment bot/rasa_server.py prepares, for bookings in tmp_path."""
    for name in ("TRACKER_STORE_URL", "LOCK_STORE_URL", "LOCK_STORE_KEY_PREFIX", "SANIC_WORKERS"):
        monkeypatch.setenv(name, "")  # empty is unset; monkeypatch removes them after the test
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'var' / 'afpa.db'}")
    monkeypatch.setenv("ACTION_ENDPOINT_URL", "http://127.0.0.1:5055/webhook")
    return monkeypatch


def test_endpoints_give_a_sql_tracker_store_and_an_in_memory_lock_by_default(rasa_environment, tmp_path):
    rasa_server.configure_stores()
    endpoints = AvailableEndpoints.read_endpoints(str(PROJECT_ROOT / "endpoints.yml"))
    store = TrackerStore.create(endpoints.tracker_store)
    try:
        assert isinstance(store, ErasingSQLTrackerStore)  # Rasa's SQLTrackerStore, plus the erasure
        assert Path(store.engine.url.database) == tmp_path / "var" / "conversations.db"
    finally:
        store.engine.dispose()
    lock_store = LockStore.create(endpoints.lock_store)
    assert isinstance(lock_store, ConfiguredLockStore) and isinstance(lock_store.backend, InMemoryLockStore)


def test_several_sanic_workers_without_redis_are_refused(rasa_environment):
    rasa_environment.setenv("SANIC_WORKERS", "2")
    rasa_server.configure_stores()
    endpoints = AvailableEndpoints.read_endpoints(str(PROJECT_ROOT / "endpoints.yml"))
    with pytest.raises(SystemExit):
        LockStore.create(endpoints.lock_store)


async def test_with_lock_store_url_the_lock_is_rasas_redis_lock_under_the_prefix(rasa_environment):
    prefix = f"test{uuid.uuid4().hex[:12]}"
    rasa_environment.setenv("LOCK_STORE_URL", redis_url())
    rasa_environment.setenv("LOCK_STORE_KEY_PREFIX", prefix)
    rasa_server.configure_stores()
    endpoints = AvailableEndpoints.read_endpoints(str(PROJECT_ROOT / "endpoints.yml"))
    lock_store = LockStore.create(endpoints.lock_store)
    assert isinstance(lock_store.backend, RedisLockStore)
    redis = lock_store.backend.red
    try:
        async with lock_store.lock("web:abc"):
            assert redis.keys(f"{prefix}:*") == [f"{prefix}:lock:web:abc".encode()]
            # Another server's view of the same Redis sees the conversation taken.
            other_server = ConfiguredLockStore(endpoints.lock_store)
            ticket = other_server.issue_ticket("web:abc")
            assert other_server.get_lock("web:abc").is_locked(ticket)
            other_server.cleanup("web:abc", ticket)
        assert redis.keys(f"{prefix}:*") == []  # released and cleaned up
    finally:
        for key in redis.keys(f"{prefix}:*"):
            redis.delete(key)
