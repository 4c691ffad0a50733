"""The privacy notice, one text for every channel (docs/privacy.md).

The notice is bot/web/pages/confidentialite.html (``string.Template``). Parts that only
make sense on one channel carry ``class="only-web"`` or ``class="only-telegram"``:

    notice_html(values, channel="web")      # the page the web server serves at /confidentialite
    notice_text(values, channel="telegram") # plain text: what /confidentialite sends on Telegram

``notice_values()`` fills it from the environment: ``WEB_PRIVACY_CONTACT`` (or a sentence
saying the operator must complete it), ``RETENTION_DAYS``, the conversation token's
lifetime and ``PRIVACY_NOTICE_VERSION``. Plain Python.
"""
from __future__ import annotations

import html
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from string import Template
from typing import Dict, List, Mapping, Optional

from actions.booking.retention import RETENTION_DAYS
from actions.privacy import PRIVACY_NOTICE_VERSION

NOTICE_FILE = Path(__file__).resolve().parent / "web" / "pages" / "confidentialite.html"
CHANNELS = ("web", "telegram")
MISSING_CONTACT = (
    "à compléter : l'organisme qui met ce service en ligne doit indiquer ici l'adresse "
    "de son délégué à la protection des données (variable WEB_PRIVACY_CONTACT)"
)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def notice_values(
    contact: Optional[str] = None, conversation_hours: float = 24, environ: Mapping[str, str] = os.environ
) -> Dict[str, str]:
    contact = (contact if contact is not None else environ.get("WEB_PRIVACY_CONTACT", "")).strip()
    return {
        "contact": contact or MISSING_CONTACT,
        "conversation_hours": f"{conversation_hours:g}",
        "retention_days": str(RETENTION_DAYS),
        "notice_version": PRIVACY_NOTICE_VERSION,
    }


def _filled(values: Mapping[str, str]) -> str:
    template = Template(NOTICE_FILE.read_text(encoding="utf-8"))
    return template.substitute({key: html.escape(value) for key, value in values.items()})


class _ChannelFilter(HTMLParser):
    """Drops the elements meant for other channels; keeps the HTML, and a text version."""

    def __init__(self, channel: str) -> None:
        super().__init__(convert_charrefs=True)
        self.others = {f"only-{other}" for other in CHANNELS if other != channel}
        self.skipping = 0
        self.html: List[str] = []
        self.text: List[str] = []
        self.in_main = False

    def handle_starttag(self, tag, attrs) -> None:
        if self.skipping:
            self.skipping += tag not in _VOID
            return
        classes = set((dict(attrs).get("class") or "").split())
        if classes & self.others:
            self.skipping = 1 if tag not in _VOID else 0
            return
        self.html.append(self.get_starttag_text())
        self.in_main = self.in_main or tag == "main"
        if self.in_main:
            self.text.append({"h1": "\n", "h2": "\n\n", "p": "\n", "li": "\n• "}.get(tag, ""))

    def handle_startendtag(self, tag, attrs) -> None:
        if not self.skipping:
            self.html.append(self.get_starttag_text())

    def handle_endtag(self, tag) -> None:
        if self.skipping:
            self.skipping -= 1
            return
        self.html.append(f"</{tag}>")
        if tag == "main":
            self.in_main = False
        elif self.in_main and tag in ("h1", "h2"):
            self.text.append("\n")

    def handle_data(self, data) -> None:
        if self.skipping:
            return
        self.html.append(html.escape(data, quote=False))
        if self.in_main:
            self.text.append(re.sub(r"\s+", " ", data))

    def handle_decl(self, decl) -> None:
        self.html.append(f"<!{decl}>")


def _filter(values: Mapping[str, str], channel: str) -> _ChannelFilter:
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    parser = _ChannelFilter(channel)
    parser.feed(_filled(values))
    parser.close()
    return parser


def notice_html(values: Mapping[str, str], channel: str = "web") -> str:
    return "".join(_filter(values, channel).html)


def notice_text(values: Mapping[str, str], channel: str = "telegram") -> str:
    """Plain text: headings on their own line, list items as « • », spaces tidied."""
    text = "".join(_filter(values, channel).text)
    text = re.sub(r" {2,}", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


__all__ = ["MISSING_CONTACT", "notice_html", "notice_text", "notice_values"]
