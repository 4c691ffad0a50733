"""Numbers questions (issue #13): key figures from data/catalogue/figures.yml, each with its
date and source, or the free places of the next workshops; never a duration.

``key_figures`` picks the figures of the programme asked about (else the Afpa's) of the
kind asked for (actions/answers/numbers.py); a figure the fact sheet does not have is said
to be unknown, with who can answer."""
from __future__ import annotations

from typing import List, Optional, Sequence

from actions.answers.numbers import ANY, CENTRES, GROUP, OUTCOMES, PEOPLE, TERRITORIES
from actions.booking.views import SessionView
from actions.catalogue import Catalogue
from actions.catalogue.models import FIRST_MESSAGE_MAX_CHARS, Figure
from actions.replies.contacts import contact_buttons, who_to_ask
from actions.replies.programmes import Nearest, more_button
from actions.replies.reply import Reply, button
from actions.replies.sources import checked_words
from actions.territory import Commune

KEY_FIGURES = "key_figures"  # the « En savoir plus » topic: every figure
MAX_IN_FIRST_MESSAGE = 2
KIND_WORDS = {
    PEOPLE: "le nombre de personnes",
    OUTCOMES: "les résultats (taux de réussite ou d'emploi)",
    CENTRES: "le nombre de lieux",
    GROUP: "la taille des groupes",
    TERRITORIES: "les territoires",
}


def figure_line(figure: Figure) -> str:
    """« L'Afpa a 126 centres en France (source : Banque des Territoires, 2024). »"""
    unsure = ", à confirmer" if figure.confidence == "unsure" else ""
    return f"{figure.text.rstrip('.')} (source : {figure.source}, {figure.date}{unsure})."


def figures_message(figures: Sequence[Figure]) -> str:
    """The figures in plain sentences, then one line with each one's source and date."""
    said = " ".join(figure.text for figure in figures)
    sources = " ; ".join(
        f"{f.source}, {f.date}" + (", à confirmer" if f.confidence == "unsure" else "") for f in figures
    )
    return f"{said}\nSource{'s' if len(figures) > 1 else ''} : {sources}."


def _about_name(catalogue: Catalogue, about: str) -> str:
    if about in catalogue.programmes:
        return catalogue.programmes[about].name
    return "le partenariat avec les intercommunalités" if about == "partnership" else "l'Afpa"


def choose(catalogue: Catalogue, programme_id: Optional[str], kind: Optional[str]) -> List[Figure]:
    """The figures that answer: of the programme (else the Afpa), of the kind asked (if any)."""
    figures = catalogue.figures
    specific = kind not in (None, ANY)
    if programme_id is not None:
        mine = [f for f in figures if f.about == programme_id]
        return [f for f in mine if kind in f.kinds] if specific else mine
    if not specific:
        return [f for f in figures if f.about == "afpa"]
    general = [f for f in figures if f.about in ("afpa", "partnership") and kind in f.kinds]
    return general or [f for f in figures if kind in f.kinds]


def key_figures(
    catalogue: Catalogue,
    programme_id: Optional[str],
    kind: Optional[str],
    *,
    nearest: Nearest = None,
) -> Reply:
    chosen = choose(catalogue, programme_id, kind)
    programme = catalogue.programmes.get(programme_id or "")
    buttons = [more_button(KEY_FIGURES)]
    if programme is not None:
        buttons.append(button("C'est quoi ?", "ask_programme_info", programme=programme.id))
    if chosen:
        said = [chosen[0]]
        for figure in chosen[1:MAX_IN_FIRST_MESSAGE]:
            if len(figures_message(said + [figure])) <= FIRST_MESSAGE_MAX_CHARS:
                said.append(figure)
        text = figures_message(said)
        return Reply(text, buttons + [button("Parler à quelqu'un", "contact_human")])
    # Unknown: say so, what is known instead, and who can answer.
    subject = _about_name(catalogue, programme_id or "afpa")
    what = KIND_WORDS.get(kind or "", "ce chiffre")
    text = f"Je n'ai pas de chiffre fiable sur {what} pour {subject}."
    others = choose(catalogue, programme_id, None)
    if others:
        text += " Ce que je sais : " + figures_message(others[:1])
    contacts = programme.contacts if programme is not None else ("afpa_centre", "afpa_phone")
    return Reply(text, buttons + contact_buttons(contacts, nearest is not None), (who_to_ask(catalogue, contacts, nearest),))


def all_figures(catalogue: Catalogue) -> Reply:
    """« En savoir plus » on the key figures: every one, by subject, with date, source and URL."""
    lines: List[str] = []
    for figure in catalogue.figures:
        lines.append(f"- {_about_name(catalogue, figure.about)} : {figure_line(figure)} {figure.sources[0]}")
    checked = min(f.checked for f in catalogue.figures)
    return Reply(
        f"Les chiffres clés que je connais, avec leur date et leur source ({checked_words(checked)}) :",
        [button("Voir les programmes", "list_programmes"), button("Parler à quelqu'un", "contact_human")],
        ("\n".join(lines),),
    )


# -- free places in workshops ------------------------------------------------------------------


def places_where() -> Reply:
    """Free places without a commune: the booking's session offer asks for it."""
    return Reply(
        "Le nombre de places dépend de l'atelier et du centre. Je vous montre les prochains "
        "ateliers découverte près de chez vous, avec leurs places libres.",
        [button("Voir les ateliers et les places", "book_workshop"), button("Trouver un centre", "find_centre")],
    )


def free_places(commune: Commune, sessions: Sequence[SessionView], catalogue: Catalogue) -> Reply:
    """The next workshops near ``commune`` with how many places are left."""
    from actions.replies.booking import demo_note, seats_words, session_button
    from actions.replies.centres import of_commune

    if not sessions:
        return Reply(
            f"Je n'ai plus d'atelier découverte avec des places libres près {of_commune(commune.name)}.",
            contact_buttons(("afpa_centre",), False),
            (who_to_ask(catalogue, ("afpa_centre", "afpa_phone")),),
        )
    lines = [f"Places libres dans les prochains ateliers près {of_commune(commune.name)} :"]
    for session in sessions[:3]:
        lines.append(f"- {session.when}, {session.centre_city} : {seats_words(session.seats_left)} sur {session.capacity}{demo_note(session)}.")
    return Reply("\n".join(lines), [session_button(s) for s in sessions[:3]])
