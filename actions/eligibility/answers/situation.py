"""The situations in a free-text answer: "j'ai arrêté en 3e", "je suis réfugié", "au chômage"…

Accent- and case-insensitive (``actions.text.fold``). Returns only what the text
says: a situation it does not mention stays unknown, never "no".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Tuple

from actions.answers.yes_no import is_dont_know
from actions.text import fold

ASYLUM_SEEKER = "asylum_seeker"
DISABILITY_WITHOUT_RQTH = "disability_without_rqth"

# What to tell the person, by note code (facts from shared/docs/afpa-facts.md, sections 4 and 11).
NOTE_MESSAGES = {
    ASYLUM_SEEKER: (
        "HOPE demande d'avoir obtenu le statut de réfugié ou la protection subsidiaire : "
        "une demande d'asile en cours ne suffit pas."
    ),
    DISABILITY_WITHOUT_RQTH: (
        "Certains droits liés au handicap, comme l'apprentissage sans limite d'âge, demandent une RQTH. "
        "Elle se demande à la MDPH."
    ),
}

_MAX_LENGTH = 1000
# Words that, just before a mention, turn it around: "je ne suis pas réfugié".
_NEGATION_BEFORE = {"pas", "plus", "jamais", "ne", "n", "non", "sans", "ni", "aucun", "aucune"}
# After a verb only: "je travaille pas".
_NEGATION_AFTER = {"pas", "plus", "jamais", "point"}

FLIP, DROP, KEEP = "flip", "drop", "keep"  # what a negation does to a rule


@dataclass(frozen=True)
class _Rule:
    pattern: "re.Pattern[str]"
    facts: Mapping[str, bool]
    on_negation: str = FLIP
    verb: bool = False  # the negation may follow it ("je travaille pas")
    priority: int = 0  # wins over a lower priority on the same fact, whatever the order
    note: Optional[str] = None


def _rule(pattern: str, facts: Mapping[str, bool], **options: object) -> _Rule:
    return _Rule(re.compile(pattern), dict(facts), **options)  # type: ignore[arg-type]


_SCHOOL = (
    r"(?:l ecole|les cours|le lycee|le college|mes etudes|les etudes|la fac|l universite|le cfa|ma formation)"
)
_WORK = r"(?:emploi|travail|boulot|job|taf|poste)"
_GRADE = (
    r"(?:6e|5e|4e|3e|6eme|5eme|4eme|3eme|sixieme|cinquieme|quatrieme|troisieme|seconde|2nde|2de|premiere|1ere"
    r"|terminale|tle|bts|licence|master|bac pro|cap)"
)

_RULES: Tuple[_Rule, ...] = (
    # Left school. Leaving school is not leaving it *without a diploma*: only a grade left in
    # ("j'ai arrêté en 3e", "lâché le lycée en seconde") or the words themselves say so;
    # otherwise the diploma stays unknown, and the check asks.
    _rule(
        rf"\b(?:arrete|quitte|lache|abandonne|laisse tomber|stoppe)(?: {_SCHOOL})? (?:en|au milieu de la) {_GRADE}\b",
        {"decrocheur": True, "scolarise": False},
        priority=1,
    ),
    _rule(
        rf"\b(?:arrete|quitte|lache|abandonne|laisse tomber|stoppe) (?:{_SCHOOL}|l ecole)\b",
        {"scolarise": False},
        priority=1,
    ),
    _rule(
        r"\b(?:descolarisee?|decrocheu(?:r|se)|decroche|decrochage)\b",
        {"decrocheur": True, "scolarise": False},
        priority=1,
    ),
    _rule(
        r"\bsortie? (?:de l ecole|du lycee|du college|du systeme scolaire)\b",
        {"scolarise": False},
        priority=1,
    ),
    _rule(
        r"\b(?:plus|pas) (?:a l ecole|au lycee|au college|en cours|scolarisee?)\b",
        {"scolarise": False},
        on_negation=KEEP,
        priority=1,
    ),
    _rule(r"\bje (?:ne )?vais plus (?:a l ecole|au lycee|au college|en cours)\b", {"scolarise": False}, on_negation=KEEP, priority=1),
    _rule(r"\b(?:sans|pas de|aucun) diplome\b", {"decrocheur": True}, on_negation=KEEP),
    # With a diploma one is not a "décrocheur", whatever else was said.
    _rule(
        r"\b(?:avec|obtenu|eu|j ai) (?:le |mon |un )?(?:bac|baccalaureat|cap|bep|diplome)\b",
        {"decrocheur": False},
        on_negation=DROP,
        priority=2,
    ),
    # Still at school.
    _rule(rf"\b(?:je suis |suis |j suis )?en {_GRADE}\b", {"scolarise": True}),
    _rule(r"\b(?:au|a l) (?:lycee|college|ecole|fac|universite)\b", {"scolarise": True}),
    _rule(r"\b(?:lyceen(?:ne)?|collegien(?:ne)?|eleve|etudiante?|scolarisee?)\b", {"scolarise": True}),
    _rule(r"\bje vais en cours\b", {"scolarise": True}),
    # International protection granted; an asylum claim is not (yet) a protection.
    _rule(r"\brefugie(?:e|s|es)?\b", {"refugie": True}, priority=1),
    _rule(r"\bprotection subsidiaire\b", {"refugie": True, "protection_subsidiaire": True}, priority=1),
    _rule(r"\bprotection internationale\b", {"refugie": True}, priority=1),
    _rule(r"\bbpi\b", {"refugie": True}, priority=1),
    _rule(r"\basile\b", {"refugie": False, "demandeur_asile": True}, on_negation=DROP, note=ASYLUM_SEEKER),
    _rule(
        r"\b(?:attente|attends|recours)\b.{0,40}\b(?:ofpra|cnda)\b",
        {"refugie": False, "demandeur_asile": True},
        on_negation=DROP,
        note=ASYLUM_SEEKER,
    ),
    # Looking for a job (registered or not at France Travail).
    _rule(r"\bdemandeu(?:r|se) d emploi\b", {"demandeur_emploi": True}),
    _rule(r"\b(?:france travail|pole emploi|rsa)\b", {"demandeur_emploi": True}, on_negation=DROP),
    _rule(
        rf"\b(?:cherche|recherche)(?: d| de| du| un| une)?(?: autre| nouvel| nouveau| vrai)? ?{_WORK}\b",
        {"demandeur_emploi": True},
        verb=True,
    ),
    _rule(r"\ben recherche d emploi\b", {"demandeur_emploi": True}),
    _rule(r"\b(?:chomage|chomeu(?:r|se))\b", {"demandeur_emploi": True, "salarie": False}, on_negation=DROP),
    # In work, or not.
    _rule(r"\bje (?:ne |n )?(?:travaille|bosse|taffe)\b", {"salarie": True}, verb=True),
    _rule(rf"\bj ai (?:un|une|mon|ma) (?:{_WORK}|cdi|cdd|contrat)\b", {"salarie": True}),
    _rule(r"\b(?:en )?(?:cdi|cdd|interim)\b", {"salarie": True}),
    _rule(r"\b(?:interimaire|salariee?)\b", {"salarie": True}),
    _rule(
        rf"\b(?:pas|plus|sans|aucun) (?:de |d |d un |d une )?{_WORK}\b", {"salarie": False}, on_negation=KEEP
    ),
    _rule(
        rf"\b(?:perdu mon {_WORK}|licenciee?|licenciement|fin de contrat)\b",
        {"salarie": False},
        on_negation=DROP,
    ),
    _rule(
        r"\b(?:je fais rien|fais rien|je ne fais rien|ni en emploi ni en formation"
        r"|ni emploi ni formation|neet)\b",
        {"salarie": False, "scolarise": False},
        on_negation=KEEP,
    ),
    # Recognised disability (RQTH); a disability alone is not the recognition.
    _rule(r"\brqth\b", {"rqth": True}, priority=1),
    _rule(r"\btravailleu(?:r|se) handicapee?\b", {"rqth": True}, priority=1),
    _rule(r"\breconnaissance (?:de la qualite )?de travailleur\b", {"rqth": True}, priority=1),
    _rule(r"\b(?:handicap|handicapee?|mdph)\b", {}, on_negation=DROP, note=DISABILITY_WITHOUT_RQTH),
)



@dataclass(frozen=True)
class SituationAnswer:
    # situation (or protection fact: demandeur_asile, protection_subsidiaire) → known true / false
    facts: Dict[str, bool] = field(default_factory=dict)
    dont_know: bool = False  # the person said they do not know
    notes: Tuple[str, ...] = ()  # ASYLUM_SEEKER, DISABILITY_WITHOUT_RQTH

    @property
    def understood(self) -> bool:
        return bool(self.facts)

    @property
    def situations_true(self) -> Tuple[str, ...]:
        return tuple(name for name, value in self.facts.items() if value)

    @property
    def situations_false(self) -> Tuple[str, ...]:
        return tuple(name for name, value in self.facts.items() if not value)

    @property
    def explanations(self) -> Tuple[str, ...]:
        """What to tell the person about the notes, in French."""
        return tuple(NOTE_MESSAGES[note] for note in self.notes)


def _negated(text: str, match: "re.Match[str]", rule: _Rule) -> bool:
    before = set(text[: match.start()].split()[-3:])
    if before & _NEGATION_BEFORE:
        return True
    return rule.verb and bool(set(text[match.end() :].split()[:2]) & _NEGATION_AFTER)


def parse_situation_answer(text: object) -> SituationAnswer:
    """The situations a person states about themselves; never raises."""
    if not isinstance(text, str):
        return SituationAnswer()
    folded = fold(text[:_MAX_LENGTH])
    # For each fact: (priority, position, value) of every mention; the strongest, then the latest, wins.
    mentions: Dict[str, List[Tuple[int, int, bool]]] = {}
    notes: List[str] = []
    for rule in _RULES:
        for match in rule.pattern.finditer(folded):
            negated = _negated(folded, match, rule)
            if negated and rule.on_negation == DROP:
                continue
            flip = negated and rule.on_negation == FLIP
            for fact, value in rule.facts.items():
                mentions.setdefault(fact, []).append((rule.priority, match.start(), value != flip))
            if rule.note and rule.note not in notes:
                notes.append(rule.note)
    facts = {fact: max(found)[2] for fact, found in mentions.items()}
    if facts.get("refugie") is not False and ASYLUM_SEEKER in notes:
        notes.remove(ASYLUM_SEEKER)  # the protection was granted after the asylum claim
        facts.pop("demandeur_asile", None)
    if "rqth" in facts and DISABILITY_WITHOUT_RQTH in notes:
        notes.remove(DISABILITY_WITHOUT_RQTH)
    return SituationAnswer(
        facts=facts,
        dont_know=not facts and is_dont_know(text),
        notes=tuple(notes),
    )
