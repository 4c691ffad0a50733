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


# Who to ask when no programme is talked about (contact.yml ``people``), the best first.
EVERYONE = ("afpa_centre", "france_travail", "mission_locale", "ofii", "afpa_phone")


def contact(catalogue: Catalogue, programme: Optional[Programme] = None, nearest=None) -> Reply:
    """Who to ask and how to reach them: for the programme talked about, else for everyone;
    the nearest centre with its address when the person's commune is known."""
    from actions.replies.contacts import contact_buttons, who_to_ask

    if programme is not None:
        text = f"Pour {programme.name}, le mieux est de demander {programme.ask_a_person}."
        ids = tuple(programme.contacts) + tuple(i for i in ("afpa_phone",) if i not in programme.contacts)
    else:
        text = catalogue.contact_intro
        ids = EVERYONE
    buttons = [b for b in contact_buttons(ids, nearest is not None) if b.payload != "/contact_human"]
    return Reply(text, buttons + [button("Voir les programmes", "list_programmes")], (who_to_ask(catalogue, ids, nearest),))


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
    return Reply(
        "Désolé, je ne comprends toujours pas. Voici ce que je sais faire : présenter les "
        "programmes de l'Afpa, leur durée, leur rémunération, et vous dire à qui parler.",
        main_menu(),
        contact(catalogue).messages,
    )


# -- forms: put aside, stopped, resumed ------------------------------------------------------------

# What each form is about, to offer to resume it, and the button that starts it again.
FORM_TOPICS: Dict[str, Tuple[str, str, str]] = {
    # form: (what it is, "Reprendre …" button title, intent that starts it)
    "booking_form": ("votre inscription à un atelier", "Reprendre l'inscription", "book_workshop"),
    "eligibility_form": ("les questions sur votre situation", "Reprendre les questions", "check_eligibility"),
    "cancel_form": ("l'annulation", "Reprendre l'annulation", "cancel_booking"),
    "centre_form": ("la recherche d'un centre", "Chercher un centre", "find_centre"),
    "handoff_form": ("votre demande de contact", "Reprendre la demande", "contact_human"),
}


def resume_button(form: str) -> Button:
    _topic, title, intent = FORM_TOPICS[form]
    return button(title, intent)


def form_put_aside(form: str) -> Reply:
    """After two questions in a row in the middle of a form: no question appended to every answer."""
    topic = FORM_TOPICS[form][0]
    return Reply(f"Je mets de côté {topic}. Vous pourrez la reprendre quand vous voulez."
                 if form in ("booking_form", "cancel_form", "centre_form", "handoff_form")
                 else f"Je mets de côté {topic}. Vous pourrez les reprendre quand vous voulez.",
                 [resume_button(form)])


def goodbye() -> Reply:
    return Reply("Au revoir, et bonne continuation !")


def nothing_to_stop() -> Reply:
    return Reply("D'accord. Que voulez-vous faire ?", main_menu())


def eligibility_stopped() -> Reply:
    return Reply(
        "D'accord, on arrête là. Vous pourrez reprendre quand vous voulez en écrivant « est-ce pour moi ? ».",
        [button("Voir les programmes", "list_programmes"), button("Parler à quelqu'un", "contact_human")],
    )


def what_do_you_want(paused_form: Optional[str] = None) -> Reply:
    """A bare answer ("17 ans", "06 12…", "le deuxième") with no question asked: what for?"""
    if paused_form in FORM_TOPICS:
        topic = FORM_TOPICS[paused_form][0]
        return Reply(
            f"Je ne sais pas à quoi correspond ce message. Voulez-vous reprendre {topic} ?",
            [resume_button(paused_form), button("Voir les programmes", "list_programmes"),
             button("Parler à quelqu'un", "contact_human")],
        )
    return Reply(
        "Merci. Que voulez-vous faire ?",
        [button("Savoir ce qui est possible pour moi", "check_eligibility"),
         button("Voir les programmes", "list_programmes"),
         button("Réserver un atelier", "book_workshop"),
         button("Parler à quelqu'un", "contact_human")],
    )

