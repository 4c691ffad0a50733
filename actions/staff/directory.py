"""Staff accounts: add, list, remove, link a Telegram account, find who a bridge vouches for.

Every function takes an open SQLAlchemy session (``actions.booking.service.make_sessionmaker``)
and reads the database each time: an account added, changed or removed with
``python -m bot.staff`` counts at the next message, without a restart.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable, List, Optional, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.booking.clock import utc_now
from actions.booking.models import CentreRow
from actions.staff.claims import STAFF_SUBJECT, TELEGRAM_SUBJECT, Subject
from actions.staff.models import ADMIN, CENTRE_STAFF, EPCI_STAFF, ROLES, StaffCentre, StaffEpci, StaffMember

SIREN = re.compile(r"^\d{9}$")


class StaffError(ValueError):
    """A request the directory refuses; the message is French, for the person at the terminal."""


@dataclass(frozen=True)
class StaffIdentity:
    """A verified staff member as the lookups see them (no password hash, no contact)."""

    id: int
    name: str
    role: str
    epcis: Tuple[str, ...] = ()  # EPCI SIREN codes (epci_staff)
    centres: Tuple[str, ...] = ()  # centre ids (centre_staff)
    telegram_user_id: Optional[int] = None
    email: Optional[str] = None

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN


def _identity(member: StaffMember) -> StaffIdentity:
    return StaffIdentity(
        id=member.id,
        name=member.name,
        role=member.role,
        epcis=tuple(sorted(link.epci_siren for link in member.epcis)),
        centres=tuple(sorted(link.centre_id for link in member.centres)),
        telegram_user_id=member.telegram_user_id,
        email=member.email,
    )


def known_epcis() -> frozenset:
    """The SIREN codes of every intercommunality of the territory data."""
    from actions.territory.data import territory

    return frozenset(commune.epci_code for commune in territory().communes.values() if commune.epci_code)


def add_member(
    db: Session,
    *,
    role: str,
    name: str,
    epcis: Iterable[str] = (),
    centres: Iterable[str] = (),
    telegram_user_id: Optional[int] = None,
    email: Optional[str] = None,
    now: Optional[dt.datetime] = None,
) -> StaffIdentity:
    """Adds an account; checks that the role has what it needs and that codes exist."""
    epcis, centres = tuple(dict.fromkeys(epcis)), tuple(dict.fromkeys(centres))
    name = (name or "").strip()
    if role not in ROLES:
        raise StaffError(f"rôle inconnu : {role} (rôles : {', '.join(ROLES)})")
    if not name:
        raise StaffError("le nom est obligatoire (--name)")
    if role == EPCI_STAFF and not epcis:
        raise StaffError("un membre epci_staff a besoin d'au moins une intercommunalité (--epci SIREN)")
    if role == CENTRE_STAFF and not centres:
        raise StaffError("un membre centre_staff a besoin d'au moins un centre (--centre ID)")
    if role != EPCI_STAFF and epcis:
        raise StaffError("--epci ne vaut que pour le rôle epci_staff")
    if role != CENTRE_STAFF and centres:
        raise StaffError("--centre ne vaut que pour le rôle centre_staff")
    for siren in epcis:
        if not SIREN.match(siren):
            raise StaffError(f"code SIREN invalide : {siren} (9 chiffres)")
    unknown = sorted(set(epcis) - known_epcis())
    if unknown:
        raise StaffError(f"intercommunalité inconnue : {', '.join(unknown)}")
    existing_centres = set(db.scalars(select(CentreRow.id).where(CentreRow.id.in_(centres))))
    missing = [centre for centre in centres if centre not in existing_centres]
    if missing:
        raise StaffError(f"centre inconnu : {', '.join(missing)} (voir data/centres.csv)")
    if telegram_user_id is not None:
        _check_telegram_free(db, telegram_user_id)
    member = StaffMember(
        name=name, role=role, email=(email or "").strip().lower() or None, telegram_user_id=telegram_user_id,
        created_at=now or utc_now(),
    )
    member.epcis = [StaffEpci(epci_siren=siren) for siren in epcis]
    member.centres = [StaffCentre(centre_id=centre) for centre in centres]
    db.add(member)
    db.flush()
    return _identity(member)


def _check_telegram_free(db: Session, telegram_user_id: int, *, except_id: Optional[int] = None) -> None:
    if telegram_user_id <= 0:
        raise StaffError("un identifiant Telegram est un nombre entier positif")
    holder = db.scalar(select(StaffMember).where(StaffMember.telegram_user_id == telegram_user_id))
    if holder is not None and holder.id != except_id:
        raise StaffError(f"ce compte Telegram est déjà lié au membre {holder.id}")


def list_members(db: Session) -> List[StaffIdentity]:
    return [_identity(member) for member in db.scalars(select(StaffMember).order_by(StaffMember.id))]


def member(db: Session, staff_id: int) -> Optional[StaffIdentity]:
    found = db.get(StaffMember, staff_id)
    return _identity(found) if found is not None else None


def remove_member(db: Session, staff_id: int) -> StaffIdentity:
    found = db.get(StaffMember, staff_id)
    if found is None:
        raise StaffError(f"aucun membre n'a le numéro {staff_id}")
    identity = _identity(found)
    db.delete(found)  # sign-in tokens and web sessions go with it (ON DELETE CASCADE)
    db.flush()
    return identity


def link_telegram(db: Session, staff_id: int, telegram_user_id: int) -> StaffIdentity:
    found = db.get(StaffMember, staff_id)
    if found is None:
        raise StaffError(f"aucun membre n'a le numéro {staff_id}")
    _check_telegram_free(db, telegram_user_id, except_id=staff_id)
    found.telegram_user_id = telegram_user_id
    db.flush()
    return _identity(found)


def find_subject(db: Session, subject: Subject) -> Optional[StaffIdentity]:
    """The staff member a verified subject stands for, if any (None: not staff, or removed)."""
    if subject.kind == TELEGRAM_SUBJECT:
        found = db.scalar(select(StaffMember).where(StaffMember.telegram_user_id == subject.value))
    elif subject.kind == STAFF_SUBJECT:
        found = db.get(StaffMember, subject.value)
    else:
        return None
    return _identity(found) if found is not None else None
