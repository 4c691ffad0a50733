"""BookingService on a real database (SQLite file and PostgreSQL, see conftest.py)."""
from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, text

from actions.booking import booking_ics
from actions.booking.answers import parse_time_of_day
from actions.booking.clock import PARIS
from actions.booking.database import upgrade_database
from actions.booking.models import Booking, CentreRow, WorkshopSession
from actions.booking.references import ALPHABET
from actions.booking.service import BookingService, make_sessionmaker
from actions.booking.startup import prepare_database
from actions.privacy import PRIVACY_NOTICE_VERSION
from tests.db.support import CENTRES, NOW, PROGRAMMES, all_rows, booking_kwargs

TOMORROW = NOW + dt.timedelta(days=1)


def paris(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=PARIS)


# -- schema -----------------------------------------------------------------------


def test_upgrade_is_idempotent_and_schema_is_at_head(engine):
    upgrade_database(engine)  # second time: nothing to do, no error
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0004"


def test_times_come_back_aware_in_utc(engine, workshops):
    starts_at = paris(2026, 12, 3, 9, 30)
    session_id = workshops.add(starts_at=starts_at)
    with make_sessionmaker(engine)() as db:
        stored = db.get(WorkshopSession, session_id).starts_at
    assert stored == starts_at
    assert stored.utcoffset() == dt.timedelta(0)
    assert (stored.hour, stored.minute) == (8, 30)  # 9:30 in Paris in winter


def test_reference_data_is_synchronised(engine):
    with make_sessionmaker(engine)() as db:
        assert {row.id for row in db.execute(select(CentreRow)).scalars()} == {c.id for c in CENTRES}
    # A centre that left the list is kept but no longer active.
    prepare_database(engine, centres=CENTRES[:2], programmes=PROGRAMMES, demo_schedule=False, now=NOW)
    with make_sessionmaker(engine)() as db:
        paris_centre = db.get(CentreRow, "paris-11e")
        assert paris_centre is not None and paris_centre.active is False


# -- offering sessions ---------------------------------------------------------------


def test_past_and_full_sessions_are_never_offered(service, workshops):
    past = workshops.add(starts_at=NOW - dt.timedelta(hours=1))
    starting_now = workshops.add(starts_at=NOW)
    full = workshops.add(starts_at=TOMORROW, capacity=1)
    open_ = workshops.add(starts_at=TOMORROW + dt.timedelta(hours=5))
    assert service.book(full, **booking_kwargs("web:a")).status == "booked"

    offered = service.available_sessions(["roubaix"], earliest=NOW - dt.timedelta(days=30), limit=10)
    assert [view.session_id for view in offered] == [open_]
    assert past not in [view.session_id for view in offered] and starting_now not in [v.session_id for v in offered]


def test_available_sessions_filters_and_orders(service, workshops):
    morning = workshops.add(starts_at=paris(2026, 12, 3, 9, 30))
    afternoon = workshops.add(starts_at=paris(2026, 12, 2, 14, 0), centre_id="lille-lomme")
    for_hope = workshops.add(starts_at=paris(2026, 12, 4, 9, 30), programme_id="hope")
    for_prepa = workshops.add(starts_at=paris(2026, 12, 4, 14, 0), programme_id="prepa_competences")
    elsewhere = workshops.add(starts_at=paris(2026, 12, 2, 9, 30), centre_id="paris-11e")
    later = workshops.add(starts_at=paris(2027, 1, 15, 9, 30))

    def ids(**kwargs):
        kwargs.setdefault("earliest", NOW)
        return [view.session_id for view in service.available_sessions(["roubaix", "lille-lomme"], **kwargs)]

    assert ids(limit=10) == [afternoon, morning, later]  # soonest first, open-to-all only
    assert ids(programme_id="hope", limit=10) == [afternoon, morning, for_hope, later]
    assert ids(programme_id="prepa_competences", limit=10) == [afternoon, morning, for_prepa, later]
    assert ids(part_of_day="morning", limit=10) == [morning, later]
    assert ids(part_of_day="afternoon", programme_id="prepa_competences") == [afternoon, for_prepa]
    # Hours as people say them (actions/booking/answers/time_of_day.py).
    assert ids(part_of_day=parse_time_of_day("avant 14 h"), limit=10) == [morning, later]
    assert ids(part_of_day=parse_time_of_day("après 10 h"), limit=10) == [afternoon]
    assert ids(part_of_day=parse_time_of_day("vers 9 h"), limit=10) == [morning, later]
    assert ids(part_of_day=parse_time_of_day("à 7 h"), limit=10) == []
    assert ids(part_of_day=parse_time_of_day("en fin de matinée"), limit=10) == []
    assert ids(latest=paris(2026, 12, 31, 0, 0), limit=10) == [afternoon, morning]
    assert ids(earliest=paris(2026, 12, 3, 0, 0), limit=10) == [morning, later]
    assert ids(limit=1) == [afternoon]
    assert elsewhere not in ids(limit=10)
    assert service.available_sessions([], earliest=NOW) == []

    view = service.available_sessions(["roubaix"], programme_id="hope", earliest=NOW, limit=10)[1]
    assert view.programme_id == "hope" and view.programme_name == "HOPE"
    assert view.when == "vendredi 4 décembre à 9 h 30"
    assert view.seats_left == 10 and view.centre_name == "Centre Afpa de Roubaix"


