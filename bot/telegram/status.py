"""The Telegram bridge's ``/health`` and ``/metrics`` (it serves nothing else in polling mode).

A small aiohttp server on ``127.0.0.1:TELEGRAM_STATUS_PORT`` (default 8089; 0: none):

- ``GET /health``: whether a Rasa server answers and whether the bridge is connected to
  Telegram (bot/health.py): 200, or 503 when either is not;
- ``GET /metrics``: Prometheus metrics (bot/metrics.py).
"""
from __future__ import annotations

import logging
from typing import Callable, Optional, Sequence

from aiohttp import web

from bot import metrics
from bot.health import any_answers, http_check, run_checks
from bot.settings import REST_WEBHOOK_PATH

logger = logging.getLogger(__name__)


class StatusServer:
    def __init__(self, rasa_webhook_urls: Sequence[str], connected: Callable[[], bool], *, port: int, host: str = "127.0.0.1") -> None:
        self._rasa = [url[: -len(REST_WEBHOOK_PATH)] if url.endswith(REST_WEBHOOK_PATH) else url for url in rasa_webhook_urls]
        self._connected = connected
        self._host = host
        self._port = port
        self._runner: Optional[web.AppRunner] = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/health", self._health)
        app.router.add_get("/metrics", self._metrics)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, self._host, self._port).start()
        logger.info("État du pont : http://%s:%s/health", self._host, self._port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _health(self, _request: web.Request) -> web.Response:
        async def telegram() -> None:
            if not self._connected():
                raise ConnectionError("not connected to Telegram")

        required = {"rasa": any_answers(http_check(f"{url}/") for url in self._rasa), "telegram": telegram}
        body, status = await run_checks(required, {})
        return web.json_response(body, status=status)

    async def _metrics(self, request: web.Request) -> web.Response:
        if not metrics.may_read_metrics(request.remote):
            return web.Response(text=metrics.METRICS_REFUSED, status=403)
        body, content_type = metrics.exposition()
        return web.Response(body=body, headers={"Content-Type": content_type})
