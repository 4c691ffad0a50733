"""Booking helpers that need no database: validation, references, dates, .ics files."""
from __future__ import annotations

import base64
import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from actions.booking.clock import french_date, french_time, french_when
from actions.booking.ics import booking_ics, escape_text, fold_line, ics_document
from actions.booking.references import ALPHABET, new_reference, normalise_reference, spoken_reference
from actions.booking.validation import (
    mask_contact,
    validate_contact,
    validate_email,
    validate_first_name,
    validate_phone,
    validate_sender_id,
)
from actions.booking.views import BookingView, SessionView

# -- first name -------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, clean",
    [("Zoé", "Zoé"), ("  Marie-José  ", "Marie-José"), ("O’Brien", "O'Brien"), ("Jean   Pierre", "Jean Pierre"),
     ("Nguyễn", "Nguyễn"), ("محمد", "محمد"), ("Anne-Sophie d'Arc", "Anne-Sophie d'Arc"), ("Z", "Z"),
     ("E\u0301lodie", "Élodie")],
)
def test_first_names_accepted(raw, clean):
    checked = validate_first_name(raw)
    assert checked.ok and checked.value == clean


@pytest.mark.parametrize(
    "raw, reason",
    [(None, "first_name_empty"), ("", "first_name_empty"), ("   ", "first_name_empty"),
     ("A" * 41, "first_name_too_long"), ("A" * 5000, "first_name_too_long"),
     ("R2D2", "first_name_invalid"), ("<b>Zoé</b>", "first_name_invalid"),
     ("Robert'); DROP TABLE bookings;--", "first_name_invalid"), ("drop table bookings", "first_name_invalid"),
     ("select name from users", "first_name_invalid"), ("Jean--Pierre", "first_name_invalid"),
     ("-Zoé", "first_name_invalid"), ("Zoé'", "first_name_invalid"), ("zoé@example.fr", "first_name_invalid"),
     ("Zoé_", "first_name_invalid"), ("&lt;script&gt;", "first_name_invalid")],
)
def test_first_names_rejected(raw, reason):
    checked = validate_first_name(raw)
    assert (checked.ok, checked.value, checked.reason) == (False, None, reason)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_an_accepted_first_name_is_short_and_harmless(raw):
    checked = validate_first_name(raw)
    if checked.ok:
        assert 1 <= len(checked.value) <= 40
        assert checked.value == checked.value.strip()
        assert not any(char.isdigit() or char in "<>;\"=()/\\&%_@" for char in checked.value)


# -- phone, e-mail, contact ---------------------------------------------------------


@pytest.mark.parametrize("raw", ["06 12 34 56 78", "+33612345678", "0612345678", "06.12.34.56.78",
                                 "06-12-34-56-78", "+33 6 12 34 56 78", "+33 (0)6 12 34 56 78", "07 56 12 34 56"])
def test_french_mobiles_accepted_in_e164(raw):
    checked = validate_phone(raw)
    assert checked.ok and checked.kind == "phone"
    assert checked.value.startswith("+33") and len(checked.value) == 12


@pytest.mark.parametrize(
    "raw, reason",
    [("01 44 55 66 77", "phone_not_mobile"), ("09 72 72 39 36", "phone_not_mobile"),
     ("06 12 34", "phone_invalid"), ("+32 470 12 34 56", "phone_invalid"), ("1" * 40, "phone_invalid"),
     ("0612345678 OR 1=1", "phone_invalid"), ("", "contact_empty"), (None, "contact_empty")],
)
def test_phones_rejected(raw, reason):
    assert validate_phone(raw).reason == reason


@pytest.mark.parametrize("raw, clean", [("zoe@example.fr", "zoe@example.fr"),
                                        (" Zoe.Martin+afpa@Example.FR ", "Zoe.Martin+afpa@example.fr"),
                                        ("a_b-c@sub.domaine.org", "a_b-c@sub.domaine.org")])
def test_emails_accepted(raw, clean):
    checked = validate_email(raw)
    assert checked.ok and checked.value == clean and checked.kind == "email"


@pytest.mark.parametrize("raw", ["zoe@", "@example.fr", "zoe@example", "zoe..martin@example.fr", ".zoe@example.fr",
                                 "zoe martin@example.fr", "<script>@example.fr", "zoe@exa_mple.fr",
                                 "zoe'--@example.fr", "zoe@example.f"])
def test_emails_rejected(raw):
    assert validate_email(raw).reason == "email_invalid"


def test_email_length_limit():
    assert validate_email("a" * 250 + "@x.fr").reason == "contact_too_long"
    assert validate_contact("a" * 5000).reason == "contact_too_long"


