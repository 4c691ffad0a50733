"""Replies that are not about one programme: reaching a person, clarifying."""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Tuple

from actions.catalogue import Catalogue, Programme
from actions.replies.reply import Button, Reply, button

# What a user may have meant, in words a user understands, for "vous vouliez dire… ?".
INTENT_LABELS: Dict[str, str] = {
    "list_programmes": "Voir les programmes",
    "ask_programme_info": "Découvrir un programme",
    "ask_programme_duration": "La durée d'un programme",
    "ask_programme_pay": "La rémunération",
    "check_eligibility": "Savoir si c'est pour moi",
    "book_workshop": "Réserver un atelier",
    "my_bookings": "Mes rendez-vous",
    "cancel_booking": "Annuler un rendez-vous",
    "find_centre": "Trouver un centre Afpa",
    "contact_human": "Parler à quelqu'un",
    "delete_my_data": "Effacer mes données",
    "help": "Ce que je sais faire",
    "greet": "Dire bonjour",
    "bot_challenge": "Qui êtes-vous ?",
}
MAX_SUGGESTIONS = 3


def contact(catalogue: Catalogue, programme: Optional[Programme] = None) -> Reply:
    lines = [catalogue.contact_intro]
    lines += [f"- {way.text}" for way in catalogue.contact_ways]
    if programme is not None:
        lines.append(f"Pour {programme.name}, le mieux est de demander {programme.ask_a_person}.")
    return Reply("\n".join(lines), [button("Voir les programmes", "list_programmes")])


def main_menu() -> List[Button]:
    return [
        button("Voir les programmes", "list_programmes"),
        button("Est-ce pour moi ?", "check_eligibility"),
        button("Parler à quelqu'un", "contact_human"),
    ]


def suggestions(
    ranking: Sequence[Tuple[str, float]],
    catalogue: Catalogue,
    programme: Optional[Programme],
) -> Optional[Reply]:
    """"Vous vouliez dire… ?" with the likeliest intents as buttons (None: no candidate)."""
    buttons: List[Button] = []
    for intent, _confidence in ranking:
        if intent not in INTENT_LABELS:
            continue
        title = INTENT_LABELS[intent]
        about = programme if intent.startswith("ask_programme") else None
        if about is not None:
            title = f"{title} : {about.name}"
        buttons.append(button(title, intent, programme=about.id if about else None))
        if len(buttons) == MAX_SUGGESTIONS:
            break
    if not buttons:
        return None
    buttons.append(button("Autre chose", "help"))
    return Reply("Je ne suis pas sûr d'avoir compris. Vous vouliez dire… ?", buttons)


def second_miss(catalogue: Catalogue) -> Reply:
    """After two misunderstandings in a row: what the assistant can do, and a person."""
    lines = [
        "Désolé, je ne comprends toujours pas. Voici ce que je sais faire : présenter les "
        "programmes de l'Afpa, leur durée, leur rémunération, et vous dire à qui parler.",
        contact(catalogue).text,
    ]
    return Reply("\n".join(lines), main_menu())
