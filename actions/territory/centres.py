"""The Afpa centres nearest to a commune, or to a position, by great-circle distance.

A commune's point is the centroid of its contour (data/territory/coordinates.csv,
docs/reference-data.md); a centre's point is that of its commune (the data has no
address coordinates). Distances are "as the crow flies": a person at the edge of a
region gets the centre across the border when it is closer.

Overseas communes get no centre at all: the Afpa has none overseas (the fact sheet,
section 10; La Réunion's AFPAR is a separate body), and a centre 8,000 km away is no
answer: the bot says so and offers a contact instead.
"""
from __future__ import annotations

import bisect
import functools
import math
from typing import Any, List, Optional, Sequence, Tuple

from actions.territory.data import centres as all_centres, territory
from actions.territory.models import Centre, Commune

# The 13 regions of metropolitan France (INSEE codes, 2016 map), Corsica included.
METROPOLITAN_REGIONS = frozenset({"11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"})
EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
# A shared position farther than this from every commune's point is not in France
# (the largest commune, Arles, is about 25 km across).
MAX_KM_TO_A_COMMUNE = 20.0
Point = Tuple[float, float]  # (latitude, longitude) in degrees


def great_circle_km(a: Point, b: Point) -> float:
    """The distance between two points on the Earth's surface (haversine formula)."""
    latitude_a, longitude_a = map(math.radians, a)
    latitude_b, longitude_b = map(math.radians, b)
    h = (
        math.sin((latitude_b - latitude_a) / 2) ** 2
        + math.cos(latitude_a) * math.cos(latitude_b) * math.sin((longitude_b - longitude_a) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def commune_point(commune: Commune) -> Optional[Point]:
    if commune.latitude is None or commune.longitude is None:
        return None
    return commune.latitude, commune.longitude


def centre_point(centre: Centre) -> Optional[Point]:
    """The point of the centre's commune."""
    commune = territory().communes.get(centre.commune_insee)
    return commune_point(commune) if commune is not None else None


def distance_km(commune: Commune, centre: Centre) -> Optional[float]:
    """Kilometres from the commune's point to the centre's; 0 when the centre is in the
    commune; None when either has no point."""
    if centre.commune_insee == commune.insee:
        return 0.0
    here, there = commune_point(commune), centre_point(centre)
    if here is None or there is None:
        return None
    return great_circle_km(here, there)


def is_metropolitan(commune: Commune) -> bool:
    return commune.region_code in METROPOLITAN_REGIONS


def nearest_centres(
    commune: Commune, limit: Optional[int] = 3, *, among: Optional[Sequence[Centre]] = None
) -> List[Centre]:
    """The ``limit`` centres nearest to ``commune`` (all of them, ordered, when ``limit`` is None).

    Empty for an overseas commune (see the module docstring).
    """
    return [centre for centre, _ in centres_by_distance(commune, limit, among=among)]


def centres_by_distance(
    commune: Commune, limit: Optional[int] = None, *, among: Optional[Sequence[Centre]] = None
) -> List[Tuple[Centre, float]]:
    """(centre, km) pairs, nearest first; empty overseas or for a commune without a point."""
    if not is_metropolitan(commune) or commune_point(commune) is None:
        return []
    candidates = all_centres() if among is None else among
    pairs = [(centre, distance_km(commune, centre)) for centre in candidates]
    ordered = sorted(
        ((centre, km) for centre, km in pairs if km is not None), key=lambda pair: (pair[1], pair[0].id)
    )
    return ordered if limit is None else ordered[:limit]


def centres_near_point(point: Point, limit: Optional[int] = 3) -> List[Tuple[Centre, float]]:
    """(centre, km) pairs nearest to a position (a shared location), nearest first."""
    pairs = [(centre, great_circle_km(point, there)) for centre in all_centres()
             if (there := centre_point(centre)) is not None]
    ordered = sorted(pairs, key=lambda pair: (pair[1], pair[0].id))
    return ordered if limit is None else ordered[:limit]


def as_point(latitude: Any, longitude: Any) -> Optional[Point]:
    """A (latitude, longitude) pair from untrusted values (a payload), or None when they
    are not two finite numbers within the Earth's ranges."""
    try:
        point = (float(latitude), float(longitude))
    except (TypeError, ValueError, OverflowError):
        return None
    if isinstance(latitude, bool) or isinstance(longitude, bool):
        return None
    if not all(math.isfinite(value) for value in point):
        return None
    if not (-90.0 <= point[0] <= 90.0 and -180.0 <= point[1] <= 180.0):
        return None
    return point


@functools.lru_cache(maxsize=1)
def _communes_by_latitude() -> Tuple[Tuple[float, ...], Tuple[Commune, ...]]:
    placed = sorted(
        (commune for commune in territory().communes.values() if commune_point(commune) is not None),
        key=lambda commune: commune.latitude,
    )
    return tuple(commune.latitude for commune in placed), tuple(placed)


def commune_at(point: Point) -> Optional[Commune]:
    """The commune whose point is nearest to a position, or None when the position is not
    in France (no commune's point within ``MAX_KM_TO_A_COMMUNE``) or not a position at all."""
    checked = as_point(*point)
    if checked is None:
        return None
    latitudes, communes = _communes_by_latitude()
    # A degree of latitude is 111 km: only the communes in a band around the position are measured.
    margin = MAX_KM_TO_A_COMMUNE / 111.0
    low = bisect.bisect_left(latitudes, checked[0] - margin)
    high = bisect.bisect_right(latitudes, checked[0] + margin)
    best: Optional[Tuple[float, Commune]] = None
    for commune in communes[low:high]:
        km = great_circle_km(checked, (commune.latitude, commune.longitude))
        if km <= MAX_KM_TO_A_COMMUNE and (best is None or km < best[0]):
            best = (km, commune)
    return best[1] if best else None
