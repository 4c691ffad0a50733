"""The action server: rasa_sdk's webhook, with its work off the event loop.

``python -m bot.action_server --port 5055`` (``make run`` starts it) serves the same
routes as ``python -m rasa_sdk`` (``POST /webhook``, ``GET /actions``) and:

- **never blocks its event loop**: each action runs in a bounded pool of threads
  (``ACTION_THREADS``, default 8), its database queries and date parsing included;
  a slow query makes one conversation wait, never the others;
- **several processes** when ``ACTION_SERVER_WORKERS`` > 1 (Sanic's workers, one
  port; default 1);
- **booking unavailable, not the whole server**: an action whose database work fails
  (database down at start or during the day, ``BookingUnavailable`` or SQLAlchemy's
  ``DBAPIError``) answers that booking is unavailable for now, with the way to reach a
  person (``actions.dialogue.booking.booking_unavailable``); the database is retried in
  the background (``actions.booking.runtime``) and booking comes back by itself;
- ``GET /health``: ``{"status": "ok"|"degraded", "dependencies": {"database": …}}``,
  200 while actions can run (database down = ``degraded``: booking only is affected);
- ``GET /metrics``: Prometheus metrics (bot/metrics.py), loopback only by default.

An action that raises anything else is answered with an error 500 (Rasa's side,
bot/action_guard.py, apologises) and counted in ``afpa_action_errors_total``.
"""
from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import functools
import logging
import os
import sys
import threading
import time
import zlib
from typing import Any, Dict, Optional, Text

from bot.settings import read_integer

logger = logging.getLogger("bot.action_server")

DEFAULT_ACTION_THREADS = 8
# The actions that answer a message not understood (data/rules/conversation.yml: nlu_fallback).
FALLBACK_ACTIONS = frozenset({"action_clarify"})
ACTIONS_PACKAGE = "actions.dialogue"

_pool: Optional[concurrent.futures.ThreadPoolExecutor] = None
_pool_pid: Optional[int] = None
_pool_lock = threading.Lock()


def action_threads(environ=os.environ) -> int:
    return read_integer(environ, "ACTION_THREADS", DEFAULT_ACTION_THREADS, minimum=1, maximum=256)


def action_server_workers(environ=os.environ) -> int:
    return read_integer(environ, "ACTION_SERVER_WORKERS", 1, minimum=1, maximum=64)


def pool() -> concurrent.futures.ThreadPoolExecutor:
    """The bounded pool of this process (made after Sanic's workers fork: threads do not survive a fork)."""
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            _pool = concurrent.futures.ThreadPoolExecutor(max_workers=action_threads(), thread_name_prefix="action")
            _pool_pid = os.getpid()
        return _pool


async def in_pool(function, *args, **kwargs):
    """``function(*args, **kwargs)`` in the pool; the event loop serves others meanwhile."""
    return await asyncio.get_running_loop().run_in_executor(pool(), functools.partial(function, *args, **kwargs))


def _database_errors() -> tuple:
    from sqlalchemy.exc import DBAPIError

    from actions.booking.runtime import BookingUnavailable

    return (BookingUnavailable, DBAPIError)


def _note_for_staff_statistics(action_name: str, tracker) -> None:
    """A question answered or not, counted anonymously (actions/dialogue/statistics.py);
    never in the way of the reply."""
    try:
        from actions.dialogue.statistics import note_action

        note_action(action_name, tracker)
    except Exception as error:
        logger.warning("Statistiques : événement non noté (%s)", type(error).__name__)


def make_executor():
    from rasa_sdk.executor import ActionExecutor, CollectingDispatcher
    from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException, Tracker

    from bot import metrics

    class PooledActionExecutor(ActionExecutor):
        """rasa_sdk's executor, each action run in the pool (its own event loop there when async)."""

        def _run_action(self, action, action_name: str, action_call: Dict[Text, Any]) -> Dict[Text, Any]:
            tracker = Tracker.from_dict(action_call["tracker"])
            domain = action_call.get("domain", {})
            dispatcher = CollectingDispatcher()
            started = time.perf_counter()
            if action_name in FALLBACK_ACTIONS:
                metrics.FALLBACKS.inc()
            try:
                result = action(dispatcher, tracker, domain)
                if asyncio.iscoroutine(result):
                    result = asyncio.run(result)
            except ActionExecutionRejection:
                raise
            except _database_errors() as error:
                logger.warning("Action %s : base de données indisponible (%s)", action_name, type(error).__name__)
                metrics.ACTION_ERRORS.labels(process="actions").inc()
                from actions.dialogue.booking import booking_unavailable

                dispatcher = CollectingDispatcher()
                result = booking_unavailable(tracker, dispatcher)
            except Exception:
                metrics.ACTION_ERRORS.labels(process="actions").inc()
                raise
            finally:
                metrics.ACTION_SECONDS.labels(action=action_name).observe(time.perf_counter() - started)
            _note_for_staff_statistics(action_name, tracker)
            events = self.validate_events(result or [], action_name)
            return self._create_api_response(events, dispatcher.messages)

        async def run(self, action_call: Dict[Text, Any]) -> Optional[Dict[Text, Any]]:
            action_name = action_call.get("next_action")
            if not action_name:
                logger.warning("Received an action call without an action.")
                return None
            action = self.actions.get(action_name)
            if not action:
                raise ActionNotFoundException(action_name)
            return await in_pool(self._run_action, action, action_name, action_call)

    return PooledActionExecutor