def test_sessions_of_an_inactive_centre_are_not_offered(engine, service, workshops):
    session_id = workshops.add(centre_id="paris-11e")
    prepare_database(engine, centres=CENTRES[:2], programmes=PROGRAMMES, demo_schedule=False, now=NOW)
    assert service.available_sessions(["paris-11e"], earliest=NOW) == []
    assert service.book(session_id, **booking_kwargs()).status == "centre_inactive"


def test_booking_cutoff_hides_sessions_about_to_start(engine, workshops):
    soon = workshops.add(starts_at=NOW + dt.timedelta(minutes=30))
    service = BookingService(engine, clock=lambda: NOW, booking_cutoff=dt.timedelta(hours=1))
    assert service.available_sessions(["roubaix"], earliest=NOW) == []
    assert service.book(soon, **booking_kwargs()).status == "past"


# -- booking -----------------------------------------------------------------------


def test_book_stores_clean_values_and_takes_a_seat(engine, service, workshops):
    session_id = workshops.add(capacity=3)
    outcome = service.book(session_id, **booking_kwargs(first_name="  Zoé ", contact="06 12 34 56 78"))
    assert outcome.status == "booked" and outcome.ok
    booking = outcome.booking
    assert len(booking.reference) == 6 and set(booking.reference) <= set(ALPHABET)
    assert booking.first_name == "Zoé"
    assert booking.contact_kind == "phone" and booking.contact_hint == "06 •• •• •• 78"
    assert booking.session.seats_left == 2
    assert workshops.seats_taken(session_id) == 1
    with make_sessionmaker(engine)() as db:
        row = db.execute(select(Booking)).scalar_one()
    assert (row.contact, row.first_name, row.status, row.channel) == ("+33612345678", "Zoé", "booked", "telegram")
    assert row.created_at == NOW and row.consent_at == NOW - dt.timedelta(minutes=1)


def test_the_consent_is_recorded_with_its_time_and_the_notice_version(engine, service, workshops):
    service.book(workshops.add(), **booking_kwargs("telegram:7", notice_version="2031-01-15"))
    service.book(workshops.add(starts_at=NOW + dt.timedelta(days=3)), **booking_kwargs("telegram:8"))
    with make_sessionmaker(engine)() as db:
        recorded = dict(db.execute(select(Booking.sender_id, Booking.consent_notice_version)).all())
        consent_times = set(db.execute(select(Booking.consent_at)).scalars())
    # The version the person was shown; by default the notice served today.
    assert recorded == {"telegram:7": "2031-01-15", "telegram:8": PRIVACY_NOTICE_VERSION}
    assert consent_times == {NOW - dt.timedelta(minutes=1)}


def test_booking_by_email(service, workshops):
    outcome = service.book(workshops.add(), **booking_kwargs(contact="Zoe.Martin@Example.FR"))
    assert outcome.status == "booked"
    assert outcome.booking.contact_kind == "email" and outcome.booking.contact_hint == "Z•••@example.fr"


def test_confirming_twice_gives_the_same_booking(engine, service, workshops):
    session_id = workshops.add(capacity=5)
    first = service.book(session_id, **booking_kwargs("telegram:42"))
    second = service.book(session_id, **booking_kwargs("telegram:42", first_name="Zoé"))
    assert first.status == "booked" and second.status == "already_booked"
    assert second.booking.reference == first.booking.reference
    assert workshops.seats_taken(session_id) == 1
    assert len(all_rows(engine, "bookings")) == 1


