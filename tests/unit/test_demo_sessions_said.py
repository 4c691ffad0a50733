"""A demonstration session is said to be one where it is offered, recapped and confirmed."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from actions.booking.views import BookingView, SessionView
from actions.replies import booking as replies
from actions.territory import commune_by_insee

DEMO = "séance de démonstration"
SESSION = SessionView(
    session_id=1, centre_id="roubaix", centre_name="Centre Afpa de Roubaix", centre_city="Roubaix",
    centre_address=None, centre_postal_code="59100", programme_id=None, programme_name=None,
    starts_at=dt.datetime(2026, 12, 3, 8, 30, tzinfo=dt.timezone.utc), duration_minutes=120, capacity=10,
    seats_left=3, room="Salle 1", is_demo=True,
)
REAL = dataclasses.replace(SESSION, session_id=2, is_demo=False)


def _booked(session: SessionView) -> BookingView:
    return BookingView(reference="K7M4QX", status="booked", session=session, first_name="Zoé",
                       contact_kind="phone", contact_hint="06 •• •• •• 78",
                       created_at=dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc), cancelled_at=None)


def test_the_offer_marks_demo_sessions_only():
    text = replies.session_offer(commune_by_insee("59512"), [SESSION, REAL]).messages[0]
    first, second = [line for line in text.splitlines() if line[:2] in ("1.", "2.")]
    assert first.endswith(f"3 places libres – {DEMO}") and DEMO not in second


@pytest.mark.parametrize("session, said", [(SESSION, True), (REAL, False)])
def test_the_recap_and_the_confirmation(session, said):
    recap = replies.consent_question(session, "Zoé", "+33612345678").messages[0]
    confirmed = replies.booked(_booked(session)).messages[0]
    assert (DEMO in recap, DEMO in confirmed) == (said, said)
