"""The programme catalogue (data/catalogue/), loaded and validated once."""
from actions.catalogue.loader import CatalogueError, load_catalogue
from actions.catalogue.models import Catalogue, ContactWay, Fact, Programme

__all__ = ["Catalogue", "CatalogueError", "ContactWay", "Fact", "Programme", "load_catalogue"]
