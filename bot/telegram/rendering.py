"""Turns the assistant's replies (Rasa REST messages) into Telegram messages.

Pure functions, no network: easy to unit test (the keys of buttons come from
the caller, see buttons.py).

Rasa message → Telegram:

- ``text`` → text messages, sent as plain text (no parse mode, so nothing
  needs escaping), split under 4,096 characters on paragraph boundaries;
- ``buttons`` (``{"title", "payload"}``) → an inline keyboard under the last
  part of the text, each button's payload kept by the bridge (buttons.py) and
  only its key in ``callback_data``; a button with a ``url`` instead of a
  payload opens it;
- ``image`` (an http(s) URL) → a photo;
- ``custom.document`` → a document. The contract, for the actions that send
  files (a booking's ``.ics`` for instance)::

      dispatcher.utter_message(json_message={"document": {
          "filename": "atelier-afpa.ics",         # required: the name the user sees
          "content_base64": "<base64 of the file>", # either the content…
          "url": "http://127.0.0.1:5055/files/…",   # …or an address the bridge downloads
          "mime_type": "text/calendar",           # optional
          "caption": "Votre rendez-vous",         # optional, at most 1,024 characters
      }})

  The bridge downloads ``url`` itself and uploads the bytes (Telegram only
  fetches PDF, ZIP and GIF files by URL, and cannot reach a loopback address).
  At most 10 MB.
"""
from __future__ import annotations

import base64
import binascii
import logging
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram import messages
from bot.telegram.buttons import ButtonKeys

logger = logging.getLogger(__name__)

TEXT_LIMIT = 4096  # Telegram's limit for a text message
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64  # bytes
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024



def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TEXT_LIMIT) -> List[str]:
    """Splits ``text`` into parts of at most ``limit`` characters (Telegram's count).

    Cuts between paragraphs when it can, else between lines, else between
    words; a single word longer than the limit is cut where it must.
    """
    text = text.strip()
    if not text:
        return []
    if telegram_length(text) <= limit:
        return [text]
    for separator in ("\n\n", "\n", " "):
        pieces = text.split(separator)
        if len(pieces) > 1:
            return _pack(pieces, separator, limit)
    return _hard_cut(text, limit)


def _pack(pieces: Sequence[str], separator: str, limit: int) -> List[str]:
    """Greedily joins consecutive pieces while they fit; splits further the pieces that never fit."""
    parts: List[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}{separator}{piece}" if current else piece
        if telegram_length(candidate) <= limit:
            current = candidate
            continue
        if current.strip():
            parts.append(current.strip())
        if telegram_length(piece) <= limit:
            current = piece
        else:
            parts.extend(split_text(piece, limit))
            current = ""
    if current.strip():
        parts.append(current.strip())
    return parts


def _hard_cut(text: str, limit: int) -> List[str]:
    parts: List[str] = []
    current: List[str] = []
    size = 0
    for character in text:  # never cuts a character (or a surrogate pair) in two
        width = telegram_length(character)
        if size + width > limit:
            parts.append("".join(current))
            current, size = [], 0
        current.append(character)
        size += width
    if current:
        parts.append("".join(current))
    return parts


def _is_web_url(value: Any) -> bool:
    return isinstance(value, str) and re.match(r"^https?://\S+$", value) is not None


def inline_keyboard(buttons: Iterable[Mapping[str, Any]], keys: ButtonKeys) -> Optional[InlineKeyboardMarkup]:
    """One button per row: labels stay readable on a phone. ``keys`` gives each payload's callback_data."""
    rows: List[List[InlineKeyboardButton]] = []
    for button in buttons:
        label = str(button.get("title") or "").strip()
        if not label:
            continue
        payload = button.get("payload")
        url = button.get("url")
        if isinstance(payload, str) and payload.strip():
            callback_data = keys(payload, label)
            if callback_data is None:
                logger.warning("Bouton ignoré : contenu trop long")
                continue
            rows.append([InlineKeyboardButton(label, callback_data=callback_data)])
        elif _is_web_url(url):
            rows.append([InlineKeyboardButton(label, url=url)])
    return InlineKeyboardMarkup(rows) if rows else None


