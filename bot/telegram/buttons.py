"""The buttons the bridge has shown, kept server-side per chat and named by a short random key.

Telegram sends back a pressed button's ``callback_data`` as the user's client
gives it, and a modified client can send anything there. So no Rasa payload
ever travels in ``callback_data``: the bridge keeps each button (payload and
label) in memory, for the chat it was shown in, and gives Telegram only
``b:<key>``, a random key of 11 characters. A press is looked up in the
pressing chat's own buttons: a key that is unknown, expired, already used or
shown in another chat finds nothing, and the bridge answers "ce bouton n'est
plus valable" and forwards nothing.

Memory is bounded: at most ``per_chat`` buttons per chat (the oldest
forgotten first), ``max_buttons`` in all (the chats quiet for the longest
time forgotten first), each for ``ttl_seconds`` at most, with payloads of at
most ``MAX_PAYLOAD_BYTES``. Pressing a button forgets its whole keyboard: the
bridge removes that keyboard from the chat, the choice is made.

Nothing survives a restart of the bridge: buttons shown before it (and the
``p:``/``t:`` buttons of earlier versions) get the polite answer.
"""
from __future__ import annotations

import itertools
import re
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

KEY_PREFIX = "b:"
# 8 random bytes: 11 URL-safe characters, 64 bits, not worth guessing.
KEY_BYTES = 8
KEY_PATTERN = re.compile(r"b:[A-Za-z0-9_-]{11}")
# The assistant's payloads are a few dozen bytes ("/book_workshop{"booking_session":"42"}");
# a button with a much longer one is not shown (and not kept).
MAX_PAYLOAD_BYTES = 512
# Six buttons fit on a phone screen: 48 keeps the last several turns' keyboards usable.
DEFAULT_PER_CHAT = 48
DEFAULT_MAX_BUTTONS = 50_000  # measured: 43 MB with 512-byte payloads, 20 MB with typical ones
DEFAULT_TTL_SECONDS = 24 * 3600

# Makes (payload, label) into the callback_data of one button of one keyboard.
ButtonKeys = Callable[[str, str], Optional[str]]


@dataclass(frozen=True, slots=True)
class StoredButton:
    payload: str
    label: str
    keyboard: int  # the keyboard it was shown in: pressing one button forgets them all
    shown_at: float


class ButtonStore:
    def __init__(
        self,
        *,
        per_chat: int = DEFAULT_PER_CHAT,
        max_buttons: int = DEFAULT_MAX_BUTTONS,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if per_chat < 1 or max_buttons < per_chat or ttl_seconds <= 0:
            raise ValueError("per_chat >= 1, max_buttons >= per_chat and ttl_seconds > 0")
        self._per_chat = per_chat
        self._max_buttons = max_buttons
        self._ttl = ttl_seconds
        self._clock = clock
        # Chats least recently shown a button first; in each chat, oldest button first.
        self._chats: "OrderedDict[int, OrderedDict[str, StoredButton]]" = OrderedDict()
        self._count = 0
        self._keyboards = itertools.count(1)

    def new_keyboard(self, chat_id: int) -> ButtonKeys:
        """The key maker for the buttons of one new keyboard shown in this chat.

        It returns None for a payload too long to keep (the button is then not shown).
        """
        keyboard = next(self._keyboards)

        def keep(payload: str, label: str) -> Optional[str]:
            if len(payload.encode("utf-8")) > MAX_PAYLOAD_BYTES:
                return None
            return self._keep(chat_id, StoredButton(payload, label, keyboard, self._clock()))

        return keep

    def press(self, chat_id: int, callback_data: Optional[str]) -> Optional[StoredButton]:
        """The button pressed in this chat, or None (unknown, expired, used, or another chat's).

        A button found is forgotten with the rest of its keyboard.
        """
        if not callback_data or not KEY_PATTERN.fullmatch(callback_data):
            return None
        buttons = self._chats.get(chat_id)
        button = buttons.get(callback_data) if buttons is not None else None
        if buttons is None or button is None:
            return None
        self._forget(chat_id, [key for key, other in buttons.items() if other.keyboard == button.keyboard])
        if self._expired(button):
            return None
        return button

    def __len__(self) -> int:
        return self._count

    def chats(self) -> int:
        return len(self._chats)

    # -- bookkeeping ---------------------------------------------------------

    def _keep(self, chat_id: int, button: StoredButton) -> str:
        self._drop_expired_chats()
        buttons = self._chats.get(chat_id)
        if buttons is None:
            buttons = self._chats[chat_id] = OrderedDict()
        else:
            self._chats.move_to_end(chat_id)
        key = KEY_PREFIX + secrets.token_urlsafe(KEY_BYTES)
        while key in buttons:  # 64 random bits: never in practice
            key = KEY_PREFIX + secrets.token_urlsafe(KEY_BYTES)
        buttons[key] = button
        self._count += 1
        while len(buttons) > self._per_chat:
            buttons.popitem(last=False)
            self._count -= 1
        while self._count > self._max_buttons:
            _, forgotten = self._chats.popitem(last=False)
            self._count -= len(forgotten)
        return key

    def _forget(self, chat_id: int, keys: Iterable[str]) -> None:
        buttons = self._chats[chat_id]
        for key in keys:
            del buttons[key]
            self._count -= 1
        if not buttons:
            del self._chats[chat_id]

    def _expired(self, button: StoredButton) -> bool:
        return self._clock() - button.shown_at > self._ttl

    def _drop_expired_chats(self) -> None:
        """Chats whose newest button has expired, from the quietest: they hold nothing usable."""
        while self._chats:
            chat_id, buttons = next(iter(self._chats.items()))
            newest = next(reversed(buttons.values()))
            if not self._expired(newest):
                return
            self._forget(chat_id, list(buttons))


__all__ = ["ButtonKeys", "ButtonStore", "KEY_PREFIX", "MAX_PAYLOAD_BYTES", "StoredButton"]
