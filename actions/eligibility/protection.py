"""Refugees, holders of subsidiary protection and asylum seekers: three different cases.

The contract's situation ``refugie`` means a protection *granted* (refugee status or
subsidiary protection: a BPI, « bénéficiaire de la protection internationale »). An
asylum seeker (``demandeur_asile``) has asked for one and is waiting: the fact sheet
(section 11, BPI) says to tell the two apart, and gives the right to work to BPI only.

What the engine does with them (plain Python, used by ``engine.py`` and ``summary.py``):

- a programme reserved to people with a protection (its rules ask ``refugie: true``,
  whatever the other ways in: HOPE) is **not** for an asylum seeker — one verdict,
  never « not for you » here and « may suit you » there;
- for every other programme with conditions, and every solution outside the Afpa, the
  fact sheet does not say whether an asylum seeker may work or be trained: it fits at
  best « à confirmer », with that doubt said plainly (``ASYLUM_DOUBT``);
- the answer to an asylum seeker starts with what is not known and who can answer
  (``Notice``), with the sources checked;
- a holder of subsidiary protection is a ``refugie`` for the rules (HOPE names both),
  and is told so in those words.

Nothing here states a fact that is not in ``shared/docs/afpa-facts.md``.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Optional, Tuple

from actions.catalogue import Programme
from actions.catalogue.rules import AnyOf, FactCondition
from actions.eligibility.profile import ASYLUM_SEEKER, SUBSIDIARY_PROTECTION, Profile

REFUGEE = "refugie"
# When these sources were last read in the fact sheet for the sentences below.
CHECKED = datetime.date(2026, 12, 1)
# Fact sheet, section 11 (BPI: right to stay and to work; « à distinguer du demandeur d'asile »).
BPI_SOURCES: Tuple[str, ...] = (
    "https://pro.choisirmonmetier-paysdelaloire.fr/Blocs/Accompagnement-des-primo-arrivants-et-des-refugies2/onglet/Lexique",
    "https://www.entreprises.cci-paris-idf.fr/fr/web/rh/le-statut-de-refugie-de-quoi-parle-t-on",
)
# Fact sheet, section 4 (HOPE: for BPI, pre-selected by the OFII).
HOPE_PUBLIC_SOURCES: Tuple[str, ...] = (
    "http://www.moselle.gouv.fr/Actualites/Signature-de-12-contrats-de-professionnalisation-conclus-dans-le-cadre-du-programme-HOPE-en-Moselle",
    "https://www.c2rp.fr/node/5727",
)
SOURCES: Tuple[str, ...] = BPI_SOURCES + HOPE_PUBLIC_SOURCES

ASYLUM_DOUBT = (
    "Mes sources ne disent pas si l'on peut travailler ou se former pendant une demande d'asile."
)
WHO_CAN_ANSWER = "à l'OFII, à la structure qui vous héberge ou vous accompagne, ou à France Travail"


@dataclass(frozen=True)
class Notice:
    """What to say first about the person's protection status, and where it comes from."""

    headline: Optional[str]  # the first message (short), when the status changes the answer
    lines: Tuple[str, ...]  # said with the details
    sources: Tuple[str, ...]
    checked: datetime.date


def is_asylum_seeker(profile: Profile) -> bool:
    return profile.value(ASYLUM_SEEKER) is True


def _asks_for_protection(condition) -> bool:
    options = condition.options if isinstance(condition, AnyOf) else (condition,)
    return any(isinstance(option, FactCondition) and option.fact == REFUGEE and option.expected for option in options)


def reserved_for_protection(programme: Programme) -> bool:
    """A programme whose rules name the protection as a way in (HOPE)."""
    rules = programme.eligibility
    return rules is not None and not rules.open_to_all and any(_asks_for_protection(c) for c in rules.conditions)


def exclusion(profile: Profile, programme: Programme) -> Optional[str]:
    """Why this programme is not for the person because of an asylum claim in progress, or None."""
    if not is_asylum_seeker(profile) or not reserved_for_protection(programme):
        return None
    called = programme.eligibility.called  # type: ignore[union-attr]
    return (
        f"Vous avez demandé l'asile, mais il faut avoir obtenu le statut de réfugié "
        f"ou la protection subsidiaire pour {called}."
    )


def doubt(profile: Profile, programme: Optional[Programme] = None) -> Optional[str]:
    """The doubt to add to a programme (or, without one, to a solution outside the Afpa)."""
    if not is_asylum_seeker(profile):
        return None
    if programme is not None and (programme.eligibility is None or programme.eligibility.open_to_all):
        return None
    return ASYLUM_DOUBT


def said(profile: Profile, fact: str, value: bool) -> Optional[str]:
    """A more exact phrase than the generic one for the protection facts, or None."""
    if fact == REFUGEE and value and profile.value(SUBSIDIARY_PROTECTION) is True:
        return "vous avez la protection subsidiaire"
    if fact == REFUGEE and not value and is_asylum_seeker(profile):
        return "vous avez demandé l'asile"
    return None


def notice(profile: Profile) -> Optional[Notice]:
    """What the answer says first about an asylum claim, a subsidiary protection or a refugee status."""
    if is_asylum_seeker(profile):
        return Notice(
            headline=(
                "Vous avez demandé l'asile. Pouvez-vous déjà travailler ou suivre une formation ? "
                "Mes sources ne le disent pas. Demandez-le " + WHO_CAN_ANSWER + "."
            ),
            lines=(
                "Le statut de réfugié et la protection subsidiaire donnent le droit de travailler. "
                "Une demande d'asile en cours, ce n'est pas encore ce statut.",
            ),
            sources=SOURCES,
            checked=CHECKED,
        )
    if profile.value(SUBSIDIARY_PROTECTION) is True:
        return Notice(
            headline=None,
            lines=(
                "La protection subsidiaire donne, comme le statut de réfugié, le droit de travailler en France. "
                "HOPE est ouvert aux deux.",
            ),
            sources=SOURCES,
            checked=CHECKED,
        )
    if profile.value(REFUGEE) is True:
        return Notice(
            headline=None,
            lines=("Avec le statut de réfugié ou la protection subsidiaire, vous avez le droit de travailler en France.",),
            sources=BPI_SOURCES,
            checked=CHECKED,
        )
    return None


def sources_line(found: Notice) -> str:
    """ « Sources vérifiées le 1er décembre 2026 : … » """
    day = "1er" if found.checked.day == 1 else str(found.checked.day)
    month = _MONTHS[found.checked.month - 1]
    sites = ", ".join(dict.fromkeys(_site(url) for url in found.sources))
    return f"Sources (vérifiées le {day} {month} {found.checked.year}) : {sites}."


_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)


def _site(url: str) -> str:
    host = url.split("//", 1)[-1].split("/", 1)[0]
    return host[4:] if host.startswith("www.") else host