def test_contact_dispatches_on_at_sign():
    assert validate_contact("06 12 34 56 78").kind == "phone"
    assert validate_contact("zoe@example.fr").kind == "email"
    assert validate_contact("  ").reason == "contact_empty"


def test_masked_contacts_reveal_little():
    assert mask_contact("+33612345678", "phone") == "06 •• •• •• 78"
    assert mask_contact("zoe@example.fr", "email") == "z•••@example.fr"
    assert mask_contact(None, None) is None


def test_sender_ids():
    for good in ("telegram:123456", "web:6f1c2e0a-1b2c-4d5e-8f90-123456789abc", "rest:user_1"):
        assert validate_sender_id(good).ok
    for bad in ("", None, "a b", "x" * 129, "web:1'--", "<script>"):
        assert not validate_sender_id(bad).ok


# -- references -----------------------------------------------------------------------


def test_references_are_short_and_unambiguous():
    assert not set("0O1IL") & set(ALPHABET)
    codes = {new_reference() for _ in range(2000)}
    assert len(codes) > 1990  # random enough that collisions are rare (and retried)
    assert all(len(code) == 6 and set(code) <= set(ALPHABET) for code in codes)


def test_references_typed_back():
    assert normalise_reference(" k7m-4qx ") == "K7M4QX"
    assert normalise_reference("K7M 4QX") == "K7M4QX"
    assert normalise_reference("K7M4Q0") is None  # 0 is never in a code
    assert normalise_reference("K7M4") is None
    assert normalise_reference(None) is None
    assert spoken_reference("K7M4QX") == "K7M 4QX"


# -- dates in French ------------------------------------------------------------------


def test_french_dates_in_paris_time():
    winter = dt.datetime(2026, 12, 1, 8, 30, tzinfo=dt.timezone.utc)
    assert french_when(winter) == "mardi 1er décembre à 9 h 30"
    summer = dt.datetime(2027, 7, 14, 12, 0, tzinfo=dt.timezone.utc)
    assert french_date(summer) == "mercredi 14 juillet" and french_time(summer) == "14 h"
    with pytest.raises(ValueError):
        french_when(dt.datetime(2026, 12, 1, 9, 0))


# -- calendar file ----------------------------------------------------------------------


def _booking(**session_overrides) -> BookingView:
    values = dict(
        session_id=1, centre_id="x", centre_name="Centre Afpa de Test", centre_city="Saint-Étienne",
        centre_address="12, rue des Métiers; bâtiment B", centre_postal_code="42000", programme_id=None,
        programme_name=None, starts_at=dt.datetime(2026, 12, 3, 8, 30, tzinfo=dt.timezone.utc),
        duration_minutes=120, capacity=10, seats_left=3, room="Salle 1",
    )
    values.update(session_overrides)
    return BookingView(
        reference="K7M4QX", status="booked", session=SessionView(**values), first_name="Zoé",
        contact_kind="phone", contact_hint="06 •• •• •• 78",
        created_at=dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc), cancelled_at=None,
    )


def test_ics_content():
    content = booking_ics(_booking(), now=dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc))
    lines = content.split("\r\n")
    assert content.endswith("\r\n") and "\n" not in content.replace("\r\n", "")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    unfolded = content.replace("\r\n ", "")
    assert "UID:K7M4QX@assistant.afpa.invalid\r\n" in unfolded
    assert "DTSTAMP:20261201T090000Z\r\n" in unfolded
    assert "DTSTART:20261203T083000Z\r\nDTEND:20261203T103000Z\r\n" in unfolded
    assert "SUMMARY:Atelier découverte Afpa – Centre Afpa de Test\r\n" in unfolded
    assert "LOCATION:Centre Afpa de Test\\, 12\\, rue des Métiers\\; bâtiment B\\, 42000 Saint-Étienne\r\n" in unfolded
    assert "Zoé" not in content and "06" not in content.split("DESCRIPTION")[0].split("DTSTAMP")[0]
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    cancelled = booking_ics(BookingView(**{**_booking().__dict__, "status": "cancelled"}))
    assert "STATUS:CANCELLED" in cancelled


def test_ics_document_payload():
    now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)
    document = ics_document(_booking(), now=now)
    assert document["filename"] == "atelier-afpa-K7M4QX.ics" and document["mime_type"] == "text/calendar"
    assert base64.b64decode(document["content_base64"]).decode("utf-8") == booking_ics(_booking(), now=now)


def test_ics_escaping():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=400).filter(lambda s: "\r" not in s and "\n" not in s))
def test_folding_keeps_the_text_and_the_75_octet_limit(text):
    folded = fold_line("DESCRIPTION:" + text)
    assert folded.replace("\r\n ", "") == "DESCRIPTION:" + text
    assert all(len(line.encode("utf-8")) <= 75 for line in folded.split("\r\n"))