def warm_up() -> None:
    """Loads, before the first request, what the actions would otherwise load at their first
    use, each time for seconds on a busy machine (beyond ACTION_TIMEOUT_SECONDS): the date
    model (1.5 s), the territory with its index of spellings and the centres (up to 4 s)."""
    from actions.booking.dates import warm_up as warm_up_dates
    from actions.territory.data import centres
    from actions.territory.centres import _communes_by_latitude
    from actions.territory.mentions import warm_up as warm_up_places

    warm_up_dates()
    warm_up_places()
    centres()
    _communes_by_latitude()


def database_health() -> Dict[str, Any]:
    """Whether the bookings' database answers (a ``SELECT 1``, in the pool's caller thread)."""
    from sqlalchemy import text

    from actions.booking.runtime import BookingUnavailable, booking_backend

    try:
        with booking_backend().engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return {"ok": True}
    except BookingUnavailable:
        return {"ok": False, "error": "not prepared yet"}
    except Exception as error:
        return {"ok": False, "error": type(error).__name__}


def create_app(package: str = ACTIONS_PACKAGE):
    from rasa_sdk import utils
    from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException
    from sanic import Sanic, response

    from bot import metrics

    app = Sanic("afpa_actions", configure_logging=False)
    executor = make_executor()()
    executor.register_package(package)
    warm_up()

    @app.listener("before_server_start")
    async def prepare_database(_app, _loop) -> None:
        # In each worker process (after Sanic's fork: a database connection must not be
        # shared between processes), before it serves: a database that answers is ready
        # when /health first says so. One that does not answer (PostgreSQL gives up after
        # 3 s) is tried again in the background while the server answers without booking.
        from actions.booking.runtime import BookingUnavailable, booking_backend, prepare_in_background

        try:
            booking_backend()
        except BookingUnavailable:
            prepare_in_background()

    @app.get("/health")
    async def health(_request):
        database = await in_pool(database_health)
        body = {"status": "ok" if database["ok"] else "degraded", "dependencies": {"database": database}}
        return response.json(body, status=200)

    @app.get("/live")
    async def live(_request):
        return response.json({"status": "ok"})  # liveness: the process answers, nothing else checked

    @app.get("/metrics")
    async def metrics_route(request):
        if not metrics.may_read_metrics(request.ip):
            return response.text(metrics.METRICS_REFUSED, status=403)
        body, content_type = metrics.exposition()
        return response.raw(body, content_type=content_type)

    @app.post("/webhook")
    async def webhook(request):
        if request.headers.get("Content-Encoding") == "deflate":
            import json

            action_call = json.loads(zlib.decompress(request.body))
        else:
            action_call = request.json
        if action_call is None:
            return response.json({"error": "Invalid body request"}, status=400)
        utils.check_version_compatibility(action_call.get("version"))
        try:
            result = await executor.run(action_call)
        except ActionExecutionRejection as rejection:
            return response.json({"error": rejection.message, "action_name": rejection.action_name}, status=400)
        except ActionNotFoundException as missing:
            logger.error("%s", missing)
            return response.json({"error": missing.message, "action_name": missing.action_name}, status=404)
        return response.json(result, status=200)

    @app.get("/actions")
    async def actions(_request):
        return response.json([{"name": name} for name in executor.actions.keys()], status=200)

    @app.exception(Exception)
    async def exception_handler(request, exception: Exception):
        # Never the request's body: it holds the conversation.
        logger.error("Action en échec : %s", type(exception).__name__, exc_info=exception)
        return response.json({"error": type(exception).__name__}, status=500)

    return app


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Serveur d'actions de l'assistant")
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--actions", default=ACTIONS_PACKAGE)
    arguments = parser.parse_args(argv)
    from bot.logs import configure_logging

    configure_logging("actions")
    from actions.booking.demo_schedule import demo_schedule_enabled

    try:
        demo = demo_schedule_enabled()
    except ValueError as error:
        raise SystemExit(str(error)) from None
    logger.info("Séances de démonstration (DEMO_SCHEDULE) : %s", "oui" if demo else "non")
    workers = action_server_workers()
    app = create_app(arguments.actions)
    host = os.environ.get("SANIC_HOST", "0.0.0.0")  # as rasa_sdk; make run sets 127.0.0.1
    logger.info("Serveur d'actions sur http://%s:%s (%s processus, %s fils chacun)", host, arguments.port, workers, action_threads())
    app.run(host=host, port=arguments.port, workers=workers, access_log=False, motd=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
