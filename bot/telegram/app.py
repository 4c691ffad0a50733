"""The handlers of the Telegram bridge and the python-telegram-bot Application wiring.

What the bridge does with each kind of update:

- private chat, text → forwarded to the assistant (Rasa REST channel) with the
  sender id ``telegram:<chat id>`` and the signed staff claim of the Telegram user
  (conversation.py ``metadata_for``); the answer rendered natively;
- private chat, commands → ``/start`` (welcome, or a deep link's topic), the
  French commands (commands.py), the staff's commands listed in no menu
  (staff_commands.py), anything else: the list of commands;
- a pressed button → looked up in the chat's own buttons (buttons.py):
  answered, its keyboard removed, its label echoed, its payload forwarded; an
  unknown, expired or forged one gets "ce bouton n'est plus valable";
- private chat, sticker, voice, photo, file, contact… → a short answer in
  French; a location → "not available yet" (hook in location.py); an edited
  message → a short answer (a live location's updates: silence);
- groups: the bot works in private chats only, so that nobody's questions
  or personal situation are shared with a group. It answers a command, a
  mention of it or a reply to it with a link to a private chat, and stays
  silent otherwise; group messages never reach the assistant;
- channel posts and everything else: deliberate silence.

Each chat's updates reach these handlers one at a time, in the order they
arrived (ordering.py, the Application's update processor); what is said to the
assistant, and how, is in conversation.py. Handlers only route.
"""
from __future__ import annotations

import functools
import logging
from typing import Awaitable, Callable, Optional

import httpx
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.privacy_notice import notice_text, notice_values
from bot.telegram import messages
from bot.telegram.buttons import ButtonStore
from bot.telegram.commands import (
    GREETING_PAYLOAD,
    PAYLOAD_BY_COMMAND,
    PRIVACY_COMMAND,
    command_list_text,
    deep_link_key,
    deep_link_payload,
)
from bot.telegram.conversation import AssistantRelay
from bot.telegram.delivery import Sender
from bot.telegram.location import location_payload
from bot.telegram.ordering import ChatOrderedUpdateProcessor
from bot.telegram.privacy import chat_ref, describe_error
from bot.telegram.rasa_client import RasaClient
from bot.telegram.rate_limit import ChatRateLimiter
from bot.telegram.staff_commands import StaffCommands
from bot.telegram.settings import TelegramSettings

logger = logging.getLogger(__name__)

# The updates the bridge asks Telegram for; the others are never sent to it.
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
# Telegram's own limit is 4,096; a legitimate question is far shorter. Longer
# texts are most likely pasted documents (a CV…): not sent to the assistant.
MAX_FORWARDED_CHARACTERS = 2000
# Chats handled at the same time (one chat's updates are handled in order: ordering.py).
CONCURRENT_CHATS = 64

PRIVATE = filters.ChatType.PRIVATE
PRIVATE_NEW_MESSAGE = PRIVATE & filters.UpdateType.MESSAGE

