"""A session put online by a centre is offered and booked like any other, without the
demonstration mark; its centre sees who booked it; cancelling it cancels the booking and
queues a message to the person (REST channel, checked in the database)."""
import datetime as dt
import re

import pytest
from sqlalchemy import select

from actions.booking.clock import PARIS, utc_now
from actions.booking.models import Booking
from actions.booking.service import make_sessionmaker
from actions.staff import outbox
from actions.staff.directory import StaffIdentity
from actions.staff.lookups import attendees
from actions.staff.sessions import cancel_session, create_session

from tests.e2e.conftest import SESSION_PAYLOAD

pytestmark = pytest.mark.e2e

ROUBAIX_STAFF = StaffIdentity(id=9001, name="Sam Leroy", role="centre_staff", centres=("roubaix",))


def soonest_free_start() -> dt.datetime:
    """In an hour or so, at ten past (demonstration sessions start at 9:30 and 14:00)."""
    start = (utc_now() + dt.timedelta(hours=1)).astimezone(PARIS).replace(minute=10, second=0, microsecond=0)
    return start.astimezone(dt.timezone.utc)


async def test_a_real_session_is_offered_booked_seen_by_its_centre_and_cancelled(conversation, db):
    sessions = make_sessionmaker(db)
    with sessions.begin() as session:
        session_id = create_session(session, ROUBAIX_STAFF, centre_id="roubaix", starts_at=soonest_free_start(),
                                    duration_minutes=60, capacity=4, room="Salle 3")
    try:
        await conversation.say("je veux m'inscrire à un atelier découverte")
        replies = await conversation.say("59100")
        text = conversation.text(replies)
        buttons = [p for p in conversation.payloads(replies) if SESSION_PAYLOAD.match(p)]
        assert int(SESSION_PAYLOAD.match(buttons[0]).group(1)) == session_id, text
        first = next(line for line in text.splitlines() if line.startswith("1. "))
        assert "démonstration" not in first and "4 places libres" in first
        await conversation.say(buttons[0])
        await conversation.say("Marie")
        await conversation.say("06 12 34 56 78")
        done = conversation.text(await conversation.say("oui"))
        assert done.startswith("C'est confirmé, Marie !") and "démonstration" not in done

        with sessions.begin() as session:
            people = attendees(session, ROUBAIX_STAFF, session_id)
        assert [(person.first_name, person.contact, person.status) for person in people] == [
            ("Marie", "+33612345678", "booked")]
    finally:
        with sessions.begin() as session:
            report = cancel_session(session, ROUBAIX_STAFF, session_id)
    assert report.people_notified == 1
    with sessions() as session:
        assert session.scalar(select(Booking.status).where(Booking.sender_id == conversation.sender)) == "cancelled"
        message, = outbox.pending(session, recipient=conversation.sender)
    assert re.search(r"nous sommes désolés : l'atelier découverte du .+ au Centre Afpa de Roubaix est annulé", message.text)
    assert message.buttons == (("Voir d'autres dates", "/book_workshop"),)


async def test_a_message_not_understood_is_counted_anonymously(conversation, db):
    import asyncio

    from actions.staff.models import AssistantEvent

    def unanswered():
        with make_sessionmaker(db)() as session:
            return session.scalars(select(AssistantEvent.text).where(AssistantEvent.outcome == "unanswered")).all()

    before = len(unanswered())
    replies = await conversation.say("zorglub plouf flip flap Zoé")
    for _ in range(50):  # written after the reply, in a thread of its own
        if len(unanswered()) > before:
            break
        await asyncio.sleep(0.1)
    texts = unanswered()[before:]
    assert texts, conversation.text(replies)
    assert all("06" not in (text or "") and "Zoé" not in (text or "") for text in texts)
