"""What the assistant says during the eligibility check (plain Python, no Rasa)."""
from __future__ import annotations

from typing import List, Optional

from actions.catalogue import Catalogue
from actions.eligibility import Profile, Status, Verdict, build_summary, evaluate_programme, question_for, render_summary
from actions.eligibility.render import FITS_TITLE, verdict_lines
from actions.catalogue.rules import AGE
from actions.eligibility.facts import FACTS
from actions.eligibility.interview import AGE_SLOT, SITUATION_SLOT, fact_for
from actions.eligibility.wording import join_and, years
from actions.replies.reply import MAX_BUTTONS, Button, Reply, button

# The open first question: each button sends its own words, read by the same
# parser as a typed answer, so a button and typing behave alike.
SITUATION_QUESTION = "Quelle est votre situation aujourd'hui ?"
SITUATION_CHOICES = (
    "J'ai quitté l'école sans diplôme",
    "Je suis au collège ou au lycée",
    "Je cherche un emploi",
    "J'ai un emploi",
    "Je suis réfugié ou réfugiée",
    "Je ne sais pas",
)
# No more than MAX_BUTTONS fit on a phone screen: the RQTH is asked on its own, when it matters.
# After two answers not understood: the check moves on, and the result says so.
MOVING_ON = (
    "Je n'arrive pas à comprendre cette réponse : je la note « je ne sais pas » et je passe à la suite. "
    "Un conseiller pourra vérifier ce point avec vous."
)
NOTED = "C'est noté. Et pour cette question, répondez « oui », « non » ou « je ne sais pas »."
TO_CONFIRM_LINE = (
    "Certaines réponses manquent ou restent à préciser : ce résultat est à confirmer avec un conseiller."
)


def _choice(title: str) -> Button:
    return Button(title=title, payload=title)


def question(slot: str, *, hint: Optional[str] = None, misses: int = 0, focus_name: Optional[str] = None) -> Reply:
    """The question for ``slot``: its words, buttons when the answers are closed."""
    if slot == AGE_SLOT:
        text, buttons = "Quel âge avez-vous ?", []
    elif slot == SITUATION_SLOT:
        text, buttons = SITUATION_QUESTION, [_choice(title) for title in SITUATION_CHOICES]
    else:
        fact = fact_for(slot)
        asked = question_for(fact)
        text, buttons = asked.text, [_choice(title) for title in asked.choices]
    if hint:
        # The hints about the age already contain the question.
        text = hint if slot == AGE_SLOT else f"{hint}\n{text}"
    elif focus_name and misses == 0:
        text = f"Pour savoir si {focus_name} est pour vous : {text[0].lower()}{text[1:]}"
    return Reply(text, buttons)


def _profile_words(profile: Profile) -> List[str]:
    """ "17 ans", "vous avez quitté l'école sans diplôme"…: what the person said, in their words."""
    words = [years(profile.age)] if profile.age is not None else []
    for fact, info in FACTS.items():
        value = profile.given(fact)
        if fact != AGE and isinstance(value, bool):
            words.append(info.said(value))
    return words


def reuse_question(previous: Profile, *, again: bool = False) -> Reply:
    """Before a second check: reuse the earlier answers, or start again."""
    said = join_and(_profile_words(previous)) or "vos réponses"
    text = f"Je reprends vos réponses précédentes ({said}) ?"
    if again:
        text = f"Répondez « oui » pour les garder, ou « non » pour recommencer. {text}"
    return Reply(text, [_choice("Oui"), _choice("Non, on recommence")])


def result(profile: Profile, catalogue: Catalogue, focus: Optional[str] = None) -> Reply:
    """The programmes that fit and why, those that nearly fit, or where else to go.

    With a ``focus`` (« je peux faire HOPE ? »), its verdict comes first, then what
    else fits.
    """
    lines: List[str] = []
    shown: List[Verdict] = []
    others = [programme_id for programme_id in catalogue.programmes if programme_id != focus]
    if focus is not None:
        verdict = evaluate_programme(profile, catalogue.programmes[focus])
        first, *details = verdict_lines(verdict)
        lines += [first[2:]] + [detail.strip() for detail in details]
        shown.append(verdict)
    summary = build_summary(profile, catalogue, only=others if focus else None)
    general = render_summary(summary)
    if focus is not None and summary.fits:
        lines.append("Autres possibilités :")
        general = [line for line in general if line != FITS_TITLE]
    if focus is None or summary.fits:
        lines += general
    if profile.dont_know:
        lines.append(TO_CONFIRM_LINE)
    shown += list(summary.fits) + [v for v in summary.nearly if v.strength > 0]

    buttons: List[Button] = []
    for verdict in [v for v in shown if v.status != Status.NOT_ELIGIBLE][:3]:
        buttons.append(button(f"En savoir plus : {verdict.name}", "ask_programme_info", programme=verdict.programme_id))
    bookable = [v for v in shown if v.status == Status.ELIGIBLE]
    if bookable:
        buttons.append(button("Réserver un atelier découverte", "book_workshop", programme=bookable[0].programme_id))
    buttons.append(button("Parler à quelqu'un", "contact_human"))
    return Reply("\n".join(lines), buttons)
