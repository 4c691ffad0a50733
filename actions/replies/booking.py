"""What the assistant says while booking, listing and cancelling discovery workshops.

Plain Python, no Rasa. Short sentences, "vous", no gendered forms, dates as
« mardi 8 décembre à 9 h 30 ». Nothing the user typed is ever repeated as typed:
only values that passed validation (a first name, a normalised phone number or
e-mail) or that come from the reference data.
"""
from __future__ import annotations

from typing import List, Mapping, Optional, Sequence

import phonenumbers

from actions.booking.clock import DAY_NAMES, french_time
from actions.booking.dates import DateWish
from actions.booking.references import spoken_reference
from actions.booking.retention import RETENTION_DAYS
from actions.booking.views import BookingView, SessionView
from actions.replies.centres import distance_words, near, of_commune
from actions.replies.reply import Button, Reply, button
from actions.territory import Commune, centre_by_id

MAX_SESSIONS = 5
# Beyond this, the session offer first says how far the nearest centre with a workshop is.
FAR_KM = 50
VERIFY_ADDRESS = "Avant de vous déplacer, vérifiez l'adresse du centre sur www.afpa.fr."
WHEN_EXAMPLES = "par exemple « jeudi matin », « mardi prochain » ou « la semaine du 14 »"


# -- shared pieces ------------------------------------------------------------------


def help_buttons() -> List[Button]:
    """After two failed answers: a person, or stop."""
    return [button("Parler à quelqu'un", "contact_human"), button("Arrêter", "stop")]


def _with_help(text: str, attempt: int) -> Reply:
    """The same correction; from the second failure on, the offer of a person too."""
    if attempt < 2:
        return Reply(text)
    return Reply(
        f"{text}\nSi c'est compliqué, une personne peut vous aider, ou vous pouvez arrêter ici.",
        help_buttons(),
    )


def commune_label(commune: Commune) -> str:
    """"Roubaix (59)"."""
    return f"{commune.name} ({commune.department_code})"


def _place(session: SessionView) -> str:
    """"Centre Afpa de Lille-Lomme, 35 rue de la Mitterie, Lille"."""
    parts = [session.centre_name]
    if session.centre_address:
        parts.append(session.centre_address)
    if session.centre_city and session.centre_city not in session.centre_name:
        parts.append(session.centre_city)
    return ", ".join(parts)


def _to_confirm(session: SessionView) -> str:
    centre = centre_by_id(session.centre_id)
    return " (centre à confirmer)" if centre is not None and centre.needs_confirmation else ""


def _programme_note(session: SessionView) -> str:
    return f" – atelier {session.programme_name}" if session.programme_name else ""


def demo_note(session: SessionView) -> str:
    """« – séance de démonstration » after a demonstration session (DEMO_SCHEDULE), else nothing."""
    return " – séance de démonstration" if session.is_demo else ""


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else (f"{hours} heures" if hours > 1 else "1 heure")


def seats_words(seats_left: int) -> str:
    """« 1 place libre », « 8 places libres »: how many people can still book a session."""
    return "1 place libre" if seats_left == 1 else f"{seats_left} places libres"


def contact_display(contact: str) -> str:
    """A stored contact as the person wrote it: "06 12 34 56 78" or the e-mail."""
    if "@" in contact:
        return contact
    number = phonenumbers.parse(contact, "FR")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


# -- when and which session ---------------------------------------------------------------


def session_button(session: SessionView) -> Button:
    when = session.when
    title = f"{when[0].upper()}{when[1:]} – {session.centre_city}"
    return button(title, "book_workshop", booking_session=str(session.session_id))


