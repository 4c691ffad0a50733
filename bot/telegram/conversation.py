"""One chat's exchange with the assistant: admit, forward, render, deliver; and pressed buttons.

The handlers (app.py) call these once python-telegram-bot has routed an update
and the chat's turn has come (ordering.py): nothing here runs for two updates
of the same chat at the same time.

The sender id is built from the update's chat id, which Telegram vouches for
(updates come from the Bot API, authenticated by the token or, in webhook mode,
by the secret token); the metadata is built from the update's verified fields,
never from anything the user typed: the Telegram user id, signed as a staff claim
(``metadata_for``); a pressed button is looked up in the
chat's own buttons (buttons.py), never read from ``callback_data``.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Mapping, Optional

from telegram import CallbackQuery, Message, Update

from actions.staff.claims import CLAIM_METADATA_KEY, TELEGRAM_SUBJECT, Subject, deployment_secret, sign_claim
from bot.telegram import messages
from bot.telegram.buttons import ButtonStore
from bot.telegram.delivery import Sender, typing, with_retries
from bot.telegram.privacy import chat_ref
from bot.telegram.rasa_client import AssistantUnavailable, RasaClient
from bot.telegram.rate_limit import ChatRateLimiter, Verdict
from bot.telegram.rendering import OutgoingText, plan_replies

logger = logging.getLogger(__name__)


def sender_id_for(chat_id: int) -> str:
    """The Rasa sender id: scoped by channel (CONTRACT.md), from the verified chat id only."""
    return f"telegram:{chat_id}"


def metadata_for(update: Update, **extra: Any) -> Dict[str, Any]:
    """The message's metadata: the staff claim (issue #11), from the update's verified fields only.

    ``staff_claim`` vouches that the Telegram user ``update.effective_user.id`` (given by
    Telegram, never typed) writes in this chat's conversation, signed with the deployment's
    secret (actions/staff/claims.py) and valid a few minutes. Every message carries it, staff
    or not: the actions look the user up on the staff list (actions/staff/verification.py).
    The Rasa REST channel keeps nothing else of the metadata (bot/rasa_channel.py); ``extra``
    (a deep link's code) is for the logs of this bridge only."""
    metadata: Dict[str, Any] = dict(extra)
    user = update.effective_user
    if user is not None and update.effective_chat is not None:
        metadata[CLAIM_METADATA_KEY] = sign_claim(
            Subject(TELEGRAM_SUBJECT, user.id), sender_id_for(update.effective_chat.id), deployment_secret()
        )
    return metadata


class AssistantRelay:
    """Talks to the assistant for one chat at a time; shared by every chat."""

    def __init__(
        self, rasa: RasaClient, sender: Sender, *, rate_limiter: ChatRateLimiter, buttons: ButtonStore
    ) -> None:
        self.rasa = rasa
        self.sender = sender
        self.rate_limiter = rate_limiter
        self.buttons = buttons

    async def admit(self, chat_id: int) -> bool:
        """True when the chat is within its rate limit; tells the user once when it is not."""
        verdict = self.rate_limiter.check(chat_id)
        if verdict is Verdict.ALLOWED:
            return True
        if verdict is Verdict.NOTIFY:
            logger.info("Limite de messages atteinte pour %s", chat_ref(chat_id))
            await self.sender.text(chat_id, messages.RATE_LIMITED)
        return False

    async def converse(self, update: Update, text: str, *, echo: Optional[str] = None, **metadata: Any) -> None:
        """Sends ``text`` to the assistant for this chat and delivers its answer (at worst, an apology)."""
        chat_id = update.effective_chat.id
        if echo:
            await self.sender.text(chat_id, echo)
        replies: List[Mapping[str, Any]] = []
        async with typing(self.sender.bot, chat_id):
            try:
                replies = await self.rasa.send(sender_id_for(chat_id), text, metadata_for(update, **metadata))
            except AssistantUnavailable as error:
                logger.warning("Assistant indisponible pour %s : %s", chat_ref(chat_id), error.reason)
            else:
                if not replies:
                    # Rasa answers 200 with nothing when an action failed (action server down…).
                    logger.warning("Réponse vide de l'assistant pour %s", chat_ref(chat_id))
        planned = plan_replies(replies, lambda: self.buttons.new_keyboard(chat_id))
        await self.sender.deliver(chat_id, planned or [OutgoingText(messages.TECHNICAL_PROBLEM)])

    async def press(self, update: Update) -> None:
        """A pressed button: answered, its keyboard removed, its label echoed, its payload forwarded.

        Only a button this chat was shown, still valid, is forwarded; anything else
        (expired, from before a restart, another chat's, forged) gets the polite answer.
        """
        query = update.callback_query
        chat = update.effective_chat
        if chat is None:  # a button of an inline-mode message: not ours
            await _answer(query)
            return
        if self.rate_limiter.check(chat.id) is not Verdict.ALLOWED:
            await _answer(query, messages.RATE_LIMITED_SHORT)
            return
        pressed = self.buttons.press(chat.id, query.data)
        if pressed is None:
            logger.info("Bouton inconnu ou expiré pour %s", chat_ref(chat.id))
            await _answer(query, messages.BUTTON_EXPIRED_SHORT)
            await self.sender.text(chat.id, messages.BUTTON_EXPIRED)
            return
        await _answer(query)  # at once: stops the spinner on the user's button
        message = query.message if isinstance(query.message, Message) else None  # None when too old
        if message is not None and message.reply_markup is not None:
            # The choice is made: the keyboard goes, so that it cannot be pressed twice
            # and the chat reads like a conversation (its keys are forgotten already).
            await with_retries(
                lambda: query.edit_message_reply_markup(reply_markup=None),
                what="editMessageReplyMarkup",
                chat_id=chat.id,
            )
        await self.converse(update, pressed.payload, echo=messages.BUTTON_ECHO.format(label=pressed.label))


async def _answer(query: CallbackQuery, text: Optional[str] = None) -> None:
    await with_retries(lambda: query.answer(text), what="answerCallbackQuery")
