"""`make run` with a Telegram token: the launcher starts the bridge, which answers.

This is the Telegram issue's acceptance check, end to end: the launcher (what
`make run` runs) with TELEGRAM_BOT_TOKEN set and TELEGRAM_API_BASE_URL pointing at
a Bot API-compatible server (the tests' stand-in), the real Rasa server and action
server, and a user who asks a question then presses a button.
"""
import asyncio
import os
import signal
import sys

import httpx
import pytest

from bot.settings import PROJECT_ROOT
from tests.e2e.conftest import free_port
from tests.e2e.telegram_standin import BotApiStandIn

pytestmark = pytest.mark.e2e

CHAT_ID = 777001
STARTUP_SECONDS = 300


def _button_data(call, label: str) -> str:
    return next(button["callback_data"] for row in call.keyboard for button in row if button["text"] == label)


async def test_make_run_with_a_token_answers_on_telegram_and_buttons_continue(tmp_path):
    standin = BotApiStandIn()
    await standin.start()
    status_port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("TELEGRAM_", "WEB_"))}
    env.update(
        RASA_PORT=os.environ.get("E2E_LAUNCHER_RASA_PORT", "5405"),
        ACTION_SERVER_PORT=os.environ.get("E2E_LAUNCHER_ACTION_PORT", "5455"),
        # The launcher also starts the web server: on a port of its own, with a secret of its own.
        WEB_PORT=os.environ.get("E2E_LAUNCHER_WEB_PORT", "5480"),
        WEB_SECRET_FILE=str(tmp_path / "web-secret"),
        TELEGRAM_BOT_TOKEN=standin.token,
        TELEGRAM_API_BASE_URL=standin.root_url,
        TELEGRAM_POLL_TIMEOUT_SECONDS="1",
        TELEGRAM_STATUS_PORT=str(status_port),
    )
    launcher = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.launcher", cwd=PROJECT_ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, start_new_session=True,
    )
    try:
        # The bridge registers its commands once it runs, after Rasa answers.
        await standin.wait_for(lambda: bool(standin.calls_to("setMyCommands")), timeout=STARTUP_SECONDS)

        standin.push_message(CHAT_ID, text="c'est quoi HOPE ?")
        await standin.wait_for(
            lambda: any("personnes réfugiées" in c.text for c in standin.calls_to("sendMessage", CHAT_ID)), timeout=60
        )
        answer = next(c for c in standin.calls_to("sendMessage", CHAT_ID) if "personnes réfugiées" in c.text)
        assert "Durée" in answer.button_labels  # an inline keyboard

        standin.push_button_press(CHAT_ID, standin.sent_message_id(answer), _button_data(answer, "Durée"))
        # The duration answer (« HOPE : environ 8 à 10 mois… »), not the first answer again.
        await standin.wait_for(
            lambda: any(c.text.startswith("HOPE : environ 8 à 10 mois") for c in standin.calls_to("sendMessage", CHAT_ID)),
            timeout=60,
        )
        assert standin.calls_to("answerCallbackQuery")

        # The bridge's own /health and /metrics (bot/telegram/status.py), on the loopback.
        async with httpx.AsyncClient(timeout=10) as client:
            health = await client.get(f"http://127.0.0.1:{status_port}/health")
            metrics = (await client.get(f"http://127.0.0.1:{status_port}/metrics")).text
        assert health.status_code == 200
        assert health.json() == {"status": "ok", "dependencies": {"rasa": {"ok": True}, "telegram": {"ok": True}}}
        assert 'afpa_messages_total{channel="telegram",outcome="answered"} 2.0' in metrics
    finally:
        if launcher.returncode is None:
            os.killpg(launcher.pid, signal.SIGTERM)
            try:
                await asyncio.wait_for(launcher.wait(), timeout=60)
            except asyncio.TimeoutError:
                os.killpg(launcher.pid, signal.SIGKILL)
                await launcher.wait()
        output = (await launcher.stdout.read()).decode(errors="replace")
        await standin.stop()
    assert "Telegram : pont démarré" in output
    assert standin.token not in output  # the token never reaches the logs
