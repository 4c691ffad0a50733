"""Requests to be contacted by a person at a centre (``contact_human``): the handoff queue.

Plain Python, no Rasa. Every function takes an open SQLAlchemy session (the caller
commits: ``with make_sessionmaker(engine).begin() as db``).

    create_request(db, sender_id=…, channel=…, centre_id=…, contact=…, summary=…, now=…)
        stores the request (the person said yes to it, ``consent_at`` = ``now``) and, when
        a staff Telegram chat is configured (``STAFF_TELEGRAM_CHAT_ID``), queues a short
        message for it (``outbox.queue(db, STAFF_CHAT, …)``: the bridge delivers it).
    requests_for(db, identity)          what this staff member may see, newest first,
                                        without the contact;
    contact_of(db, identity, id, now=…) the contact, once seen: an audit entry;
    mark_handled(db, identity, id, now=…)
                                        status ``handled``, an audit entry, and a message
                                        to the person on their channel (outbox).
    erase_for_sender(db, sender_id, now=…)
                                        « supprimer mes données »: contact, summary and
                                        sender id set to NULL, ``erased_at`` set; the
                                        person's undelivered notifications deleted.

The retention rule (``RETENTION_DAYS`` after the request) is ``actions.staff.retention``,
run by the retention job.

Who sees what: ``centre_staff`` the requests of their centres; ``epci_staff`` the requests
of the centres serving their intercommunalities (the lookups' rule, ``scope_centre_ids``);
``admin`` every request. A request with no centre (the person's commune unknown) is
for ``admin`` only.

The summary is a small dictionary of closed values (``build_summary``): what the person
asked about (intent names of a fixed list), the programme (catalogue id), an age
bracket (never the age), the situations (rule vocabulary), the commune, the programmes
an eligibility check found, the booking references. Never a sentence the person typed.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from actions.booking.models import CentreRow
from actions.staff import outbox
from actions.staff.directory import StaffIdentity
from actions.staff.lookups import scope_centre_ids
from actions.staff.models import HANDLED, OPEN, STAFF_CHAT, AuditEntry, HandoffRequest, Notification

STAFF_CHAT_VARIABLE = "STAFF_TELEGRAM_CHAT_ID"

# Audit actions (AuditEntry.action); the target is "handoff:<id>".
AUDIT_CONTACT_VIEWED = "handoff_contact_viewed"
AUDIT_HANDLED = "handoff_handled"


class HandoffError(ValueError):
    """A request the queue refuses; the message is French (for the staff page)."""


class HandoffNotFound(HandoffError):
    pass


class HandoffForbidden(HandoffError):
    """The request belongs to a centre outside the member's centres or territory."""


# -- the summary: closed values only ---------------------------------------------------------

