"""Answers about programmes: what it is, how long, pay, and lists for a public."""
from __future__ import annotations

from typing import List, Optional, Sequence

from actions.catalogue import Catalogue, Fact, Programme
from actions.replies.reply import MAX_BUTTONS, Button, Reply, button

SITUATION_PUBLIC = {
    "refugie": "les personnes réfugiées",
    "demandeur_emploi": "les demandeurs d'emploi",
    "decrocheur": "les jeunes qui ont quitté l'école",
    "scolarise": "les élèves",
    "salarie": "les salariés",
    "rqth": "les personnes en situation de handicap (RQTH)",
}
TO_CONFIRM = " (à confirmer avec un conseiller)"


def next_steps(programme: Programme, *, already: str) -> List[Button]:
    """Quick replies after an answer about ``programme``, without the one just given."""
    choices = [
        ("info", button("C'est quoi ?", "ask_programme_info", programme=programme.id)),
        ("duration", button("Durée", "ask_programme_duration", programme=programme.id)),
        ("pay", button("Rémunération", "ask_programme_pay", programme=programme.id)),
        ("eligibility", button("Est-ce pour moi ?", "check_eligibility", programme=programme.id)),
        ("contact", button("Parler à quelqu'un", "contact_human")),
    ]
    return [choice for key, choice in choices if key != already]


def _say(fact: Fact) -> str:
    assert fact.text is not None
    return fact.text + (TO_CONFIRM if fact.needs_confirmation else "")


def _unknown(programme: Programme, topic: str, fact: Fact) -> str:
    sentence = f"{programme.name} : je n'ai pas d'information fiable sur {topic}."
    if fact.partial:
        sentence += f" {fact.partial}"
    return f"{sentence} Pour en savoir plus, demandez {programme.ask_a_person}."


def info(programme: Programme) -> Reply:
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
    return Reply("\n".join(lines), next_steps(programme, already="info"))


def _lower_first(sentence: str) -> str:
    """"Environ 8 mois" -> "environ 8 mois" after a colon; "HOPE" stays as it is."""
    if len(sentence) > 1 and sentence[0].isupper() and sentence[1].islower():
        return sentence[0].lower() + sentence[1:]
    return sentence


def duration(programme: Programme) -> Reply:
    fact = programme.facts["duration"]
    text = f"{programme.name} : {_say(fact)}" if fact.known else _unknown(programme, "la durée", fact)
    return Reply(text, next_steps(programme, already="duration"))


def pay(programme: Programme) -> Reply:
    fact = programme.facts["pay"]
    if fact.known:
        text = f"{programme.name} : {_say(fact)}"
    else:
        text = _unknown(programme, "la rémunération ou le coût", fact)
    return Reply(text, next_steps(programme, already="pay"))


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


def listing(catalogue: Catalogue, situation: Optional[str] = None, age: Optional[int] = None) -> Reply:
    """The programmes, all or those aimed at a public (a situation and/or an age)."""
    programmes = list(catalogue.programmes.values())
    if situation is None and age is None:
        lines = ["Voici les programmes de l'Afpa que je connais :"]
        lines += [f"- {p.name} : {p.short}" for p in programmes]
        lines.append("Lequel vous intéresse ?" if len(programmes) <= MAX_BUTTONS
                     else "Lequel vous intéresse ? Touchez un bouton ou écrivez son nom.")
        shown = programmes[:MAX_BUTTONS]
        return Reply("\n".join(lines), [button(p.name, "ask_programme_info", programme=p.id) for p in shown])

    public = _public(situation, age)
    aimed = [p for p in programmes if p.audience.concerns(situation=situation, age=age)]
    open_to_all = [p for p in programmes if p.audience.open_to_all]
    if aimed:
        lines = [f"Pour {public}, voici ce que propose l'Afpa :"]
        lines += [f"- {p.name} : {p.short}" for p in aimed]
    else:
        lines = [f"Je ne connais pas de programme de l'Afpa prévu pour {public}."]
    lines.append(
        "Ouverts à tous : " + ", ".join(p.name for p in open_to_all) + "."
    )
    lines.append("Pour savoir ce qui vous correspond vraiment, un conseiller peut vous aider.")
    buttons = [button(p.name, "ask_programme_info", programme=p.id) for p in aimed[: MAX_BUTTONS - 2]]
    buttons += [button("Tous les programmes", "list_programmes"), button("Parler à quelqu'un", "contact_human")]
    return Reply("\n".join(lines), buttons)


def _public(situation: Optional[str], age: Optional[int]) -> str:
    if situation and age is not None:
        return f"{SITUATION_PUBLIC[situation]} de {age} ans"
    if situation:
        return SITUATION_PUBLIC[situation]
    return f"les jeunes de {age} ans" if age < 26 else f"les personnes de {age} ans"
