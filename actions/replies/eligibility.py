"""What the assistant says during the eligibility check (plain Python, no Rasa)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import FrozenSet, List, Optional, Sequence, Tuple

from actions.catalogue import Catalogue
from actions.eligibility import Profile, Status, Verdict, build_summary, evaluate_programme, question_for, render_summary
from actions.eligibility.protection import ASYLUM_DOUBT, notice, sources_line
from actions.eligibility.render import FITS_TITLE, NOT_ENOUGH, verdict_lines
from actions.eligibility.summary import Summary
from actions.catalogue.rules import AGE
from actions.eligibility.facts import FACTS
from actions.eligibility.interview import AGE_SLOT, SITUATION_SLOT, fact_for
from actions.eligibility.wording import TO_CONFIRM, join_and, sentence, years
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
        if fact != AGE and isinstance(value, bool) and profile.worth_saying(fact):
            words.append(info.said(value))
    return words


def reuse_question(previous: Profile, *, again: bool = False) -> Reply:
    """Before a second check: reuse the earlier answers, or start again."""
    said = join_and(_profile_words(previous)) or "vos réponses"
    text = f"Je reprends vos réponses précédentes ({said}) ?"
    if again:
        text = f"Répondez « oui » pour les garder, ou « non » pour recommencer. {text}"
    return Reply(text, [_choice("Oui"), _choice("Non, on recommence")])


# The first message of the result fits a phone screen; the details follow.
HEADLINE_MAX = 300
DETAILS_TITLE = "En détail :"


@dataclass(frozen=True)
class Result:
    """The result of a check: its messages, and which programmes it proposes or rules out."""

    messages: Tuple[Reply, ...]  # the first one short (HEADLINE_MAX), buttons on the last
    proposed: FrozenSet[str]  # programme ids said to fit, or nearly
    excluded: FrozenSet[str]  # programme ids said not to be for the person

    @property
    def text(self) -> str:
        return "\n".join(message.text for message in self.messages)


def for_asylum_seekers() -> Reply:
    """ « Qu'est-ce qu'il y a pour les demandeurs d'asile ? »: what is not known, and whom to ask."""
    found = notice(Profile().with_fact("demandeur_asile", True))
    assert found is not None and found.headline
    lines = [found.headline, "HOPE est pour les personnes qui ont obtenu le statut de réfugié ou la protection subsidiaire."]
    return Reply(
        "\n".join(lines + [sources_line(found)]),
        [button("Est-ce pour moi ?", "check_eligibility"), button("Parler à quelqu'un", "contact_human")],
    )


def _names(verdicts: Sequence[Verdict]) -> str:
    return join_and(verdict.called for verdict in verdicts)


def _headline(summary: Summary, focus: Optional[Verdict], uncertain: bool) -> str:
    """One or two short sentences: the answer itself, before the details."""
    if summary.protection is not None and summary.protection.headline:
        return summary.protection.headline
    if focus is not None:
        if len(focus.reason) <= HEADLINE_MAX:
            return focus.reason
        verdict = {
            Status.ELIGIBLE: f"{focus.called}, c'est pour vous",
            Status.NEED_TO_KNOW: f"{focus.called} peut vous convenir, selon votre situation",
            Status.NOT_ELIGIBLE: f"{focus.called} n'est pas pour vous",
        }[focus.status]
        return sentence(f"{verdict}.")
    if summary.fits:
        names = _names(summary.fits[:3])
        more = " et d'autres" if len(summary.fits) > 3 else ""
        text = f"D'après vos réponses, ceci peut vous convenir : {names}{more}."
        if uncertain or any(verdict.uncertain for verdict in summary.fits):
            text += f" {sentence(TO_CONFIRM)}."
        return text if len(text) <= HEADLINE_MAX else "D'après vos réponses, plusieurs programmes peuvent vous convenir."
    if summary.nearly:
        return "Certains programmes pourraient vous convenir, selon votre situation."
    if summary.why_nothing_fits:
        text = summary.why_nothing_fits
        if summary.alternatives:
            text += " Voici d'autres solutions."
        return text
    return NOT_ENOUGH