# What the person asked about, in words the staff understand (intent -> label).
TOPICS: Dict[str, str] = {
    "list_programmes": "les programmes",
    "ask_programme_info": "un programme",
    "ask_programme_duration": "la durée d'un programme",
    "ask_programme_pay": "la rémunération",
    "check_eligibility": "ce qui est possible pour elle ou lui",
    "book_workshop": "un atelier découverte",
    "my_bookings": "ses rendez-vous",
    "cancel_booking": "l'annulation d'un rendez-vous",
    "find_centre": "le centre le plus proche",
    "ask_impossible": "une demande hors de portée de l'assistant",
    "nlu_fallback": "des messages que l'assistant n'a pas compris",
}
AGE_BRACKETS: Tuple[Tuple[int, int, str], ...] = (
    (0, 15, "moins de 16 ans"),
    (16, 17, "16-17 ans"),
    (18, 25, "18-25 ans"),
    (26, 29, "26-29 ans"),
    (30, 44, "30-44 ans"),
    (45, 200, "45 ans ou plus"),
)
# Situations (the eligibility rules' vocabulary and the protection facts) -> words for staff.
SITUATION_LABELS: Dict[str, str] = {
    "decrocheur": "a quitté l'école sans diplôme",
    "scolarise": "scolarisé·e",
    "salarie": "salarié·e",
    "demandeur_emploi": "demandeur·se d'emploi",
    "refugie": "réfugié·e ou protection accordée",
    "protection_subsidiaire": "protection subsidiaire",
    "demandeur_asile": "demandeur·se d'asile",
    "rqth": "handicap reconnu (RQTH)",
    "lives_in_qpv": "habite un quartier prioritaire",
    "french_not_first_language": "le français n'est pas sa première langue",
    "job_listed_as_fragile": "emploi fragilisé",
}
_ID = re.compile(r"^[a-z0-9_]{1,40}$")
_INSEE = re.compile(r"^[0-9][0-9AB][0-9]{3}$")
_REFERENCE = re.compile(r"^[A-Z0-9]{4,12}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_LIST = 8


def age_bracket(age: Optional[int]) -> Optional[str]:
    if not isinstance(age, int) or isinstance(age, bool) or age < 0:
        return None
    for low, high, label in AGE_BRACKETS:
        if low <= age <= high:
            return label
    return None


def build_summary(
    *,
    topics: Iterable[str] = (),
    programme_id: Optional[str] = None,
    age: Optional[int] = None,
    situations: Iterable[str] = (),
    commune_insee: Optional[str] = None,
    eligible_programmes: Iterable[str] = (),
    booking_references: Iterable[str] = (),
    misunderstood: int = 0,
) -> Dict[str, Any]:
    """The summary stored with a request: only values of closed lists (anything else is
    dropped), in a JSON-ready dictionary without empty keys."""
    from actions.territory import commune_by_insee

    summary: Dict[str, Any] = {}
    kept_topics = [topic for topic in dict.fromkeys(topics) if topic in TOPICS][:MAX_LIST]
    if kept_topics:
        summary["topics"] = kept_topics
    if programme_id and _ID.match(programme_id):
        summary["programme"] = programme_id
    bracket = age_bracket(age)
    if bracket:
        summary["age_bracket"] = bracket
    kept_situations = [s for s in dict.fromkeys(situations) if s in SITUATION_LABELS][:MAX_LIST]
    if kept_situations:
        summary["situations"] = kept_situations
    commune = commune_by_insee(commune_insee) if commune_insee and _INSEE.match(commune_insee) else None
    if commune is not None:
        summary["commune"] = {"insee": commune.insee, "name": commune.name}
    kept_programmes = [p for p in dict.fromkeys(eligible_programmes) if p and _ID.match(p)][:MAX_LIST]
    if kept_programmes:
        summary["eligible_programmes"] = kept_programmes
    references = [r for r in dict.fromkeys(booking_references) if r and _REFERENCE.match(r)][:MAX_LIST]
    if references:
        summary["booking_references"] = references
    if isinstance(misunderstood, int) and misunderstood >= 2:
        summary["misunderstood"] = min(misunderstood, 99)
    return summary


def summary_lines(summary: Mapping[str, Any], programme_names: Mapping[str, str] = {}) -> List[str]:
    """The summary in short French lines, for the staff chat and the staff page."""
    def name(programme_id: str) -> str:
        return programme_names.get(programme_id, programme_id)

    lines: List[str] = []
    topics = [TOPICS[t] for t in summary.get("topics") or () if t in TOPICS]
    if topics:
        lines.append("Sujets : " + ", ".join(topics))
    if summary.get("programme"):
        lines.append("Programme : " + name(summary["programme"]))
    if summary.get("age_bracket"):
        lines.append("Âge : " + summary["age_bracket"])
    situations = [SITUATION_LABELS[s] for s in summary.get("situations") or () if s in SITUATION_LABELS]
    if situations:
        lines.append("Situation : " + ", ".join(situations))
    commune = summary.get("commune")
    if isinstance(commune, Mapping) and commune.get("name"):
        lines.append("Commune : " + commune["name"])
    if summary.get("eligible_programmes"):
        lines.append("Programmes possibles : " + ", ".join(name(p) for p in summary["eligible_programmes"]))
    if summary.get("booking_references"):
        lines.append("Atelier réservé : " + ", ".join(summary["booking_references"]))
    if summary.get("misunderstood"):
        lines.append("L'assistant n'a pas compris ses messages")
    return lines


@functools.lru_cache(maxsize=1)
def _programme_names() -> Dict[str, str]:
    try:
        from actions.catalogue import load_catalogue

        return {programme_id: programme.name for programme_id, programme in load_catalogue().programmes.items()}
    except Exception:  # the ids are readable too
        return {}


# -- the queue ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HandoffView:
    """A request as the staff list shows it: no contact (``contact_of`` reads it, audited)."""

    id: int
    created_at: dt.datetime
    channel: str
    centre_id: Optional[str]
    centre_name: Optional[str]
    summary: Mapping[str, Any]
    status: str
    handled_at: Optional[dt.datetime]
    handled_by: Optional[int]

    @property
    def summary_lines(self) -> List[str]:
        return summary_lines(self.summary, _programme_names())


def staff_chat_id(environ: Mapping[str, str] = os.environ) -> Optional[str]:
    """``STAFF_TELEGRAM_CHAT_ID``: a Telegram chat id (a whole number, negative for groups), else None."""
    raw = (environ.get(STAFF_CHAT_VARIABLE) or "").strip()
    return raw if re.fullmatch(r"-?\d{1,20}", raw) else None


def _centre_name(db: Session, centre_id: Optional[str]) -> Optional[str]:
    if not centre_id:
        return None
    row = db.get(CentreRow, centre_id)
    return row.name if row is not None else None


def _summary_of(row: HandoffRequest) -> Dict[str, Any]:
    try:
        value = json.loads(row.summary) if row.summary else {}
    except ValueError:
        value = {}
    return value if isinstance(value, dict) else {}


def _view(db: Session, row: HandoffRequest) -> HandoffView:
    return HandoffView(
        id=row.id, created_at=row.created_at, channel=row.channel, centre_id=row.centre_id,
        centre_name=_centre_name(db, row.centre_id), summary=_summary_of(row), status=row.status,
        handled_at=row.handled_at, handled_by=row.handled_by,
    )


def staff_chat_text(request_id: int, centre_name: Optional[str], contact: str, summary: Mapping[str, Any]) -> str:
    """The message for the staff chat: short; the contact the person agreed to give to the centre."""
    where = centre_name or "centre à déterminer (commune inconnue)"
    lines = [f"Nouvelle demande de contact n° {request_id} — {where}", f"Contact : {contact}"]
    lines += summary_lines(summary, _programme_names())
    lines.append("À marquer « traitée » sur la page /staff une fois la personne recontactée.")
    return "\n".join(lines)


def create_request(
    db: Session,
    *,
    sender_id: str,
    channel: str,
    centre_id: Optional[str],
    contact: str,
    summary: Mapping[str, Any],
    now: dt.datetime,
    staff_chat: Optional[bool] = None,
) -> HandoffView:
    """Stores a request the person consented to (``consent_at`` = ``now``); queues the staff
    chat's message when ``STAFF_TELEGRAM_CHAT_ID`` is set (``staff_chat`` overrides)."""
    if not sender_id or not contact:
        raise HandoffError("une demande a besoin d'un expéditeur et d'un contact")
    if centre_id is not None and db.get(CentreRow, centre_id) is None:
        centre_id = None
    row = HandoffRequest(
        created_at=now, sender_id=sender_id, channel=channel[:32], centre_id=centre_id, contact=contact,
        summary=json.dumps(dict(summary), ensure_ascii=False, sort_keys=True), consent_at=now, status=OPEN,
    )
    db.add(row)
    db.flush()
    if staff_chat if staff_chat is not None else staff_chat_id() is not None:
        outbox.queue(db, STAFF_CHAT, staff_chat_text(row.id, _centre_name(db, centre_id), contact, summary), now=now)
    return _view(db, row)


def may_see(identity: StaffIdentity, centre_id: Optional[str]) -> bool:
    visible = scope_centre_ids(identity)  # the territory rule of the lookups (docs/staff.md)
    return visible is None or (centre_id is not None and centre_id in visible)


def requests_for(
    db: Session, identity: StaffIdentity, *, status: Optional[str] = None, limit: int = 200
) -> List[HandoffView]:
    """The requests this member may see (erased ones left out), open first, newest first."""
    query = select(HandoffRequest).where(HandoffRequest.erased_at.is_(None))
    visible = scope_centre_ids(identity)
    if visible is not None:
        if not visible:
            return []
        query = query.where(HandoffRequest.centre_id.in_(sorted(visible)))
    if status is not None:
        query = query.where(HandoffRequest.status == status)
    rows = db.scalars(query.order_by(HandoffRequest.created_at.desc(), HandoffRequest.id.desc()).limit(limit)).all()
    views = [_view(db, row) for row in rows]
    return sorted(views, key=lambda view: view.status != OPEN)  # stable: newest first within each


def _request(db: Session, identity: StaffIdentity, request_id: int) -> HandoffRequest:
    row = db.get(HandoffRequest, int(request_id))
    if row is None or row.erased_at is not None:
        raise HandoffNotFound(f"aucune demande n° {request_id}")
    if not may_see(identity, row.centre_id):
        raise HandoffForbidden("cette demande concerne un centre qui n'est pas le vôtre")
    return row


def _audit(db: Session, identity: StaffIdentity, action: str, request_id: int, now: dt.datetime) -> None:
    db.add(AuditEntry(at=now, staff_id=identity.id, action=action, target=f"handoff:{request_id}"))


def contact_of(db: Session, identity: StaffIdentity, request_id: int, *, now: dt.datetime) -> Optional[str]:
    """The contact the person left, for a member who may see the request; audited."""
    row = _request(db, identity, request_id)
    _audit(db, identity, AUDIT_CONTACT_VIEWED, row.id, now)
    return row.contact


def handled_text(centre_name: Optional[str]) -> str:
    """What the person is told when their request is handled."""
    by = f"par le {centre_name[0].lower()}{centre_name[1:]}" if centre_name else "par l'Afpa"
    return (
        f"Votre demande a été traitée {by} : une personne du centre vous a recontacté·e "
        "ou va le faire au numéro ou à l'adresse que vous avez donnés. Merci de votre patience."
    )


def mark_handled(db: Session, identity: StaffIdentity, request_id: int, *, now: dt.datetime) -> HandoffView:
    """Marks the request handled (once; again is a no-op) and tells the person on their channel."""
    row = _request(db, identity, request_id)
    if row.status == HANDLED:
        return _view(db, row)
    row.status, row.handled_at, row.handled_by = HANDLED, now, identity.id
    _audit(db, identity, AUDIT_HANDLED, row.id, now)
    if row.sender_id:
        outbox.queue(db, row.sender_id, handled_text(_centre_name(db, row.centre_id)), now=now)
    db.flush()
    return _view(db, row)


def stored_requests(db: Session, sender_id: Optional[str]) -> int:
    """How many requests still hold this person's data."""
    if not sender_id:
        return 0
    return len(db.scalars(select(HandoffRequest.id).where(HandoffRequest.sender_id == sender_id)).all())


def erase_for_sender(db: Session, sender_id: Optional[str], *, now: dt.datetime) -> int:
    """Erases the person's requests (contact, summary, sender id) and their undelivered
    notifications; returns how many requests were erased."""
    if not sender_id:
        return 0
    result = db.execute(
        update(HandoffRequest)
        .where(HandoffRequest.sender_id == sender_id)
        .values(contact=None, summary=None, sender_id=None, erased_at=now)
        .execution_options(synchronize_session=False)
    )
    db.execute(
        delete(Notification)
        .where(Notification.recipient == sender_id, Notification.delivered_at.is_(None))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


__all__ = [
    "AUDIT_CONTACT_VIEWED", "AUDIT_HANDLED", "STAFF_CHAT_VARIABLE", "HandoffError", "HandoffForbidden",
    "HandoffNotFound", "HandoffView", "age_bracket", "build_summary", "contact_of", "create_request",
    "erase_for_sender", "handled_text", "mark_handled", "may_see", "requests_for",
    "staff_chat_id", "staff_chat_text", "stored_requests", "summary_lines",
]
