"""Leaving a request to be contacted by a person at a centre (``handoff_form``): the wording.

The offer comes after the way to reach a person (``contact_human``) or after two messages
not understood in a row; then what is kept, who sees it and for how long, and the
explicit yes; then the commune (for the nearest centre) if unknown, the phone or e-mail,
and the confirmation. docs/privacy.md says the same.
"""
from __future__ import annotations

from typing import Optional

from actions.booking.retention import RETENTION_DAYS
from actions.replies.reply import Reply, button


def offer(*, after_misses: bool = False) -> Reply:
    """The question after the contact (or after two misses): yes starts the form."""
    text = (
        "Vous préférez qu'une personne de l'Afpa vous recontacte ? Je peux laisser une demande au centre "
        "le plus proche de chez vous."
    )
    if after_misses:
        text = "Je n'arrive pas à vous aider. " + text
    return Reply(text, [button("Oui, être recontacté·e", "affirm"), button("Non merci", "deny")])


def consent_question() -> Reply:
    """Consent first: what is kept, who sees it, for how long, and how to erase it."""
    return Reply(
        "Avant de laisser votre demande : je garde votre numéro de portable ou votre e-mail, et un court "
        "résumé de notre échange (les sujets et vos réponses aux questions, pas vos messages). Seule l'équipe "
        f"du centre Afpa le plus proche de chez vous les voit. Ils sont effacés {RETENTION_DAYS} jours après "
        "votre demande, ou tout de suite si vous écrivez « supprimer mes données ». Vous êtes d'accord ?",
        [button("Oui, d'accord", "affirm"), button("Non", "deny")],
    )


def consent_not_understood(attempt: int) -> Reply:
    return Reply(
        "Répondez par « oui » pour laisser votre demande, ou par « non » : je ne garderai rien.",
        [button("Oui, d'accord", "affirm"), button("Non", "deny")],
    )


def ask_place() -> Reply:
    return Reply("Dans quelle ville habitez-vous ? Je transmets votre demande au centre Afpa le plus proche.")


def ask_contact(*, again: bool = False) -> Reply:
    if again:
        return Reply("Quel est votre numéro de portable (06 ou 07) ou votre adresse e-mail ?")
    return Reply(
        "À quel numéro de portable ou à quelle adresse e-mail le centre peut-il vous joindre ?",
        [button("Arrêter", "stop")],
    )


def declined() -> Reply:
    return Reply(
        "D'accord, je ne garde rien. Vous pouvez toujours joindre le centre avec les coordonnées ci-dessus. "
        "Que voulez-vous faire ?",
        [button("Voir les programmes", "list_programmes"), button("Est-ce pour moi ?", "check_eligibility")],
    )


def not_offered() -> Reply:
    """A yes or a no when no request was offered (« oui » out of context)."""
    return Reply(
        "D'accord. Que voulez-vous faire ?",
        [button("Voir les programmes", "list_programmes"), button("Est-ce pour moi ?", "check_eligibility"),
         button("Parler à quelqu'un", "contact_human")],
    )


def stopped() -> Reply:
    return Reply(
        "D'accord, je n'enregistre aucune demande. Que voulez-vous faire ?",
        [button("Voir les programmes", "list_programmes"), button("Parler à quelqu'un", "contact_human")],
    )


def left(centre_name: Optional[str], contact: str) -> Reply:
    """The confirmation: where the request went, how the person will be reached, how to erase it."""
    where = f"au {centre_name[0].lower()}{centre_name[1:]}" if centre_name else "à l'Afpa"
    return Reply(
        f"C'est noté : votre demande est transmise {where}. Une personne du centre vous recontactera "
        f"({contact}). Je vous préviendrai ici quand votre demande aura été traitée. Pour l'effacer, "
        "écrivez « supprimer mes données ».",
        [button("Voir les programmes", "list_programmes")],
    )


def not_saved() -> Reply:
    return Reply(
        "Désolé, je n'arrive pas à enregistrer votre demande pour le moment. Vous pouvez joindre le centre "
        "directement avec les coordonnées ci-dessus, ou réessayer plus tard.",
        [button("Parler à quelqu'un", "contact_human")],
    )
