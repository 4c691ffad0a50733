"""« Je ne peux pas… »: the answer to a request the assistant cannot carry out (plain Python).

Each answer says plainly what the assistant cannot do, then what it can do instead,
with buttons for it. Never « avec plaisir », « c'est fait » or « c'est noté »: nothing
was done. What the assistant can do is only what it really does (answer here, check
what fits, book a discovery workshop, show and cancel bookings, say whom to contact).
"""
from __future__ import annotations

from typing import Dict, List

from actions.answers.impossible import (
    CALL_BACK,
    FILL_IN,
    KEEP_AFTER_ERASURE,
    NAMED_PERSON,
    OTHER,
    REMIND,
    SEND,
    SIGN_UP,
)
from actions.replies.reply import Button, Reply, button

CANNOT: Dict[str, str] = {
    SEND: (
        "Je ne peux pas envoyer d'e-mail, de SMS ni de résumé. Je réponds seulement ici. "
        "Pour garder mes réponses, vous pouvez les copier ou faire une capture d'écran."
    ),
    CALL_BACK: (
        "Je ne peux pas téléphoner, ni vous faire rappeler. "
        "Je peux vous dire qui contacter pour parler à une personne."
    ),
    REMIND: (
        "Je ne peux pas vous envoyer de rappel plus tard. Notez la date de votre côté. "
        "Vous pouvez revenir ici quand vous voulez : « mes rendez-vous » montre vos inscriptions aux ateliers."
    ),
    KEEP_AFTER_ERASURE: (
        "Je ne peux pas garder une partie de vos informations après les avoir effacées : "
        "l'effacement supprime tout. Vous pouvez noter de votre côté ce que vous voulez garder, avant de demander l'effacement."
    ),
    NAMED_PERSON: (
        "Je ne peux pas vous mettre en relation avec une personne précise. "
        "Je peux vous dire qui contacter : votre centre Afpa, France Travail, la Mission locale ou l'OFII."
    ),
    FILL_IN: (
        "Je ne peux pas remplir un dossier, un formulaire ou un CV à votre place. "
        "Je peux vous expliquer les programmes et vous dire qui peut vous aider à le faire."
    ),
    SIGN_UP: (
        "Je ne peux pas vous inscrire directement à un programme. "
        "Je peux vérifier s'il est pour vous, ou réserver un atelier découverte dans un centre Afpa."
    ),
    OTHER: (
        "Je ne peux pas faire cela. Je peux vous présenter les programmes, vérifier ce qui est pour vous, "
        "réserver un atelier découverte ou vous dire qui contacter."
    ),
}

_CONTACT = button("Parler à quelqu'un", "contact_human")
_CHECK = button("Est-ce pour moi ?", "check_eligibility")
_BOOK = button("Réserver un atelier découverte", "book_workshop")
_PROGRAMMES = button("Voir les programmes", "list_programmes")
_BOOKINGS = button("Mes rendez-vous", "my_bookings")

INSTEAD: Dict[str, List[Button]] = {
    SEND: [_PROGRAMMES, _CONTACT],
    CALL_BACK: [_CONTACT],
    REMIND: [_BOOKINGS, _CONTACT],
    KEEP_AFTER_ERASURE: [_BOOKINGS, _CONTACT],
    NAMED_PERSON: [_CONTACT],
    FILL_IN: [_PROGRAMMES, _CONTACT],
    SIGN_UP: [_CHECK, _BOOK, _CONTACT],
    OTHER: [_PROGRAMMES, _CHECK, _BOOK, _CONTACT],
}


def cannot_do(kind: str) -> Reply:
    """The plain « je ne peux pas… » for this kind of request, with what the assistant can do instead."""
    kind = kind if kind in CANNOT else OTHER
    return Reply(CANNOT[kind], list(INSTEAD[kind]))
