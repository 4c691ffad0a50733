"""A small stand-in for the Telegram Bot API, served over HTTP on 127.0.0.1 for the tests.

The real python-telegram-bot talks to it as it would to api.telegram.org
(``TELEGRAM_API_BASE_URL``). It implements what the bridge uses: getMe,
getUpdates (long polling over a queue the test fills), sendMessage,
editMessageText, editMessageReplyMarkup, answerCallbackQuery, setMyCommands,
deleteWebhook, setWebhook, sendChatAction, sendDocument, sendPhoto. Every call
is recorded for assertions; a test can make the next calls to a method fail
(flood limit, server error).
"""
from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

from aiohttp import web

BOT_ID = 7000000001
BOT_USERNAME = "AfpaTestBot"
# Fields whose value is a plain string, never JSON (a text "123" must stay a string).
STRING_FIELDS = {
    "text",
    "caption",
    "action",
    "url",
    "secret_token",
    "callback_query_id",
    "parse_mode",
    "inline_message_id",
}
POLL_TIMEOUT_CAP_SECONDS = 2.0  # long polls are kept short so that tests stop quickly


@dataclass
class UploadedFile:
    filename: str
    content_type: str
    content: bytes


@dataclass
class ApiCall:
    method: str
    params: Dict[str, Any]
    at: float = field(default_factory=time.monotonic)

    @property
    def chat_id(self) -> Optional[int]:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    @property
    def keyboard(self) -> List[List[Dict[str, Any]]]:
        markup = self.params.get("reply_markup") or {}
        return markup.get("inline_keyboard", []) if isinstance(markup, dict) else []

    @property
    def button_labels(self) -> List[str]:
        return [button["text"] for row in self.keyboard for button in row]


@dataclass
class Failure:
    status: int
    description: str
    retry_after: Optional[int] = None


