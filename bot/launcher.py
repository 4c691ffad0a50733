"""Starts the assistant's processes, waits until they answer, stops them on Ctrl-C.

``make run`` calls ``python -m bot.launcher``. The Rasa server and the action
server listen on 127.0.0.1 only: clients reach the assistant through the
channel bridges, never directly.
"""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import List, Optional

from actions.privacy import load_retention_days, load_retention_interval_hours
from bot.logs import configure_logging
from bot.settings import PROJECT_ROOT, Settings, load_settings
from bot.telegram.settings import load_telegram_settings, telegram_token_configured
from bot.web.settings import WebSettings, load_web_settings

logger = logging.getLogger("launcher")
VENV_BIN = PROJECT_ROOT / ".venv" / "bin"
STARTUP_TIMEOUT_SECONDS = 240


@dataclass
class ManagedProcess:
    name: str
    command: List[str]
    health_url: Optional[str]
    env: dict = field(default_factory=dict)
    process: Optional[subprocess.Popen] = None

    def start(self) -> None:
        environment = {**os.environ, **self.env}
        # Own process group, so that stopping it also stops its workers.
        self.process = subprocess.Popen(self.command, cwd=PROJECT_ROOT, env=environment, start_new_session=True)

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 15) -> None:
        """SIGTERM, then up to ``timeout`` seconds to finish the messages in progress; SIGKILL after."""
        if not self.is_running():
            return
        assert self.process is not None
        logger.info("Arrêt du %s…", self.name)
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def build_processes(settings: Settings) -> List[ManagedProcess]:
    common_env = {
        "ACTION_ENDPOINT_URL": f"{settings.action_url}/webhook",
        "RASA_TELEMETRY_ENABLED": "false",
    }
    return [
        ManagedProcess(
            name="serveur d'actions",
            # bot/action_server.py: rasa_sdk's webhook, actions in a bounded thread pool.
            command=[str(VENV_BIN / "python"), "-m", "bot.action_server", "--port", str(settings.action_port)],
            health_url=f"{settings.action_url}/health",
            env={**common_env, "SANIC_HOST": "127.0.0.1"},
        ),
        ManagedProcess(
            name="serveur Rasa",
            command=[
                # bot/rasa_server.py: `rasa` with two memory savings.
                str(VENV_BIN / "python"), "-m", "bot.rasa_server", "run",
                "--interface", "127.0.0.1",
                "--port", str(settings.rasa_port),
                "--model", str(settings.model_path),
                "--endpoints", "endpoints.yml",
                "--credentials", "credentials.yml",
            ],
            health_url=f"{settings.rasa_url}/",
            # Fewer glibc malloc arenas for TensorFlow's many threads: less memory
            # held but unused (measured with make bench, docs/performance.md).
            # TensorFlow's C++ start-up lines (not Python logs, never JSON) kept quiet.
            env={**common_env, "MALLOC_ARENA_MAX": "2", "TF_CPP_MIN_LOG_LEVEL": os.environ.get("TF_CPP_MIN_LOG_LEVEL", "2")},
        ),
    ]


def bridge_env(settings: Settings) -> dict:
    """The bridges talk to the one Rasa server started here, whatever RASA_URLS says."""
    return {"RASA_PORT": str(settings.rasa_port), "RASA_URLS": settings.rasa_url, "RASA_DISCOVERY": "none"}


def build_web_server(settings: Settings, web: WebSettings) -> ManagedProcess:
    """The web server (bot/web/): demo page, widget, relay to the REST channel."""
    local_host = "127.0.0.1" if web.host in ("0.0.0.0", "::") else web.host
    if ":" in local_host:
        local_host = f"[{local_host}]"
    return ManagedProcess(
        name="serveur web",
        command=[str(VENV_BIN / "python"), "-m", "bot.web"],
        health_url=f"http://{local_host}:{web.port}/health",
        env=bridge_env(settings),
    )


def build_telegram_bridge(settings: Settings) -> Optional[ManagedProcess]:
    """The Telegram bridge (bot/telegram/), when TELEGRAM_BOT_TOKEN is set; None otherwise."""
    if not telegram_token_configured():
        return None
    load_telegram_settings()  # a wrong setting stops here, before the slow start of Rasa
    return ManagedProcess(
        name="pont Telegram",
        command=[str(VENV_BIN / "python"), "-m", "bot.telegram"],
        health_url=None,  # it serves nothing in polling mode; it is ready once Rasa is
        env=bridge_env(settings),
    )


