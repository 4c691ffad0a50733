"""The handoff queue (actions.staff.handoff) on SQLite and PostgreSQL: who sees which request,
the contact read with an audit entry, « traitée » telling the person, the staff chat's
message, erasure with the person's other data, and the retention rule."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from actions.booking.service import make_sessionmaker
from actions.staff import handoff, outbox
from actions.staff.directory import StaffIdentity, add_member
from actions.staff.models import HANDLED, OPEN, STAFF_CHAT, AuditEntry, HandoffRequest, Notification
from tests.db.support import NOW

MEL = "200093201"  # Métropole Européenne de Lille: Lille and Roubaix
PARIS = "200054781"  # Métropole du Grand Paris


@pytest.fixture
def sessions(engine):
    return make_sessionmaker(engine)


def members(sessions):
    with sessions.begin() as db:
        return {
            "roubaix": add_member(db, role="centre_staff", name="Centre Roubaix", centres=["roubaix"], now=NOW),
            "mel": add_member(db, role="epci_staff", name="Camille Martin", epcis=[MEL], now=NOW),
            "paris": add_member(db, role="epci_staff", name="Paris", epcis=[PARIS], now=NOW),
            "admin": add_member(db, role="admin", name="Admin", now=NOW),
        }


def create(sessions, *, sender="telegram:5001", centre="roubaix", contact="+33612345678", staff_chat=False, **summary):
    with sessions.begin() as db:
        return handoff.create_request(
            db, sender_id=sender, channel=sender.split(":")[0], centre_id=centre, contact=contact,
            summary=handoff.build_summary(**summary), now=NOW, staff_chat=staff_chat,
        )


def test_the_summary_keeps_closed_values_only():
    summary = handoff.build_summary(
        topics=["check_eligibility", "je veux parler à quelqu'un de vrai", "book_workshop"],
        programme_id="promo_16_18", age=17, situations=["decrocheur", "j'habite chez ma tante"],
        commune_insee="59512", eligible_programmes=["promo_16_18"], booking_references=["K7M4QX", "pas une ref"],
    )
    assert summary == {
        "topics": ["check_eligibility", "book_workshop"], "programme": "promo_16_18", "age_bracket": "16-17 ans",
        "situations": ["decrocheur"], "commune": {"insee": "59512", "name": "Roubaix"},
        "eligible_programmes": ["promo_16_18"], "booking_references": ["K7M4QX"],
    }
    assert "17" not in json.dumps(summary).replace("16-17", "")  # a bracket, never the age
    lines = handoff.summary_lines(summary, {"promo_16_18": "La Promo 16-18"})
    assert "Âge : 16-17 ans" in lines and "Commune : Roubaix" in lines and "Programme : La Promo 16-18" in lines


def test_each_member_sees_the_requests_of_their_centres_or_territory(sessions):
    staff = members(sessions)
    roubaix = create(sessions, sender="rest:a", centre="roubaix")
    lille = create(sessions, sender="rest:b", centre="lille-lomme")
    paris = create(sessions, sender="rest:c", centre="paris-11e")
    nowhere = create(sessions, sender="rest:d", centre=None)
    with sessions() as db:
        seen = {name: {view.id for view in handoff.requests_for(db, who)} for name, who in staff.items()}
    assert seen["roubaix"] == {roubaix.id}
    assert seen["mel"] == {roubaix.id, lille.id}
    assert seen["paris"] == {paris.id}
    assert seen["admin"] == {roubaix.id, lille.id, paris.id, nowhere.id}
    assert roubaix.centre_name == "Centre Afpa de Roubaix"


def test_the_contact_is_read_with_an_audit_entry_and_only_within_scope(sessions):
    staff = members(sessions)
    request = create(sessions)
    with sessions.begin() as db:
        assert handoff.contact_of(db, staff["roubaix"], request.id, now=NOW) == "+33612345678"
        with pytest.raises(handoff.HandoffForbidden):
            handoff.contact_of(db, staff["paris"], request.id, now=NOW)
    with sessions() as db:
        entries = db.scalars(select(AuditEntry)).all()
    assert [(e.staff_id, e.action, e.target) for e in entries] == [
        (staff["roubaix"].id, handoff.AUDIT_CONTACT_VIEWED, f"handoff:{request.id}")
    ]


def test_marking_handled_tells_the_person_once(sessions):
    staff = members(sessions)
    request = create(sessions, sender="telegram:5001")
    later = NOW + dt.timedelta(hours=2)
    with sessions.begin() as db:
        with pytest.raises(handoff.HandoffForbidden):
            handoff.mark_handled(db, staff["paris"], request.id, now=later)
    with sessions.begin() as db:
        view = handoff.mark_handled(db, staff["mel"], request.id, now=later)
        handoff.mark_handled(db, staff["mel"], request.id, now=later)  # twice: one message
    assert view.status == HANDLED and view.handled_by == staff["mel"].id and view.handled_at == later
    with sessions.begin() as db:
        [message] = outbox.take_pending(db, "telegram:5001")
        assert message.text.startswith("Votre demande a été traitée par le centre Afpa de Roubaix")
        assert [e.action for e in db.scalars(select(AuditEntry))] == [handoff.AUDIT_HANDLED]
    with sessions() as db:
        assert [v.status for v in handoff.requests_for(db, staff["admin"])] == [HANDLED]
        assert handoff.requests_for(db, staff["admin"], status=OPEN) == []
    with sessions.begin() as db, pytest.raises(handoff.HandoffNotFound):
        handoff.mark_handled(db, staff["admin"], 999999, now=later)


def test_the_staff_chat_gets_a_short_message_when_configured(sessions, monkeypatch):
    monkeypatch.delenv(handoff.STAFF_CHAT_VARIABLE, raising=False)
    create(sessions, sender="rest:a")
    with sessions() as db:
        assert outbox.pending(db, recipient=STAFF_CHAT) == []
    monkeypatch.setenv(handoff.STAFF_CHAT_VARIABLE, "-100123")
    request = create(sessions, sender="rest:b", staff_chat=None, programme_id="hope", age=30)
    with sessions() as db:
        [message] = outbox.pending(db, recipient=STAFF_CHAT)
    assert f"n° {request.id}" in message.text and "Centre Afpa de Roubaix" in message.text
    assert "+33612345678" in message.text and "Programme : HOPE" in message.text and "30-44 ans" in message.text


def test_erasure_takes_the_requests_and_waiting_messages_with_the_bookings(sessions, service):
    staff = members(sessions)
    request = create(sessions, sender="rest:marie")
    other = create(sessions, sender="rest:paul")
    with sessions.begin() as db:
        handoff.mark_handled(db, staff["admin"], request.id, now=NOW)
        outbox.queue(db, "rest:paul", "pour Paul", now=NOW)
    report = service.delete_personal_data("rest:marie")
    assert report.requests == 1 and report.erased == 0
    with sessions() as db:
        row = db.get(HandoffRequest, request.id)
        assert (row.contact, row.summary, row.sender_id) == (None, None, None) and row.erased_at is not None
        assert db.get(HandoffRequest, other.id).contact == "+33612345678"
        assert [n.recipient for n in db.scalars(select(Notification))] == ["rest:paul"]
        assert [v.id for v in handoff.requests_for(db, staff["admin"])] == [other.id]


def test_a_member_with_no_role_sees_nothing(sessions):
    create(sessions)
    nobody = StaffIdentity(id=0, name="?", role="inconnu")
    with sessions() as db:
        assert handoff.requests_for(db, nobody) == []
