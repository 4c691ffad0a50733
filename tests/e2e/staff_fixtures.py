"""Fixtures for the staff page's tests: the e2e bookings database with staff members, a web server
(the real Starlette app on uvicorn, in this process) reading it, in front of a stub REST channel.

Members (added once per module, e-mails made unique for the run):
- ``mel``: epci_staff of the Métropole Européenne de Lille (200093201);
- ``lyon``: epci_staff of the Métropole de Lyon (200046977);
- ``centre``: centre_staff of the Lille-Lomme centre;
- ``admin``.
Each has the password ``PASSWORD``.
"""
from __future__ import annotations

import dataclasses
import re
import uuid
from typing import Dict

import httpx
import pytest

from actions.booking.service import make_sessionmaker
from actions.booking.startup import prepare_database
from actions.staff.directory import StaffIdentity, add_member
from actions.staff.sign_in import new_sign_in_token, set_password

MEL, LYON = "200093201", "200046977"
MEL_CENTRE, LYON_CENTRE = "lille-lomme", "venissieux"
PASSWORD = "un mot de passe assez long"
CLAIM_SECRET = "secret-des-revendications-de-test-" + "x" * 16
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclasses.dataclass
class StaffData:
    url: str
    engine: object
    sessions: object
    members: Dict[str, StaffIdentity]
    emails: Dict[str, str]

    def link_token(self, who: str) -> str:
        with self.sessions.begin() as db:
            return new_sign_in_token(db, self.members[who].id)


@pytest.fixture(scope="module")
def staff_data(database_url) -> StaffData:
    """The e2e database (tests/e2e/conftest.py), prepared, with the four members."""
    engine = prepare_database(database_url, demo_schedule=True)  # demonstration sessions to look at
    sessions = make_sessionmaker(engine)
    run = uuid.uuid4().hex[:8]
    specs = {
        "mel": dict(role="epci_staff", epcis=[MEL], name="Camille Martin"),
        "lyon": dict(role="epci_staff", epcis=[LYON], name="Dominique Bernard"),
        "centre": dict(role="centre_staff", centres=[MEL_CENTRE], name="Alex Petit"),
        "admin": dict(role="admin", name="Sam Durand"),
    }
    members, emails = {}, {}
    with sessions.begin() as db:
        for key, spec in specs.items():
            emails[key] = f"{key}.{run}@example.fr"
            members[key] = add_member(db, email=emails[key], **spec)
            set_password(db, members[key].id, PASSWORD)
    yield StaffData(database_url, engine, sessions, members, emails)
    engine.dispose()


@pytest.fixture
async def staff_server(start_web_server, stub_assistant, staff_data, monkeypatch):
    """A web server on the e2e database, in front of the stub REST channel; low sign-in limits."""
    monkeypatch.setenv("STAFF_CLAIM_SECRET", CLAIM_SECRET)
    return await start_web_server(
        stub_assistant.url, DATABASE_URL=staff_data.url,
        WEB_STAFF_SIGN_IN_ATTEMPTS="5", WEB_STAFF_SIGN_IN_SECONDS="600",
    )


@pytest.fixture
async def http():
    async with httpx.AsyncClient(timeout=30) as client:
        yield client


async def sign_in(http: httpx.AsyncClient, base: str, staff_data: StaffData, who: str) -> str:
    """Signs ``who`` in with the password; returns the CSRF token of the dashboard's forms."""
    response = await http.post(f"{base}/staff/connexion",
                               data={"email": staff_data.emails[who], "password": PASSWORD})
    assert response.status_code == 303, response.text
    assert response.headers["location"].endswith("/staff")
    return await csrf_of(http, f"{base}/staff")


async def csrf_of(http: httpx.AsyncClient, url: str) -> str:
    """The CSRF token of a signed-in page's forms (the sign-out button is on every page)."""
    page = await http.get(url)
    found = CSRF_FIELD.search(page.text)
    assert found, "no CSRF field on the page"
    return found.group(1)

