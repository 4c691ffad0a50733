"""Webhook mode: a small aiohttp server that receives Telegram's updates.

Telegram sends every update with the secret token given to ``setWebhook`` in
the ``X-Telegram-Bot-Api-Secret-Token`` header; a request without the right
token is refused (403) and never reaches the assistant. The server listens on
the loopback by default: a reverse proxy (nginx, Caddy…) terminates HTTPS on
the public address and forwards to it.
"""
from __future__ import annotations

import hmac
import logging
from typing import Optional

from aiohttp import web
from telegram import Update
from telegram.ext import Application

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1024 * 1024  # an update is a few kilobytes


class WebhookReceiver:
    def __init__(self, application: Application, *, path: str, secret: str, listen: str, port: int) -> None:
        if not secret:
            raise ValueError("the webhook needs a secret token")
        self._application = application
        self._path = path
        self._secret = secret.encode()
        self._listen = listen
        self._port = port
        self._runner: Optional[web.AppRunner] = None
        self._site: Optional[web.TCPSite] = None

    @property
    def port(self) -> int:
        """The port actually listened on (useful when asked for port 0)."""
        if self._runner is None or not self._runner.addresses:
            return self._port
        return self._runner.addresses[0][1]

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_BODY_BYTES)
        app.router.add_post(self._path, self._receive)
        # Quiet access log: its lines would carry the requests' addresses, nothing useful.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, self._listen, self._port)
        await self._site.start()
        logger.info("Webhook : écoute sur %s:%s%s", self._listen, self.port, self._path)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "replace")
        if not hmac.compare_digest(given, self._secret):
            logger.warning("Webhook : requête refusée (jeton secret absent ou faux)")
            return web.Response(status=403)
        try:
            data = await request.json()
            update = Update.de_json(data, self._application.bot) if isinstance(data, dict) else None
        except Exception as error:  # noqa: BLE001 - malformed JSON or update: refused, not fatal
            logger.warning("Webhook : mise à jour illisible (%s)", type(error).__name__)
            update = None
        if update is None:
            return web.Response(status=400)
        # Answered at once; the update is handled by the Application, so that
        # Telegram does not wait (nor resend) while the assistant thinks.
        await self._application.update_queue.put(update)
        return web.Response(status=200)
