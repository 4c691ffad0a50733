"""The bot's commands (French names, shown in Telegram's menu) and the ``/start`` deep links.

A command is a shortcut for a Rasa payload: ``/aide`` sends ``/help``, as if
the user had pressed a button. ``/start`` greets; ``/start <code>`` (from a
link ``https://t.me/<bot>?start=<code>``) goes straight to a topic.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Dict, List, Optional

from telegram import BotCommand

from actions.catalogue.loader import CONTRACT_PROGRAMME_IDS

GREETING_PAYLOAD = "/greet"
PRIVACY_COMMAND = "confidentialite"


@dataclass(frozen=True)
class CommandSpec:
    name: str
    description: str
    # What the command sends to Rasa; None for /start, handled apart.
    payload: Optional[str]


COMMANDS: List[CommandSpec] = [
    CommandSpec("start", "Commencer", None),
    CommandSpec("aide", "Ce que je sais faire", "/help"),
    CommandSpec("eligibilite", "Savoir quels programmes sont pour vous", "/check_eligibility"),
    CommandSpec("atelier", "Réserver un atelier découverte", "/book_workshop"),
    CommandSpec("mes_rdv", "Voir mes rendez-vous", "/my_bookings"),
    CommandSpec("annuler", "Annuler un rendez-vous", "/cancel_booking"),
    CommandSpec("conseiller", "Parler à une personne", "/contact_human"),
    CommandSpec("supprimer_mes_donnees", "Effacer mes données", "/delete_my_data"),
    # Answered by the bridge itself: the privacy notice (bot/privacy_notice.py).
    CommandSpec(PRIVACY_COMMAND, "Vos données personnelles", None),
]

PAYLOAD_BY_COMMAND: Dict[str, str] = {c.name: c.payload for c in COMMANDS if c.payload is not None}



def programme_info_payload(programme_id: str) -> str:
    """Same form as the assistant's own buttons (actions/replies/reply.py)."""
    return "/ask_programme_info" + json.dumps({"programme": programme_id}, separators=(",", ":"))


def deep_link_key(parameter: str) -> str:
    """Lower case, letters and digits only: "promo_16_18", "promo-16-18" and "promo1618" are one code."""
    return re.sub(r"[^a-z0-9]", "", parameter.lower())


DEEP_LINKS: Dict[str, str] = {
    **{deep_link_key(programme_id): programme_info_payload(programme_id) for programme_id in CONTRACT_PROGRAMME_IDS},
    "eligibilite": "/check_eligibility",
    "atelier": "/book_workshop",
    "confidentialite": "/ask_privacy",
}


def deep_link_payload(parameter: str) -> Optional[str]:
    """The payload for a ``/start`` parameter, or None when the code is unknown (plain welcome)."""
    return DEEP_LINKS.get(deep_link_key(parameter))


def bot_commands() -> List[BotCommand]:
    """For ``set_my_commands``: the menu users see when they type "/"."""
    return [BotCommand(spec.name, spec.description) for spec in COMMANDS]


def command_list_text() -> str:
    return "\n".join(f"/{spec.name} : {spec.description[0].lower()}{spec.description[1:]}" for spec in COMMANDS)
