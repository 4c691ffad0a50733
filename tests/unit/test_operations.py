"""Operations helpers: numbers from the environment, health verdicts, metrics access, JSON logs."""
from __future__ import annotations

import asyncio
import json
import logging

import pytest

from bot import metrics
from bot.action_guard import action_timeout_seconds
from bot.health import any_answers, run_checks
from bot.logs import JsonFormatter, log_format
from bot.settings import read_integer, read_number
from bot.telegram.settings import load_telegram_settings
from bot.web.settings import load_web_settings


def test_numbers_from_the_environment_are_checked_in_one_place():
    assert read_number({}, "X", 3.0, minimum=1, maximum=5) == 3.0
    assert read_number({"X": " 2.5 "}, "X", 3.0, minimum=1, maximum=5) == 2.5
    assert read_integer({"X": "4"}, "X", 1, minimum=1, maximum=8) == 4
    with pytest.raises(SystemExit, match="X doit être un nombre"):
        read_number({"X": "trois"}, "X", 3.0, minimum=1, maximum=5)
    with pytest.raises(SystemExit, match="entre 1 et 8"):
        read_integer({"X": "9"}, "X", 1, minimum=1, maximum=8)
    with pytest.raises(SystemExit, match="nombre entier"):
        read_integer({"X": "2.5"}, "X", 1, minimum=1, maximum=8)
    # The bridges' settings read theirs with it (same messages).
    with pytest.raises(SystemExit, match="WEB_RASA_TIMEOUT_SECONDS doit être un nombre"):
        load_web_settings({"WEB_RASA_TIMEOUT_SECONDS": "vite"})
    with pytest.raises(SystemExit, match="TELEGRAM_STATUS_PORT doit être entre 0 et 65535"):
        load_telegram_settings({"TELEGRAM_BOT_TOKEN": "123:abc", "TELEGRAM_STATUS_PORT": "70000"})


def test_the_action_deadline_stays_below_the_bridges_patience():
    assert action_timeout_seconds({}) == 4.0
    assert action_timeout_seconds({"ACTION_TIMEOUT_SECONDS": "1.5"}) == 1.5
    with pytest.raises(SystemExit):
        action_timeout_seconds({"ACTION_TIMEOUT_SECONDS": "60"})  # Rasa's minutes would outlast the bridges' 8 s


async def _ok() -> None:
    return None


async def _broken() -> None:
    raise ConnectionRefusedError("postgresql://secret@db:5432")


async def _slow() -> None:
    await asyncio.sleep(10)


async def test_health_is_503_when_a_required_dependency_fails_and_degraded_for_an_optional_one(monkeypatch):
    body, status = await run_checks({"model": _ok, "database": _ok}, {"action_server": _ok})
    assert (status, body["status"]) == (200, "ok")

    body, status = await run_checks({"model": _ok}, {"action_server": _broken})
    assert (status, body["status"]) == (200, "degraded")
    assert body["dependencies"]["action_server"] == {"ok": False, "error": "ConnectionRefusedError"}

    monkeypatch.setattr("bot.health.CHECK_SECONDS", 0.2)
    body, status = await run_checks({"database": _slow}, {})
    assert (status, body["status"]) == (503, "down")
    assert body["dependencies"]["database"] == {"ok": False, "error": "timeout"}
    assert "secret" not in json.dumps(body)  # error types only, never an address

    body, status = await run_checks({"rasa": any_answers([_broken, _ok])}, {})
    assert status == 200  # one Rasa server is enough for a bridge


def test_metrics_are_read_from_the_loopback_and_the_allowed_networks_only():
    assert metrics.may_read_metrics("127.0.0.1", {})
    assert metrics.may_read_metrics("::1", {})
    assert metrics.may_read_metrics("::ffff:127.0.0.1", {})
    assert not metrics.may_read_metrics("10.1.2.3", {})
    assert not metrics.may_read_metrics(None, {})
    assert metrics.may_read_metrics("10.1.2.3", {"METRICS_ALLOWED_NETWORKS": "10.0.0.0/8, 192.168.0.0/16"})
    with pytest.raises(SystemExit, match="METRICS_ALLOWED_NETWORKS"):
        metrics.may_read_metrics("10.1.2.3", {"METRICS_ALLOWED_NETWORKS": "partout"})


def test_json_logs_are_one_object_per_line():
    assert log_format({}) == "text"
    assert log_format({"LOG_FORMAT": "JSON"}) == "json"
    with pytest.raises(SystemExit, match="LOG_FORMAT"):
        log_format({"LOG_FORMAT": "xml"})
    record = logging.LogRecord("bot.web", logging.WARNING, __file__, 1, "Assistant indisponible : %s", ("timeout",), None)
    line = JsonFormatter("web").format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "WARNING" and entry["process"] == "web" and entry["logger"] == "bot.web"
    assert entry["message"] == "Assistant indisponible : timeout"
    assert entry["time"].endswith("+00:00")
