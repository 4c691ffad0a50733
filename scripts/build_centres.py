#!/usr/bin/env python3
"""Builds data/centres.csv from the centre list of the project fact sheet.

Input: the CSV block of section "## 10. Centres Afpa" of the project fact sheet,
../shared/docs/afpa-facts.md next to the repository (or ``--facts PATH``). Needs data/territory/ (built
by scripts/build_territory_data.py) to find each centre's commune, department and
region. Output: data/centres.csv, sorted by id, one row per centre that may be open.

Decisions (docs/reference-data.md explains them):
- the head office (Siège) is not a training centre: left out;
- "fermé", "fermeture annoncée" (unless a source says the closure did not happen),
  "regroupé avec": left out, and listed on the standard output;
- confidence: ``sure`` when an afpa.fr page cites the centre and no doubt is noted;
  ``unsure`` when the row says unsure, the centre was threatened or its closure was
  cancelled, or the only source is a student project; ``likely`` otherwise;
- a postal code is checked against the commune; an empty one is filled only when
  the commune has a single postal code.

Usage: .venv/bin/python scripts/build_centres.py [--facts PATH] [--output PATH]
"""
from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Sequence, Tuple

REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY_ROOT))

from actions.territory.data import CENTRE_COLUMNS, CENTRES_FILE, load_territory  # noqa: E402
from actions.territory.models import Commune  # noqa: E402
from actions.territory.normalise import place_key  # noqa: E402

# The project fact sheet sits next to the repository (shared/docs/afpa-facts.md).
DEFAULT_FACTS = REPOSITORY_ROOT.parent / "shared" / "docs" / "afpa-facts.md"
SECTION_TITLE = "## 10. Centres Afpa"

# Rows whose announced closure a source says did not happen (section 10 header of the
# fact sheet: "certaines ont été annulées (Istres, Le Vigeant, Gap…)"), or where a
# later source shows the centre at work. Kept, with low confidence. Keys: commune keys.
CLOSURE_NOT_CARRIED_OUT: Dict[str, str] = {
    "istres": "closure announced in 2018 then cancelled (fact sheet); Place du Village opened in 2022",
    "le vigeant": "closure announced in 2018 then cancelled (France Bleu: 'va rester ouvert')",
    "gap": "threatened in 2018, closure cancelled per the fact sheet; a training hub was planned",
    "chateauroux": "closure announced in 2018, yet the Promo 16.18 was launched there in March 2021",
}
# Words that, in a name's parentheses, describe the row's status rather than the place.
_STATUS_WORDS = re.compile(
    r"unsure|fermeture|fermé|menacé|statut|relocalisation|regroupé|cité en|lieu de signature|"
    r"aussi direction|activité réduite",
    re.IGNORECASE,
)
_PARENTHESES = re.compile(r"\s*\(([^()]*)\)")
_NAME_PREFIX = re.compile(
    r"^(?:La Place / centre Afpa|Village des solutions Afpa|Village Afpa|Centre Afpa)\s+(?:du |de |d')?",
    re.IGNORECASE,
)
# Ids the name rule would make unclear.
ID_OVERRIDES = {"Village des solutions Afpa Loire (Saint-Étienne)": "saint-etienne"}
# Parts of the address column that describe the site rather than locate it.
_NOT_ADDRESS = re.compile(r"site de \d+ ha|résidence d'environ|village des solutions", re.IGNORECASE)


@dataclass
class Decision:
    keep: bool
    confidence: str = "likely"
    notes: Tuple[str, ...] = ()


def facts_rows(facts: Path) -> List[Dict[str, str]]:
    """The rows of the CSV block that follows the section title."""
    text = facts.read_text(encoding="utf-8")
    start = text.find(SECTION_TITLE)
    if start < 0:
        sys.exit(f"{facts}: section « {SECTION_TITLE} » introuvable.")
    block = re.search(r"```csv\n(.*?)```", text[start:], re.DOTALL)
    if block is None:
        sys.exit(f"{facts}: pas de bloc ```csv dans la section {SECTION_TITLE}.")
    return list(csv.DictReader(io.StringIO(block.group(1))))


def decide(row: Dict[str, str], city_key: str) -> Decision:
    name, source, address = row["name"], row["source"], row["address"]
    # The address column's doubts are about the address, not about the centre.
    everything = " ".join((name, source)).lower()
    if name.lower().startswith("siège"):
        return Decision(False, notes=("head office, not a training centre",))
    if re.search(r"\(fermé|fermé le", name, re.IGNORECASE):
        return Decision(False, notes=("closed",))
    if "regroupé avec" in name.lower():
        return Decision(False, notes=("merged into another listed centre",))
    if "fermeture annoncée" in name.lower() and city_key not in CLOSURE_NOT_CARRIED_OUT:
        return Decision(False, notes=("closure announced and no source says it was cancelled",))

    notes: List[str] = []
    if city_key in CLOSURE_NOT_CARRIED_OUT:
        notes.append(CLOSURE_NOT_CARRIED_OUT[city_key])
    else:
        # (The override's note already says what the parentheses say.)
        notes.extend(detail for detail in _PARENTHESES.findall(name) if _STATUS_WORDS.search(detail))
    doubtful = (
        city_key in CLOSURE_NOT_CARRIED_OUT
        or "unsure" in everything
        or "menacé" in everything
        or re.search(r"^\s*(?:projet étudiant|code public)", source, re.IGNORECASE) is not None
    )
    on_afpa_site = re.search(r"https?://[\w.-]*afpa\.fr/", source) is not None
    if doubtful:
        confidence = "unsure"
    elif on_afpa_site:
        confidence = "sure"
    else:
        confidence = "likely"
    if "connaissance générale" in source:
        notes.append("postal code from general knowledge (matches the commune)")
    years = [int(year) for year in re.findall(r"\b(20\d\d)\b", source + " " + name)]
    if years and max(years) <= 2013:
        notes.append(f"dated sources: {max(years)} at the latest")
    if re.search(r"unsure|mock|projet étudiant", address, re.IGNORECASE):
        notes.append("address unsure (student project or mock data)")
    if "date inconnue" in address:
        notes.append("address of unknown date")
    return Decision(True, confidence, tuple(notes))