class BotApiStandIn:
    def __init__(self, token: str = "123456:stand-in-token") -> None:
        self.token = token
        self.calls: List[ApiCall] = []
        self.webhook: Dict[str, Any] = {}
        self.commands: List[Dict[str, Any]] = []
        self._updates: List[Dict[str, Any]] = []
        self._new_update = asyncio.Event()
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._callback_ids = itertools.count(1)
        self._sent_messages: Dict[int, Dict[str, Any]] = {}  # message id -> message, for button presses
        self._failures: Dict[str, List[Failure]] = {}
        self._call_recorded = asyncio.Event()
        self._runner: Optional[web.AppRunner] = None
        self.root_url = ""

    # -- life cycle ---------------------------------------------------------

    async def start(self) -> str:
        app = web.Application(client_max_size=20 * 1024 * 1024)
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.root_url = f"http://127.0.0.1:{port}"
        return self.root_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- what users do --------------------------------------------------------

    @staticmethod
    def user(chat_id: int, language_code: str = "fr") -> Dict[str, Any]:
        return {"id": chat_id, "is_bot": False, "first_name": "Camille", "language_code": language_code}

    @staticmethod
    def private_chat(chat_id: int) -> Dict[str, Any]:
        return {"id": chat_id, "type": "private", "first_name": "Camille"}

    def message(self, chat_id: int, *, chat: Optional[Dict[str, Any]] = None, **content: Any) -> Dict[str, Any]:
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat or self.private_chat(chat_id),
            "from": self.user(chat_id if chat is None else 424242),
            **content,
        }
        text = content.get("text")
        if isinstance(text, str) and text.startswith("/") and "entities" not in content:
            command = text.split(maxsplit=1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return message

    def push_update(self, **update: Any) -> int:
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, **update})
        self._new_update.set()
        return update_id

    def push_message(self, chat_id: int, **content: Any) -> int:
        return self.push_update(message=self.message(chat_id, **content))

    def push_button_press(self, chat_id: int, message_id: int, callback_data: str) -> int:
        message = self._sent_messages.get(message_id) or {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self.private_chat(chat_id),
            "text": "…",
        }
        return self.push_update(
            callback_query={
                "id": str(next(self._callback_ids)),
                "from": self.user(chat_id),
                "chat_instance": f"instance-{chat_id}",
                "message": message,
                "data": callback_data,
            }
        )

    def fail_next(self, method: str, failure: Failure, times: int = 1) -> None:
        self._failures.setdefault(method, []).extend([failure] * times)

    # -- what the bot did -------------------------------------------------------

    def calls_to(self, method: str, chat_id: Optional[int] = None) -> List[ApiCall]:
        return [c for c in self.calls if c.method == method and (chat_id is None or c.chat_id == chat_id)]

    def sent_message_id(self, call: ApiCall) -> int:
        return int(call.params["_message_id"])

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError("the bot did not do what was expected in time")
            self._call_recorded.clear()
            try:
                await asyncio.wait_for(self._call_recorded.wait(), timeout=min(remaining, 0.2))
            except asyncio.TimeoutError:
                pass

    # -- the Bot API --------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params = await _params(request)
        if method != "getUpdates":
            call = ApiCall(method, params)
            self.calls.append(call)
            self._call_recorded.set()
        failures = self._failures.get(method)
        if failures:
            failure = failures.pop(0)
            return _error(failure.status, failure.description, failure.retry_after)
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return _error(404, "Not Found: method not found")
        result = await handler(params) if asyncio.iscoroutinefunction(handler) else handler(params)
        if method in {"sendMessage", "sendDocument", "sendPhoto"}:
            call.params["_message_id"] = result["message_id"]
        return web.json_response({"ok": True, "result": result})

    async def _api_getUpdates(self, params: Dict[str, Any]) -> List[Dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        # Updates before the offset are confirmed: forgotten, as Telegram does.
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        timeout = min(float(params.get("timeout") or 0), POLL_TIMEOUT_CAP_SECONDS)
        if not self._updates and timeout > 0:
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), timeout=timeout)
            except asyncio.TimeoutError:
                pass
        limit = int(params.get("limit") or 100)
        return self._updates[:limit]

    def _api_getMe(self, params: Dict[str, Any]) -> Dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Assistant Afpa (test)",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _api_deleteWebhook(self, params: Dict[str, Any]) -> bool:
        self.webhook = {}
        return True

    def _api_setWebhook(self, params: Dict[str, Any]) -> bool:
        self.webhook = dict(params)
        return True

    def _api_setMyCommands(self, params: Dict[str, Any]) -> bool:
        self.commands = list(params.get("commands") or [])
        return True

    def _api_sendChatAction(self, params: Dict[str, Any]) -> bool:
        return True

    def _api_answerCallbackQuery(self, params: Dict[str, Any]) -> bool:
        return True

    def _bot_message(self, params: Dict[str, Any], **content: Any) -> Dict[str, Any]:
        chat_id = int(params["chat_id"])
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Assistant Afpa (test)", "username": BOT_USERNAME},
            **content,
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self._sent_messages[message["message_id"]] = message
        return message

    def _api_sendMessage(self, params: Dict[str, Any]) -> Dict[str, Any]:
        text = str(params.get("text", ""))
        if not text or len(text.encode("utf-16-le")) // 2 > 4096:
            raise web.HTTPBadRequest(
                text=json.dumps({"ok": False, "error_code": 400, "description": "Bad Request: message is too long"}),
                content_type="application/json",
            )
        return self._bot_message(params, text=text)

    def _api_sendPhoto(self, params: Dict[str, Any]) -> Dict[str, Any]:
        return self._bot_message(params, photo=[{"file_id": "photo-1", "file_unique_id": "p1", "width": 10, "height": 10}])

    def _api_sendDocument(self, params: Dict[str, Any]) -> Dict[str, Any]:
        document = params.get("document")
        name = document.filename if isinstance(document, UploadedFile) else "document"
        return self._bot_message(params, document={"file_id": "doc-1", "file_unique_id": "d1", "file_name": name})

    def _edit(self, params: Dict[str, Any], **changes: Any) -> Dict[str, Any]:
        message = self._sent_messages.get(int(params.get("message_id") or 0))
        if message is None:
            raise web.HTTPBadRequest(
                text=json.dumps({"ok": False, "error_code": 400, "description": "Bad Request: message to edit not found"}),
                content_type="application/json",
            )
        message.update(changes)
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        else:
            message.pop("reply_markup", None)
        return message

    def _api_editMessageReplyMarkup(self, params: Dict[str, Any]) -> Dict[str, Any]:
        return self._edit(params)

    def _api_editMessageText(self, params: Dict[str, Any]) -> Dict[str, Any]:
        return self._edit(params, text=str(params.get("text", "")))


async def _params(request: web.Request) -> Dict[str, Any]:
    """Parameters as python-telegram-bot sends them: a form (multipart when there are files), JSON values."""
    if request.content_type == "application/json":
        return dict(await request.json())
    form = await request.post()
    params: Dict[str, Any] = {}
    for name, value in form.items():
        if isinstance(value, web.FileField):
            with value.file:
                params[name] = UploadedFile(value.filename, value.content_type, value.file.read())
        elif name in STRING_FIELDS:
            params[name] = value
        else:
            try:
                params[name] = json.loads(value)
            except ValueError:
                params[name] = value
    query = dict(request.query)
    return {**query, **params}


def _error(status: int, description: str, retry_after: Optional[int] = None) -> web.Response:
    body: Dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return web.json_response(body, status=status)
