"""The staff's Telegram commands (issue #11): /places, /centres, /stats, /dispositifs.

Shortcuts, like the public commands (commands.py), but listed to nobody: they are not in
the menu ``set_my_commands`` shows, nor in the list an unknown command gets; staff
members learn them from docs/staff.md. Each forwards a fixed payload to the assistant, with
the staff claim every message carries (conversation.py ``metadata_for``): the action checks
it and answers a verified staff member, and refuses anyone else politely. The bridge itself
never decides who is staff.

``/dispositifs`` is for everyone (the programmes for a public are no secret): followed by a
description (« /dispositifs jeune de 17 ans décrocheur »), it asks the assistant « quels
dispositifs pour … ? », answered with the eligibility engine's reasons; alone, it says how
to use it.
"""
from __future__ import annotations

import logging
from typing import Dict, List

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, ContextTypes, filters

from bot.telegram import messages
from bot.telegram.conversation import AssistantRelay
from bot.telegram.privacy import chat_ref, describe_error

logger = logging.getLogger(__name__)

# Command -> the payload it sends (domain/staff.yml).
STAFF_PAYLOADS: Dict[str, str] = {
    "places": "/staff_places",
    "centres": "/staff_centres",
    "stats": "/staff_stats",
}
PROGRAMMES_COMMAND = "dispositifs"
MAX_DESCRIPTION_CHARACTERS = 300
PROGRAMMES_GUIDE = (
    "Décrivez la personne après la commande, par exemple : /dispositifs jeune de 17 ans décrocheur. "
    "Vous pouvez aussi écrire « quels dispositifs pour une personne réfugiée de 30 ans ? »."
)


def programmes_question(description: str) -> str:
    """What /dispositifs <description> asks the assistant."""
    return f"quels dispositifs pour {description.strip()[:MAX_DESCRIPTION_CHARACTERS]} ?"


def command_of(update: Update) -> str:
    return update.effective_message.text.split(maxsplit=1)[0][1:].partition("@")[0].lower()


class StaffCommands:
    def __init__(self, relay: AssistantRelay) -> None:
        self.relay = relay

    def handlers(self, private_new_message: filters.BaseFilter) -> List[BaseHandler]:
        """To be registered before the bridge's unknown-command handler (app.py)."""
        return [
            CommandHandler(list(STAFF_PAYLOADS), self.on_staff_command, filters=private_new_message),
            CommandHandler(PROGRAMMES_COMMAND, self.on_programmes, filters=private_new_message),
        ]

    async def on_staff_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat_id = update.effective_chat.id
        try:
            if await self.relay.admit(chat_id):
                await self.relay.converse(update, STAFF_PAYLOADS[command_of(update)])
        except Exception as error:  # noqa: BLE001 - as app.never_silent: an apology, never silence
            logger.error("Erreur inattendue (commande du personnel) pour %s : %s", chat_ref(chat_id), describe_error(error))
            await self.relay.sender.text(chat_id, messages.TECHNICAL_PROBLEM)

    async def on_programmes(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat_id = update.effective_chat.id
        try:
            if not await self.relay.admit(chat_id):
                return
            description = " ".join(context.args or [])
            if description.strip():
                await self.relay.converse(update, programmes_question(description))
            else:
                await self.relay.sender.text(chat_id, PROGRAMMES_GUIDE)
        except Exception as error:  # noqa: BLE001
            logger.error("Erreur inattendue (/dispositifs) pour %s : %s", chat_ref(chat_id), describe_error(error))
            await self.relay.sender.text(chat_id, messages.TECHNICAL_PROBLEM)
