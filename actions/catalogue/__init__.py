"""The programme catalogue (data/catalogue/), loaded and validated once."""
from actions.catalogue.loader import CatalogueError, load_catalogue
from actions.catalogue.models import Catalogue, ContactWay, Fact, Programme
from actions.catalogue.rules import Alternative, Eligibility

__all__ = [
    "Alternative",
    "Catalogue",
    "CatalogueError",
    "ContactWay",
    "Eligibility",
    "Fact",
    "Programme",
    "load_catalogue",
]
