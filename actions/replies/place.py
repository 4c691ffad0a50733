"""What the assistant says to learn where the person is: a commune, a postal code, a
position shared on Telegram, and which commune when several share a name.

Plain Python, no Rasa. Used by the booking and the centre forms (actions/dialogue/place.py).
"""
from __future__ import annotations

from typing import Sequence

from actions.replies.booking import _with_help, commune_label
from actions.replies.centres import of_commune
from actions.replies.reply import Reply, button
from actions.territory import Commune

# Buttons that fit on a phone screen with the question (the turn never shows more than
# six: when the correction before it already offers two, only four communes are shown).
MAX_COMMUNE_BUTTONS = 5
COMMUNE_BUTTONS_AFTER_HELP = 4


def ask_place(*, for_centre: bool = False) -> Reply:
    if for_centre:
        return Reply(
            "Pour trouver le centre Afpa le plus proche, dites-moi votre ville ou votre code postal, "
            "par exemple « Lille » ou « 59000 »."
        )
    return Reply(
        "Dans quelle ville habitez-vous ? Écrivez le nom de la commune ou le code postal, "
        "par exemple « Roubaix » ou « 59100 »."
    )


def place_not_found(attempt: int) -> Reply:
    return _with_help(
        "Je n'ai pas trouvé de commune dans votre message. Pour chercher près de chez vous, écrivez "
        "le nom de votre ville ou votre code postal (5 chiffres), par exemple « Roubaix » ou « 59100 ».",
        attempt,
    )


def place_guess(commune: Commune) -> Reply:
    return Reply(f"J'ai compris : {commune_label(commune)}.")


def position_not_in_france() -> Reply:
    """A shared position that is not in France, or not a position at all."""
    return Reply(
        "Je n'ai pas pu situer cette position en France. Écrivez plutôt le nom de votre ville ou votre "
        "code postal, par exemple « Roubaix » ou « 59100 »."
    )


def commune_choice(communes: Sequence[Commune], *, intent: str = "book_workshop", room: int = MAX_COMMUNE_BUTTONS) -> Reply:
    """The likeliest communes (most populated first) as buttons ``/<intent>{"place_insee": insee}``:
    the intent of the form asking (book_workshop or find_centre), so that a button pressed
    later starts it again. When there are more, says how to narrow."""
    shown = communes[:room]
    text = "Plusieurs communes correspondent. Laquelle est la vôtre ?"
    if len(communes) > len(shown):
        example = communes[0]
        postal_code = f" {example.postal_codes[0]}" if example.postal_codes else ""
        text += (
            " Si elle n'est pas dans la liste, ajoutez le code postal, "
            f"par exemple « {example.name}{postal_code} »."
        )
    return Reply(text, [button(c.label, intent, place_insee=c.insee) for c in shown])


def commune_not_chosen(attempt: int) -> Reply:
    return _with_help("Je n'ai pas compris laquelle. Touchez le bouton de votre commune, ou écrivez son code postal.", attempt)


def overseas(commune: Commune) -> Reply:
    return Reply(
        f"L'Afpa n'a pas de centre en outre-mer : je ne peux pas vous inscrire à un atelier près "
        f"{of_commune(commune.name)}. Votre conseiller France Travail ou votre Mission locale peut vous orienter.",
        [button("Parler à quelqu'un", "contact_human")],
    )
