"""Answers about programmes: what it is, how long, pay, and lists for a public."""
from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

from actions.answers.audience import PROFESSIONAL
from actions.catalogue import Catalogue, Fact, Programme
from actions.replies.contacts import contact_buttons, who_to_ask
from actions.replies.reply import MAX_BUTTONS, Button, Reply, button
from actions.replies.sources import checked_words, sites_line
from actions.territory import Centre

# The nearest centre and its distance, when the person's commune is known.
Nearest = Optional[Tuple[Centre, Optional[float]]]

SITUATION_PUBLIC = {
    "refugie": "les personnes réfugiées",
    "demandeur_emploi": "les demandeurs d'emploi",
    "decrocheur": "les jeunes qui ont quitté l'école",
    "scolarise": "les élèves",
    "salarie": "les salariés",
    "rqth": "les personnes en situation de handicap (RQTH)",
}
TO_CONFIRM = " (à confirmer avec un conseiller)"


def more_button(topic: str) -> Button:
    """« En savoir plus »: the details behind a short answer (intent ask_more)."""
    return button("En savoir plus", "ask_more", topic=topic)


def next_steps(programme: Programme, *, already: str, audience: Optional[str] = None) -> List[Button]:
    """Quick replies after an answer about ``programme``, without the one just given."""
    for_whom = "Vérifier pour une personne" if audience == PROFESSIONAL else "Est-ce pour moi ?"
    choices = [
        ("more", more_button(programme.id)),
        ("info", button("C'est quoi ?", "ask_programme_info", programme=programme.id)),
        ("duration", button("Durée", "ask_programme_duration", programme=programme.id)),
        ("pay", button("Rémunération", "ask_programme_pay", programme=programme.id)),
        ("eligibility", button(for_whom, "check_eligibility", programme=programme.id)),
        ("contact", button("Parler à quelqu'un", "contact_human")),
    ]
    skipped = {"info": ("info",), "more": ("more",)}.get(already, (already, "more"))
    return [choice for key, choice in choices if key not in skipped]


def _say(fact: Fact) -> str:
    assert fact.text is not None
    return fact.text + (TO_CONFIRM if fact.needs_confirmation else "")


def _unknown(programme: Programme, topic: str, fact: Fact) -> str:
    sentence = f"{programme.name} : je ne sais pas {topic}."
    if fact.partial:
        sentence += f" {fact.partial}"
    return f"{sentence} Demandez {programme.ask_a_person}."


def ask_them(catalogue: Catalogue, programme: Programme, nearest: Nearest = None) -> str:
    """Who to ask about ``programme`` and how to reach them (a follow-up message)."""
    return who_to_ask(catalogue, programme.contacts, nearest)


def info(
    programme: Programme,
    *,
    audience: Optional[str] = None,
) -> Reply:
    """The short answer: a few plain sentences, the source, « En savoir plus » for the details."""
    summary = programme.summary_staff if audience == PROFESSIONAL else programme.summary
    text = f"{summary}\n{sites_line(programme.facts['what'].sources, programme.facts['what'].checked)}"
    return Reply(text, next_steps(programme, already="info", audience=audience))


def details(
    catalogue: Catalogue,
    programme: Programme,
    *,
    audience: Optional[str] = None,
    nearest: Nearest = None,
) -> Reply:
    """« En savoir plus »: every fact, then who to ask and how to reach them."""
    facts = programme.facts
    lines = [_say(facts["what"])]
    if facts["for_whom"].known:
        lines.append(_say(facts["for_whom"]))
    if facts["duration"].known:
        lines.append(f"Durée : {_lower_first(_say(facts['duration']))}")
    if facts["access"].known:
        lines.append(f"Pour y entrer : {_lower_first(_say(facts['access']))}")
    else:
        lines.append(f"Pour y entrer, demandez {programme.ask_a_person}.")
    if facts["where"].known:
        lines.append(f"Où : {_lower_first(_say(facts['where']))}")
    if programme.caveat:
        lines.append(programme.caveat)
    sources = f"Sources ({checked_words(programme.checked)}) : " + " ; ".join(programme.sources)
    buttons = next_steps(programme, already="more", audience=audience)
    buttons = [b for b in buttons if b.payload != "/contact_human"]
    buttons += contact_buttons(programme.contacts, nearest is not None)
    return Reply(
        f"Voici les détails sur {programme.name}.",
        buttons,
        ("\n".join(lines), sources, ask_them(catalogue, programme, nearest)),
    )


def _lower_first(sentence: str) -> str:
    """"Environ 8 mois" -> "environ 8 mois" after a colon; "HOPE" stays as it is."""
    if len(sentence) > 1 and sentence[0].isupper() and (sentence[1].islower() or sentence[1] in "'’"):
        return sentence[0].lower() + sentence[1:]
    return sentence