@dataclass(frozen=True)
class OutgoingText:
    text: str
    keyboard: Optional[InlineKeyboardMarkup] = None


@dataclass(frozen=True)
class OutgoingPhoto:
    url: str


@dataclass(frozen=True)
class OutgoingDocument:
    filename: str
    content: Optional[bytes] = None
    url: Optional[str] = None
    mime_type: Optional[str] = None
    caption: Optional[str] = None


Outgoing = Union[OutgoingText, OutgoingPhoto, OutgoingDocument]


def plan_replies(replies: Sequence[Mapping[str, Any]], new_keyboard: Callable[[], ButtonKeys]) -> List[Outgoing]:
    """The Telegram messages for the assistant's replies, in order.

    ``new_keyboard()`` gives the key maker of each keyboard (ButtonStore.new_keyboard).
    """
    planned: List[Outgoing] = []
    for reply in replies:
        planned.extend(_plan_one(reply, new_keyboard))
    return planned


def _plan_one(reply: Mapping[str, Any], new_keyboard: Callable[[], ButtonKeys]) -> List[Outgoing]:
    planned: List[Outgoing] = []
    text = reply.get("text")
    parts = split_text(text) if isinstance(text, str) else []
    buttons = reply.get("buttons")
    keyboard = inline_keyboard(buttons, new_keyboard()) if isinstance(buttons, list) and buttons else None
    if keyboard is not None and not parts:
        parts = [messages.CHOOSE]
    for index, part in enumerate(parts):
        is_last = index == len(parts) - 1
        planned.append(OutgoingText(part, keyboard if is_last else None))

    image = reply.get("image")
    if _is_web_url(image):
        planned.append(OutgoingPhoto(image))
    elif image:
        logger.warning("Image ignorée : adresse non http(s)")

    custom = reply.get("custom")
    if isinstance(custom, Mapping):
        document = custom.get("document")
        if document is not None:
            planned.append(document_from_custom(document))
        unknown = sorted(str(key) for key in custom if key != "document")
        if unknown:
            logger.warning("Contenu personnalisé non pris en charge ignoré : clés %s", unknown)
    return planned


def document_from_custom(document: Any) -> Outgoing:
    """The document of a ``custom.document`` reply, or a short notice when it is unusable."""
    content, url, reason = None, None, None
    if not isinstance(document, Mapping):
        reason = "not an object"
    else:
        url = document.get("url")
        encoded = document.get("content_base64")
        if isinstance(encoded, str) and encoded:
            content, reason = _decode(encoded)
        elif _is_web_url(url):
            pass
        else:
            reason = "neither content_base64 nor an http(s) url"
    if reason is not None:
        logger.warning("Document ignoré (%s)", reason)
        return OutgoingText(messages.DOCUMENT_UNAVAILABLE)
    assert isinstance(document, Mapping)
    caption = document.get("caption")
    mime_type = document.get("mime_type")
    return OutgoingDocument(
        filename=safe_filename(document.get("filename")),
        content=content,
        url=None if content is not None else url,
        mime_type=mime_type if isinstance(mime_type, str) else None,
        caption=caption[:CAPTION_LIMIT] if isinstance(caption, str) and caption.strip() else None,
    )


def _decode(encoded: str) -> Tuple[Optional[bytes], Optional[str]]:
    if len(encoded) > MAX_DOCUMENT_BYTES * 4 // 3 + 4:
        return None, "too large"
    try:
        return base64.b64decode(encoded, validate=True), None
    except (binascii.Error, ValueError):
        return None, "invalid base64"


def safe_filename(name: Any) -> str:
    """The last path component, with only harmless characters; "document" when nothing is left."""
    if not isinstance(name, str):
        return "document"
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[^\w.\- ]", "_", name).strip(" .")
    return name[:100] or "document"
