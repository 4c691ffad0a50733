"""``/health`` of every process: whether its dependencies answer, as JSON.

    {"status": "ok" | "degraded" | "down",
     "dependencies": {"<name>": {"ok": true} | {"ok": false, "error": "<type>"}, ...}}

A dependency is *required* (the process cannot answer anybody without it: HTTP 503,
``down``) or *optional* (some answers still work: HTTP 200, ``degraded``):

- Rasa server: the model loaded, the tracker store's database, Redis (the lock store,
  when ``LOCK_STORE_URL`` is set) are required; the action server is optional;
- action server (bot/action_server.py): the bookings' database is optional (booking
  waits, the programmes and the eligibility check work);
- web server, Telegram bridge: a Rasa server is required (each bridge asks the ones it
  knows).

Errors are named by their type only (never an address, a password or a user's data).
Each check has a short deadline (``CHECK_SECONDS``), so that ``/health`` answers fast.
"""
from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable, Dict, Iterable, Tuple

CHECK_SECONDS = 2.0

Check = Callable[[], Awaitable[None]]


async def run_checks(required: Dict[str, Check], optional: Dict[str, Check]) -> Tuple[Dict[str, Any], int]:
    """Runs every check at once; returns the JSON body and its HTTP status."""
    names = list(required) + list(optional)
    checks = [required.get(name) or optional[name] for name in names]

    async def one(check: Check) -> Dict[str, Any]:
        try:
            await asyncio.wait_for(check(), CHECK_SECONDS)
            return {"ok": True}
        except asyncio.TimeoutError:
            return {"ok": False, "error": "timeout"}
        except Exception as error:
            return {"ok": False, "error": type(error).__name__}

    results = dict(zip(names, await asyncio.gather(*(one(check) for check in checks))))
    if not all(results[name]["ok"] for name in required):
        status, code = "down", 503
    elif not all(results[name]["ok"] for name in optional):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return {"status": status, "dependencies": results}, code


def http_check(url: str) -> Check:
    """Answers 200 (in time)."""

    async def check() -> None:
        import httpx

        async with httpx.AsyncClient(trust_env=False, timeout=CHECK_SECONDS) as client:
            response = await client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}")

    return check


def any_answers(checks: Iterable[Check]) -> Check:
    """At least one of these answers (a bridge needs one Rasa server, not all)."""
    checks = list(checks)

    async def check() -> None:
        errors = []
        for one in checks:
            try:
                await one()
                return
            except Exception as error:
                errors.append(error)
        raise errors[0] if errors else RuntimeError("nothing to check")

    return check


def sql_check(engine) -> Check:
    """``SELECT 1`` on a SQLAlchemy engine, in a thread (the driver blocks)."""

    async def check() -> None:
        from sqlalchemy import text

        def select_one() -> None:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))

        await asyncio.get_running_loop().run_in_executor(None, select_one)

    return check


def redis_check(client) -> Check:
    async def check() -> None:
        await asyncio.get_running_loop().run_in_executor(None, client.ping)

    return check


def rasa_checks(agent) -> Tuple[Dict[str, Check], Dict[str, Check]]:
    """The Rasa server's dependencies, from its agent (None while the model loads)."""

    async def model() -> None:
        if agent is None or not agent.is_ready():
            raise RuntimeError("model not loaded")

    required: Dict[str, Check] = {"model": model}
    optional: Dict[str, Check] = {}
    if agent is None:
        return required, optional
    store = agent.tracker_store
    store = getattr(store, "_tracker_store", store)  # Rasa's FailSafeTrackerStore wraps it
    if getattr(store, "engine", None) is not None:
        required["database"] = sql_check(store.engine)
    locks = agent.lock_store
    locks = getattr(locks, "backend", locks)  # bot.conversations.lock_store.ConfiguredLockStore
    if getattr(locks, "red", None) is not None:
        required["redis"] = redis_check(locks.red)
    endpoint = getattr(agent, "action_endpoint", None)
    if endpoint is not None and endpoint.url:
        base = endpoint.url.rsplit("/webhook", 1)[0]
        optional["action_server"] = http_check(f"{base}/health")
    return required, optional


def add_rasa_routes(app) -> None:
    """``/health`` and ``/metrics`` on the Rasa server's Sanic application."""
    from sanic import response

    from bot import metrics

    @app.get("/health")
    async def health(request):
        required, optional = rasa_checks(getattr(request.app.ctx, "agent", None))
        body, status = await run_checks(required, optional)
        return response.json(body, status=status)

    @app.get("/metrics")
    async def metrics_route(request):
        if not metrics.may_read_metrics(request.ip):
            return response.text(metrics.METRICS_REFUSED, status=403)
        body, content_type = metrics.exposition()
        return response.raw(body, content_type=content_type)
