"""What is kept about a person, and what "supprimer mes données" erased (docs/booking.md)."""
from __future__ import annotations

from actions.booking import ErasureReport
from actions.booking.retention import RETENTION_DAYS
from actions.replies.reply import Reply, button


def what_is_kept() -> Reply:
    """What is kept, then the offer to erase it (the answer goes to action_delete_my_data)."""
    return Reply(
        "Voici ce que je garde. Cette conversation : dans la base de l'assistant, pour reprendre là où vous en "
        "étiez. Si vous avez réservé un atelier : votre prénom et votre moyen "
        f"de contact, dans la base des inscriptions, jusqu'à {RETENTION_DAYS} jours après l'atelier. "
        "Voulez-vous que j'efface vos inscriptions ? Vos ateliers à venir seraient alors annulés.",
        [button("Oui, tout effacer", "affirm"), button("Non", "deny")],
    )


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def erased(report: ErasureReport) -> Reply:
    text = (
        f"C'est fait : j'ai effacé votre prénom et votre moyen de contact de "
        f"{_plural(report.erased, 'inscription', 'inscriptions')}."
    )
    if report.cancelled == 1:
        text += " 1 atelier à venir est annulé et sa place est libérée."
    elif report.cancelled:
        text += f" {report.cancelled} ateliers à venir sont annulés et leurs places sont libérées."
    text += " Plus rien ne relie ces inscriptions à vous. J'ai aussi oublié vos réponses de cette conversation."
    return Reply(text)


def nothing_stored() -> Reply:
    return Reply(
        "Je n'ai aucune inscription à votre nom dans la base. J'ai oublié vos réponses de cette conversation "
        "(âge, situation, ville)."
    )


def kept() -> Reply:
    return Reply("D'accord, je n'efface rien.")
