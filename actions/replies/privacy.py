"""What is kept about a person, and what "supprimer mes données" erased (docs/privacy.md)."""
from __future__ import annotations

from typing import Optional

from actions.booking import ErasureReport
from actions.booking.retention import RETENTION_DAYS
from actions.privacy import PRIVACY_COMMAND
from actions.replies.reply import Reply, button


def where_the_notice_is(channel: Optional[str], public_url: Optional[str] = None) -> str:
    """How to reach the privacy notice from this channel ("telegram", "web", other)."""
    if channel == "telegram":
        where = f"tapez {PRIVACY_COMMAND}"
    elif channel == "web":
        where = "cliquez sur « Vos données personnelles », sous la conversation"
    else:
        where = f"demandez la page « confidentialite » du site, ou tapez {PRIVACY_COMMAND} sur Telegram"
    if public_url:
        where += f" ({public_url.rstrip('/')}/confidentialite)"
    return where


def privacy_notice(channel: Optional[str], public_url: Optional[str] = None) -> Reply:
    """« Vous gardez quoi sur moi ? »: short, then where to read everything, and how to erase."""
    return Reply(
        "Je garde cette conversation (vos messages et vos réponses, par exemple votre âge ou votre situation) "
        f"pour vous répondre. Elle est effacée {RETENTION_DAYS} jours après votre dernier message. "
        "Si vous vous inscrivez à un atelier, je garde aussi votre prénom et votre numéro ou votre e-mail, "
        f"seulement si vous êtes d'accord, jusqu'à {RETENTION_DAYS} jours après l'atelier. "
        "Je ne les vends à personne. Pour tout effacer, écrivez « supprimer mes données ». "
        f"Pour tout lire : {where_the_notice_is(channel, public_url)}.",
        [button("Effacer mes données", "delete_my_data")],
    )


def eligibility_notice() -> Reply:
    """Said before the eligibility check's first question, once a session: what is kept and
    for how long, and that the person may refuse and still get general answers."""
    return Reply(
        "Avant les questions : je vais vous demander votre âge et votre situation (par exemple si vous êtes "
        "réfugié ou si vous avez un handicap reconnu). Je garde vos réponses dans cette conversation, "
        f"seulement pour vous répondre. Elles sont effacées {RETENTION_DAYS} jours après votre dernier message, "
        "ou tout de suite si vous écrivez « supprimer mes données ». "
        "Vous ne voulez pas répondre ? Pas de problème : je vous propose alors la liste des programmes.",
        [button("Je ne veux pas répondre", "stop")],
    )


def what_is_kept() -> Reply:
    """What is kept, then the offer to erase it (the answer goes to action_delete_my_data)."""
    return Reply(
        "Voici ce que je garde. Cette conversation : dans la base de l'assistant, pour reprendre là où vous en "
        f"étiez, jusqu'à {RETENTION_DAYS} jours après votre dernier message. Si vous avez réservé un atelier : "
        "votre prénom et votre moyen "
        f"de contact, dans la base des inscriptions, jusqu'à {RETENTION_DAYS} jours après l'atelier. "
        "Si vous avez demandé à être recontacté·e : votre moyen de contact et le résumé de votre demande, "
        f"jusqu'à {RETENTION_DAYS} jours après la demande. "
        "Voulez-vous que j'efface tout : cette conversation, vos inscriptions et vos demandes ? "
        "Vos ateliers à venir seraient alors annulés.",
        [button("Oui, tout effacer", "affirm"), button("Non", "deny")],
    )


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def erased(report: ErasureReport) -> Reply:
    if report.erased or not report.requests:
        text = (
            f"C'est fait : j'ai effacé votre prénom et votre moyen de contact de "
            f"{_plural(report.erased, 'inscription', 'inscriptions')}."
        )
        if report.requests:
            text += f" J'ai aussi effacé {_plural(report.requests, 'demande', 'demandes')} de contact."
    else:
        text = (
            f"C'est fait : j'ai effacé {_plural(report.requests, 'demande', 'demandes')} de contact "
            "(votre moyen de contact et le résumé)."
        )
    if report.cancelled == 1:
        text += " 1 atelier à venir est annulé et sa place est libérée."
    elif report.cancelled:
        text += f" {report.cancelled} ateliers à venir sont annulés et leurs places sont libérées."
    text += (" Plus rien ne relie ces inscriptions à vous. " if report.erased else " ") + _CONVERSATION_ERASED
    return Reply(text)


_CONVERSATION_ERASED = (
    "J'ai aussi effacé cette conversation : vos messages et vos réponses (âge, situation, ville). "
    "Si vous m'écrivez encore, je commence une nouvelle conversation."
)


def nothing_stored() -> Reply:
    return Reply("Je n'ai aucune inscription à votre nom dans la base. " + _CONVERSATION_ERASED)


def kept() -> Reply:
    return Reply("D'accord, je n'efface rien.")