def test_booking_past_full_or_unknown_sessions_stores_nothing(engine, service, workshops):
    past = workshops.add(starts_at=NOW - dt.timedelta(minutes=1))
    full = workshops.add(capacity=1)
    assert service.book(full, **booking_kwargs("web:first")).status == "booked"
    assert service.book(past, **booking_kwargs()).status == "past"
    assert service.book(full, **booking_kwargs("web:second")).status == "full"
    assert service.book(999_999, **booking_kwargs()).status == "unknown_session"
    assert len(all_rows(engine, "bookings")) == 1
    assert workshops.seats_taken(past) == 0 and workshops.seats_taken(full) == 1


def test_the_service_refuses_what_the_dialogue_should_never_have_offered(engine, service, workshops):
    """A forged button payload ("/book_workshop{"booking_session":"…"}") reaches ``book``
    with any session id: the service itself refuses what cannot be booked, and says why."""
    for_hope = workshops.add(programme_id="hope", starts_at=TOMORROW)
    cancelled = workshops.add(starts_at=TOMORROW + dt.timedelta(hours=2))
    workshops.cancel(cancelled)
    past = workshops.add(starts_at=NOW - dt.timedelta(days=1))
    at_closed_centre = workshops.add(centre_id="paris-11e")
    prepare_database(engine, centres=CENTRES[:2], programmes=PROGRAMMES, demo_schedule=False, now=NOW)

    refused = {
        "reserved for HOPE, no programme asked": (for_hope, None, "other_programme"),
        "reserved for HOPE, asked about the Promo 16-18": (for_hope, "promo_16_18", "other_programme"),
        "cancelled by its centre": (cancelled, None, "session_cancelled"),
        "past": (past, None, "past"),
        "at a centre no longer listed": (at_closed_centre, None, "centre_inactive"),
        "unknown": (999_999, None, "unknown_session"),
    }
    for case, (session_id, programme_id, status) in refused.items():
        outcome = service.book(session_id, programme_id=programme_id, **booking_kwargs())
        assert (outcome.status, outcome.booking) == (status, None), case
        assert outcome.session_unavailable and not outcome.ok, case
        assert service.refusal(session_id, programme_id=programme_id) == status, case
    assert all_rows(engine, "bookings") == []
    assert [workshops.seats_taken(i) for i in (for_hope, cancelled, past, at_closed_centre)] == [0, 0, 0, 0]

    # The same HOPE session, for someone who asked about HOPE: booked.
    assert service.refusal(for_hope, programme_id="hope") is None
    assert service.book(for_hope, programme_id="hope", **booking_kwargs()).status == "booked"


def test_a_cancelled_session_is_not_offered_and_shows_as_cancelled(service, workshops):
    kept = workshops.add(starts_at=TOMORROW)
    cancelled = workshops.add(starts_at=TOMORROW + dt.timedelta(hours=3))
    assert service.book(cancelled, **booking_kwargs()).status == "booked"
    workshops.cancel(cancelled)
    assert [s.session_id for s in service.available_sessions(["roubaix"], earliest=NOW)] == [kept]
    assert service.session(cancelled).cancelled and not service.session(kept).cancelled
    # Its booking is still listed, marked, so the person can be told.
    [booking] = service.upcoming_bookings("telegram:1001")
    assert booking.session.cancelled


def test_a_full_session_is_refused_but_its_own_booking_is_found_again(service, workshops):
    full = workshops.add(capacity=1)
    first = service.book(full, **booking_kwargs("web:first"))
    assert service.refusal(full) == "full"
    assert service.book(full, **booking_kwargs("web:second")).status == "full"
    again = service.book(full, **booking_kwargs("web:first"))
    assert again.status == "already_booked" and again.booking.reference == first.booking.reference


