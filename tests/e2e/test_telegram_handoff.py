"""A request to be contacted, through the real Telegram bridge (Bot API stand-in) and the real
assistant: it reaches the staff chat (STAFF_TELEGRAM_CHAT_ID), and when a centre marks it
handled the person is told on Telegram without writing anything (bot/telegram/outbox.py)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from actions.booking.service import make_sessionmaker
from actions.staff import handoff
from actions.staff.directory import StaffIdentity
from actions.staff.models import HandoffRequest
from tests.e2e.conftest import E2E_STAFF_CHAT_ID
from tests.e2e.telegram_fixtures import start_bridge  # noqa: F401 - fixture

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

CENTRE_STAFF = StaffIdentity(id=7, name="Accueil Roubaix", role="centre_staff", centres=("roubaix",))


@pytest.fixture
async def bridge(start_bridge, assistant_url, database_url, monkeypatch):  # noqa: F811
    # The bridge reads its outbox settings from the environment, as in production.
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("STAFF_TELEGRAM_CHAT_ID", E2E_STAFF_CHAT_ID)
    monkeypatch.setenv("TELEGRAM_OUTBOX_SECONDS", "0.3")
    return await start_bridge(assistant_url)


async def test_a_request_reaches_the_staff_chat_and_the_person_hears_when_it_is_handled(bridge, db):
    user = bridge.user()
    offer = await user.say("je veux parler à un conseiller")
    assert "Oui, être recontacté·e" in offer.labels
    consent = await user.press("Oui, être recontacté·e")
    assert "Vous êtes d'accord ?" in consent.text
    town = await user.press("Oui, d'accord")
    assert "Dans quelle ville" in town.text
    await user.say("Roubaix")
    done = await user.say("06 45 67 89 01")
    assert "C'est noté" in done.text

    staff_chat = int(E2E_STAFF_CHAT_ID)
    standin = bridge.standin
    await standin.wait_for(lambda: any("Nouvelle demande de contact" in call.text and "+33645678901" in call.text
                                       for call in standin.calls_to("sendMessage", staff_chat)))
    [alert] = [call for call in standin.calls_to("sendMessage", staff_chat) if "+33645678901" in call.text]
    assert "Centre Afpa de Roubaix" in alert.text and "Commune : Roubaix" in alert.text

    sender = f"telegram:{user.chat_id}"
    with make_sessionmaker(db)() as session:
        [request] = session.scalars(select(HandoffRequest).where(HandoffRequest.sender_id == sender)).all()
    before = len(standin.calls_to("sendMessage", user.chat_id))
    with make_sessionmaker(db).begin() as session:
        handoff.mark_handled(session, CENTRE_STAFF, request.id, now=request.created_at)
    await standin.wait_for(lambda: any(call.text.startswith("Votre demande a été traitée")
                                       for call in standin.calls_to("sendMessage", user.chat_id)[before:]))
    told = [c for c in standin.calls_to("sendMessage", user.chat_id)[before:] if "traitée" in c.text]
    assert len(told) == 1 and "centre Afpa de Roubaix" in told[0].text
