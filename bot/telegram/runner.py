"""Starts and stops the bridge, in long-polling mode (default) or webhook mode.

Long polling works anywhere, a laptop included: the bridge asks Telegram for
updates. Webhook mode (``TELEGRAM_WEBHOOK_URL`` set) needs a public HTTPS
address forwarding to the receiver (bot/telegram/webhook.py).
"""
from __future__ import annotations

import asyncio
import logging
import signal
from typing import Optional

import httpx
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application

from bot.routing import RasaServers
from bot.telegram.app import ALLOWED_UPDATES, TelegramBridge, build_application
from bot.telegram.commands import bot_commands
from bot.telegram.delivery import with_retries
from bot.telegram.outbox import OutboxDelivery, delivery_for
from bot.telegram.rasa_client import RasaClient
from bot.telegram.rate_limit import ChatRateLimiter
from bot.telegram.settings import TelegramSettings
from bot.telegram.status import StatusServer
from bot.telegram.webhook import WebhookReceiver

logger = logging.getLogger(__name__)

MAX_STARTUP_BACKOFF_SECONDS = 60.0


class BridgeStartupError(RuntimeError):
    """The bridge cannot start with these settings (not worth retrying)."""


def _log_polling_error(error: TelegramError) -> None:
    # python-telegram-bot retries by itself; the error's type is enough here.
    logger.warning("Lecture des mises à jour Telegram : %s (nouvel essai automatique)", type(error).__name__)


class BridgeRunner:
    """One running bridge: its Application, its HTTP client, its webhook receiver if any."""

    def __init__(self, settings: TelegramSettings) -> None:
        self.settings = settings
        self.http: Optional[httpx.AsyncClient] = None
        self.application: Optional[Application] = None
        self.bridge: Optional[TelegramBridge] = None
        self.receiver: Optional[WebhookReceiver] = None
        self.outbox: Optional[OutboxDelivery] = None

    async def start(self) -> None:
        settings = self.settings
        # trust_env=False: the assistant is on the loopback, no proxy from the environment applies.
        self.http = httpx.AsyncClient(trust_env=False, limits=httpx.Limits(max_connections=64))
        servers = RasaServers(settings.rasa_webhook_urls, discover_by_dns=settings.rasa_discover_by_dns)
        rasa = RasaClient(servers, self.http, deadline_seconds=settings.rasa_deadline_seconds)
        limiter = ChatRateLimiter(settings.rate_limit_messages, settings.rate_limit_seconds)
        self.bridge = TelegramBridge(rasa, self.http, rate_limiter=limiter)
        self.application = build_application(settings, self.bridge)
        try:
            await self._start_application(self.application)
        except BaseException:
            await self.stop()
            raise

    async def _start_application(self, application: Application) -> None:
        settings = self.settings
        await application.initialize()  # getMe: checks the token
        if await with_retries(lambda: application.bot.set_my_commands(bot_commands()), what="setMyCommands") is None:
            logger.warning("Le menu des commandes n'a pas pu être enregistré (le bot fonctionne sans).")
        if settings.uses_webhook:
            self.receiver = WebhookReceiver(
                application,
                path=settings.webhook_path,
                secret=settings.webhook_secret,
                listen=settings.webhook_listen,
                port=settings.webhook_port,
            )
            await self.receiver.start()
            registered = await application.bot.set_webhook(
                settings.webhook_url,
                secret_token=settings.webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
            )
            if not registered:
                raise BridgeStartupError("Telegram a refusé l'adresse du webhook.")
        else:
            assert application.updater is not None
            # start_polling removes any webhook first (Telegram allows only one of the two).
            await application.updater.start_polling(
                timeout=settings.poll_timeout_seconds,
                allowed_updates=ALLOWED_UPDATES,
                error_callback=_log_polling_error,
            )
        await application.start()
        # Messages for people who are not writing (bot/telegram/outbox.py).
        assert self.bridge is not None
        self.outbox = delivery_for(self.bridge.sender, self.bridge.buttons)
        self.outbox.start()

    async def stop(self) -> None:
        """Stops receiving, lets the updates in progress finish, then closes everything."""
        if self.outbox is not None:
            await self.outbox.stop()
            self.outbox = None
        application = self.application
        if application is not None:
            if application.updater is not None and application.updater.running:
                await application.updater.stop()
            if self.receiver is not None:
                await self.receiver.stop()
            if application.running:
                await application.stop()
            await application.shutdown()
        self.application = None
        self.receiver = None
        if self.http is not None:
            await self.http.aclose()
            self.http = None

    @property
    def mode(self) -> str:
        return f"webhook {self.settings.webhook_url}" if self.settings.uses_webhook else "long polling"


async def serve(settings: TelegramSettings) -> int:
    """Runs the bridge until SIGINT or SIGTERM; retries while Telegram is unreachable."""
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)

    backoff = 2.0
    current = [BridgeRunner(settings)]  # the runner of the latest attempt
    status: Optional[StatusServer] = None
    if settings.status_port:
        status = StatusServer(
            settings.rasa_webhook_urls,
            lambda: current[0].application is not None and current[0].application.running,
            port=settings.status_port,
        )
        try:
            await status.start()
        except OSError as error:  # the port taken: the bridge works without its status routes
            logger.warning("État du pont non servi (port %s : %s)", settings.status_port, type(error).__name__)
            status = None
    try:
        return await _serve(settings, current, stopping, backoff)
    finally:
        if status is not None:
            await status.stop()


async def _serve(settings: TelegramSettings, current: list, stopping: asyncio.Event, backoff: float) -> int:
    while True:
        runner = current[0]
        try:
            await runner.start()
            break
        except InvalidToken:
            logger.error("Telegram refuse le jeton TELEGRAM_BOT_TOKEN : vérifiez-le auprès de @BotFather.")
            return 1
        except (NetworkError, RetryAfter) as error:
            logger.warning("Telegram injoignable (%s) ; nouvel essai dans %.0f s", type(error).__name__, backoff)
        except (TelegramError, BridgeStartupError) as error:
            logger.error("Le pont Telegram ne peut pas démarrer (%s).", type(error).__name__)
            return 1
        try:
            await asyncio.wait_for(stopping.wait(), timeout=backoff)
            return 0  # asked to stop while waiting
        except asyncio.TimeoutError:
            backoff = min(MAX_STARTUP_BACKOFF_SECONDS, backoff * 2)
            current[0] = BridgeRunner(settings)

    logger.info("Pont Telegram démarré (%s).", runner.mode)
    await stopping.wait()
    logger.info("Arrêt du pont Telegram…")
    await runner.stop()
    return 0
