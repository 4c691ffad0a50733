"""The Afpa centres nearest to a commune.

The administrative split has no coordinates, so "nearest" is by administrative
closeness, nearest group first:

0. a centre in the commune itself,
1. in the same intercommunality (EPCI),
2. in the same department,
3. in the same region,
4. in a neighbouring region (``REGION_NEIGHBOURS``, metropolitan France; Corsica's
   neighbour across the sea is Provence-Alpes-Côte d'Azur),
5. anywhere else in metropolitan France;

by name within a group. Overseas communes get no centre at all: the Afpa has none
overseas (the fact sheet, section 10; La Réunion's AFPAR is a separate body), and a
centre 8,000 km away is no answer: the bot says so and offers a contact instead. (If coordinates are added to data/centres.csv one day,
order each group by distance instead.)
"""
from __future__ import annotations

from typing import Dict, FrozenSet, List, Optional, Sequence

from actions.territory.data import centres as all_centres, territory
from actions.territory.models import Centre, Commune
from actions.territory.normalise import place_key

# Regions (INSEE codes, 2016 map) that share a border.
REGION_NEIGHBOURS: Dict[str, FrozenSet[str]] = {
    code: frozenset(neighbours)
    for code, neighbours in {
        "11": ("24", "27", "28", "32", "44"),  # Île-de-France
        "24": ("11", "27", "28", "52", "75", "84"),  # Centre-Val de Loire
        "27": ("11", "24", "44", "84"),  # Bourgogne-Franche-Comté
        "28": ("11", "24", "32", "52", "53"),  # Normandie
        "32": ("11", "28", "44"),  # Hauts-de-France
        "44": ("11", "27", "32"),  # Grand Est
        "52": ("24", "28", "53", "75"),  # Pays de la Loire
        "53": ("28", "52"),  # Bretagne
        "75": ("24", "52", "76", "84"),  # Nouvelle-Aquitaine
        "76": ("75", "84", "93"),  # Occitanie
        "84": ("24", "27", "75", "76", "93"),  # Auvergne-Rhône-Alpes
        "93": ("76", "84", "94"),  # Provence-Alpes-Côte d'Azur
        "94": ("93",),  # Corse
    }.items()
}
SAME_COMMUNE, SAME_EPCI, SAME_DEPARTMENT, SAME_REGION, NEIGHBOURING_REGION, ELSEWHERE = range(6)


def proximity(centre: Centre, commune: Commune) -> int:
    """The group of ``centre`` seen from ``commune`` (0 nearest … 5 elsewhere)."""
    if centre.commune_insee == commune.insee:
        return SAME_COMMUNE
    centre_commune = territory().communes.get(centre.commune_insee)
    if commune.epci_code and centre_commune is not None and centre_commune.epci_code == commune.epci_code:
        return SAME_EPCI
    if centre.department_code == commune.department_code:
        return SAME_DEPARTMENT
    if centre.region_code == commune.region_code:
        return SAME_REGION
    if centre.region_code in REGION_NEIGHBOURS.get(commune.region_code, ()):
        return NEIGHBOURING_REGION
    return ELSEWHERE


def nearest_centres(
    commune: Commune, limit: Optional[int] = 3, *, among: Optional[Sequence[Centre]] = None
) -> List[Centre]:
    """The ``limit`` centres nearest to ``commune`` (all of them, ordered, when ``limit`` is None).

    Empty for an overseas commune.
    """
    if commune.region_code not in REGION_NEIGHBOURS:
        return []  # overseas: see the module docstring
    candidates = all_centres() if among is None else among
    ordered = sorted(candidates, key=lambda centre: (proximity(centre, commune), place_key(centre.name), centre.id))
    return ordered if limit is None else ordered[:limit]
