"""Sessions entered by a centre's staff, on SQLite and PostgreSQL: create, edit, cancel, CSV import."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from actions.booking.clock import PARIS
from actions.booking.models import Booking, WorkshopSession
from actions.booking.service import make_sessionmaker
from actions.staff import outbox
from actions.staff.directory import StaffIdentity
from actions.staff.lookups import StaffForbidden, places
from actions.staff.models import AuditEntry
from actions.staff.sessions import (
    SessionError,
    cancel_session,
    create_session,
    import_sessions_csv,
    update_session,
)
from tests.db.support import NOW, booking_kwargs

ROUBAIX_STAFF = StaffIdentity(id=3, name="Sam Leroy", role="centre_staff", centres=("roubaix",))
LILLE_STAFF = StaffIdentity(id=5, name="Noa Blanc", role="centre_staff", centres=("lille-lomme",))
MEL_STAFF = StaffIdentity(id=1, name="Camille Martin", role="epci_staff", epcis=("200093201",))
ADMIN = StaffIdentity(id=4, name="Dominique Admin", role="admin")
MONDAY_NEXT_WEEK = dt.datetime(2026, 12, 7, 9, 30, tzinfo=PARIS)


@pytest.fixture
def begin(engine):
    return make_sessionmaker(engine).begin


def _new(begin, who=ROUBAIX_STAFF, **values) -> int:
    values = {"centre_id": "roubaix", "starts_at": MONDAY_NEXT_WEEK, "duration_minutes": 120, "capacity": 2,
              "room": " Salle  2 ", **values}
    with begin() as db:
        return create_session(db, who, now=NOW, **values)


def test_centre_staff_put_a_real_session_online_and_it_is_offered(begin, service):
    session_id = _new(begin)
    with begin() as db:
        row = db.get(WorkshopSession, session_id)
        assert (row.is_demo, row.room, row.capacity, row.seats_taken) == (False, "Salle 2", 2, 0)
        assert db.scalars(select(AuditEntry.action)).all() == ["session.create"]
    offered = service.available_sessions(["roubaix"])
    assert [view.session_id for view in offered] == [session_id]
    assert offered[0].is_demo is False


@pytest.mark.parametrize("who, values, error", [
    (LILLE_STAFF, {}, StaffForbidden),
    (MEL_STAFF, {}, StaffForbidden),
    (ROUBAIX_STAFF, {"starts_at": NOW - dt.timedelta(hours=1)}, SessionError),
    (ROUBAIX_STAFF, {"capacity": 0}, SessionError),
    (ROUBAIX_STAFF, {"duration_minutes": 5}, SessionError),
    (ROUBAIX_STAFF, {"programme_id": "inconnu"}, SessionError),
])
def test_creation_refused(begin, who, values, error):
    with pytest.raises(error) as raised:
        _new(begin, who, **values)
    assert raised.value.message  # French, for the staff member


def test_one_session_at_a_time_per_centre(begin):
    _new(begin)
    with pytest.raises(SessionError, match="déjà une séance"):
        _new(begin)
    _new(begin, ADMIN, centre_id="lille-lomme")  # another centre, same hour: fine


def test_edit(begin, service):
    session_id = _new(begin, capacity=3)
    service.book(session_id, **booking_kwargs("telegram:1"))
    service.book(session_id, **booking_kwargs("telegram:2"))
    with begin() as db:
        assert update_session(db, ROUBAIX_STAFF, session_id, capacity=5, programme_id="hope", now=NOW) == 0
    with begin() as db:
        row = db.get(WorkshopSession, session_id)
        assert (row.capacity, row.room, row.programme_id, row.seats_taken) == (5, "Salle 2", "hope", 2)
    with begin() as db:
        assert outbox.pending(db) == []  # nothing that matters to them changed
        told = update_session(db, ROUBAIX_STAFF, session_id, starts_at=MONDAY_NEXT_WEEK + dt.timedelta(hours=5),
                              room=None, now=NOW)
    assert told == 2
    with begin() as db:
        messages = outbox.pending(db)
        assert [message.recipient for message in messages] == ["telegram:1", "telegram:2"]
        assert "lundi 7 décembre à 14 h 30" in messages[0].text and "Zoé" not in messages[0].text
        title, payload = messages[0].buttons[0]
        assert title == "Annuler mon inscription" and payload.startswith("/cancel_booking{")
    with pytest.raises(SessionError, match="au moins 2 places"), begin() as db:
        update_session(db, ROUBAIX_STAFF, session_id, capacity=1, now=NOW)
    with pytest.raises(StaffForbidden), begin() as db:
        update_session(db, LILLE_STAFF, session_id, capacity=9, now=NOW)


def test_cancelling_tells_each_booked_person_and_frees_the_seats(begin, service):
    session_id = _new(begin, capacity=3)
    zoe = service.book(session_id, **booking_kwargs("telegram:1001"))
    service.book(session_id, **booking_kwargs("web:abc", first_name="Léa", contact="lea@example.org"))
    service.book(session_id, **booking_kwargs("rest:gone", first_name="Yan"))
    service.delete_personal_data("rest:gone")  # erased: nobody to tell any more
    with pytest.raises(StaffForbidden), begin() as db:
        cancel_session(db, LILLE_STAFF, session_id, now=NOW)
    with begin() as db:
        report = cancel_session(db, ROUBAIX_STAFF, session_id, now=NOW)
    assert (report.bookings_cancelled, report.people_notified) == (2, 2)
    with begin() as db:
        row = db.get(WorkshopSession, session_id)
        assert row.cancelled_at is not None and row.seats_taken == 0
        assert {booking.status for booking in db.scalars(select(Booking))} == {"cancelled"}
        messages = outbox.pending(db)
        assert [message.recipient for message in messages] == ["telegram:1001", "web:abc"]
        text = messages[0].text
        assert "lundi 7 décembre à 9 h 30" in text and "Centre Afpa de Roubaix" in text and "désolés" in text
        assert zoe.booking.reference[:3] in text.replace(" ", "")
        assert "Zoé" not in text and "06" not in text
        assert messages[0].buttons == (("Voir d'autres dates", "/book_workshop"),)
        assert "session.cancel" in db.scalars(select(AuditEntry.action)).all()
    assert service.available_sessions(["roubaix"]) == []
    assert service.book(session_id, **booking_kwargs("telegram:9")).status == "session_cancelled"
    with begin() as db:  # twice: nothing more
        assert cancel_session(db, ROUBAIX_STAFF, session_id, now=NOW).people_notified == 0
        assert len(outbox.pending(db)) == 2


CSV_OK = """date;heure;durée;centre;lieu;dispositif;places
07/12/2026;09:30;120;roubaix;Salle 1;;12
08/12/2026;14:00;90;Centre Afpa de Roubaix;;HOPE;8
"""


def test_csv_import(begin):
    with begin() as db:
        report = import_sessions_csv(db, ROUBAIX_STAFF, CSV_OK, now=NOW)
    assert (report.created, report.errors) == (2, [])
    with begin() as db:
        found = places(db, ROUBAIX_STAFF, now=NOW)
    assert [(to_paris.hour, item.programme_id, item.capacity, item.duration_minutes) for item, to_paris in
            ((item, item.starts_at.astimezone(PARIS)) for item in found)] == [(9, None, 12, 120), (14, "hope", 8, 90)]


def test_csv_with_errors_imports_nothing_and_says_which_lines(begin):
    text = """date,heure,durée,centre,lieu,dispositif,places
07/12/2026,09:30,120,roubaix,Salle 1,,12
31/02/2027,09:30,120,roubaix,,,12
08/12/2026,25:00,120,roubaix,,,12
09/12/2026,09:30,120,lille-lomme,,,12
10/12/2026,09:30,120,roubaix,,permis,12
11/12/2026,09:30,120,roubaix,,,beaucoup
07/12/2026,09:30,60,roubaix,,,5
"""
    with begin() as db:
        report = import_sessions_csv(db, ROUBAIX_STAFF, text, now=NOW)
    assert report.created == 0
    assert [line for line, _ in report.errors] == [3, 4, 5, 6, 7, 8]
    messages = dict(report.errors)
    assert "n'existe pas" in messages[3] and "n'est pas le vôtre" in messages[5]
    assert "ligne 2" in messages[8]
    with begin() as db:
        assert db.scalars(select(WorkshopSession)).all() == []


def test_csv_without_the_columns(begin):
    with begin() as db:
        report = import_sessions_csv(db, ROUBAIX_STAFF, "jour;centre\n07/12/2026;roubaix\n", now=NOW)
    assert report.created == 0 and report.errors[0][0] == 1 and "Colonnes manquantes" in report.errors[0][1]
