"""A reply: text plus quick-reply buttons whose payloads are ordinary user messages."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

# Buttons one turn may show: what fits on a phone screen.
MAX_BUTTONS = 6


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    def as_dict(self) -> Dict[str, str]:
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class Reply:
    """``text`` is the first message (short: one phone screen for catalogue answers);
    ``follow_up`` the messages sent after it (who to ask and how, details). The buttons
    go with the last message, under everything the person reads."""

    text: str
    buttons: List[Button] = field(default_factory=list)
    follow_up: Tuple[str, ...] = ()

    @property
    def messages(self) -> List[str]:
        return [self.text, *self.follow_up]


def intent_payload(intent: str, **entities: Any) -> str:
    """``/intent{"entity": "value"}``: what Rasa reads as that intent with those entities."""
    filled = {name: value for name, value in entities.items() if value is not None}
    if not filled:
        return f"/{intent}"
    return f"/{intent}{json.dumps(filled, ensure_ascii=False, separators=(',', ':'))}"


def button(title: str, intent: str, **entities: Optional[str]) -> Button:
    return Button(title=title, payload=intent_payload(intent, **entities))
