"""Loads data/catalogue/ and checks it, so that a mistake fails at start-up.

Every error names the file and the key, e.g.
``data/catalogue/programmes/hope.yml: facts.pay.sources is missing``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional

from actions.catalogue.models import (
    FACT_KEYS,
    FIRST_MESSAGE_MAX_CHARS,
    Audience,
    Catalogue,
    CentreContact,
    ContactWay,
    Fact,
    Figure,
    Person,
    Programme,
    Term,
    Topic,
)
from actions.catalogue.reading import (
    CONFIDENCES,
    CatalogueError,
    Reader,
    checked_date,
    confidence,
    read_yaml,
    sources,
)
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


def _plain(reader: Reader, key: str, *, required: bool = True) -> str:
    """A first message: at most FIRST_MESSAGE_MAX_CHARS characters (one phone screen)."""
    text = reader.get(key, str, required=required)
    if text is not None and len(text) > FIRST_MESSAGE_MAX_CHARS:
        reader.fail(key, f"is {len(text)} characters long: at most {FIRST_MESSAGE_MAX_CHARS} (one phone screen)")
    return text


def _contact_ids(reader: Reader, people: Dict[str, Person], key: str = "contacts") -> tuple:
    ids = tuple(str(value) for value in reader.get(key, list))
    for value in ids:
        if value not in people:
            reader.fail(key, f"names {value!r}, who is not in contact.yml people")
    return ids


def _programme(path: Path, people: Dict[str, Person]) -> Programme:
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
        summary=_plain(reader, "summary"),
        summary_staff=_plain(reader, "summary_staff"),
        contacts=_contact_ids(reader, people),
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


def _people(path: Path) -> Dict[str, Person]:
    reader = Reader(path, read_yaml(path))
    people: Dict[str, Person] = {}
    for person_id, raw in (reader.get("people", dict) or {}).items():
        person = Reader(path, raw, f"people.{person_id}.")
        people[str(person_id)] = Person(
            id=str(person_id),
            who=person.get("who", str),
            how=person.get("how", str),
            sources=sources(person),
            confidence=confidence(person),
            checked=checked_date(person),
        )
    return people


def _centre_contacts(path: Path) -> Dict[str, CentreContact]:
    reader = Reader(path, read_yaml(path))
    contacts: Dict[str, CentreContact] = {}
    for centre_id, raw in (reader.get("centres", dict, required=False) or {}).items():
        centre = Reader(path, raw, f"centres.{centre_id}.")
        phone, email = centre.get("phone", str, required=False), centre.get("email", str, required=False)
        if phone is None and email is None:
            centre.fail("", "needs a phone or an email")
        contacts[str(centre_id)] = CentreContact(
            centre_id=str(centre_id),
            phone=phone,
            email=email,
            sources=tuple(centre.get("sources", list)),
            confidence=confidence(centre),
            checked=checked_date(centre),
        )
    return contacts


def _topics(path: Path, people: Dict[str, Person]) -> Dict[str, Topic]:
    reader = Reader(path, read_yaml(path))
    topics: Dict[str, Topic] = {}
    for item in reader.items("topics"):
        topic_id = item.get("id", str)
        programmes = tuple(item.get("programmes", list, required=False) or ())
        for programme_id in programmes:
            if programme_id not in CONTRACT_PROGRAMME_IDS:
                item.fail("programmes", f"names {programme_id!r}, not a programme id")
        topics[topic_id] = Topic(
            id=topic_id,
            title=item.get("title", str),
            summary=_plain(item, "summary"),
            details=tuple(str(line) for line in item.get("details", list)),
            contacts=_contact_ids(item, people),
            source=item.get("source", str),
            source_date=item.get("source_date", str),
            sources=sources(item),
            confidence=confidence(item),
            checked=checked_date(item),
            programmes=programmes,
        )
    return topics


FIGURE_KINDS = ("people", "outcomes", "centres", "group", "territories")


def _figures(path: Path) -> tuple:
    reader = Reader(path, read_yaml(path))
    figures = []
    for item in reader.items("figures"):
        about = item.get("about", str)
        if about not in CONTRACT_PROGRAMME_IDS + ("afpa", "partnership"):
            item.fail("about", "must be a programme id, afpa or partnership")
        kinds = tuple(item.get("kinds", list))
        for kind in kinds:
            if kind not in FIGURE_KINDS:
                item.fail("kinds", f"has an unknown kind {kind!r} (expected one of: {', '.join(FIGURE_KINDS)})")
        figures.append(Figure(
            id=item.get("id", str),
            about=about,
            kinds=kinds,
            text=item.get("text", str),
            date=str(item.get("date", str)),
            source=item.get("source", str),
            sources=sources(item),
            confidence=confidence(item),
            checked=checked_date(item),
        ))
    return tuple(figures)


def _terms(path: Path) -> Dict[str, Term]:
    reader = Reader(path, read_yaml(path))
    terms: Dict[str, Term] = {}
    for item in reader.items("terms"):
        term_id = item.get("id", str)
        terms[term_id] = Term(
            id=term_id,
            name=item.get("name", str),
            synonyms=tuple(str(name) for name in item.get("synonyms", list)),
            text=_plain(item, "text"),
            sources=sources(item),
            confidence=confidence(item),
            checked=checked_date(item),
        )
    return terms


def load_catalogue(directory: Path = DEFAULT_DIRECTORY) -> Catalogue:
    """Loads and validates the whole catalogue, or raises ``CatalogueError``."""
    directory = Path(directory)
    files = sorted((directory / "programmes").glob("*.yml"))
    people = _people(directory / "contact.yml")
    programmes = {programme.id: programme for programme in (_programme(path, people) for path in files)}
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
        people=people,
        centre_contacts=_centre_contacts(directory / "contact.yml"),
        topics=_topics(directory / "topics.yml", people),
        figures=_figures(directory / "figures.yml"),
        terms=_terms(directory / "glossary.yml"),
    )
