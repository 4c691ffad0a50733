"""Sending to Telegram: bounded retries, "typing…", and the planned replies.

Telegram's flood limits (``RetryAfter``) are waited out when the wait is
short, and network errors are retried with a backoff, a few times at most:
a message that still cannot be sent is logged (without its text) and dropped
rather than blocking the chat.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import AsyncIterator, Awaitable, Callable, Optional, Sequence, TypeVar

import httpx
from telegram import Bot, InlineKeyboardMarkup, InputFile, LinkPreviewOptions, Message
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.telegram import messages
from bot.telegram.privacy import chat_ref
from bot.telegram.rendering import (
    MAX_DOCUMENT_BYTES,
    Outgoing,
    OutgoingDocument,
    OutgoingPhoto,
    OutgoingText,
)

logger = logging.getLogger(__name__)

T = TypeVar("T")

MAX_ATTEMPTS = 4
FIRST_BACKOFF_SECONDS = 0.5
# Longer flood waits are not worth it: the user has moved on.
MAX_FLOOD_WAIT_SECONDS = 30
# Telegram shows "typing…" for 5 seconds; renewed a little before it fades.
TYPING_RENEWAL_SECONDS = 4.5
DOCUMENT_DOWNLOAD_TIMEOUT_SECONDS = 5.0
NO_LINK_PREVIEW = LinkPreviewOptions(is_disabled=True)


async def with_retries(call: Callable[[], Awaitable[T]], *, what: str, chat_id: Optional[int] = None) -> Optional[T]:
    """``call()``'s result, retried on flood limits and network errors; None when it finally failed."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            return await call()
        except RetryAfter as error:
            wait = _seconds(error.retry_after)
            if wait > MAX_FLOOD_WAIT_SECONDS or attempt == MAX_ATTEMPTS:
                logger.warning("%s abandonné pour %s : limite de Telegram (%s s)", what, chat_ref(chat_id), wait)
                return None
            logger.info("%s : limite de Telegram, nouvel essai dans %s s", what, wait)
            await asyncio.sleep(wait)
        except Forbidden:
            # The user blocked the bot, or the bot left the chat: nothing to retry.
            logger.info("%s impossible pour %s : accès refusé par Telegram", what, chat_ref(chat_id))
            return None
        except BadRequest as error:
            # Not logged with its message: Telegram may quote the request in it.
            logger.warning("%s refusé par Telegram pour %s (%s)", what, chat_ref(chat_id), type(error).__name__)
            return None
        except NetworkError as error:  # includes TimedOut
            if attempt == MAX_ATTEMPTS:
                logger.warning("%s abandonné pour %s après %d essais (%s)", what, chat_ref(chat_id), attempt, type(error).__name__)
                return None
            await asyncio.sleep(FIRST_BACKOFF_SECONDS * 2 ** (attempt - 1))
        except TelegramError as error:
            logger.warning("%s : erreur Telegram pour %s (%s)", what, chat_ref(chat_id), type(error).__name__)
            return None
    return None


def _seconds(retry_after: object) -> float:
    total_seconds = getattr(retry_after, "total_seconds", None)  # a timedelta in later versions
    return float(total_seconds()) if callable(total_seconds) else float(retry_after)  # type: ignore[arg-type]


@contextlib.asynccontextmanager
async def typing(bot: Bot, chat_id: int) -> AsyncIterator[None]:
    """Shows "typing…" in the chat while the block runs (best effort, never retried)."""

    async def keep_typing() -> None:
        while True:
            try:
                await bot.send_chat_action(chat_id, ChatAction.TYPING)
            except TelegramError:
                pass  # only a courtesy: never worth failing or waiting for
            await asyncio.sleep(TYPING_RENEWAL_SECONDS)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


class Sender:
    """Sends texts, photos and documents to one chat or another."""

    def __init__(self, bot: Bot, http: httpx.AsyncClient) -> None:
        self._bot = bot
        self._http = http

    @property
    def bot(self) -> Bot:
        return self._bot

    async def text(self, chat_id: int, text: str, keyboard: Optional[InlineKeyboardMarkup] = None) -> Optional[Message]:
        # Plain text, no parse_mode: Telegram shows it as it is, so nothing needs escaping.
        return await with_retries(
            lambda: self._bot.send_message(
                chat_id, text, reply_markup=keyboard, link_preview_options=NO_LINK_PREVIEW
            ),
            what="sendMessage",
            chat_id=chat_id,
        )

    async def deliver(self, chat_id: int, planned: Sequence[Outgoing]) -> None:
        for outgoing in planned:
            if isinstance(outgoing, OutgoingText):
                await self.text(chat_id, outgoing.text, outgoing.keyboard)
            elif isinstance(outgoing, OutgoingPhoto):
                await with_retries(
                    lambda: self._bot.send_photo(chat_id, outgoing.url), what="sendPhoto", chat_id=chat_id
                )
            elif isinstance(outgoing, OutgoingDocument):
                await self._document(chat_id, outgoing)

    async def _document(self, chat_id: int, document: OutgoingDocument) -> None:
        content = document.content if document.content is not None else await self._download(document.url)
        if content is None:
            await self.text(chat_id, messages.DOCUMENT_UNAVAILABLE)
            return
        upload = InputFile(content, filename=document.filename)
        if document.mime_type:
            upload.mimetype = document.mime_type  # otherwise guessed from the file name
        sent = await with_retries(
            lambda: self._bot.send_document(chat_id, upload, caption=document.caption),
            what="sendDocument",
            chat_id=chat_id,
        )
        if sent is None:
            await self.text(chat_id, messages.DOCUMENT_UNAVAILABLE)

    async def _download(self, url: Optional[str]) -> Optional[bytes]:
        """The file at ``url`` (given by the assistant, never by a user), at most 10 MB."""
        if not url:
            return None
        try:
            async with self._http.stream("GET", url, timeout=DOCUMENT_DOWNLOAD_TIMEOUT_SECONDS) as response:
                if response.status_code != 200:
                    logger.warning("Document non téléchargé : HTTP %s", response.status_code)
                    return None
                chunks, size = [], 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > MAX_DOCUMENT_BYTES:
                        logger.warning("Document non téléchargé : plus de %d octets", MAX_DOCUMENT_BYTES)
                        return None
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.HTTPError as error:
            logger.warning("Document non téléchargé (%s)", type(error).__name__)
            return None