@pytest.mark.parametrize(
    "field, value, reason",
    [
        ("first_name", "A" * 5000, "first_name_too_long"),
        ("first_name", "<script>alert('x')</script>", "first_name_invalid"),
        ("first_name", "Robert'); DROP TABLE bookings;--", "first_name_invalid"),
        ("first_name", "Zoé 2", "first_name_invalid"),
        ("first_name", "   ", "first_name_empty"),
        ("contact", "06 12 34", "phone_invalid"),
        ("contact", "01 44 55 66 77", "phone_not_mobile"),
        ("contact", "0612345678'; DROP TABLE bookings;--", "phone_invalid"),
        ("contact", "<img src=x onerror=alert(1)>@example.fr", "email_invalid"),
        ("contact", "x" * 5000, "contact_too_long"),
        ("sender_id", "web:1' OR '1'='1", "sender_invalid"),
        ("sender_id", "<b>web</b>", "sender_invalid"),
        ("channel", "telegram; DROP TABLE bookings", "channel_invalid"),
        ("consent_at", None, "consent_missing"),
        ("consent_at", dt.datetime(2026, 12, 1, 9, 0), "consent_missing"),  # naive
    ],
)
def test_bad_input_is_rejected_and_stores_nothing(engine, service, workshops, field, value, reason):
    session_id = workshops.add()
    outcome = service.book(session_id, **booking_kwargs(**{field: value}))
    assert (outcome.status, outcome.reason, outcome.booking) == ("invalid", reason, None)
    assert all_rows(engine, "bookings") == []
    assert workshops.seats_taken(session_id) == 0


def test_session_ids_from_slots(service, workshops):
    session_id = workshops.add()
    assert service.session(str(session_id)).session_id == session_id
    assert service.session("abc") is None and service.session("²") is None
    assert service.book("not-an-id", **booking_kwargs()).status == "unknown_session"
    assert service.book(f" {session_id} ", **booking_kwargs()).status == "booked"


def test_reference_collision_is_retried(engine, workshops):
    codes = iter(["AAAAAA", "AAAAAA", "BBBBBB"])
    service = BookingService(engine, clock=lambda: NOW, reference_factory=lambda: next(codes))
    session_id = workshops.add()
    assert service.book(session_id, **booking_kwargs("web:1")).booking.reference == "AAAAAA"
    assert service.book(session_id, **booking_kwargs("web:2")).booking.reference == "BBBBBB"


# -- reading, cancelling, erasing ----------------------------------------------------------


def test_upcoming_bookings_are_the_senders_own_and_future_only(engine, service, workshops):
    soon = workshops.add(starts_at=NOW + dt.timedelta(hours=2))
    later = workshops.add(starts_at=NOW + dt.timedelta(days=3))
    service.book(later, **booking_kwargs("web:me"))
    service.book(soon, **booking_kwargs("web:me"))
    service.book(soon, **booking_kwargs("web:someone-else"))
    assert [b.session.session_id for b in service.upcoming_bookings("web:me")] == [soon, later]
    # Once the first session has started it is no longer "upcoming".
    assert [b.session.session_id for b in service.upcoming_bookings("web:me", NOW + dt.timedelta(hours=3))] == [later]
    assert service.upcoming_bookings("web:nobody") == []


def test_cancel_frees_the_seat_and_only_for_the_owner(engine, service, workshops):
    session_id = workshops.add(capacity=1)
    reference = service.book(session_id, **booking_kwargs("web:owner")).booking.reference
    assert service.book(session_id, **booking_kwargs("web:other")).status == "full"

    assert service.cancel(reference, "web:other").status == "not_found"  # not theirs
    assert workshops.seats_taken(session_id) == 1

    spoken = f"{reference[:3].lower()} {reference[3:].lower()}"  # as typed back: "k7m 4qx"
    outcome = service.cancel(spoken, "web:owner")
    assert outcome.status == "cancelled" and outcome.booking.status == "cancelled"
    assert outcome.booking.cancelled_at == NOW
    assert workshops.seats_taken(session_id) == 0
    assert service.cancel(reference, "web:owner").status == "already_cancelled"
    assert workshops.seats_taken(session_id) == 0
    assert service.upcoming_bookings("web:owner") == []

    # The freed seat can be taken, and the owner can book again.
    assert service.book(session_id, **booking_kwargs("web:other")).status == "booked"
    assert service.cancel("nonsense", "web:owner").status == "not_found"


def test_cancelled_booking_can_be_booked_again_by_the_same_person(service, workshops):
    session_id = workshops.add()
    first = service.book(session_id, **booking_kwargs("web:me")).booking
    service.cancel(first.reference, "web:me")
    again = service.book(session_id, **booking_kwargs("web:me"))
    assert again.status == "booked" and again.booking.reference != first.reference


