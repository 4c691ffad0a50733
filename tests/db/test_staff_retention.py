"""The retention job erases a handoff request's personal data RETENTION_DAYS after it was
made, forgets old outbox messages and expired staff sign-ins; what is younger stays."""
import datetime as dt

from sqlalchemy import select

from actions.booking.service import make_sessionmaker
from actions.staff.directory import add_member
from actions.staff.models import HandoffRequest, Notification, StaffWebSession
from actions.staff.outbox import queue
from actions.staff.sign_in import open_session
from bot.retention import run_once
from tests.db.support import NOW


def request(days_ago, sender):
    at = NOW - dt.timedelta(days=days_ago)
    return HandoffRequest(created_at=at, consent_at=at, sender_id=sender, channel="rest", centre_id="roubaix",
                          contact="+33612345678", summary='{"programme": "hope"}', status="open")


def test_old_handoff_requests_are_erased_and_old_messages_forgotten(engine, database_url):
    sessions = make_sessionmaker(engine)
    with sessions.begin() as db:
        db.add_all([request(91, "web:old"), request(10, "web:recent")])
        queue(db, "web:old", "Votre demande a été traitée.", now=NOW - dt.timedelta(days=91))
        queue(db, "web:recent", "Votre demande a été traitée.", now=NOW - dt.timedelta(days=1))
        member = add_member(db, role="admin", name="A", now=NOW)
        open_session(db, member, now=NOW - dt.timedelta(days=2))

    report = run_once({"DATABASE_URL": database_url, "TRACKER_STORE_URL": database_url, "RETENTION_DAYS": "90"},
                      now=NOW)

    assert report.handoff_requests_erased == 1
    with sessions() as db:
        rows = {row.created_at.date(): row for row in db.scalars(select(HandoffRequest))}
        old, recent = rows[(NOW - dt.timedelta(days=91)).date()], rows[(NOW - dt.timedelta(days=10)).date()]
        assert (old.contact, old.summary, old.sender_id) == (None, None, None) and old.erased_at is not None
        assert recent.contact == "+33612345678" and recent.sender_id == "web:recent"
        assert [n.recipient for n in db.scalars(select(Notification))] == ["web:recent"]
        assert db.scalars(select(StaffWebSession)).all() == []
