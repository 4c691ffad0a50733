"""Reads the committed reference files once: data/territory/*.csv and data/centres.csv.

Both are built by scripts (see docs/reference-data.md); nothing here needs npm or
the network. Loading takes a fraction of a second and happens on first use.
"""
from __future__ import annotations

import csv
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

from actions.territory.models import Centre, Commune
from actions.territory.normalise import place_key, without_leading_article

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
TERRITORY_DIRECTORY = REPOSITORY_ROOT / "data" / "territory"
CENTRES_FILE = REPOSITORY_ROOT / "data" / "centres.csv"
CENTRE_COLUMNS = (
    "id", "name", "city", "commune_insee", "postal_code", "department_code",
    "region_code", "region_name", "address", "confidence", "note", "source",
)
CONFIDENCES = ("sure", "likely", "unsure")


class ReferenceDataError(ValueError):
    """A reference file is missing or malformed; the message names the file."""


def _rows(path: Path) -> Iterator[Dict[str, str]]:
    if not path.exists():
        raise ReferenceDataError(f"{path} est introuvable : lancez `make data` (docs/reference-data.md).")
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


@dataclass
class TerritoryData:
    """Every current commune and the indexes the resolver searches."""

    communes: Dict[str, Commune]  # by INSEE code
    by_name: Dict[str, Tuple[str, ...]]  # place key -> INSEE codes (official names)
    by_alias: Dict[str, Tuple[str, ...]]  # former communes, arrondissements, names without article
    by_postal_code: Dict[str, Tuple[str, ...]]
    departments: Dict[str, Tuple[str, str]]  # code -> (name, region code)
    fuzzy_keys: List[str] = field(default_factory=list)  # every key of by_name and by_alias

    def ranked(self, codes: Iterable[str]) -> Tuple[Commune, ...]:
        """The communes of these codes, most populated first (the likeliest meaning)."""
        unique = dict.fromkeys(codes)
        return tuple(
            sorted(
                (self.communes[code] for code in unique),
                key=lambda commune: (-(commune.population or 0), commune.name, commune.insee),
            )
        )


def load_territory(directory: Path = TERRITORY_DIRECTORY) -> TerritoryData:
    regions = {row["code"]: row["name"] for row in _rows(directory / "regions.csv")}
    departments = {row["code"]: (row["name"], row["region_code"]) for row in _rows(directory / "departments.csv")}
    epcis = {row["code"]: row["name"] for row in _rows(directory / "epci.csv")}
    points = {
        row["insee"]: (float(row["latitude"]), float(row["longitude"]))
        for row in _rows(directory / "coordinates.csv")
    }

    communes: Dict[str, Commune] = {}
    by_name: Dict[str, List[str]] = defaultdict(list)
    by_postal_code: Dict[str, List[str]] = defaultdict(list)
    for row in _rows(directory / "communes.csv"):
        department_name, region_code = departments[row["department_code"]]
        epci_code = row["epci_code"] or None
        latitude, longitude = points.get(row["insee"], (None, None))
        commune = Commune(
            insee=row["insee"],
            name=row["name"],
            postal_codes=tuple(row["postal_codes"].split()),
            department_code=row["department_code"],
            department_name=department_name,
            region_code=region_code,
            region_name=regions.get(region_code, department_name),
            epci_code=epci_code,
            epci_name=epcis.get(epci_code) if epci_code else None,
            population=int(row["population"]) if row["population"] else None,
            latitude=latitude,
            longitude=longitude,
        )
        communes[commune.insee] = commune
        by_name[place_key(commune.name)].append(commune.insee)
        for postal_code in commune.postal_codes:
            by_postal_code[postal_code].append(commune.insee)

    by_alias: Dict[str, List[str]] = defaultdict(list)
    for row in _rows(directory / "aliases.csv"):
        by_alias[place_key(row["name"])].append(row["insee"])
    # People drop the article: "au Mans", "j'habite Havre".
    for key, codes in list(by_name.items()):
        short = without_leading_article(key)
        if short:
            by_alias[short].extend(codes)
    for key in list(by_alias):
        # An alias never hides a commune of that very name (which is found first anyway).
        by_alias[key] = [code for code in dict.fromkeys(by_alias[key]) if code not in by_name.get(key, ())]
        if not by_alias[key]:
            del by_alias[key]

    return TerritoryData(
        communes=communes,
        by_name={key: tuple(codes) for key, codes in by_name.items()},
        by_alias={key: tuple(codes) for key, codes in by_alias.items()},
        by_postal_code={code: tuple(codes) for code, codes in by_postal_code.items()},
        departments=departments,
        fuzzy_keys=sorted(set(by_name) | set(by_alias)),
    )


def load_centres(path: Path = CENTRES_FILE) -> Tuple[Centre, ...]:
    centres = []
    for line, row in enumerate(_rows(path), start=2):
        missing = [column for column in CENTRE_COLUMNS if column not in row]
        if missing:
            raise ReferenceDataError(f"{path}: colonnes manquantes {missing}")
        if row["confidence"] not in CONFIDENCES:
            raise ReferenceDataError(f"{path}:{line}: confidence doit valoir {'/'.join(CONFIDENCES)}")
        centres.append(
            Centre(
                id=row["id"],
                name=row["name"],
                city=row["city"],
                commune_insee=row["commune_insee"],
                postal_code=row["postal_code"] or None,
                department_code=row["department_code"],
                region_code=row["region_code"],
                region_name=row["region_name"],
                address=row["address"] or None,
                confidence=row["confidence"],
                note=row["note"],
                source=row["source"],
            )
        )
    ids = [centre.id for centre in centres]
    if len(ids) != len(set(ids)):
        raise ReferenceDataError(f"{path}: identifiants de centre en double")
    return tuple(centres)


@functools.lru_cache(maxsize=1)
def territory() -> TerritoryData:
    """The default territory data, loaded on first use."""
    return load_territory()


@functools.lru_cache(maxsize=1)
def centres() -> Tuple[Centre, ...]:
    """The default centre list, loaded on first use."""
    return load_centres()


def centre_by_id(centre_id: str) -> Optional[Centre]:
    return next((centre for centre in centres() if centre.id == centre_id), None)
