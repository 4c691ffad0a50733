"""A last line of defence: phone numbers and e-mail addresses never reach a log line.

    from actions.log_privacy import install_log_scrubbing
    install_log_scrubbing()   # once, early in each process (idempotent)

Our own log calls never pass personal values (counts, outcomes, reason codes only:
docs/privacy.md). But a third-party message may quote data: a database error printing the
row it was writing, an HTTP library printing a URL. ``install_log_scrubbing`` replaces the
logging module's record factory so that every record, from any logger and to any handler,
has French phone numbers and e-mail addresses replaced by ``[téléphone]`` and ``[e-mail]``
in its message and in its exception text. First names, ages and statuses cannot be
recognised by a pattern: they are kept out by never logging text or slot values, and by
not running at DEBUG level in production (Rasa's debug lines print messages and slots).
Plain Python.
"""
from __future__ import annotations

import logging
import re

PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)33[\s.-]?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)


def scrub(text: str) -> str:
    return PHONE.sub("[téléphone]", EMAIL.sub("[e-mail]", text))


_installed = False


def install_log_scrubbing() -> None:
    """Every log record created from now on in this process is scrubbed (see the docstring)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()
    formatter = logging.Formatter()

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: leave it to logging's own error report
            return record
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = scrub(formatter.formatException(record.exc_info))
        return record

    logging.setLogRecordFactory(factory)
    _installed = True


__all__ = ["install_log_scrubbing", "scrub"]
