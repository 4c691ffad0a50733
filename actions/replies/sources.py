"""Where an answer comes from and how current it is, in one short line (issue #13)."""
from __future__ import annotations

import datetime
from typing import Iterable, List
from urllib.parse import urlparse


def checked_words(checked: datetime.date) -> str:
    """« vérifié le 28/11/2026 »: when the fact was last checked against its source."""
    return f"vérifié le {checked:%d/%m/%Y}"


def source_line(source: str, date: str) -> str:
    """« Source : communiqué Afpa – Intercommunalités de France, septembre 2022. »"""
    return f"Source : {source}, {date}."


def site_names(urls: Iterable[str], limit: int = 2) -> List[str]:
    """« akto.fr », « c2rp.fr »: the sites of the sources, as people read them."""
    names: List[str] = []
    for url in urls:
        host = urlparse(url).netloc.lower().rstrip(".")
        if host.startswith("www."):
            host = host[4:]
        if host and host not in names:
            names.append(host)
    return names[:limit]


def sites_line(urls: Iterable[str], checked: datetime.date, limit: int = 1) -> str:
    """« Source : akto.fr (vérifié le 28/11/2026). »: the first site (``limit`` sites) of the sources."""
    names = site_names(urls, limit)
    if not names:
        return f"Source : fiche de faits de l'assistant ({checked_words(checked)})."
    return f"Source : {', '.join(names)} ({checked_words(checked)})."