Handler = Callable[["TelegramBridge", Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


def never_silent(handler: Handler) -> Handler:
    """An unexpected error still gets the user an apology (in a private chat), and is logged without data."""

    @functools.wraps(handler)
    async def guarded(self: "TelegramBridge", update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        try:
            await handler(self, update, context)
        except Exception as error:  # noqa: BLE001 - the last line of defence
            chat = update.effective_chat
            logger.error(
                "Erreur inattendue (%s) pour %s : %s",
                handler.__name__,
                chat_ref(chat.id if chat else None),
                describe_error(error),
            )
            if chat is not None and chat.type == ChatType.PRIVATE:
                await self.sender.text(chat.id, messages.TECHNICAL_PROBLEM)

    return guarded


def addressed_to_bot(message: Message, bot_username: str, bot_id: int) -> bool:
    """In a group: a command for this bot (or for no bot in particular), a mention of it, or a reply to it."""
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return True
    username = bot_username.lower()
    entities = message.parse_entities([MessageEntity.MENTION, MessageEntity.BOT_COMMAND])
    for entity, value in entities.items():
        value = value.lower()
        if entity.type == MessageEntity.MENTION and value == f"@{username}":
            return True
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
            _, _, target = value.partition("@")
            if not target or target == username:
                return True
    return False


def unsupported_content_answer(message: Message) -> Optional[str]:
    """The answer to a message the assistant cannot read; None for service messages (silence)."""
    if message.sticker or message.dice or message.animation:
        return messages.STICKER
    if message.voice or message.audio or message.video_note:
        return messages.VOICE
    if message.photo or message.document or message.video:
        return messages.MEDIA
    if message.contact:
        return messages.CONTACT
    if message.effective_attachment is None and not message.text and not message.caption:
        return None  # a service message (pinned message, auto-delete timer…): nothing to answer
    return messages.NOT_TEXT


class TelegramBridge:
    """The handlers; one instance per Application."""

    def __init__(
        self,
        rasa: RasaClient,
        http: httpx.AsyncClient,
        *,
        rate_limiter: ChatRateLimiter,
        buttons: Optional[ButtonStore] = None,
    ) -> None:
        self.rasa = rasa
        self.http = http
        self.rate_limiter = rate_limiter
        self.buttons = buttons or ButtonStore()
        self._relay: Optional[AssistantRelay] = None

    @property
    def relay(self) -> AssistantRelay:
        assert self._relay is not None, "register() the bridge on an Application first"
        return self._relay

    @property
    def sender(self) -> Sender:
        return self.relay.sender

    def register(self, application: Application) -> None:
        sender = Sender(application.bot, self.http)
        self._relay = AssistantRelay(self.rasa, sender, rate_limiter=self.rate_limiter, buttons=self.buttons)
        # One handler per update, the first that matches: order matters.
        application.add_handlers(
            [
                CommandHandler("start", self.on_start, filters=PRIVATE_NEW_MESSAGE),
                CommandHandler(PRIVACY_COMMAND, self.on_privacy, filters=PRIVATE_NEW_MESSAGE),
                CommandHandler(list(PAYLOAD_BY_COMMAND), self.on_command, filters=PRIVATE_NEW_MESSAGE),
                # /places /centres /stats /dispositifs: in no menu (staff_commands.py)
                *StaffCommands(self._relay).handlers(PRIVATE_NEW_MESSAGE),
                MessageHandler(PRIVATE_NEW_MESSAGE & filters.COMMAND, self.on_unknown_command),
                MessageHandler(PRIVATE_NEW_MESSAGE & filters.TEXT, self.on_text),
                MessageHandler(PRIVATE_NEW_MESSAGE & filters.LOCATION, self.on_location),
                MessageHandler(PRIVATE_NEW_MESSAGE, self.on_other_content),
                MessageHandler(PRIVATE & filters.UpdateType.EDITED_MESSAGE, self.on_edited),
                CallbackQueryHandler(self.on_button),
                MessageHandler(filters.ChatType.GROUPS & filters.UpdateType.MESSAGE, self.on_group_message),
                TypeHandler(Update, self.on_anything_else),
            ]
        )
        application.add_error_handler(self.on_error)

    # -- private chats -----------------------------------------------------

    @never_silent
    async def on_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat_id = update.effective_chat.id
        if not await self.relay.admit(chat_id):
            return
        parameter = context.args[0] if context.args else ""
        payload = deep_link_payload(parameter) if parameter else None
        if payload is not None:
            await self.relay.converse(update, payload, deep_link=deep_link_key(parameter))
            return
        # A plain /start, or a link with an unknown code: the welcome.
        await self.sender.text(chat_id, messages.WELCOME)
        await self.relay.converse(update, GREETING_PAYLOAD)

    @never_silent
    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat_id = update.effective_chat.id
        if not await self.relay.admit(chat_id):
            return
        command = update.effective_message.text.split(maxsplit=1)[0][1:].partition("@")[0].lower()
        await self.relay.converse(update, PAYLOAD_BY_COMMAND[command])

    @never_silent
    async def on_privacy(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/confidentialite: the privacy notice, from the bridge itself (no conversation stored)."""
        chat_id = update.effective_chat.id
        if await self.relay.admit(chat_id):
            await self.sender.text(chat_id, notice_text(notice_values(), channel="telegram"))

    @never_silent
    async def on_unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        # Also what a typed "/some_intent{...}" gets: intents are reached by words, buttons and commands.
        chat_id = update.effective_chat.id
        if await self.relay.admit(chat_id):
            await self.sender.text(chat_id, messages.UNKNOWN_COMMAND.format(commands=command_list_text()))

    @never_silent
    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat_id = update.effective_chat.id
        if not await self.relay.admit(chat_id):
            return
        text = update.effective_message.text.strip()
        if len(text) > MAX_FORWARDED_CHARACTERS:
            await self.sender.text(chat_id, messages.MESSAGE_TOO_LONG)
            return
        await self.relay.converse(update, text)

    @never_silent
    async def on_location(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat_id = update.effective_chat.id
        if not await self.relay.admit(chat_id):
            return
        location = update.effective_message.location
        payload = location_payload(location.latitude, location.longitude)
        if payload is None:
            await self.sender.text(chat_id, messages.LOCATION_NOT_AVAILABLE)
        else:
            await self.relay.converse(update, payload)

    @never_silent
    async def on_other_content(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        answer = unsupported_content_answer(update.effective_message)
        chat_id = update.effective_chat.id
        if answer is not None and await self.relay.admit(chat_id):
            await self.sender.text(chat_id, answer)

    @never_silent
    async def on_edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message.location is not None:
            return  # a live location moving: Telegram sends an edit every few seconds
        chat_id = update.effective_chat.id
        if await self.relay.admit(chat_id):
            await self.sender.text(chat_id, messages.EDITED)

    @never_silent
    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.relay.press(update)

    # -- groups and the rest -----------------------------------------------

    @never_silent
    async def on_group_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        bot = context.bot
        if not addressed_to_bot(update.effective_message, bot.username, bot.id):
            return  # group conversation between people: not for the bot
        chat_id = update.effective_chat.id
        if not await self.relay.admit(chat_id):
            return
        keyboard = InlineKeyboardMarkup(
            [[InlineKeyboardButton(messages.PRIVATE_CHAT_BUTTON, url=f"https://t.me/{bot.username}")]]
        )
        await self.sender.text(chat_id, messages.PRIVATE_CHAT_ONLY.format(username=bot.username), keyboard)

    async def on_anything_else(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        # Channel posts, edits in groups…: deliberate silence.
        logger.debug("Mise à jour ignorée pour %s", chat_ref(update.effective_chat.id if update.effective_chat else None))

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        error = context.error
        if error is None:
            return
        logger.error("Erreur pour %s : %s", chat_ref(chat.id if chat else None), describe_error(error))


def build_application(settings: TelegramSettings, bridge: TelegramBridge) -> Application:
    builder = (
        Application.builder()
        .token(settings.bot_token)
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_base_file_url)
        .concurrent_updates(ChatOrderedUpdateProcessor(CONCURRENT_CHATS))
        .job_queue(None)
    )
    if settings.uses_webhook:
        builder = builder.updater(None)  # updates come from bot/telegram/webhook.py
    application = builder.build()
    bridge.register(application)
    return application
