"""Places: free text -> French commune(s) -> intercommunality and nearest Afpa centres.

Plain Python, no Rasa. Data: data/territory/*.csv (official administrative split,
``@etalab/decoupage-administratif`` 6.0.0; commune points from IGN's contours) and
data/centres.csv, all committed and built by ``make data`` (docs/reference-data.md);
loaded once, on first use (~0.6 s).

Interface for the conversation::

    from actions.territory import resolve_place, choose_among, nearest_centres

    resolution = resolve_place(text, postal_code=None)   # -> PlaceResolution
    resolution.status      # "found" | "ambiguous" | "not_found"
    resolution.match       # "name" | "alias" | "postal_code" | "fuzzy" | "none"
    resolution.communes    # tuple[Commune, ...], likeliest first
    resolution.commune     # the Commune when status == "found", else None

    # ambiguous: ask "Laquelle ?" with buttons showing commune.label
    # ("Saint-Denis (93, Seine-Saint-Denis)") and payload commune.insee, then:
    commune = choose_among(resolution.communes, answer)  # Commune | None
    # match == "fuzzy": a typo was corrected ("roubaxi" -> Roubaix): confirm it.

    commune.insee, commune.name, commune.postal_codes, commune.department_code,
    commune.department_name, commune.region_name, commune.epci_code, commune.epci_name,
    commune.latitude, commune.longitude

    centres = nearest_centres(commune, limit=3)          # -> list[Centre], nearest first
    pairs = centres_by_distance(commune, limit=3)        # -> list[(Centre, km)]
    km = distance_km(commune, centre)                    # great-circle, 0 in the commune itself
    centre.id, centre.name, centre.city, centre.postal_code, centre.address,
    centre.confidence ("sure" | "likely" | "unsure"), centre.needs_confirmation

Rules: accents, case, hyphens, "St"/"Ste" and typos are tolerated; a postal code
(also "59 100") gives its communes (75011 -> Paris: Paris, Lyon and Marseille are
whole communes, arrondissement codes and names lead to them); homonyms come back
``ambiguous`` unless the text names the department ("Saint-Denis 93"). "Nearest"
centres: by great-circle distance from the commune's point (the centroid of its
contour) to the centre's commune's point; none overseas. Names inside a sentence, as
the NLU finds them: ``actions.territory.mentions.find_places``.
"""
from actions.territory.centres import centres_by_distance, distance_km, nearest_centres
from actions.territory.data import ReferenceDataError, centre_by_id, centres as all_centres, territory
from actions.territory.models import Centre, Commune, PlaceResolution
from actions.territory.resolver import choose_among, resolve_place


def commune_by_insee(insee: str) -> Commune | None:
    """The commune of this INSEE code (e.g. a button payload), or None."""
    return territory().communes.get(insee.strip().upper()) if insee else None


__all__ = [
    "Centre", "Commune", "PlaceResolution", "ReferenceDataError", "all_centres", "centre_by_id",
    "centres_by_distance", "choose_among", "commune_by_insee", "distance_km", "nearest_centres", "resolve_place",
]
