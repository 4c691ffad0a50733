"""Who can join which Afpa programme: the eligibility engine (plain Python, no Rasa).

The rules are data: the ``eligibility:`` block of each ``data/catalogue/programmes/*.yml``
and ``data/catalogue/alternatives.yml``, loaded and validated with the catalogue
(``actions.catalogue.load_catalogue``). This package only evaluates them. Full
guide: ``docs/eligibility.md``.

What is known about a person
----------------------------
``Profile`` (immutable; every change returns a new one). Each fact is known true,
known false, or unknown — "unknown" is never "no"::

    profile = Profile(age=17, situations_true={"decrocheur"})
    profile = profile.with_fact("salarie", False)          # an answer
    profile = profile.with_dont_know("lives_in_qpv")       # "je ne sais pas": not asked again
    profile.value("scolarise")  # False: implied by "decrocheur" (see profile.IMPLICATIONS)
    Profile.from_dict(profile.to_dict())                  # JSON-friendly, e.g. for one slot

Fact names (``FACT_NAMES``): ``age``; the contract situations ``refugie``,
``demandeur_emploi`` (looks for a job, registered or not), ``decrocheur`` (left
school without a diploma), ``scolarise`` (still at school), ``salarie`` (has a
job), ``rqth``; and ``lives_in_qpv``, ``french_a1``, ``french_not_first_language``,
``job_listed_as_fragile`` (never asked: only the employer knows). Beyond the rules'
vocabulary, the protection status (``profile.PROTECTION_FACTS``: ``demandeur_asile``,
``protection_subsidiaire``; never asked, read from what the person says): an asylum
seeker is never proposed HOPE and gets every other programme « à confirmer »
(``protection.py``; docs/eligibility.md, « Protection »).

Verdicts
--------
``evaluate(profile, catalogue, only=None) -> tuple[Verdict, ...]`` — one per
programme (``only``: programme ids), in catalogue order.
``evaluate_programme(profile, programme) -> Verdict``.
A ``Verdict`` has ``status`` (``Status.ELIGIBLE`` / ``NOT_ELIGIBLE`` /
``NEED_TO_KNOW``), ``reason`` (short French, vouvoiement: « Vous avez 17 ans,
vous avez quitté l'école et vous n'avez pas d'emploi : la Promo 16-18, c'est pour
vous. »), ``missing`` (fact names) and ``would_fit_if`` (« si vous n'avez pas
d'emploi ») when NEED_TO_KNOW, ``to_confirm`` (why it is « à confirmer avec un
conseiller »; ``uncertain`` is True when not empty), ``notes``, ``strength`` (how
many of the person's answers match), ``open_to_all`` and ``sources``.

Asking
------
``next_question(profile, catalogue, only=None) -> str | None`` — the fact to ask
next (the one that settles the most undecided programmes), never one already
known, refused ("je ne sais pas") or not askable; None when nothing useful is left.
``question_for(fact) -> Question(fact, text, choices)`` — the French question and
its quick replies (« Oui », « Non », « Je ne sais pas »; none for the age).
``enough_to_answer(profile, catalogue, only=None) -> bool`` — a form stops asking
when this is True, then shows the summary.

Answer parsers (never raise)
----------------------------
``parse_age_answer(text) -> AgeAnswer(age, problem, note, number)`` — ``problem``
is ``"not_an_age"``, ``"implausible"`` (under 12 or over 99) or ``"birth_year"``:
ask again (``AgeAnswer.message`` says how); ``note`` is ``"turning_soon"``
(« bientôt 18 » → 17) or ``"and_a_half"``.
``parse_situation_answer(text) -> SituationAnswer(facts, dont_know, notes)`` —
``facts`` maps situations to True/False, only those the text states; ``notes``:
``"asylum_seeker"`` (refugie is then False and demandeur_asile True: HOPE needs the
status granted) or
``"disability_without_rqth"``; ``explanations`` gives the French for them.
``parse_yes_no(text) -> bool | None`` and ``is_dont_know(text) -> bool``.

Result
------
``build_summary(profile, catalogue, only=None) -> Summary`` with ``fits``,
``nearly``, ``undecided``, ``not_for_you``, ``open_to_all`` (tuples of Verdict, best
first), ``alternatives`` (``AlternativeOffer``: outside the Afpa), ``why_nothing_fits``
and ``next_question``. ``render_summary(summary) -> list[str]``: the French lines.
Buttons are the lead's: e.g. one per ``summary.fits`` verdict (``programme_id``,
``name``) and the ``choices`` of ``question_for(summary.next_question)``.
"""

from actions.catalogue.rules import FACT_NAMES, SITUATIONS
from actions.eligibility.answers import (
    AgeAnswer,
    SituationAnswer,
    is_dont_know,
    parse_age_answer,
    parse_situation_answer,
    parse_yes_no,
)
from actions.eligibility.engine import Status, Verdict, evaluate, evaluate_programme
from actions.eligibility.facts import FACTS, FactInfo
from actions.eligibility.profile import Profile
from actions.eligibility.questions import Question, enough_to_answer, next_question, question_for
from actions.eligibility.render import render_summary
from actions.eligibility.summary import AlternativeOffer, Summary, build_summary

__all__ = [
    "FACTS",
    "FACT_NAMES",
    "SITUATIONS",
    "AgeAnswer",
    "AlternativeOffer",
    "FactInfo",
    "Profile",
    "Question",
    "SituationAnswer",
    "Status",
    "Summary",
    "Verdict",
    "build_summary",
    "enough_to_answer",
    "evaluate",
    "evaluate_programme",
    "is_dont_know",
    "next_question",
    "parse_age_answer",
    "parse_situation_answer",
    "parse_yes_no",
    "question_for",
    "render_summary",
]
