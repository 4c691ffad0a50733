"""What the bridge may write in its logs: never message text, never a raw chat or user id.

A chat is named in logs by a keyed hash: lines about the same chat can be
followed within one run, but the key is random per process, so the hash cannot
be turned back into the chat id (there are few enough ids to try them all
against an unkeyed hash) nor matched across restarts.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import traceback
from typing import Optional

_LOG_KEY = secrets.token_bytes(32)


def chat_ref(chat_id: Optional[int]) -> str:
    if chat_id is None:
        return "chat:?"
    digest = hmac.new(_LOG_KEY, str(chat_id).encode(), hashlib.sha256).hexdigest()
    return f"chat:{digest[:12]}"


def describe_error(error: BaseException) -> str:
    """The error's type and where it happened, without its message.

    Exception messages can quote data (a user's text, a payload), so they are
    left out; the frames (file, line, code) are enough to find the bug.
    """
    frames = "".join(traceback.format_tb(error.__traceback__)) if error.__traceback__ else ""
    return f"{type(error).__name__}\n{frames}".rstrip()


def quiet_noisy_loggers() -> None:
    """httpx logs every request URL at INFO, and the Bot API URL contains the bot token."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
