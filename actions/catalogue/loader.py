"""Loads data/catalogue/ and checks it, so that a mistake fails at start-up.

Every error names the file and the key, e.g.
``data/catalogue/programmes/hope.yml: facts.pay.sources is missing``.
"""
from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

from actions.catalogue.models import FACT_KEYS, Audience, Catalogue, ContactWay, Fact, Programme

DEFAULT_DIRECTORY = Path(__file__).resolve().parents[2] / "data" / "catalogue"
# The programme ids of the conversation contract (shared/CONTRACT.md).
CONTRACT_PROGRAMME_IDS = frozenset(
    {
        "prepa_competences",
        "declic_action",
        "promo_16_18",
        "hope",
        "axel",
        "apprentissage",
        "transitions_collectives",
        "village_solutions",
        "la_place",
    }
)
SITUATIONS = frozenset({"refugie", "demandeur_emploi", "decrocheur", "scolarise", "salarie", "rqth"})
CONFIDENCES = ("sure", "likely", "unsure")


class CatalogueError(ValueError):
    """The catalogue is incomplete or malformed; the message says where."""


class _Reader:
    """Reads one YAML mapping and reports errors with the file and key path."""

    def __init__(self, path: Path, data: Any, prefix: str = "") -> None:
        self.path, self.data, self.prefix = path, data, prefix
        if not isinstance(data, dict):
            self.fail("", "must be a mapping")

    def fail(self, key: str, problem: str) -> None:
        where = f"{self.prefix}{key}" if key else (self.prefix.rstrip(".") or "the file")
        raise CatalogueError(f"{self.path}: {where} {problem}")

    def get(self, key: str, kind: type, *, required: bool = True, nullable: bool = False) -> Any:
        if key not in self.data:
            if required:
                self.fail(key, "is missing")
            return None
        value = self.data[key]
        if value is None:
            if nullable or not required:
                return None
            self.fail(key, "is empty")
        if not isinstance(value, kind):
            self.fail(key, f"must be of type {kind.__name__}, not {type(value).__name__}")
        if isinstance(value, str) and not value.strip():
            self.fail(key, "is empty")
        return value

    def child(self, key: str) -> "_Reader":
        return _Reader(self.path, self.get(key, dict), f"{self.prefix}{key}.")


def _read_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as error:
        raise CatalogueError(f"{path}: not valid YAML ({error})") from error


def _checked_date(reader: _Reader) -> datetime.date:
    checked = reader.get("checked", datetime.date)
    if checked > datetime.date.today():
        reader.fail("checked", "is in the future")
    return checked


def _confidence(reader: _Reader) -> str:
    confidence = reader.get("confidence", str)
    if confidence not in CONFIDENCES:
        reader.fail("confidence", f"must be one of {', '.join(CONFIDENCES)}")
    return confidence


def _fact(reader: _Reader) -> Fact:
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
        confidence=_confidence(reader),
        checked=_checked_date(reader),
        partial=partial,
    )


def _optional_int(reader: _Reader, key: str) -> Optional[int]:
    value = reader.get(key, int, required=False)
    if value is not None and not 0 < value < 120:
        reader.fail(key, "must be an age between 1 and 119")
    return value


def _audience(reader: _Reader) -> Audience:
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
    reader = _Reader(path, _read_yaml(path))
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
    )


def _contact(path: Path) -> tuple:
    reader = _Reader(path, _read_yaml(path))
    ways = []
    for index, raw in enumerate(reader.get("ways", list)):
        way = _Reader(path, raw, f"ways[{index}].")
        ways.append(
            ContactWay(
                text=way.get("text", str),
                sources=tuple(way.get("sources", list)),
                confidence=_confidence(way),
                checked=_checked_date(way),
            )
        )
    return reader.get("intro", str), tuple(ways)


def load_catalogue(directory: Path = DEFAULT_DIRECTORY) -> Catalogue:
    """Loads and validates the whole catalogue, or raises ``CatalogueError``."""
    directory = Path(directory)
    files = sorted((directory / "programmes").glob("*.yml"))
    programmes = {programme.id: programme for programme in map(_programme, files)}
    missing = CONTRACT_PROGRAMME_IDS - programmes.keys()
    if missing:
        raise CatalogueError(
            f"{directory / 'programmes'}: no file for programme(s) {', '.join(sorted(missing))}"
        )
    intro, ways = _contact(directory / "contact.yml")
    return Catalogue(programmes=programmes, contact_intro=intro, contact_ways=ways)
