"""A centre cancels a session someone booked from Telegram: the person hears it on Telegram
without writing anything, with a button to other dates (the outbox pushed by the real bridge,
Bot API stand-in), and their seat is given back."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from actions.booking.clock import PARIS, utc_now
from actions.booking.models import Booking
from actions.booking.service import BookingService, make_sessionmaker
from actions.staff.directory import StaffIdentity
from actions.staff.sessions import cancel_session, create_session
from tests.e2e.telegram_fixtures import start_bridge  # noqa: F401 - fixture

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

LILLE_STAFF = StaffIdentity(id=9101, name="Accueil Lille", role="centre_staff", centres=("lille-lomme",))


@pytest.fixture
async def bridge(start_bridge, assistant_url, database_url, monkeypatch):  # noqa: F811
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("TELEGRAM_OUTBOX_SECONDS", "0.3")
    return await start_bridge(assistant_url)


async def test_a_booked_telegram_user_is_told_when_the_centre_cancels(bridge, db):
    user = bridge.user()
    await user.say("bonjour")  # the person has talked to the bot before, as anyone who booked
    start = (utc_now() + dt.timedelta(days=3)).astimezone(PARIS).replace(hour=11, minute=20, second=0, microsecond=0)
    sessions = make_sessionmaker(db)
    with sessions.begin() as session:
        session_id = create_session(session, LILLE_STAFF, centre_id="lille-lomme",
                                    starts_at=start.astimezone(dt.timezone.utc), duration_minutes=90, capacity=6)
    sender = f"telegram:{user.chat_id}"
    booked = BookingService(db).book(session_id, first_name="Inès", contact="06 11 22 33 44", sender_id=sender,
                                     channel="telegram", consent_at=utc_now())
    assert booked.ok
    standin = bridge.standin
    before = len(standin.calls_to("sendMessage", user.chat_id))

    with sessions.begin() as session:
        assert cancel_session(session, LILLE_STAFF, session_id).people_notified == 1

    def told():
        return [call for call in standin.calls_to("sendMessage", user.chat_id)[before:] if "annulé" in call.text]

    await standin.wait_for(lambda: bool(told()))
    [message] = told()
    assert "Centre Afpa de Lille-Lomme" in message.text and "désolés" in message.text
    assert message.button_labels == ["Voir d'autres dates"]
    with sessions() as session:
        assert session.scalar(select(Booking.status).where(Booking.reference == booked.booking.reference)) == "cancelled"
