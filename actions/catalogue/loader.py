"""Loads data/catalogue/ and checks it, so that a mistake fails at start-up.

Every error names the file and the key, e.g.
``data/catalogue/programmes/hope.yml: facts.pay.sources is missing``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional

from actions.catalogue.models import FACT_KEYS, Audience, Catalogue, ContactWay, Fact, Programme
from actions.catalogue.reading import CONFIDENCES, CatalogueError, Reader, checked_date, confidence, read_yaml
from actions.catalogue.rules import SITUATIONS as _CONTRACT_SITUATIONS
from actions.catalogue.rules_loader import load_alternatives, read_eligibility

DEFAULT_DIRECTORY = Path(__file__).resolve().parents[2] / "data" / "catalogue"
# The programme ids of the conversation contract (shared/CONTRACT.md), in its order.
# The one list of them: the Telegram bridge builds its deep links from it too.
CONTRACT_PROGRAMME_IDS = (
    "prepa_competences",
    "declic_action",
    "promo_16_18",
    "hope",
    "axel",
    "apprentissage",
    "transitions_collectives",
    "village_solutions",
    "la_place",
)
SITUATIONS = frozenset(_CONTRACT_SITUATIONS)
__all__ = [
    "CONFIDENCES",
    "CONTRACT_PROGRAMME_IDS",
    "DEFAULT_DIRECTORY",
    "SITUATIONS",
    "CatalogueError",
    "load_catalogue",
]


def _fact(reader: Reader) -> Fact:
    text: Optional[str] = reader.get("text", str, nullable=True)
    sources: List[str] = reader.get("sources", list)
    if text is not None and not sources:
        reader.fail("sources", "must name at least one source for a stated fact")
    partial = reader.get("partial", str, required=False)
    if partial is not None and not sources:
        reader.fail("sources", "must name the source of the partial answer")
    return Fact(
        text=text,
        sources=tuple(str(source) for source in sources),
        confidence=confidence(reader),
        checked=checked_date(reader),
        partial=partial,
    )


def _optional_int(reader: Reader, key: str) -> Optional[int]:
    value = reader.get(key, int, required=False)
    if value is not None and not 0 < value < 120:
        reader.fail(key, "must be an age between 1 and 119")
    return value


def _audience(reader: Reader) -> Audience:
    situations = tuple(reader.get("situations", list))
    exemptions = tuple(reader.get("no_age_limit_with", list, required=False) or ())
    for situation in situations + exemptions:
        if situation not in SITUATIONS:
            reader.fail("situations", f"has an unknown situation {situation!r}")
    return Audience(
        situations=situations,
        age_min=_optional_int(reader, "age_min"),
        age_max=_optional_int(reader, "age_max"),
        qpv=bool(reader.get("qpv", bool, required=False)),
        no_age_limit_with=exemptions,
    )


def _programme(path: Path) -> Programme:
    reader = Reader(path, read_yaml(path))
    programme_id = reader.get("id", str)
    if programme_id != path.stem:
        reader.fail("id", f"must match the file name ({path.stem!r})")
    if programme_id not in CONTRACT_PROGRAMME_IDS:
        reader.fail("id", "is not a programme id of the conversation contract")
    facts_reader = reader.child("facts")
    facts: Dict[str, Fact] = {key: _fact(facts_reader.child(key)) for key in FACT_KEYS}
    return Programme(
        id=programme_id,
        name=reader.get("name", str),
        short=reader.get("short", str),
        synonyms=tuple(str(name) for name in reader.get("synonyms", list)),
        ask_a_person=reader.get("ask_a_person", str),
        audience=_audience(reader.child("audience")),
        facts=facts,
        caveat=reader.get("caveat", str, required=False),
        eligibility=read_eligibility(reader.child("eligibility")),
    )


def _contact(path: Path) -> tuple:
    reader = Reader(path, read_yaml(path))
    ways = []
    for index, raw in enumerate(reader.get("ways", list)):
        way = Reader(path, raw, f"ways[{index}].")
        ways.append(
            ContactWay(
                text=way.get("text", str),
                sources=tuple(way.get("sources", list)),
                confidence=confidence(way),
                checked=checked_date(way),
            )
        )
    return reader.get("intro", str), tuple(ways)


def load_catalogue(directory: Path = DEFAULT_DIRECTORY) -> Catalogue:
    """Loads and validates the whole catalogue, or raises ``CatalogueError``."""
    directory = Path(directory)
    files = sorted((directory / "programmes").glob("*.yml"))
    programmes = {programme.id: programme for programme in map(_programme, files)}
    missing = set(CONTRACT_PROGRAMME_IDS) - programmes.keys()
    if missing:
        raise CatalogueError(
            f"{directory / 'programmes'}: no file for programme(s) {', '.join(sorted(missing))}"
        )
    intro, ways = _contact(directory / "contact.yml")
    return Catalogue(
        programmes=programmes,
        contact_intro=intro,
        contact_ways=ways,
        alternatives=load_alternatives(directory / "alternatives.yml"),
    )