def session_offer(
    commune: Commune,
    sessions: Sequence[SessionView],
    *,
    wish: Optional[DateWish] = None,
    programme_name: Optional[str] = None,
    wish_unmatched: bool = False,
    distances: Optional[Mapping[str, float]] = None,
) -> Reply:
    """Up to five sessions as buttons, with the details in the text (answerable by number).

    ``distances``: centre id -> km from the commune (actions.booking.offers), said on
    each line, and said first when even the nearest centre is far."""
    lines: List[str] = []
    distances = distances or {}
    nearest_km = min((distances[s.centre_id] for s in sessions if s.centre_id in distances), default=None)
    if nearest_km is not None and nearest_km > FAR_KM:
        lines.append(
            f"Il n'y a pas d'atelier plus près : le centre Afpa le plus proche qui en propose est "
            f"{distance_words(nearest_km)} {of_commune(commune.name)}."
        )
    if wish is not None and wish.restricts and wish_unmatched and wish.part_of_day is not None:
        nearest = list(dict.fromkeys(french_time(session.starts_at) for session in sessions))[:2]
        lines.append(
            f"Je n'ai pas d'atelier {_wish_words(wish)} {near(commune)}. "
            f"Les horaires les plus proches : {' ou '.join(nearest)}."
        )
    elif wish is not None and wish.status == "not_understood":
        lines.append("Je n'ai pas compris la date.")
    elif wish is not None and wish.status == "past":
        lines.append("Cette date est déjà passée.")
    elif wish is not None and wish.restricts and wish_unmatched:
        lines.append(f"Je n'ai pas d'atelier {_wish_words(wish)} {near(commune)}.")
    what = f"ateliers découverte ({programme_name} ou ouverts à tous)" if programme_name else "ateliers découverte"
    if wish is not None and wish.restricts and not wish_unmatched:
        lines.append(f"Voici les {what} {near(commune)}, {_wish_words(wish)} :")
    else:
        lines.append(f"Voici les prochains {what} {near(commune)} :")
    for number, session in enumerate(sessions, start=1):
        km = f" ({distance_words(distances[session.centre_id])})" if session.centre_id in distances else ""
        lines.append(
            f"{number}. {session.when} – {_place(session)}{km}{_to_confirm(session)}{_programme_note(session)}"
            f" – {seats_words(session.seats_left)}{demo_note(session)}"
        )
    lines.append(f"Lequel choisissez-vous ? Si aucun ne vous convient, dites-moi quand vous êtes disponible, {WHEN_EXAMPLES}.")
    return Reply("\n".join(lines), [session_button(session) for session in sessions])


def _wish_words(wish: DateWish) -> str:
    label = wish.label
    if wish.ranges and label and label.split(" ")[0] in DAY_NAMES:
        return f"le {label}"
    return label


def no_session(commune: Commune, programme_name: Optional[str] = None) -> Reply:
    what = f"d'atelier découverte {programme_name}" if programme_name else "d'atelier découverte"
    return Reply(
        f"Je n'ai pas {what} avec des places libres {near(commune)} dans les "
        "semaines qui viennent. Vous pouvez chercher près d'une autre ville, voir les centres Afpa proches, "
        "ou demander une date à une personne : le centre Afpa le plus proche ou votre conseiller.",
        [button("Chercher près d'une autre ville", "book_workshop"),
         button("Les centres proches", "find_centre"), button("Parler à quelqu'un", "contact_human")],
    )


def session_chosen(session: SessionView) -> Reply:
    return Reply(f"C'est noté : {session.when}, {_place(session)}.")


def session_not_understood(attempt: int) -> Reply:
    return _with_help(
        f"Je n'ai pas compris. Touchez le bouton d'un atelier, ou dites-moi quand vous êtes disponible, {WHEN_EXAMPLES}.",
        attempt,
    )


def session_gone() -> Reply:
    return Reply("Désolé, cet atelier n'est plus disponible : il est complet ou déjà commencé.")


def other_dates() -> Reply:
    return Reply(f"D'accord. Dites-moi quand vous êtes disponible, {WHEN_EXAMPLES}.")


# -- who, and consent -----------------------------------------------------------------------

def ask_first_name(*, again: bool = False) -> Reply:
    if again:
        return Reply("Quel est votre prénom ?")
    return Reply(
        "Pour vous inscrire, il me faut votre prénom et un moyen de vous joindre. Je ne les enregistre "
        "pour l'atelier qu'avec votre accord, à la fin. Quel est votre prénom ?"
    )


def ask_contact(first_name: Optional[str], *, again: bool = False) -> Reply:
    thanks = f"Merci {first_name}. " if first_name and not again else ""
    return Reply(f"{thanks}Quel est votre numéro de portable (par exemple 06 12 34 56 78) ou votre adresse e-mail ?")


_NAME_PROBLEMS = {
    "first_name_too_long": "Ce prénom est trop long (40 caractères au plus).",
    "first_name_invalid": "Je n'ai pas reconnu un prénom.",
    "first_name_empty": "Je n'ai pas reçu de prénom.",
}


def first_name_problem(reason: Optional[str], attempt: int) -> Reply:
    problem = _NAME_PROBLEMS.get(reason or "", _NAME_PROBLEMS["first_name_invalid"])
    return _with_help(f"{problem} Écrivez seulement votre prénom, avec des lettres, par exemple « Marie » ou « Jean-Luc ».", attempt)


_CONTACT_PROBLEMS = {
    "phone_invalid": "Ce numéro n'est pas un numéro de portable français valide.",
    "phone_not_mobile": "Ce numéro est un fixe : il me faut un portable (06 ou 07) ou une adresse e-mail.",
    "email_invalid": "Cette adresse e-mail ne semble pas valide.",
    "contact_too_long": "C'est trop long pour un numéro ou une adresse e-mail.",
    "contact_empty": "Je n'ai pas reçu de numéro ni d'adresse e-mail.",
}