def build_retention_job() -> ManagedProcess:
    """The retention job (bot/retention.py): erases what is past RETENTION_DAYS, now and every
    RETENTION_INTERVAL_HOURS (docs/privacy.md)."""
    return ManagedProcess(
        name="tâche de conservation des données",
        command=[str(VENV_BIN / "python"), "-m", "bot.retention"],
        health_url=None,
    )


def telegram_status(bridge: Optional[ManagedProcess]) -> str:
    if bridge is None:
        return "  Telegram : non démarré (définissez TELEGRAM_BOT_TOKEN pour l'activer, voir docs/telegram.md).\n"
    if os.environ.get("TELEGRAM_WEBHOOK_URL", "").strip():
        return "  Telegram : pont démarré en mode webhook ; écrivez à votre bot dans Telegram.\n"
    return "  Telegram : pont démarré (long polling) ; écrivez à votre bot dans Telegram.\n"


def wait_until_ready(processes: List[ManagedProcess], timeout: float = STARTUP_TIMEOUT_SECONDS) -> None:
    """Waits until every process answers its health URL, saying which are ready (k/N) and,
    every 15 s, which are still starting (the Rasa server loads its model for 30 s to 3 min)."""
    started = time.monotonic()
    deadline = started + timeout
    waiting = [p for p in processes if p.health_url]
    total = len(waiting)
    next_news = started + 15
    while waiting:
        for process in list(waiting):
            if not process.is_running():
                raise RuntimeError(f"Le {process.name} s'est arrêté au démarrage (voir ses messages ci-dessus).")
            if _answers(process.health_url):
                waiting.remove(process)
                logger.info("%s prêt (%d/%d)", process.name, total - len(waiting), total)
        if waiting and time.monotonic() > next_news:
            next_news += 15
            logger.info(
                "Démarrage en cours depuis %d s : %s", time.monotonic() - started, ", ".join(p.name for p in waiting)
            )
        if time.monotonic() > deadline:
            raise RuntimeError("Démarrage trop long : " + ", ".join(p.name for p in waiting))
        time.sleep(0.5)


def main() -> int:
    configure_logging("launcher")
    settings = load_settings()
    web = load_web_settings()  # a wrong setting stops here, before the slow start of Rasa
    load_retention_days(), load_retention_interval_hours()  # likewise
    processes = build_processes(settings) + [build_web_server(settings, web)]
    telegram_bridge = build_telegram_bridge(settings)
    stopping = False

    def request_stop(signum, _frame) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        logger.info(
            "Démarrage de %s (le modèle se charge en 30 s à 3 min)…", ", ".join(p.name for p in processes)
        )
        for process in processes:
            process.start()
        wait_until_ready(processes)
        # Started once the assistant answers, so that its first users are not turned away.
        if telegram_bridge is not None:
            telegram_bridge.start()
            processes.append(telegram_bridge)
        # Once the action server has prepared the bookings database.
        retention_job = build_retention_job()
        retention_job.start()
        processes.append(retention_job)
        print(
            "\nL'assistant est prêt.\n"
            f"  Canal REST : POST {settings.rest_webhook_url}\n"
            f"  Essai : curl -s -X POST {settings.rest_webhook_url} -H 'Content-Type: application/json' "
            "-d '{\"sender\": \"essai\", \"message\": \"bonjour\"}'\n"
            + f"  Site de démonstration avec le widget : {web.public_url}/\n"
            + f"  Widget à intégrer : <script src=\"{web.widget_url}\" async></script> (voir README.md)\n"
            + telegram_status(telegram_bridge)
            + "Ctrl-C pour tout arrêter.\n",
            flush=True,
        )
        while not stopping:
            for process in processes:
                if not process.is_running():
                    logger.error("%s s'est arrêté ; arrêt de l'assistant.", process.name)
                    return 1
            time.sleep(0.5)
        return 0
    except RuntimeError as error:
        logger.error("%s", error)
        return 1
    finally:
        # The bridges first, the action server last: a message in progress gets its answer
        # (each server finishes its requests before exiting), nothing new comes in.
        for process in reversed(processes):
            process.stop()
        logger.info("Tout est arrêté.")


if __name__ == "__main__":
    sys.exit(main())
