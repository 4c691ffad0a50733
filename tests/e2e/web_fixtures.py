"""Fixtures for the web channel's tests: a real headless Chromium, another site, extra web servers.

- ``browser``: Debian's Chromium (``CHROMIUM_PATH``, else ``chromium`` on the PATH) driven by
  Playwright, one for the whole session; ``page``: a fresh browser context per test (its own
  sessionStorage), which records dialogs (``alert``…) and Content-Security-Policy violations.
- ``other_site``: pages served from ``embedding_origin`` (another port, so another origin),
  which the stack's web server allows in ``WEB_ALLOWED_ORIGINS``.
- ``start_web_server``: an extra web server (the real Starlette app on uvicorn, in this
  process) with settings of its own, in front of a stub REST channel or of nothing, for
  what the real assistant cannot show (down, slow, documents) and for low rate limits.
"""
from __future__ import annotations

import asyncio
import dataclasses
import os
import shutil
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Dict, List, Optional

import pytest
import uvicorn
from aiohttp import web
from playwright.async_api import Browser, Page, async_playwright

from bot.settings import PROJECT_ROOT
from bot.web.app import create_app
from bot.web.settings import load_web_settings
from tests.e2e.conftest import free_port

AXE_SOURCE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTEFACTS = PROJECT_ROOT / "results" / "web"

# Runs in every page before its own scripts: collects CSP violations.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def chromium_path() -> Optional[str]:
    configured = os.environ.get("CHROMIUM_PATH", "").strip()
    if configured:
        return configured
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    executable = chromium_path()
    if executable is None:
        message = "Chromium est introuvable : apt-get install chromium (ou CHROMIUM_PATH=/chemin/vers/chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs it (.ci/run): its absence there is a failure
        pytest.skip(message)
    if not AXE_SOURCE.exists():
        pytest.fail("axe-core manque : npm ci (make test le fait)")
    async with async_playwright() as playwright:
        # No browser download: the system's Chromium. As root, Chromium needs --no-sandbox
        # (Playwright adds it since chromium_sandbox is False by default).
        chromium = await playwright.chromium.launch(executable_path=executable)
        try:
            yield chromium
        finally:
            await chromium.close()


@dataclasses.dataclass
class PageRecord:
    dialogs: List[str] = dataclasses.field(default_factory=list)
    errors: List[str] = dataclasses.field(default_factory=list)


@pytest.fixture
async def page(browser) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    await context.add_init_script(RECORD_VIOLATIONS)
    tab = await context.new_page()
    record = PageRecord()
    tab.record = record  # type: ignore[attr-defined]

    async def on_dialog(dialog) -> None:
        record.dialogs.append(dialog.message)
        await dialog.dismiss()

    tab.on("dialog", on_dialog)
    tab.on("pageerror", lambda exception: record.errors.append(str(exception)))
    try:
        yield tab
    finally:
        await context.close()


async def csp_violations(tab: Page) -> List[str]:
    return await tab.evaluate("window.__cspViolations || []")


async def axe_violations(tab: Page, include: str = "document") -> List[Dict[str, Any]]:
    """axe-core's violations on the page (open shadow roots included), WCAG 2.1 A/AA and best practices."""
    if not await tab.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the page's CSP does not apply to it.
        await tab.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    return await tab.evaluate(
        """async (include) => {
            const context = include === "document" ? document : { include: [[include]] };
            const result = await axe.run(context, { runOnly: { type: "tag",
                values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
            return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
        }""",
        include,
    )


# -- another site (another origin) embedding the widget -----------------------------------------


@dataclasses.dataclass
class OtherSite:
    origin: str
    pages: Dict[str, str] = dataclasses.field(default_factory=dict)
    headers: Dict[str, str] = dataclasses.field(default_factory=dict)

    def url(self, path: str) -> str:
        return f"{self.origin}{path}"


@pytest.fixture(scope="session")
async def other_site(embedding_origin) -> AsyncIterator[OtherSite]:
    site = OtherSite(embedding_origin)

    async def serve(request: web.Request) -> web.Response:
        body = site.pages.get(request.path)
        if body is None:
            return web.Response(status=404)
        return web.Response(text=body, content_type="text/html", headers=site.headers)

    app = web.Application()
    app.router.add_get("/{tail:.*}", serve)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    port = int(embedding_origin.rsplit(":", 1)[1])
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield site
    finally:
        await runner.cleanup()


# -- extra web servers ---------------------------------------------------------------------------


@dataclasses.dataclass
class RunningWebServer:
    url: str
    server: uvicorn.Server
    task: "asyncio.Task[None]"


@pytest.fixture
async def start_web_server(tmp_path) -> AsyncIterator[Callable[..., Any]]:
    """``await start_web_server(rasa_url, **environment)``: a web server in front of ``rasa_url``."""
    running: List[RunningWebServer] = []

    async def start(rasa_url: str, **environment: str) -> str:
        port = free_port()
        env = {"WEB_PORT": str(port), "WEB_SECRET_FILE": str(tmp_path / "web-secret"), **environment}
        settings = dataclasses.replace(load_web_settings(env), rasa_webhook_urls=(f"{rasa_url}/webhooks/rest/webhook",))
        config = uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=port, ws="none", http="h11",
            access_log=False, log_config=None, lifespan="on",
        )
        server = uvicorn.Server(config)
        task = asyncio.create_task(server.serve())
        for _ in range(100):
            if server.started:
                break
            if task.done():
                task.result()  # raises the start-up error
            await asyncio.sleep(0.05)
        running.append(RunningWebServer(f"http://127.0.0.1:{port}", server, task))
        return running[-1].url

    yield start
    for entry in running:
        entry.server.should_exit = True
    await asyncio.gather(*(entry.task for entry in running), return_exceptions=True)


def artefact(name: str) -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    return ARTEFACTS / name
