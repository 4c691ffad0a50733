"""Logging of every process: text by default, one JSON object per line with ``LOG_FORMAT=json``.

``configure_logging()`` is called first thing by each process (launcher, Rasa server,
action server, web server, Telegram bridge). A JSON line holds ``time`` (UTC, ISO
8601), ``level``, ``logger``, ``process`` (the process's role), ``message`` and, for
errors, ``exception`` (the type and traceback). Log lines never hold personal data:
the code logs outcome codes, ids and error types, never what a user wrote.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from typing import Mapping

from actions.log_privacy import install_log_scrubbing

TEXT_FORMAT = "%(asctime)s %(name)s %(levelname)s %(message)s"


def log_format(environ: Mapping[str, str] = os.environ) -> str:
    value = environ.get("LOG_FORMAT", "").strip().lower() or "text"
    if value not in ("text", "json"):
        raise SystemExit(f"LOG_FORMAT doit valoir text ou json, pas {environ.get('LOG_FORMAT')!r}")
    return value


class JsonFormatter(logging.Formatter):
    def __init__(self, process_role: str) -> None:
        super().__init__()
        self.process_role = process_role

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "process": self.process_role,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(process_role: str = "", level: int = logging.INFO, environ: Mapping[str, str] = os.environ) -> str:
    """Sets the root logger's one handler (stderr) to the chosen format; returns it.

    Every record is also scrubbed of phone numbers and e-mail addresses
    (actions/log_privacy.py), whatever logger or handler writes it.
    """
    install_log_scrubbing()
    chosen = log_format(environ)
    handler = logging.StreamHandler(sys.stderr)
    if chosen == "json":
        handler.setFormatter(JsonFormatter(process_role or os.path.basename(sys.argv[0] or "python")))
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
    return chosen
