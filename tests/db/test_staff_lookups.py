"""Staff lookups on a real database (SQLite and PostgreSQL): what each role sees."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from actions.booking.models import WorkshopSession
from actions.booking.service import make_sessionmaker
from actions.staff import events
from actions.staff.directory import StaffIdentity
from actions.staff.lookups import (
    StaffForbidden,
    attendees,
    places,
    statistics,
    territory_centres,
)
from actions.staff.models import AuditEntry
from tests.db.support import NOW, booking_kwargs

MEL, GRAND_PARIS = "200093201", "200054781"
LILLE, ROUBAIX_INSEE = "59350", "59512"
MEL_STAFF = StaffIdentity(id=1, name="Camille Martin", role="epci_staff", epcis=(MEL,))
PARIS_STAFF = StaffIdentity(id=2, name="Alex Petit", role="epci_staff", epcis=(GRAND_PARIS,))
ROUBAIX_STAFF = StaffIdentity(id=3, name="Sam Leroy", role="centre_staff", centres=("roubaix",))
ADMIN = StaffIdentity(id=4, name="Dominique Admin", role="admin")
DAY = dt.timedelta(days=1)


@pytest.fixture
def db(engine):
    with make_sessionmaker(engine)() as session:
        yield session


@pytest.fixture
def schedule(workshops, engine):
    """Sessions at the three test centres (Roubaix and Lille in the MEL, Paris)."""
    ids = {
        "roubaix": workshops.add(centre_id="roubaix", starts_at=NOW + DAY, capacity=10),
        "roubaix_hope": workshops.add(centre_id="roubaix", starts_at=NOW + 2 * DAY, programme_id="hope"),
        "lille_next_week": workshops.add(centre_id="lille-lomme", starts_at=NOW + 7 * DAY, capacity=2),
        "paris": workshops.add(centre_id="paris-11e", starts_at=NOW + DAY),
        "past": workshops.add(centre_id="roubaix", starts_at=NOW - DAY),
        "cancelled": workshops.add(centre_id="roubaix", starts_at=NOW + 3 * DAY, cancelled_at=NOW),
    }
    with make_sessionmaker(engine).begin() as session:
        session.get(WorkshopSession, ids["roubaix"]).is_demo = True
    return ids


def _ids(found):
    return [item.session_id for item in found]


def test_epci_staff_see_the_upcoming_sessions_of_the_centres_serving_their_territory(db, schedule, service):
    service.book(schedule["lille_next_week"], **booking_kwargs())
    mel = places(db, MEL_STAFF, now=NOW)
    assert _ids(mel) == [schedule["roubaix"], schedule["roubaix_hope"], schedule["lille_next_week"]]
    assert [item.seats_left for item in mel] == [10, 10, 1]
    assert [item.is_demo for item in mel] == [True, False, False]
    assert {item.distance_km for item in mel} == {0.0}  # both centres are in the MEL
    assert mel[0].centre_name == "Centre Afpa de Roubaix" and mel[0].city == "Roubaix"
    assert _ids(places(db, PARIS_STAFF, now=NOW)) == [schedule["paris"]]


def test_centre_staff_see_their_centre_and_admin_every_centre(db, schedule):
    assert _ids(places(db, ROUBAIX_STAFF, now=NOW)) == [schedule["roubaix"], schedule["roubaix_hope"]]
    assert set(_ids(places(db, ADMIN, now=NOW))) == {
        schedule[key] for key in ("roubaix", "roubaix_hope", "lille_next_week", "paris")}


def test_places_filters(db, schedule):
    this_week = NOW.date()  # a Tuesday: its week starts on Monday 30 November
    assert _ids(places(db, MEL_STAFF, now=NOW, week_start=this_week)) == [schedule["roubaix"], schedule["roubaix_hope"]]
    assert _ids(places(db, MEL_STAFF, now=NOW, week_start=this_week + 7 * DAY)) == [schedule["lille_next_week"]]
    # A programme: its own sessions and those open to all.
    assert _ids(places(db, ADMIN, now=NOW, programme_id="promo_16_18")) == [
        schedule["paris"], schedule["roubaix"], schedule["lille_next_week"]]  # same hour: by centre
    assert schedule["roubaix_hope"] in _ids(places(db, ADMIN, now=NOW, programme_id="hope"))
    # A commune of the territory: the centres serving it, with the distance from it.
    from_lille = places(db, MEL_STAFF, now=NOW, commune_insee=LILLE)
    assert {item.centre_id for item in from_lille} == {"roubaix", "lille-lomme"}
    assert next(item for item in from_lille if item.centre_id == "roubaix").distance_km > 0
    assert _ids(places(db, ADMIN, now=NOW, epci=GRAND_PARIS)) == [schedule["paris"]]
    assert _ids(places(db, ROUBAIX_STAFF, now=NOW, epci=GRAND_PARIS)) == []


def test_epci_staff_cannot_look_at_another_territory(db, schedule):
    with pytest.raises(StaffForbidden):
        places(db, MEL_STAFF, now=NOW, epci=GRAND_PARIS)
    with pytest.raises(StaffForbidden):
        places(db, MEL_STAFF, now=NOW, commune_insee="75056")


def test_attendees_only_for_the_centre_of_the_session_and_audited(db, schedule, service):
    service.book(schedule["roubaix"], **booking_kwargs("telegram:1"))
    service.book(schedule["roubaix"], **booking_kwargs("web:2", first_name="Léa", contact="lea@example.org"))
    people = attendees(db, ROUBAIX_STAFF, schedule["roubaix"], now=NOW)
    db.commit()
    assert [(person.first_name, person.contact, person.status) for person in people] == [
        ("Zoé", "+33612345678", "booked"), ("Léa", "lea@example.org", "booked")]
    entry = db.scalars(select(AuditEntry)).one()
    assert (entry.staff_id, entry.action, entry.target) == (3, "attendees.view", f"session:{schedule['roubaix']}")
    assert len(attendees(db, ADMIN, schedule["roubaix"])) == 2
    for who, session in ((MEL_STAFF, "roubaix"), (PARIS_STAFF, "roubaix"), (ROUBAIX_STAFF, "paris")):
        with pytest.raises(StaffForbidden):
            attendees(db, who, schedule[session])


def test_territory_centres_with_known_contacts_only():
    mel = territory_centres(MEL_STAFF, limit=None)
    by_id = {item.centre.id: item for item in mel}
    assert by_id["lille-lomme"].distance_km == 0.0 and by_id["roubaix"].distance_km == 0.0
    assert mel[0].distance_km <= mel[-1].distance_km
    assert by_id["lille-lomme"].phone and by_id["lille-lomme"].contact_unsure
    assert by_id["roubaix"].phone is None and by_id["roubaix"].email is None and by_id["roubaix"].url is None
    assert "paris-11e" not in by_id
    assert [item.centre.id for item in territory_centres(ROUBAIX_STAFF)] == ["roubaix"]
    assert len(territory_centres(ADMIN, limit=3)) == 3


def test_statistics_are_counts_scoped_to_the_member(db, engine, schedule, service):
    roubaix = service.book(schedule["roubaix"], **booking_kwargs("telegram:1"))
    service.book(schedule["paris"], **booking_kwargs("telegram:2"))
    service.cancel(roubaix.booking.reference, "telegram:1")
    with make_sessionmaker(engine).begin() as session:
        events.record_eligibility_check(session, epci_siren=MEL, programme_ids=["promo_16_18"], outcome="fits", now=NOW)
        events.record_eligibility_check(session, epci_siren=GRAND_PARIS, programme_ids=[], outcome="nothing_fits",
                                        now=NOW)
        events.record_question(session, answered=True, text=None, epci_siren=MEL, now=NOW)
        events.record_question(session, answered=False, text="Et le permis de conduire ?", epci_siren=MEL, now=NOW)
        events.record_question(session, answered=False, text="et le permis de conduire", epci_siren=MEL, now=NOW)
        events.record_question(session, answered=False, text="Où se garer ?", epci_siren=GRAND_PARIS, now=NOW)

    start, end = NOW.date() - DAY, NOW.date() + 8 * DAY
    mel = statistics(db, MEL_STAFF, start=start, end=end)
    assert [count.count for count in mel.bookings_per_week] == [1, 0]
    assert mel.bookings_per_week[0].key == "2026-W49"
    assert [(count.key, count.count) for count in mel.bookings_per_centre] == [("roubaix", 1)]
    assert [(count.label, count.count) for count in mel.bookings_per_programme] == [("Tous dispositifs", 1)]
    assert mel.cancellations == 1
    assert [(count.key, count.count) for count in mel.eligibility_by_outcome] == [("fits", 1)]
    assert (mel.questions_total, mel.unanswered_total) == (3, 2)
    assert mel.unanswered_share == pytest.approx(2 / 3)
    assert [(count.label, count.count) for count in mel.top_unanswered] == [("et le permis de conduire", 2)]

    paris = statistics(db, PARIS_STAFF, start=start, end=end)
    assert [(count.key, count.count) for count in paris.bookings_per_centre] == [("paris-11e", 1)]
    assert paris.cancellations == 0 and paris.questions_total == 1

    roubaix_centre = statistics(db, ROUBAIX_STAFF, start=start, end=end)
    assert [(count.key, count.count) for count in roubaix_centre.bookings_per_centre] == [("roubaix", 1)]
    assert roubaix_centre.questions_total == 3  # the MEL's, where the centre is

    everything = statistics(db, ADMIN, start=start, end=end)
    assert sum(count.count for count in everything.bookings_per_centre) == 2
    assert everything.questions_total == 4
    # Outside the period: nothing.
    assert statistics(db, ADMIN, start=end, end=end + 7 * DAY).questions_total == 0