def test_a_started_session_cannot_be_cancelled(engine, workshops):
    session_id = workshops.add(starts_at=NOW + dt.timedelta(hours=1))
    reference = BookingService(engine, clock=lambda: NOW).book(session_id, **booking_kwargs()).booking.reference
    later = BookingService(engine, clock=lambda: NOW + dt.timedelta(hours=2))
    assert later.cancel(reference, "telegram:1001").status == "past"
    assert workshops.seats_taken(session_id) == 1


def test_delete_personal_data(engine, service, workshops):
    future = workshops.add(starts_at=NOW + dt.timedelta(days=2))
    past = workshops.add(starts_at=NOW + dt.timedelta(hours=1))
    service.book(future, **booking_kwargs("web:me"))
    service.book(past, **booking_kwargs("web:me"))
    kept = service.book(future, **booking_kwargs("web:other")).booking

    later = BookingService(engine, clock=lambda: NOW + dt.timedelta(hours=3))
    report = later.delete_personal_data("web:me")
    assert (report.erased, report.cancelled) == (2, 1)
    assert workshops.seats_taken(future) == 1  # the erased person's future seat is free again
    assert workshops.seats_taken(past) == 1  # a past session's count is history
    with make_sessionmaker(engine)() as db:
        mine = db.execute(select(Booking).where(Booking.reference != kept.reference)).scalars().all()
        assert all(b.first_name is None and b.contact is None and b.sender_id is None for b in mine)
        assert all(b.erased_at == NOW + dt.timedelta(hours=3) for b in mine)
        other = db.execute(select(Booking).where(Booking.reference == kept.reference)).scalar_one()
        assert other.first_name == "Zoé" and other.sender_id == "web:other"
    assert later.upcoming_bookings("web:me") == []
    assert later.delete_personal_data("web:me").erased == 0
    # The person can book again afresh.
    assert later.book(future, **booking_kwargs("web:me")).status == "booked"


def test_calendar_file_of_a_booking(service, workshops):
    session_id = workshops.add(centre_id="lille-lomme", starts_at=paris(2026, 12, 3, 14, 0))
    booking = service.book(session_id, **booking_kwargs()).booking
    content = booking_ics(booking, now=NOW)
    assert f"UID:{booking.reference}@" in content
    assert "DTSTART:20261203T130000Z\r\n" in content and "DTEND:20261203T150000Z\r\n" in content
    assert "SUMMARY:Atelier découverte Afpa – Centre Afpa de Lille-Lomme\r\n" in content
    assert "LOCATION:Centre Afpa de Lille-Lomme\\, 35 rue de la Mitterie\\, 59160 Lille" in content
    assert "Zoé" not in content and "+336" not in content  # no personal data in the file


# -- concurrency ---------------------------------------------------------------------


def test_fifty_parallel_bookings_for_five_seats(engine, service, workshops):
    session_id = workshops.add(capacity=5)
    start = threading.Barrier(50)

    def attempt(number: int) -> str:
        start.wait()  # all threads fire at once
        return service.book(session_id, **booking_kwargs(f"web:person-{number}")).status

    with ThreadPoolExecutor(max_workers=50) as pool:
        outcomes = Counter(pool.map(attempt, range(50)))
    assert outcomes == Counter({"booked": 5, "full": 45})
    assert workshops.seats_taken(session_id) == 5
    with make_sessionmaker(engine)() as db:
        assert db.execute(select(func.count(Booking.id))).scalar_one() == 5


def test_parallel_double_confirmations_give_one_booking(engine, service, workshops):
    session_id = workshops.add(capacity=5)
    start = threading.Barrier(12)

    def attempt(_: int):
        start.wait()
        return service.book(session_id, **booking_kwargs("telegram:same-person"))

    with ThreadPoolExecutor(max_workers=12) as pool:
        outcomes = list(pool.map(attempt, range(12)))
    assert sorted(o.status for o in outcomes) == ["already_booked"] * 11 + ["booked"]
    assert len({o.booking.reference for o in outcomes}) == 1
    assert workshops.seats_taken(session_id) == 1
    assert len(all_rows(engine, "bookings")) == 1
