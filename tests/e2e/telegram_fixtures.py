"""Fixtures for the Telegram bridge's end-to-end tests.

A test starts the REAL bridge (BridgeRunner: python-telegram-bot's
Application, polling or webhook) against the Bot API stand-in, talking to the
real assistant (``assistant_url``) or, for what the assistant cannot produce
yet (long payloads, documents, failures), to a stub REST channel.

To know when the bridge has finished with an update, the harness adds a
handler in a later group of the Application: python-telegram-bot runs it once
the bridge's own handler has returned, so no test sleeps or guesses.
"""
from __future__ import annotations

import asyncio
import random
import socket
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Dict, List, Optional, Set, Union

import pytest
from aiohttp import web
from telegram import Update
from telegram.ext import ContextTypes, TypeHandler

from bot.telegram.runner import BridgeRunner
from bot.telegram.settings import TelegramSettings
from tests.e2e.telegram_standin import ApiCall, BotApiStandIn

PROCESSED_GROUP = 99
REPLY_METHODS = {"sendMessage", "sendPhoto", "sendDocument"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ProcessedUpdates:
    def __init__(self) -> None:
        self._done: Set[int] = set()
        self._changed = asyncio.Event()

    async def record(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        self._done.add(update.update_id)
        self._changed.set()

    async def wait(self, update_id: int, timeout: float = 30.0) -> None:
        async def done() -> None:
            while update_id not in self._done:
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(done(), timeout)


@dataclass
class Exchange:
    """What the bot did in one chat in answer to one update."""

    calls: List[ApiCall]
    seconds: float = 0.0

    def to(self, method: str) -> List[ApiCall]:
        return [call for call in self.calls if call.method == method]

    @property
    def messages(self) -> List[ApiCall]:
        return self.to("sendMessage")

    @property
    def text(self) -> str:
        return "\n".join(message.text for message in self.messages)

    @property
    def labels(self) -> List[str]:
        return [label for message in self.messages for label in message.button_labels]


@dataclass
class Harness:
    standin: BotApiStandIn
    runner: BridgeRunner
    processed: ProcessedUpdates

    def user(self, chat_id: Optional[int] = None) -> "TelegramUser":
        return TelegramUser(self, chat_id or random.randint(10**8, 2 * 10**9))

    async def handle(self, push: Callable[[], int], chat_id: Optional[int], timeout: float = 30.0) -> Exchange:
        """Pushes an update, waits until the bridge has handled it, returns the calls it made for that chat."""
        start = len(self.standin.calls)
        began = asyncio.get_running_loop().time()
        update_id = push()
        await self.processed.wait(update_id, timeout)
        seconds = asyncio.get_running_loop().time() - began
        calls = [c for c in self.standin.calls[start:] if c.chat_id in (chat_id, None)]
        return Exchange(calls, seconds)

    async def handle_together(self, *pushes: Callable[[], int], timeout: float = 30.0) -> None:
        """Pushes several updates at once (the bridge gets them in one ``getUpdates``), waits for them all."""
        update_ids = [push() for push in pushes]
        for update_id in update_ids:
            await self.processed.wait(update_id, timeout)


@dataclass
class TelegramUser:
    harness: Harness
    chat_id: int

    async def say(self, text: str) -> Exchange:
        return await self.send(text=text)

    async def send(self, **content: Any) -> Exchange:
        standin = self.harness.standin
        return await self.harness.handle(lambda: standin.push_message(self.chat_id, **content), self.chat_id)

    async def edit(self, text: str) -> Exchange:
        standin = self.harness.standin
        edited = standin.message(self.chat_id, text=text, edit_date=1)
        return await self.harness.handle(lambda: standin.push_update(edited_message=edited), self.chat_id)

    def last_message_with_button(self, label: str) -> ApiCall:
        for call in reversed(self.harness.standin.calls_to("sendMessage", self.chat_id)):
            if label in call.button_labels:
                return call
        raise AssertionError(f"no message with a button {label!r}")

    async def press(self, label: str) -> Exchange:
        return await self.harness.handle(self.pressing(label), self.chat_id)

    async def press_data(self, message: ApiCall, callback_data: str) -> Exchange:
        return await self.harness.handle(self.pressing_data(message, callback_data), self.chat_id)

    # Pushes without waiting, for Harness.handle_together.

    def saying(self, text: str) -> Callable[[], int]:
        return lambda: self.harness.standin.push_message(self.chat_id, text=text)

    def pressing(self, label: str) -> Callable[[], int]:
        message = self.last_message_with_button(label)
        data = next(b["callback_data"] for row in message.keyboard for b in row if b["text"] == label)
        return self.pressing_data(message, data)

    def pressing_data(self, message: ApiCall, callback_data: str) -> Callable[[], int]:
        standin = self.harness.standin
        message_id = standin.sent_message_id(message)
        return lambda: standin.push_button_press(self.chat_id, message_id, callback_data)


Replies = Union[List[Dict[str, Any]], Callable[[Dict[str, Any]], Awaitable[List[Dict[str, Any]]]]]


@dataclass
class StubAssistant:
    """A stand-in for the Rasa REST channel: records what it receives, answers what the test says."""

    replies: Replies = field(default_factory=list)
    status: int = 200
    received: List[Dict[str, Any]] = field(default_factory=list)
    files: Dict[str, bytes] = field(default_factory=dict)
    url: str = ""
    _runner: Optional[web.AppRunner] = None

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", self._webhook)
        app.router.add_get("/files/{name}", self._file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append(body)
        if self.status != 200:
            return web.json_response({"error": "stub failure"}, status=self.status)
        replies = await self.replies(body) if callable(self.replies) else self.replies
        return web.json_response(replies)

    async def _file(self, request: web.Request) -> web.Response:
        content = self.files.get(request.match_info["name"])
        return web.Response(body=content) if content is not None else web.Response(status=404)


class TcpProxy:
    """A TCP relay to the assistant, closed and reopened (same port) to play "Rasa down, then up"."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = 0
        self._server: Optional[asyncio.AbstractServer] = None
        self._writers: Set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def open(self) -> None:
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", self.port, reuse_address=True)
        self.port = self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._writers):
            writer.close()
        self._writers.clear()

    async def _relay(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            client_writer.close()
            return
        self._writers.update({client_writer, upstream_writer})

        async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                while data := await reader.read(65536):
                    writer.write(data)
                    await writer.drain()
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                writer.close()

        await asyncio.gather(pipe(client_reader, upstream_writer), pipe(upstream_reader, client_writer))
        self._writers.difference_update({client_writer, upstream_writer})


BridgeFactory = Callable[..., Awaitable[Harness]]


@pytest.fixture
async def start_bridge():
    """``await start_bridge(rasa_base_url, **settings)``: a running bridge and its stand-in, stopped after the test."""
    harnesses: List[Harness] = []

    async def start(rasa_base_url: str, **overrides: Any) -> Harness:
        standin = BotApiStandIn()
        await standin.start()
        settings = TelegramSettings(
            bot_token=standin.token,
            rasa_webhook_urls=(f"{rasa_base_url}/webhooks/rest/webhook",),
            api_root=standin.root_url,
            poll_timeout_seconds=1,
            **overrides,
        )
        runner = BridgeRunner(settings)
        await runner.start()
        processed = ProcessedUpdates()
        assert runner.application is not None
        runner.application.add_handler(TypeHandler(Update, processed.record), group=PROCESSED_GROUP)
        harness = Harness(standin, runner, processed)
        harnesses.append(harness)
        return harness

    yield start
    for harness in reversed(harnesses):
        await harness.runner.stop()
        await harness.standin.stop()


@pytest.fixture
async def telegram(start_bridge, assistant_url) -> Harness:
    """The bridge in polling mode, talking to the real assistant."""
    return await start_bridge(assistant_url)


@pytest.fixture
async def stub_assistant():
    stub = StubAssistant()
    await stub.start()
    yield stub
    await stub.stop()