def display_name(name: str) -> str:
    """The name without status remarks: "Centre Afpa de Roubaix (unsure)" -> "Centre Afpa de Roubaix"."""
    kept = _PARENTHESES.sub(lambda m: "" if _STATUS_WORDS.search(m.group(1)) else m.group(0), name)
    kept = re.sub(r"\s+-\s+premier Village des solutions.*$", "", kept)  # a fact, not a name
    return re.sub(r"\s+", " ", kept).strip()


def slug(text: str) -> str:
    return place_key(text).replace(" ", "-")


def centre_id(name: str) -> str:
    """A stable id from the display name: "Centre Afpa de Dijon-Chevigny" -> "dijon-chevigny"."""
    if name in ID_OVERRIDES:
        return ID_OVERRIDES[name]
    base = _PARENTHESES.sub("", display_name(name))
    return slug(_NAME_PREFIX.sub("", base))


def clean_address(address: str) -> Tuple[str, List[str]]:
    """The address without doubts in parentheses, and the site descriptions moved to notes."""
    without_doubts = re.sub(r"\s*\((?:unsure|likely|date inconnue)[^)]*\)", "", address)
    parts = [part.strip() for part in without_doubts.split(",") if part.strip()]
    kept = [part for part in parts if not _NOT_ADDRESS.search(part)]
    return ", ".join(kept), [f"site: {part}" for part in parts if _NOT_ADDRESS.search(part)]


def clean_city(city: str) -> str:
    """"Doué-en-Anjou (Doué-la-Fontaine)" -> "Doué-en-Anjou"."""
    return _PARENTHESES.sub("", city).strip()


def find_commune(row: Dict[str, str], territory) -> Commune:
    """The commune of a centre: by name, then alias, within the row's region."""
    city_key = place_key(clean_city(row["city"]))
    codes = territory.by_name.get(city_key) or territory.by_alias.get(city_key) or ()
    communes = territory.ranked(codes)
    region_key = place_key(row["region"])
    in_region = [c for c in communes if place_key(c.region_name) == region_key]
    if row["postal_code"]:
        with_code = [c for c in in_region if row["postal_code"] in c.postal_codes]
        if len(with_code) == 1:
            return with_code[0]
    if len(in_region) != 1:
        found = ", ".join(c.label for c in communes) or "aucune"
        sys.exit(f"Centre « {row['name']} » : commune « {row['city']} » ambiguë ou introuvable ({found}).")
    return in_region[0]


def build_rows(rows: Sequence[Dict[str, str]], territory) -> Iterator[Tuple[Dict[str, str], Decision]]:
    for row in rows:
        commune = None if row["name"].lower().startswith("siège") else find_commune(row, territory)
        decision = decide(row, place_key(commune.name) if commune else "")
        if not decision.keep or commune is None:
            yield row, decision
            continue
        notes = list(decision.notes)
        postal_code = row["postal_code"]
        if postal_code and postal_code not in commune.postal_codes:
            notes.append(f"postal code {postal_code} is not one of {commune.name}'s: removed")
            postal_code = ""
        if not postal_code and len(commune.postal_codes) == 1:
            postal_code = commune.postal_codes[0]
            notes.append("postal code taken from the commune (single code)")
        name = display_name(row["name"])
        address, site_notes = clean_address(row["address"])
        notes.extend(site_notes)
        yield {
            "id": centre_id(row["name"]),
            "name": name,
            "city": commune.name,
            "commune_insee": commune.insee,
            "postal_code": postal_code,
            "department_code": commune.department_code,
            "region_code": commune.region_code,
            "region_name": commune.region_name,
            "address": address,
            "confidence": decision.confidence,
            "note": "; ".join(dict.fromkeys(notes)),
            "source": row["source"],
        }, decision


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=Path, default=DEFAULT_FACTS)
    parser.add_argument("--output", type=Path, default=CENTRES_FILE)
    args = parser.parse_args(argv)

    territory = load_territory()
    kept: List[Dict[str, str]] = []
    for row, decision in build_rows(facts_rows(args.facts), territory):
        if decision.keep:
            kept.append(row)
        else:
            print(f"écarté : {row['name']} — {'; '.join(decision.notes)}")
    ids = [row["id"] for row in kept]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        sys.exit(f"Identifiants en double : {duplicates}")
    kept.sort(key=lambda row: row["id"])
    with args.output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CENTRE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
    counts = {level: sum(1 for row in kept if row["confidence"] == level) for level in ("sure", "likely", "unsure")}
    print(f"{args.output}: {len(kept)} centres ({counts})")


if __name__ == "__main__":
    main()
