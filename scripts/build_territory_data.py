#!/usr/bin/env python3
"""Builds data/territory/ from the official administrative split.

Source: the npm package ``@etalab/decoupage-administratif`` (MIT), pinned to
one version so that the output is reproducible. The package is installed into a
temporary directory with npm (no package.json is touched); nothing of npm is
needed at run time: the bot reads only the CSV files written here.

Usage (from the repository root):

    python scripts/build_territory_data.py                 # npm install, then build
    python scripts/build_territory_data.py --package-dir DIR  # an already unpacked package

Output (UTF-8, ``\\n`` line ends, sorted, so that a rebuild gives identical files):

- ``communes.csv``: insee, name, postal_codes (space separated), department_code,
  epci_code (empty for the few communes outside any EPCI), population.
  Only current communes ("commune-actuelle"): Paris, Lyon and Marseille are single
  communes whose postal codes include every arrondissement code (75011 -> Paris).
- ``aliases.csv``: other names people use for a current commune: delegated and
  associated communes (Lomme -> Lille, Doué-la-Fontaine -> Doué-en-Anjou) and
  municipal arrondissements ("Lyon 3e Arrondissement" -> Lyon).
- ``departments.csv``, ``regions.csv``, ``epci.csv``: codes and names.
- ``source.json``: the package name, version, npm integrity hash and licences;
  ``LICENSE-decoupage-administratif``: the package's MIT notice.

The package has no coordinates: scripts/build_commune_coordinates.py adds them
(data/territory/coordinates.csv), from another package.
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, Iterable, List, Sequence

PACKAGE = "@etalab/decoupage-administratif"
VERSION = "6.0.0"
# The tarball's hash as published on the npm registry: a different tarball under the
# same version would change the committed data without anyone noticing.
EXPECTED_INTEGRITY = (
    "sha512-XavYsFlbcM/prKr8hNHPKER94IHw/dsxNM4nxjWMYk6PLFACpEedvn/7wK8Baozm0dCYhWWcf+7bcWpA5pmCaQ=="
)
REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = REPOSITORY_ROOT / "data" / "territory"

CURRENT_COMMUNE = "commune-actuelle"
# Former communes still known by their own name, and the municipal arrondissements
# of Paris, Lyon and Marseille: all resolve to the current commune.
ALIAS_TYPES = {
    "commune-deleguee": "delegated",
    "commune-associee": "associated",
    "arrondissement-municipal": "arrondissement",
}


def install_package(workdir: Path) -> Path:
    """npm-installs the pinned package into ``workdir`` and returns its folder."""
    command = [
        "npm", "install", "--no-save", "--ignore-scripts", "--no-audit", "--no-fund",
        "--prefix", str(workdir), f"{PACKAGE}@{VERSION}",
    ]
    if shutil.which("npm") is None:
        sys.exit("npm est introuvable : installez Node.js, ou passez --package-dir.")
    subprocess.run(command, check=True, cwd=workdir)
    return workdir / "node_modules" / PACKAGE


def read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def check_version(package_dir: Path) -> Dict[str, Any]:
    manifest = read_json(package_dir / "package.json")
    if manifest.get("version") != VERSION:
        sys.exit(f"{package_dir}: version {manifest.get('version')} trouvée, {VERSION} attendue.")
    return manifest


def package_integrity(package_dir: Path) -> str:
    """The npm integrity hash of the installed tarball ("" when npm did not install it)."""
    node_modules = package_dir.parents[1]  # <prefix>/node_modules/@etalab/<name>
    lock = node_modules / ".package-lock.json"
    if not lock.exists():
        return ""
    entry = read_json(lock).get("packages", {}).get(f"node_modules/{PACKAGE}", {})
    return str(entry.get("integrity", ""))


def build(package_dir: Path, output: Path) -> Dict[str, int]:
    data = package_dir / "data"
    communes: List[Dict[str, Any]] = read_json(data / "communes.json")
    epcis: List[Dict[str, Any]] = read_json(data / "epci.json")
    departments: List[Dict[str, Any]] = read_json(data / "departements.json")
    regions: List[Dict[str, Any]] = read_json(data / "regions.json")

    epci_of_commune: Dict[str, str] = {}
    for epci in epcis:
        for member in epci["membres"]:
            if member["code"] in epci_of_commune:
                sys.exit(f"La commune {member['code']} appartient à deux EPCI.")
            epci_of_commune[member["code"]] = epci["code"]

    current = sorted((c for c in communes if c["type"] == CURRENT_COMMUNE), key=lambda c: c["code"])
    current_codes = {c["code"] for c in current}
    current_names = {(c["code"], c["nom"]) for c in current}

    output.mkdir(parents=True, exist_ok=True)
    counts = {
        "communes": write_csv(
            output / "communes.csv",
            ("insee", "name", "postal_codes", "department_code", "epci_code", "population"),
            (
                (
                    c["code"], c["nom"], " ".join(sorted(set(c.get("codesPostaux", [])))),
                    c["departement"], epci_of_commune.get(c["code"], ""), c.get("population", ""),
                )
                for c in current
            ),
        )
    }

    aliases = set()
    for entry in communes:
        kind = ALIAS_TYPES.get(entry["type"])
        if kind is None:
            continue
        parent = entry.get("commune") if kind == "arrondissement" else entry.get("chefLieu")
        # A delegated commune often bears the name of its new commune (same code, same
        # name): that is no alias.
        if parent in current_codes and (parent, entry["nom"]) not in current_names:
            aliases.add((entry["nom"], parent, kind))
    counts["aliases"] = write_csv(output / "aliases.csv", ("name", "insee", "kind"), sorted(aliases))

    counts["departments"] = write_csv(
        output / "departments.csv",
        ("code", "name", "region_code"),
        sorted((d["code"], d["nom"], d["region"]) for d in departments),
    )
    counts["regions"] = write_csv(
        output / "regions.csv", ("code", "name"), sorted((r["code"], r["nom"]) for r in regions)
    )
    counts["epci"] = write_csv(
        output / "epci.csv", ("code", "name", "kind"), sorted((e["code"], e["nom"], e["type"]) for e in epcis)
    )
    return counts


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package-dir", type=Path, help="an unpacked copy of the package (skips npm)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="decoupage-") as workdir:
        package_dir = args.package_dir or install_package(Path(workdir))
        check_version(package_dir)
        integrity = package_integrity(package_dir)
        if integrity and integrity != EXPECTED_INTEGRITY:
            sys.exit(f"{PACKAGE}@{VERSION}: empreinte inattendue {integrity}")
        counts = build(package_dir, args.output)
        # The MIT notice must travel with the copied data.
        shutil.copyfile(package_dir / "LICENSE", args.output / "LICENSE-decoupage-administratif")
    source = {
        "package": PACKAGE,
        "version": VERSION,
        "integrity": EXPECTED_INTEGRITY,
        # The package's README: code under MIT, data under the Licence Ouverte
        # (sources: INSEE COG, DGCL EPCI list, La Poste postal codes).
        "code_license": "MIT",
        "data_license": "Licence Ouverte / Open Licence (Etalab)",
        "url": "https://github.com/etalab/decoupage-administratif",
    }
    source_file = args.output / "source.json"
    if source_file.exists():
        # The commune coordinates (scripts/build_commune_coordinates.py) record their own source here.
        previous = json.loads(source_file.read_text(encoding="utf-8"))
        if "coordinates" in previous:
            source["coordinates"] = previous["coordinates"]
    source_file.write_text(json.dumps(source, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    summary = ", ".join(f"{name}: {count}" for name, count in counts.items())
    print(f"{args.output}: {summary}")


if __name__ == "__main__":
    main()
