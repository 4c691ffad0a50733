"""The web server's Starlette application: routes, CORS, security headers, errors.

Routes:

- ``GET /``: the demo page (a partner intercommunality's employment page, with the widget);
- ``GET /confidentialite``: the privacy notice;
- ``GET /widget.js``: the widget (any site may load it; only allowed sites may talk through it);
- ``GET /static/…``: the demo page's stylesheet;
- ``POST /api/conversations``, ``POST /api/messages``: the relay (relay.py);
- ``GET /health``: whether a Rasa server answers (bot/health.py): 200, or 503 when none does;
- ``GET /live``: ``{"status": "ok"}`` while the process runs (liveness: checks nothing else);
- ``GET /metrics``: Prometheus metrics (bot/metrics.py), loopback only by default;
- ``/staff…``: the staff page, behind sign-in (bot/web/staff/routes.py).

Cross-origin calls to the relay are allowed (CORS) for ``WEB_ALLOWED_ORIGINS`` and
the server's own public origin only; the relay also refuses any other ``Origin``.
Every error is answered in French: JSON under ``/api/``, plain text elsewhere.
"""
from __future__ import annotations

import contextlib
import logging
from typing import AsyncIterator, Optional

import httpx
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot import metrics
from bot.health import any_answers, http_check, run_checks
from bot.routing import RasaServers
from bot.settings import REST_WEBHOOK_PATH
from bot.telegram.privacy import describe_error
from bot.telegram.rasa_client import RasaClient
from bot.telegram.rate_limit import ChatRateLimiter
from bot.web import messages
from bot.web.identity import Identity, load_or_create_secret
from bot.web.pages import NON_PAGE_CSP, PAGE_CSP, STATIC, Pages
from bot.web.relay import Relay, error
from bot.web.settings import WebSettings
from bot.web.staff.routes import StaffSite

logger = logging.getLogger(__name__)

CORS_MAX_AGE_SECONDS = 600


class SecurityHeaders:
    """Adds the Content-Security-Policy and friends to every response (pure ASGI: no buffering)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                is_page = headers.get("content-type", "").startswith("text/html")
                headers.setdefault("Content-Security-Policy", PAGE_CSP if is_page else NON_PAGE_CSP)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
                if is_page:
                    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _live(request: Request) -> Response:
    """The process answers (liveness): nothing else is checked."""
    return JSONResponse({"status": "ok"})


def _metrics(request: Request) -> Response:
    if not metrics.may_read_metrics(request.client.host if request.client else None):
        return PlainTextResponse(metrics.METRICS_REFUSED, status_code=403)
    body, content_type = metrics.exposition()
    return Response(body, media_type=content_type)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    sentence = {404: messages.NOT_FOUND, 405: messages.METHOD_NOT_ALLOWED}.get(exc.status_code, messages.BAD_REQUEST)
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "bad_request")
    headers = dict(exc.headers or {})
    if request.url.path.startswith("/api/"):
        return error(exc.status_code, code, sentence, headers)
    return PlainTextResponse(sentence, status_code=exc.status_code, headers=headers)


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    # The last line of defence: logged without data, answered in French.
    logger.error("Erreur inattendue sur %s : %s", request.url.path, describe_error(exc))
    return error(500, "technical_problem", messages.TECHNICAL_PROBLEM)


def create_app(settings: WebSettings, *, secret: Optional[bytes] = None) -> Starlette:
    identity = Identity(
        secret if secret is not None else load_or_create_secret(settings.secret_file),
        max_age_seconds=settings.conversation_seconds,
    )
    # trust_env=False: Rasa is on the loopback, no proxy from the environment applies.
    http = httpx.AsyncClient(trust_env=False, limits=httpx.Limits(max_connections=64))
    relay = Relay(
        settings,
        identity,
        RasaClient(
            RasaServers(settings.rasa_webhook_urls, discover_by_dns=settings.rasa_discover_by_dns),
            http,
            deadline_seconds=settings.rasa_timeout_seconds,
        ),
        conversation_limiter=ChatRateLimiter(settings.rate_limit_messages, settings.rate_limit_seconds),
        address_limiter=ChatRateLimiter(settings.address_rate_limit_requests, settings.address_rate_limit_seconds),
    )
    pages = Pages(settings)
    staff = StaffSite(settings, relay, pages)

    async def health(request: Request) -> Response:
        """Whether a Rasa server answers (bot/health.py): 200, or 503 when none does."""
        rasa_servers = [url[: -len(REST_WEBHOOK_PATH)] for url in settings.rasa_webhook_urls]
        body, status = await run_checks({"rasa": any_answers(http_check(f"{url}/") for url in rasa_servers)}, {})
        return JSONResponse(body, status_code=status)

    async def metrics_route(request: Request) -> Response:
        return _metrics(request)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await http.aclose()
            staff.db.dispose()

    routes = [
        Route("/", pages.demo, methods=["GET", "HEAD"]),
        Route("/confidentialite", pages.privacy, methods=["GET", "HEAD"]),
        Route("/widget.js", pages.widget, methods=["GET", "HEAD"]),
        Route("/health", health, methods=["GET", "HEAD"]),
        Route("/live", _live, methods=["GET", "HEAD"]),
        Route("/metrics", metrics_route, methods=["GET"]),
        Route("/api/conversations", relay.start_conversation, methods=["POST"]),
        Route("/api/messages", relay.message, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
        *staff.routes(),
    ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["POST"],
            allow_headers=["Authorization", "Content-Type"],
            max_age=CORS_MAX_AGE_SECONDS,
        ),
    ]
    return Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: _http_error, Exception: _unexpected_error},
        lifespan=lifespan,
    )