def contact_problem(reason: Optional[str], attempt: int) -> Reply:
    problem = _CONTACT_PROBLEMS.get(reason or "", _CONTACT_PROBLEMS["phone_invalid"])
    return _with_help(
        f"{problem} Écrivez un numéro de portable, par exemple 06 12 34 56 78, ou une adresse e-mail, "
        "par exemple prenom.nom@exemple.fr.",
        attempt,
    )


def consent_question(session: SessionView, first_name: str, contact: str) -> Reply:
    """The recap, what is kept, why and how long; then the explicit yes."""
    lines = [
        "Je récapitule :",
        f"- atelier découverte le {session.when}, {_place(session)}{_to_confirm(session)}{demo_note(session)}",
        f"- prénom : {first_name}",
        f"- pour vous joindre : {contact_display(contact)}",
        f"J'enregistre seulement ce prénom et ce moyen de contact, pour cette inscription : le centre "
        f"pourra vous prévenir si l'atelier change. Ils sont effacés {RETENTION_DAYS} jours après l'atelier, "
        "ou dès que vous écrivez « supprimer mes données ».",
        "Êtes-vous d'accord pour que je les enregistre et que je vous inscrive ?",
    ]
    return Reply("\n".join(lines), [button("Oui, je m'inscris", "affirm"), button("Non", "deny")])


def consent_not_understood(attempt: int) -> Reply:
    return _with_help("Répondez « oui » pour confirmer l'inscription, ou « non » pour ne rien enregistrer.", attempt)


# -- outcome ---------------------------------------------------------------------------


def booked(view: BookingView, *, again: bool = False) -> Reply:
    session = view.session
    if again:
        first = "Vous avez déjà une place à cet atelier : je n'ai rien ajouté."
    else:
        first = f"C'est confirmé, {view.first_name} ! Votre place est réservée." if view.first_name else "C'est confirmé ! Votre place est réservée."
    lines = [
        first,
        f"Atelier découverte : {session.when} ({_duration(session.duration_minutes)}){demo_note(session)}.",
        f"Lieu : {_place(session)}{_to_confirm(session)}.",
        f"Votre code de réservation : {spoken_reference(view.reference)}. Gardez-le : il sert si vous "
        "appelez le centre.",
        "Pour annuler, écrivez « annuler mon inscription ».",
        VERIFY_ADDRESS,
    ]
    return Reply("\n".join(lines), [button("Mes rendez-vous", "my_bookings"), button("Voir les programmes", "list_programmes")])


def seat_lost() -> Reply:
    return Reply("Désolé, la dernière place de cet atelier vient d'être prise, ou il a déjà commencé. Choisissez une autre date.")


# What was typed stays in the stored conversation (docs/privacy.md): said, with the way out.
_ONLY_IN_THE_CONVERSATION = (
    "Ce que vous avez écrit reste seulement dans cette conversation : pour l'effacer, écrivez « supprimer mes données »."
)


def declined() -> Reply:
    return Reply(
        "D'accord, je ne vous inscris pas et je n'ai rien enregistré pour l'atelier. " + _ONLY_IN_THE_CONVERSATION,
        [button("Recommencer", "book_workshop"), button("Parler à quelqu'un", "contact_human")],
    )


def booking_failed() -> Reply:
    return Reply(
        "Désolé, je n'ai pas pu enregistrer l'inscription. Réessayez dans quelques minutes, ou contactez "
        "le centre Afpa le plus proche (www.afpa.fr).",
        [button("Parler à quelqu'un", "contact_human")],
    )


def booking_unavailable(catalogue) -> Reply:
    """The bookings' database does not answer: booking, my bookings and cancelling wait."""
    lines = [
        "Désolé, la réservation ne marche pas pour le moment. Je n'ai rien enregistré. "
        "Réessayez un peu plus tard.",
        "Je peux toujours vous présenter les programmes et vous dire s'ils sont pour vous.",
        catalogue.contact_intro,
    ]
    lines += [f"- {way.text}" for way in catalogue.contact_ways]
    return Reply(
        "\n".join(lines), [button("Voir les programmes", "list_programmes"), button("Est-ce pour moi ?", "check_eligibility")]
    )


def stopped() -> Reply:
    text = "D'accord, j'arrête l'inscription. Je n'ai rien enregistré pour l'atelier. " + _ONLY_IN_THE_CONVERSATION
    return Reply(text, [button("Réserver un atelier", "book_workshop"), button("Voir les programmes", "list_programmes")])


# -- my bookings and cancelling ------------------------------------------------------------------


CANCELLED_BY_CENTRE = "annulé par le centre"


def booking_line(view: BookingView) -> str:
    session = view.session
    line = f"- {session.when} – {_place(session)} (code {spoken_reference(view.reference)})"
    return f"{line} : {CANCELLED_BY_CENTRE.upper()}" if session.cancelled else line


