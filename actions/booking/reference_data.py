"""Copies the reference lists into the database: centres and programmes.

Centres come from data/centres.csv (through ``actions.territory``), programmes from
the catalogue (data/catalogue/). Run at every start by ``prepare_database``: rows are
added or updated; a centre that left the CSV is marked inactive (its sessions and
bookings keep pointing at it) rather than deleted.
"""
from __future__ import annotations

from typing import Iterable, Optional, Sequence, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.booking.models import CentreRow, ProgrammeRow
from actions.territory.models import Centre


def catalogue_programmes() -> Tuple[Tuple[str, str], ...]:
    """(id, name) of every programme of the catalogue."""
    from actions.catalogue import load_catalogue  # the catalogue is only needed here

    catalogue = load_catalogue()
    return tuple((programme.id, programme.name) for programme in catalogue.programmes.values())


def sync_centres(db: Session, centres: Sequence[Centre]) -> None:
    existing = {row.id: row for row in db.execute(select(CentreRow)).scalars()}
    for centre in centres:
        row = existing.pop(centre.id, None) or CentreRow(id=centre.id)
        row.name = centre.name
        row.city = centre.city
        row.postal_code = centre.postal_code
        row.department_code = centre.department_code
        row.region_name = centre.region_name
        row.address = centre.address
        row.confidence = centre.confidence
        row.active = True
        db.add(row)
    for gone in existing.values():
        gone.active = False


def sync_programmes(db: Session, programmes: Iterable[Tuple[str, str]]) -> None:
    existing = {row.id: row for row in db.execute(select(ProgrammeRow)).scalars()}
    for programme_id, name in programmes:
        row: Optional[ProgrammeRow] = existing.get(programme_id)
        if row is None:
            db.add(ProgrammeRow(id=programme_id, name=name))
        else:
            row.name = name
