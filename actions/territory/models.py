"""What the territory package hands out: communes, Afpa centres, resolutions."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Optional, Tuple

ResolutionStatus = Literal["found", "ambiguous", "not_found"]
# How the communes were found, so that the conversation can word its question:
# "name" (exact name), "alias" (a former commune or an arrondissement), "postal_code",
# "fuzzy" (a typo was corrected: worth confirming), "none" (nothing found).
MatchKind = Literal["name", "alias", "postal_code", "fuzzy", "none"]


@dataclass(frozen=True)
class Commune:
    insee: str  # INSEE code, e.g. "59512"; Paris, Lyon, Marseille: the whole city
    name: str  # official name with accents, e.g. "Roubaix"
    postal_codes: Tuple[str, ...]
    department_code: str  # "59", "2A", "974"
    department_name: str
    region_code: str
    region_name: str
    epci_code: Optional[str]  # SIREN of the intercommunality; None for the few island communes
    epci_name: Optional[str]
    population: Optional[int] = None
    # The centroid of the commune's contour (data/territory/coordinates.csv); None for the
    # few overseas collectivities the source does not cover.
    latitude: Optional[float] = None
    longitude: Optional[float] = None

    @property
    def label(self) -> str:
        """What to show when several communes share a name: "Saint-Denis (93, Seine-Saint-Denis)"."""
        return f"{self.name} ({self.department_code}, {self.department_name})"


@dataclass(frozen=True)
class Centre:
    """An Afpa centre from data/centres.csv (see docs/reference-data.md)."""

    id: str  # stable slug, also the primary key of the ``centres`` table
    name: str
    city: str  # the commune's official name
    commune_insee: str
    postal_code: Optional[str]  # None when the source gives none and the commune has several
    department_code: str
    region_code: str
    region_name: str
    address: Optional[str]
    confidence: str  # "sure" | "likely" | "unsure": how sure we are that it is open, here
    note: str
    source: str

    @property
    def needs_confirmation(self) -> bool:
        return self.confidence == "unsure"


@dataclass(frozen=True)
class PlaceResolution:
    """The answer of ``resolve_place``.

    - ``found``: ``communes`` holds exactly one commune (also in ``commune``);
    - ``ambiguous``: several candidates, most likely first (the bot asks which one,
      showing ``Commune.label``, then calls ``choose_among``);
    - ``not_found``: ``communes`` is empty.
    """

    status: ResolutionStatus
    communes: Tuple[Commune, ...]
    match: MatchKind

    @property
    def commune(self) -> Optional[Commune]:
        return self.communes[0] if self.status == "found" else None
