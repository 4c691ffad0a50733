"""What every form validator shares: payloads caught as answers, answers not understood in a row."""
from __future__ import annotations

from typing import Any, Callable, Dict, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.common import send
from actions.replies.reply import Reply

# Answers not understood in a row, counted by every form (after two: the offer of a person).
FAILURES_SLOT = "booking_failures"


def is_payload(value: Any) -> bool:
    """A button payload ("/intent{…}") caught by a free-text mapping: not an answer."""
    return isinstance(value, str) and value.strip().startswith("/")


def failures(tracker: Tracker) -> int:
    try:
        return int(tracker.get_slot(FAILURES_SLOT) or 0)
    except (TypeError, ValueError):
        return 0


def failed(
    tracker: Tracker, dispatcher: CollectingDispatcher, reply_for_attempt: Callable[[int], Reply], slot: str
) -> Dict[Text, Any]:
    """Says what went wrong (with the offer of a person after two misses) and re-asks."""
    attempt = failures(tracker) + 1
    send(dispatcher, reply_for_attempt(attempt))
    return {slot: None, FAILURES_SLOT: float(attempt)}
