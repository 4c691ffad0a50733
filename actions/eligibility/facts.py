"""The facts the engine may ask about, with their question and their French phrases.

The names are those of ``actions.catalogue.rules.FACT_NAMES`` (the vocabulary of the
rules). ``age`` is worded by ``wording.py``; the yes/no facts are worded here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from actions.catalogue.rules import (
    AGE,
    FRENCH_A1,
    FRENCH_NOT_FIRST_LANGUAGE,
    JOB_LISTED_AS_FRAGILE,
    LIVES_IN_QPV,
)

YES, NO, DONT_KNOW = "Oui", "Non", "Je ne sais pas"


@dataclass(frozen=True)
class FactInfo:
    name: str
    question: str
    # False: the person rarely knows it; the engine never asks, and says who knows.
    askable: bool = True
    ask_who: Optional[str] = None
    # Yes/no facts: what the person is, said to them ("vous avez quitté l'école")…
    when_true: str = ""
    when_false: str = ""
    # …and what a programme requires, as a clause ("il faut avoir quitté l'école").
    needs_true: str = ""
    needs_false: str = ""

    @property
    def choices(self) -> Tuple[str, ...]:
        """Quick replies for the question (the age is typed)."""
        return () if self.name == AGE else (YES, NO, DONT_KNOW)

    def said(self, value: bool) -> str:
        return self.when_true if value else self.when_false

    def needs(self, value: bool) -> str:
        return self.needs_true if value else self.needs_false

    def would_fit_if(self, value: bool) -> str:
        """ "si vous n'avez pas d'emploi", plus who to ask when the person may not know."""
        condition = f"si {self.said(value)}"
        return f"{condition} ({self.ask_who})" if self.ask_who else condition


_FACTS = (
    FactInfo(name=AGE, question="Quel âge avez-vous ?"),
    FactInfo(
        name="decrocheur",
        question="Avez-vous quitté l'école sans diplôme ?",
        when_true="vous avez quitté l'école sans diplôme",
        when_false="vous n'avez pas quitté l'école sans diplôme",
        needs_true="il faut avoir quitté l'école sans diplôme",
        needs_false="il ne faut pas avoir quitté l'école sans diplôme",
    ),
    FactInfo(
        name="scolarise",
        question="Êtes-vous encore à l'école (collège, lycée ou études) ?",
        when_true="vous êtes encore à l'école",
        when_false="vous n'êtes plus à l'école",
        needs_true="il faut être à l'école",
        needs_false="il ne faut plus être à l'école",
    ),
    FactInfo(
        name="salarie",
        question="Avez-vous un emploi en ce moment ?",
        when_true="vous avez un emploi",
        when_false="vous n'avez pas d'emploi",
        needs_true="il faut avoir un emploi salarié",
        needs_false="il ne faut pas avoir d'emploi",
    ),
    FactInfo(
        name="demandeur_emploi",
        question="Cherchez-vous un emploi en ce moment ?",
        when_true="vous cherchez un emploi",
        when_false="vous ne cherchez pas d'emploi",
        needs_true="il faut chercher un emploi",
        needs_false="il ne faut pas chercher d'emploi",
    ),
    FactInfo(
        name="refugie",
        question="Avez-vous le statut de réfugié ou la protection subsidiaire ?",
        when_true="vous avez le statut de réfugié ou la protection subsidiaire",
        when_false="vous n'avez pas le statut de réfugié ni la protection subsidiaire",
        needs_true="il faut avoir le statut de réfugié ou la protection subsidiaire",
        needs_false="il ne faut pas avoir le statut de réfugié ni la protection subsidiaire",
    ),
    # Never asked: said by the person (« je suis demandeur d'asile »); see protection.py.
    FactInfo(
        name="demandeur_asile",
        question="Avez-vous une demande d'asile en cours ?",
        askable=False,
        when_true="vous avez demandé l'asile",
        when_false="vous n'avez pas de demande d'asile en cours",
        needs_true="il faut avoir une demande d'asile en cours",
        needs_false="il ne faut pas avoir de demande d'asile en cours",
    ),
    FactInfo(
        name="protection_subsidiaire",
        question="Avez-vous la protection subsidiaire ?",
        askable=False,
        when_true="vous avez la protection subsidiaire",
        when_false="vous n'avez pas la protection subsidiaire",
        needs_true="il faut avoir la protection subsidiaire",
        needs_false="il ne faut pas avoir la protection subsidiaire",
    ),
    FactInfo(
        name=FRENCH_NOT_FIRST_LANGUAGE,
        question="Votre langue maternelle est-elle une autre langue que le français ?",
        when_true="le français n'est pas votre langue maternelle",
        when_false="le français est votre langue maternelle",
        needs_true="il faut avoir une autre langue maternelle que le français",
        needs_false="il faut avoir le français comme langue maternelle",
    ),
    FactInfo(
        name=FRENCH_A1,
        question="Avez-vous au moins le niveau A1 en français (les bases) ?",
        when_true="vous avez le niveau A1 en français",
        when_false="vous n'avez pas encore le niveau A1 en français",
        needs_true="il faut avoir le niveau A1 en français",
        needs_false="il ne faut pas avoir le niveau A1 en français",
    ),
    FactInfo(
        name="rqth",
        question="Avez-vous une RQTH (reconnaissance de la qualité de travailleur handicapé) ?",
        when_true="vous avez une RQTH",
        when_false="vous n'avez pas de RQTH",
        needs_true="il faut avoir une RQTH",
        needs_false="il ne faut pas avoir de RQTH",
    ),
    FactInfo(
        name=LIVES_IN_QPV,
        question="Habitez-vous dans un quartier prioritaire de la politique de la ville (QPV) ?",
        when_true="vous habitez dans un quartier prioritaire",
        when_false="vous n'habitez pas dans un quartier prioritaire",
        needs_true="il faut habiter dans un quartier prioritaire (QPV)",
        needs_false="il ne faut pas habiter dans un quartier prioritaire",
    ),
    FactInfo(
        name=JOB_LISTED_AS_FRAGILE,
        question="Votre employeur a-t-il classé votre emploi comme fragilisé ?",
        askable=False,
        ask_who="demandez à votre service des ressources humaines",
        when_true="votre employeur a classé votre emploi comme fragilisé",
        when_false="votre emploi n'est pas classé comme fragilisé",
        needs_true="il faut que votre employeur ait classé votre emploi comme fragilisé",
        needs_false="il ne faut pas que votre emploi soit classé comme fragilisé",
    ),
)

FACTS: Dict[str, FactInfo] = {fact.name: fact for fact in _FACTS}
# The order questions are asked in when two are equally useful: from the most
# general (age, school, work) to the most specific. Deterministic tie-break.
# "decrocheur" comes before "scolarise": a yes to it answers both.
ASK_ORDER: Tuple[str, ...] = tuple(fact.name for fact in _FACTS)