def result(profile: Profile, catalogue: Catalogue, focus: Optional[str] = None) -> Result:
    """The programmes that fit and why, those that nearly fit, or where else to go.

    The first message answers in a few words (``HEADLINE_MAX``); the details follow.
    With a ``focus`` (« je peux faire HOPE ? »), its verdict comes first, then what
    else fits. An asylum seeker first reads that the right to work or to be trained is
    not settled, and whom to ask (``actions/eligibility/protection.py``).
    """
    lines: List[str] = []
    shown: List[Verdict] = []
    focus_verdict: Optional[Verdict] = None
    others = [programme_id for programme_id in catalogue.programmes if programme_id != focus]
    if focus is not None:
        focus_verdict = evaluate_programme(profile, catalogue.programmes[focus])
        first, *details = verdict_lines(focus_verdict)
        lines += [first[2:]] + [detail.strip() for detail in details]
        shown.append(focus_verdict)
    summary = build_summary(profile, catalogue, only=others if focus else None)
    general = render_summary(summary)
    if focus is not None and summary.fits:
        lines.append("Autres possibilités :")
        general = [line for line in general if line != FITS_TITLE]
    if focus is None or summary.fits:
        lines += general
    if summary.protection is not None:
        lines += list(summary.protection.lines) + [sources_line(summary.protection)]
    if profile.dont_know:
        lines.append(TO_CONFIRM_LINE)
    nearly_shown = [v for v in summary.nearly if v.strength > 0] if summary.fits else list(summary.nearly)
    shown += list(summary.fits) + [v for v in summary.nearly if v.strength > 0]

    buttons: List[Button] = []
    for verdict in [v for v in shown if v.status != Status.NOT_ELIGIBLE][:3]:
        buttons.append(button(f"En savoir plus : {verdict.name}", "ask_programme_info", programme=verdict.programme_id))
    # Not while the right to be trained is in doubt (an asylum claim in progress).
    bookable = [v for v in shown if v.status == Status.ELIGIBLE and ASYLUM_DOUBT not in v.to_confirm]
    if bookable:
        buttons.append(button("Réserver un atelier découverte", "book_workshop", programme=bookable[0].programme_id))
    buttons.append(button("Parler à quelqu'un", "contact_human"))

    headline = _headline(summary, focus_verdict, bool(profile.dont_know))
    details = [line for line in lines if line != headline]
    messages = [Reply(headline)] + ([Reply("\n".join([DETAILS_TITLE] + details))] if details else [])
    # When the result sends the person to an advisor: who, and how to reach them.
    messages += [Reply(text) for text in who_to_ask_after(catalogue, shown, "\n".join(lines))]
    messages[-1] = Reply(messages[-1].text, buttons)

    proposed = {v.programme_id for v in list(summary.fits) + nearly_shown}
    # Every programme the engine rules out, said or not: none of them may be proposed.
    excluded = {v.programme_id for v in summary.not_for_you}
    if focus_verdict is not None:
        (excluded if focus_verdict.status is Status.NOT_ELIGIBLE else proposed).add(focus_verdict.programme_id)
    return Result(tuple(messages), frozenset(proposed), frozenset(excluded))


def who_to_ask_after(catalogue: Catalogue, shown: List[Verdict], said: str) -> tuple:
    """When the result sends the person to an advisor: who, and how to reach them (issue #13)."""
    from actions.replies.contacts import who_to_ask

    if "conseiller" not in said:
        return ()
    ids: List[str] = []
    for verdict in shown:
        for contact_id in catalogue.programmes[verdict.programme_id].contacts:
            if contact_id not in ids:
                ids.append(contact_id)
    ids = (ids or ["france_travail", "mission_locale"])[:3]
    if "afpa_centre" not in ids:
        ids.append("afpa_centre")
    return (who_to_ask(catalogue, ids, intro="Le conseiller à qui demander :"),)
