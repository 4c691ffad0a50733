"""Turns the assistant's replies (Rasa REST messages) into the widget's messages.

Pure functions, no network. What the widget receives, in order:

- ``{"type": "text", "text": …, "buttons": [{"title": …, "button": <signed>} | {"title": …, "url": …}]}``:
  a payload button carries its payload signed for this conversation
  (identity.py); a button with a ``url`` opens it (http and https only);
- ``{"type": "link", "text": "Voir l'image", "url": …}`` for an ``image`` (http(s) only);
- ``{"type": "document", "filename", "mime_type", "content_base64", "caption"}`` for a
  ``custom.document`` carrying its content (docs/telegram.md): the widget offers it as a
  download. A document given only by ``url`` (an address on the loopback that the
  browser cannot reach) or unusable becomes a short notice;
- anything else is left out (and logged without its content).

The widget inserts every string as text, never as HTML.
"""
from __future__ import annotations

import base64
import binascii
import logging
import re
from typing import Any, Dict, List, Mapping, Sequence

from bot.telegram.messages import DOCUMENT_UNAVAILABLE
from bot.telegram.rendering import safe_filename
from bot.web.identity import Conversation, Identity

logger = logging.getLogger(__name__)

# A booking's .ics is a few kilobytes; the browser keeps documents in the
# transcript (sessionStorage, a few megabytes per site): keep them small.
MAX_DOCUMENT_BYTES = 256 * 1024
MAX_TITLE_CHARACTERS = 200
DEFAULT_MIME_TYPE = "application/octet-stream"
MIME_TYPE_PATTERN = re.compile(r"^[a-z]+/[a-z0-9.+-]+$")
IMAGE_LINK_TEXT = "Voir l'image"

WidgetMessage = Dict[str, Any]


def is_web_url(value: Any) -> bool:
    return isinstance(value, str) and re.match(r"^https?://[^\s<>\"]+$", value) is not None


def render_replies(
    replies: Sequence[Mapping[str, Any]], conversation: Conversation, identity: Identity
) -> List[WidgetMessage]:
    rendered: List[WidgetMessage] = []
    for reply in replies:
        rendered.extend(_render_one(reply, conversation, identity))
    return rendered


def _render_one(reply: Mapping[str, Any], conversation: Conversation, identity: Identity) -> List[WidgetMessage]:
    rendered: List[WidgetMessage] = []
    text = reply.get("text")
    text = text.strip() if isinstance(text, str) else ""
    buttons = _buttons(reply.get("buttons"), conversation, identity)
    if text or buttons:
        message: WidgetMessage = {"type": "text", "text": text}
        if buttons:
            message["buttons"] = buttons
        rendered.append(message)

    image = reply.get("image")
    if is_web_url(image):
        rendered.append({"type": "link", "text": IMAGE_LINK_TEXT, "url": image})
    elif image:
        logger.warning("Image ignorée : adresse non http(s)")

    custom = reply.get("custom")
    if isinstance(custom, Mapping):
        if "document" in custom:
            rendered.append(render_document(custom["document"]))
        unknown = sorted(str(key) for key in custom if key != "document")
        if unknown:
            logger.warning("Contenu personnalisé non pris en charge ignoré : clés %s", unknown)
    return rendered


def _buttons(buttons: Any, conversation: Conversation, identity: Identity) -> List[WidgetMessage]:
    if not isinstance(buttons, list):
        return []
    rendered: List[WidgetMessage] = []
    for button in buttons:
        if not isinstance(button, Mapping):
            continue
        title = str(button.get("title") or "").strip()[:MAX_TITLE_CHARACTERS]
        payload = button.get("payload")
        url = button.get("url")
        if not title:
            continue
        if isinstance(payload, str) and payload.strip():
            rendered.append({"title": title, "button": identity.sign_button(conversation, payload)})
        elif is_web_url(url):
            rendered.append({"title": title, "url": url})
    return rendered


def render_document(document: Any) -> WidgetMessage:
    """A downloadable document, or the short notice when it cannot be offered."""
    reason = None
    if not isinstance(document, Mapping):
        reason = "not an object"
    else:
        encoded = document.get("content_base64")
        if not isinstance(encoded, str) or not encoded:
            reason = "no content_base64 (an url is not reachable from a browser)"
        elif len(encoded) > MAX_DOCUMENT_BYTES * 4 // 3 + 4:
            reason = "too large"
        else:
            try:
                base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError):
                reason = "invalid base64"
    if reason is not None:
        logger.warning("Document ignoré (%s)", reason)
        return {"type": "text", "text": DOCUMENT_UNAVAILABLE}
    assert isinstance(document, Mapping)
    mime_type = document.get("mime_type")
    caption = document.get("caption")
    return {
        "type": "document",
        "filename": safe_filename(document.get("filename")),
        "mime_type": mime_type if isinstance(mime_type, str) and MIME_TYPE_PATTERN.match(mime_type) else DEFAULT_MIME_TYPE,
        "content_base64": document["content_base64"],
        "caption": caption.strip()[:1024] if isinstance(caption, str) and caption.strip() else "",
    }