def booking_button_title(view: BookingView) -> str:
    when = view.session.when
    return f"{when[0].upper()}{when[1:]} – {view.session.centre_city}"


def my_bookings(views: Sequence[BookingView]) -> Reply:
    if not views:
        return Reply(
            "Vous n'avez aucun atelier réservé dans cette conversation. (Une inscription faite ailleurs, "
            "par exemple sur une autre application, n'apparaît pas ici.)",
            [button("Réserver un atelier", "book_workshop")],
        )
    heading = "Votre atelier à venir :" if len(views) == 1 else f"Vos {len(views)} ateliers à venir :"
    lines = [heading, *(booking_line(view) for view in views)]
    if any(view.session.cancelled for view in views):
        lines.append(CENTRE_CANCELLED_NOTE)
    lines.append(VERIFY_ADDRESS)
    return Reply("\n".join(lines), [button("Annuler un rendez-vous", "cancel_booking"), button("Réserver un autre atelier", "book_workshop")])


CENTRE_CANCELLED_NOTE = (
    "Le centre a annulé un atelier : il n'aura pas lieu. Votre inscription n'est pas reportée, "
    "vous pouvez choisir une autre date."
)


def own_booking(views: Sequence[BookingView], aspect: str) -> Reply:
    """A question about one's booking ("c ou ?", "c'est quand ?", "je serai en retard"):
    where, when, or what to do when late, from the booking itself."""
    if not views:
        return my_bookings(views)
    lines: List[str] = []
    for view in views:
        session = view.session
        if session.cancelled:
            lines.append(f"Attention : l'atelier du {session.when} a été {CANCELLED_BY_CENTRE}, il n'aura pas lieu.")
        elif aspect == "where":
            lines.append(f"Votre atelier du {session.when} a lieu ici : {session.place}{_to_confirm(session)} "
                         f"(code {spoken_reference(view.reference)}).")
        else:
            lines.append(f"Votre atelier est le {session.when} ({_duration(session.duration_minutes)}), "
                         f"{_place(session)} (code {spoken_reference(view.reference)}).")
    if aspect == "late" and not all(view.session.cancelled for view in views):
        lines.append("Si vous avez du retard, prévenez le centre : ses coordonnées sont sur www.afpa.fr. "
                     "Si vous ne pouvez plus venir, annulez pour libérer votre place.")
    if aspect == "where":
        lines.append(VERIFY_ADDRESS)
    buttons = [button("Annuler un rendez-vous", "cancel_booking")] if not all(v.session.cancelled for v in views) else []
    buttons.append(button("Réserver un autre atelier", "book_workshop"))
    return Reply("\n".join(lines), buttons)


def nothing_to_cancel() -> Reply:
    return Reply(
        "Vous n'avez aucun atelier à venir réservé dans cette conversation : il n'y a rien à annuler.",
        [button("Réserver un atelier", "book_workshop")],
    )


def cancel_choice(views: Sequence[BookingView]) -> Reply:
    buttons = [button(booking_button_title(view), "cancel_booking", booking_reference=view.reference) for view in views]
    buttons.append(button("Aucun, je garde tout", "deny"))
    return Reply("Quel atelier voulez-vous annuler ?", buttons)


def cancel_not_understood(attempt: int) -> Reply:
    return _with_help("Je n'ai pas compris lequel. Touchez le bouton de l'atelier à annuler.", attempt)


def cancel_question(view: BookingView) -> Reply:
    session = view.session
    return Reply(
        f"Voulez-vous annuler l'atelier du {session.when}, {_place(session)} ? Votre place sera libérée pour quelqu'un d'autre.",
        [button("Oui, annuler", "affirm"), button("Non, je garde ma place", "deny")],
    )


def yes_no_not_understood(attempt: int) -> Reply:
    return _with_help("Répondez « oui » ou « non ».", attempt)


def cancelled(view: BookingView) -> Reply:
    return Reply(
        f"C'est annulé : l'atelier du {view.session.when} (code {spoken_reference(view.reference)}). "
        "Votre place est libérée. Vous pouvez réserver une autre date quand vous voulez.",
        [button("Réserver un autre atelier", "book_workshop"), button("Mes rendez-vous", "my_bookings")],
    )


def kept() -> Reply:
    return Reply("D'accord, je n'annule rien. Votre inscription est maintenue.", [button("Mes rendez-vous", "my_bookings")])


def cannot_cancel(status: str) -> Reply:
    if status == "past":
        return Reply("Cet atelier a déjà commencé : il ne peut plus être annulé.")
    if status == "already_cancelled":
        return Reply("Cette inscription était déjà annulée.")
    return Reply("Je ne trouve pas cette inscription dans cette conversation.", [button("Mes rendez-vous", "my_bookings")])

