"""The pages the server serves: the demo page, the privacy notice, the widget script.

The HTML lives in bot/web/pages/*.html (``string.Template``, every value
HTML-escaped); the widget in bot/web/widget/widget.js, served as it is (no
build step). Every page carries a strict Content-Security-Policy: scripts and
styles from this server only, no inline script, no ``eval``.
"""
from __future__ import annotations

import hashlib
import html
from pathlib import Path
from string import Template
from typing import Dict

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from bot.privacy_notice import notice_html, notice_values
from bot.web.settings import WebSettings

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"
WIDGET_FILE = HERE / "widget" / "widget.js"
STATIC = HERE / "static"

PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# For everything that is not a page (JSON, the script itself): nothing may run or frame it.
NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'"
WIDGET_CACHE_SECONDS = 300


def snippet(settings: WebSettings) -> str:
    """The tag a partner pastes into a page (README.md shows the same)."""
    return (
        f'<script src="{settings.widget_url}" data-title="Assistant emploi-formation" '
        'data-color="#00596b" async></script>'
    )


def _render(name: str, values: Dict[str, str]) -> str:
    template = Template((PAGES / name).read_text(encoding="utf-8"))
    return template.substitute({key: html.escape(value) for key, value in values.items()})


class Pages:
    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings
        self._widget = WIDGET_FILE.read_bytes()
        self._widget_etag = '"' + hashlib.sha256(self._widget).hexdigest()[:16] + '"'
        hours = settings.conversation_seconds / 3600
        self._demo = _render("demo.html", {"snippet": snippet(settings)})
        # The notice (bot/privacy_notice.py: one text, also sent by Telegram's /confidentialite).
        self._privacy = notice_html(
            notice_values(settings.privacy_contact, settings.conversation_seconds / 3600), channel="web"
        )

    async def demo(self, request: Request) -> Response:
        return HTMLResponse(self._demo)

    async def privacy(self, request: Request) -> Response:
        return HTMLResponse(self._privacy)

    async def widget(self, request: Request) -> Response:
        headers = {
            "Cache-Control": f"public, max-age={WIDGET_CACHE_SECONDS}",
            "ETag": self._widget_etag,
            # Pages that isolate themselves (Cross-Origin-Embedder-Policy) may still load it.
            "Cross-Origin-Resource-Policy": "cross-origin",
        }
        if request.headers.get("if-none-match") == self._widget_etag:
            return Response(status_code=304, headers=headers)
        return Response(self._widget, media_type="text/javascript; charset=utf-8", headers=headers)
