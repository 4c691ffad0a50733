"""Test data and helpers shared by the database tests (fixtures are in conftest.py)."""
from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from typing import Iterator, List, Optional

from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from actions.booking.database import make_engine
from actions.booking.models import WorkshopSession
from actions.booking.service import make_sessionmaker
from actions.territory.models import Centre

NOW = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.timezone.utc)  # a Tuesday, 9:00 in Paris
PROGRAMMES = (("hope", "HOPE"), ("prepa_competences", "Prépa compétences"), ("promo_16_18", "La Promo 16-18"))


def _centre(centre_id: str, name: str, city: str, insee: str, postal_code: str, department: str,
            region_code: str, region: str, address: Optional[str] = None) -> Centre:
    return Centre(
        id=centre_id, name=name, city=city, commune_insee=insee, postal_code=postal_code,
        department_code=department, region_code=region_code, region_name=region, address=address,
        confidence="likely", note="", source="test",
    )


CENTRES = (
    _centre("roubaix", "Centre Afpa de Roubaix", "Roubaix", "59512", "59100", "59", "32", "Hauts-de-France"),
    _centre("lille-lomme", "Centre Afpa de Lille-Lomme", "Lille", "59350", "59160", "59", "32",
            "Hauts-de-France", "35 rue de la Mitterie"),
    _centre("paris-11e", "Centre Afpa Paris 11e", "Paris", "75056", "75011", "75", "11", "Île-de-France"),
)


class SessionFactory:
    """Adds workshop sessions straight into the database."""

    def __init__(self, engine: Engine) -> None:
        self.sessions = make_sessionmaker(engine)

    def add(
        self,
        *,
        centre_id: str = "roubaix",
        starts_at: dt.datetime = NOW + dt.timedelta(days=1),
        capacity: int = 10,
        programme_id: Optional[str] = None,
        duration_minutes: int = 120,
        room: Optional[str] = "Salle 1",
        cancelled_at: Optional[dt.datetime] = None,
    ) -> int:
        with self.sessions.begin() as db:
            session = WorkshopSession(
                centre_id=centre_id, programme_id=programme_id, starts_at=starts_at,
                duration_minutes=duration_minutes, capacity=capacity, seats_taken=0, room=room, created_at=NOW,
                cancelled_at=cancelled_at,
            )
            db.add(session)
            db.flush()
            return session.id

    def cancel(self, session_id: int) -> None:
        """What a centre does when a session will not take place."""
        with self.sessions.begin() as db:
            db.get(WorkshopSession, session_id).cancelled_at = NOW

    def seats_taken(self, session_id: int) -> int:
        with self.sessions() as db:
            return db.get(WorkshopSession, session_id).seats_taken


def booking_kwargs(sender: str = "telegram:1001", **overrides) -> dict:
    values = dict(
        first_name="Zoé", contact="06 12 34 56 78", sender_id=sender, channel="telegram",
        consent_at=NOW - dt.timedelta(minutes=1),
    )
    values.update(overrides)
    return values


def all_rows(engine: Engine, table: str) -> List[tuple]:
    with engine.connect() as connection:
        return list(connection.execute(text(f"SELECT * FROM {table}")))


@contextlib.contextmanager
def fresh_postgres_schema(base_url: str, prefix: str = "test") -> Iterator[str]:
    """The URL of a new, empty schema of ``base_url``'s database (through ``search_path``),
    dropped with everything in it afterwards."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base_url)
    try:
        # A set TEST_DATABASE_URL whose server is down fails loudly rather than skipping.
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception:
        admin.dispose()
        raise
    try:
        yield str(make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"}))
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