def _fact_answer(
    catalogue: Catalogue, programme: Programme, key: str, topic: str, audience: Optional[str], nearest: Nearest
) -> Reply:
    """One fact, with its source; unknown or to confirm: who to ask and how, in a follow-up."""
    fact = programme.facts[key]
    buttons = next_steps(programme, already=key, audience=audience)
    if fact.known:
        text = f"{programme.name} : {_lower_first(_say(fact))}\n{sites_line(fact.sources, fact.checked)}"
    else:
        text = _unknown(programme, topic, fact)
    if fact.known and not fact.needs_confirmation and "conseiller" not in fact.text:
        return Reply(text, buttons)
    buttons = [b for b in buttons if b.payload != "/contact_human"] + contact_buttons(programme.contacts, nearest is not None)
    return Reply(text, buttons, (ask_them(catalogue, programme, nearest),))


def duration(catalogue: Catalogue, programme: Programme, *, audience: Optional[str] = None, nearest: Nearest = None) -> Reply:
    return _fact_answer(catalogue, programme, "duration", "combien de temps cela dure", audience, nearest)


def pay(catalogue: Catalogue, programme: Programme, *, audience: Optional[str] = None, nearest: Nearest = None) -> Reply:
    return _fact_answer(catalogue, programme, "pay", "s'il y a une rémunération ou un coût", audience, nearest)


def programme_choice(catalogue: Catalogue, intent: str, first: Sequence[str] = ()) -> Reply:
    """Asks which programme a question is about: a button per programme, those in ``first``
    (aimed at what the person said about themselves) first; no more than a phone screen
    shows, the others named in the text."""
    programmes = sorted(catalogue.programmes.values(), key=lambda p: p.id not in first)
    shown, others = programmes[:MAX_BUTTONS], programmes[MAX_BUTTONS:]
    text = "De quel programme parlez-vous ?"
    if others:
        text += " Touchez un bouton ou écrivez son nom (aussi : " + ", ".join(p.name for p in others) + ")."
    return Reply(text, [button(p.name, intent, programme=p.id) for p in shown])


# Who to ask about a public (contact.yml ``people``), the best first.
SITUATION_CONTACTS = {
    "refugie": ("ofii", "france_travail"),
    "demandeur_emploi": ("france_travail",),
    "decrocheur": ("mission_locale", "cio"),
    "scolarise": ("cio", "mission_locale"),
    "salarie": ("employer_hr", "transitions_pro"),
    "rqth": ("france_travail",),
}


def listing_contacts(situation: Optional[str], age: Optional[int]) -> Tuple[str, ...]:
    ids = list(SITUATION_CONTACTS.get(situation or "", ()))
    if age is not None and 16 <= age <= 25 and "mission_locale" not in ids:
        ids.append("mission_locale")
    if not ids:
        ids = ["france_travail", "mission_locale"]
    return tuple(ids) + ("afpa_centre",)


def listing(
    catalogue: Catalogue,
    situation: Optional[str] = None,
    age: Optional[int] = None,
    *,
    audience: Optional[str] = None,
    nearest: Nearest = None,
) -> Reply:
    """The programmes, all or those aimed at a public (a situation and/or an age).

    First a short message (which programmes), then the list with a few words on each,
    then who to ask; a professional is answered about the people they follow."""
    programmes = list(catalogue.programmes.values())
    if situation is None and age is None:
        more = "" if len(programmes) <= MAX_BUTTONS else " Touchez un bouton ou écrivez son nom."
        text = f"L'Afpa a {len(programmes)} programmes que je connais. Lequel vous intéresse ?{more}"
        lines = [f"- {p.name} : {p.short}" for p in programmes]
        shown = programmes[:MAX_BUTTONS]
        return Reply(text, [button(p.name, "ask_programme_info", programme=p.id) for p in shown], ("\n".join(lines),))

    public = _public(situation, age)
    if audience == PROFESSIONAL:
        public = f"{public} que vous suivez"
    aimed = [p for p in programmes if p.audience.concerns(situation=situation, age=age)]
    open_to_all = [p for p in programmes if p.audience.open_to_all]
    if aimed:
        text = f"Pour {public}, l'Afpa propose : " + ", ".join(p.name for p in aimed) + "."
        lines = [f"- {p.name} : {p.short}" for p in aimed]
    else:
        text = f"Je ne connais pas de programme de l'Afpa prévu pour {public}."
        lines = []
    lines.append("Ouverts à tous : " + ", ".join(p.name for p in open_to_all) + ".")
    contacts = listing_contacts(situation, age)
    ask = who_to_ask(
        catalogue, contacts, nearest,
        intro="Pour savoir ce qui leur correspond, adressez-vous à :" if audience == PROFESSIONAL
        else "Pour savoir ce qui vous correspond, adressez-vous à :",
    )
    # No more buttons than fit on a phone screen: the contacts and "all programmes" first.
    others = [button("Tous les programmes", "list_programmes")] + contact_buttons(contacts, nearest is not None)
    buttons = [button(p.name, "ask_programme_info", programme=p.id) for p in aimed][: max(0, MAX_BUTTONS - len(others))]
    return Reply(text, buttons + others, ("\n".join(lines), ask))


def _public(situation: Optional[str], age: Optional[int]) -> str:
    if situation and age is not None:
        return f"{SITUATION_PUBLIC[situation]} de {age} ans"
    if situation:
        return SITUATION_PUBLIC[situation]
    return f"les jeunes de {age} ans" if age < 26 else f"les personnes de {age} ans"
