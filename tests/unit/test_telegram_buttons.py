"""The Telegram bridge's button store (buttons kept per chat, by key) and its per-chat ordering."""
from __future__ import annotations

import asyncio

import pytest
from telegram import Chat, Message, Update, User

from bot.telegram.buttons import MAX_PAYLOAD_BYTES, ButtonStore
from bot.telegram.ordering import ChatOrderedUpdateProcessor


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def show(store: ButtonStore, chat_id: int, *payloads: str) -> list:
    keep = store.new_keyboard(chat_id)
    return [keep(payload, f"label {payload}") for payload in payloads]


# -- the button store -------------------------------------------------------------------


def test_a_button_is_found_in_its_own_chat_only():
    store = ButtonStore()
    [key] = show(store, 1, '/book_workshop{"booking_session":"42"}')
    assert store.press(2, key) is None  # another chat's key
    pressed = store.press(1, key)
    assert (pressed.payload, pressed.label) == ('/book_workshop{"booking_session":"42"}',
                                                'label /book_workshop{"booking_session":"42"}')


@pytest.mark.parametrize(
    "forged",
    [
        '/book_workshop{"booking_session":"1"}',
        'p:/book_workshop{"booking_session":"1"}',  # the in-clear buttons of earlier versions
        "t:AAAAAAAAAAAAAAAA",
        "b:AAAAAAAAAAA",  # well formed, never issued
        "b:" + "x" * 62,
        "é" * 32,  # 64 bytes
        "",
        None,
    ],
)
def test_forged_or_unknown_callback_data_finds_nothing(forged):
    store = ButtonStore()
    show(store, 1, "/help", "/contact_human")
    assert store.press(1, forged) is None
    assert len(store) == 2  # and changes nothing


def test_pressing_a_button_forgets_its_keyboard_only():
    store = ButtonStore()
    first = show(store, 1, "/a", "/b", "/c")
    second = show(store, 1, "/d")
    assert store.press(1, first[1]).payload == "/b"
    assert store.press(1, first[1]) is None  # pressed twice
    assert store.press(1, first[0]) is None  # the rest of that keyboard is gone with it
    assert store.press(1, second[0]).payload == "/d"  # another keyboard still works
    assert len(store) == 0 and store.chats() == 0


def test_buttons_expire():
    clock = FakeClock()
    store = ButtonStore(ttl_seconds=3600, clock=clock)
    [old] = show(store, 1, "/help")
    clock.now = 1800
    [recent] = show(store, 1, "/contact_human")
    clock.now = 3601
    assert store.press(1, old) is None
    assert store.press(1, recent).payload == "/contact_human"


def test_memory_is_bounded_per_chat_and_in_all():
    clock = FakeClock()
    store = ButtonStore(per_chat=3, max_buttons=10, ttl_seconds=60, clock=clock)
    keys = show(store, 1, "/1", "/2", "/3", "/4", "/5")
    assert len(store) == 3
    assert store.press(1, keys[0]) is None and store.press(1, keys[4]).payload == "/5"

    for chat in range(100, 120):
        show(store, chat, "/x", "/y")
    assert len(store) <= 10 and store.chats() <= 5  # the quietest chats forgotten first
    clock.now = 61
    show(store, 999, "/z")  # expired chats are dropped as new buttons come
    assert len(store) == 1 and store.chats() == 1


def test_a_payload_too_long_is_not_kept():
    store = ButtonStore()
    keep = store.new_keyboard(1)
    assert keep("/inform" + "x" * MAX_PAYLOAD_BYTES, "Trop long") is None
    assert len(store) == 0


def test_nothing_survives_a_restart():
    [key] = show(ButtonStore(), 1, "/help")
    assert ButtonStore().press(1, key) is None


# -- per-chat order ----------------------------------------------------------------------


def _update(update_id: int, chat_id: int) -> Update:
    chat = Chat(chat_id, Chat.PRIVATE)
    message = Message(update_id, date=None, chat=chat, from_user=User(chat_id, "Camille", False), text="x")
    return Update(update_id, message=message)


async def test_one_chat_in_arrival_order_other_chats_at_the_same_time():
    processor = ChatOrderedUpdateProcessor(max_concurrent_chats=8)
    events = []
    slow = asyncio.Event()

    async def handle(name: str, wait: bool = False) -> None:
        events.append(f"start {name}")
        if wait:
            await slow.wait()
        await asyncio.sleep(0)
        events.append(f"end {name}")

    # As python-telegram-bot does: one task per update, created in arrival order.
    tasks = [
        asyncio.create_task(processor.process_update(_update(1, 10), handle("A1", wait=True))),
        asyncio.create_task(processor.process_update(_update(2, 10), handle("A2"))),
        asyncio.create_task(processor.process_update(_update(3, 20), handle("B1"))),
        asyncio.create_task(processor.process_update(_update(4, 10), handle("A3"))),
    ]
    for _ in range(20):
        await asyncio.sleep(0)
    assert events == ["start A1", "start B1", "end B1"]  # A waits for A1; B is not held up
    slow.set()
    await asyncio.gather(*tasks)
    assert [e for e in events if "A" in e] == ["start A1", "end A1", "start A2", "end A2", "start A3", "end A3"]
    assert processor.chats_in_progress() == 0  # nothing kept once a chat is idle
