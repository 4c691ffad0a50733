"""The staff page (/staff) over HTTP: sign-in, sessions, CSRF, what each role sees, CSV exports,
and the web relay's staff claim. A real web server (in this process) on the e2e bookings database,
in front of a stub REST channel (what reaches Rasa is recorded).
"""
from __future__ import annotations

import csv
import html
import datetime as dt
import io
import re

import httpx
import pytest
from sqlalchemy import func, select, update

from actions.booking.clock import utc_now
from actions.booking.models import CentreRow, WorkshopSession
from actions.booking.service import BookingService
from actions.staff.claims import CLAIM_METADATA_KEY, Subject, sign_claim, verify_claim
from actions.staff.directory import add_member, remove_member
from actions.staff.models import AuditEntry, Notification, StaffWebSession
from actions.staff.verification import verified_staff
from bot.web.staff import messages as m
from bot.web.staff.auth import COOKIE_NAME
from tests.e2e.staff_fixtures import (  # noqa: F401 - fixtures
    CLAIM_SECRET, LYON_CENTRE, MEL_CENTRE, PASSWORD, http, sign_in, staff_data,
    staff_server,
)
from tests.e2e.telegram_fixtures import stub_assistant  # noqa: F401 - fixture
from tests.e2e.web_fixtures import start_web_server  # noqa: F401 - fixture

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

SIGNED_IN_PAGES = [
    "/staff", "/staff/", "/staff/seances", "/staff/seances/1/modifier", "/staff/seances/1/inscrits",
    "/staff/demandes", "/staff/widget.js", "/staff/confidentialite", "/staff/nimporte/quoi",
]
DATA_URLS = ["/staff/export/statistiques.csv", "/staff/export/places.csv", "/staff/seances/1/inscrits.csv"]
POSTS = [
    "/staff/deconnexion", "/staff/seances", "/staff/seances/import", "/staff/seances/1/modifier",
    "/staff/seances/1/annuler", "/staff/demandes/1/traitee",
]


def shown(sentence: str, response) -> bool:
    """The sentence is on the page (as HTML: apostrophes escaped)."""
    return html.escape(sentence) in response.text


def assert_sign_in_redirect(response) -> None:
    assert response.status_code == 303, (response.request.url, response.status_code)
    assert response.headers["location"].endswith("/staff/connexion")


# -- sign-in ---------------------------------------------------------------------------------------


async def test_a_sign_in_link_opens_a_session_once(http, staff_server, staff_data):
    token = staff_data.link_token("mel")
    page = await http.get(f"{staff_server}/staff/connexion/{token}")
    assert page.status_code == 200 and "Ouvrir ma session" in page.text
    assert COOKIE_NAME not in page.cookies  # opening the link (a mail scanner) spends nothing

    signed = await http.post(f"{staff_server}/staff/connexion/{token}")
    assert signed.status_code == 303 and signed.headers["location"].endswith("/staff")
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert "Path=/staff" in cookie and "Secure" not in cookie  # http://: no Secure flag
    dashboard = await http.get(f"{staff_server}/staff")
    assert dashboard.status_code == 200 and "Camille Martin" in dashboard.text

    http.cookies.clear()
    again = await http.post(f"{staff_server}/staff/connexion/{token}")
    assert again.status_code == 401 and shown(m.LINK_REFUSED, again)
    assert COOKIE_NAME not in again.cookies
    assert_sign_in_redirect(await http.get(f"{staff_server}/staff"))


async def test_the_cookie_is_secure_behind_https(start_web_server, stub_assistant, staff_data, http):
    base = await start_web_server(stub_assistant.url, DATABASE_URL=staff_data.url,
                                  WEB_PUBLIC_URL="https://assistant.example.fr")
    response = await http.post(f"{base}/staff/connexion/{staff_data.link_token('lyon')}")
    assert response.status_code == 303 and "Secure" in response.headers["set-cookie"]


async def test_password_sign_in_and_sign_out(http, staff_server, staff_data):
    csrf = await sign_in(http, staff_server, staff_data, "lyon")
    assert "Dominique Bernard" in (await http.get(f"{staff_server}/staff")).text
    out = await http.post(f"{staff_server}/staff/deconnexion", data={"csrf_token": csrf})
    assert out.status_code == 303 and "/staff/connexion" in out.headers["location"]
    assert_sign_in_redirect(await http.get(f"{staff_server}/staff"))


async def test_a_wrong_password_and_an_unknown_address_get_the_same_refusal(http, staff_server, staff_data):
    wrong = await http.post(f"{staff_server}/staff/connexion",
                            data={"email": staff_data.emails["mel"], "password": "pas le bon mot de passe"})
    unknown = await http.post(f"{staff_server}/staff/connexion",
                              data={"email": "personne@example.fr", "password": PASSWORD})
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert shown(m.SIGN_IN_REFUSED, response) and COOKIE_NAME not in response.cookies
    assert_sign_in_redirect(await http.get(f"{staff_server}/staff"))


async def test_sign_in_attempts_are_limited_per_address(http, staff_server, staff_data):
    email = staff_data.emails["admin"]
    for _ in range(5):
        response = await http.post(f"{staff_server}/staff/connexion", data={"email": email, "password": "mauvais"})
        assert response.status_code == 401
    # The sixth attempt is refused, even with the right password.
    limited = await http.post(f"{staff_server}/staff/connexion", data={"email": email, "password": PASSWORD})
    assert limited.status_code == 429 and shown(m.SIGN_IN_RATE_LIMITED, limited)
    assert COOKIE_NAME not in limited.cookies
    # Another e-mail from the same address still gets its own attempts (the address allows 20).
    other = await http.post(f"{staff_server}/staff/connexion",
                            data={"email": staff_data.emails["lyon"], "password": PASSWORD})
    assert other.status_code == 303


# -- without a session -----------------------------------------------------------------------------


async def test_every_staff_url_asks_for_sign_in(http, staff_server):
    for path in SIGNED_IN_PAGES:
        assert_sign_in_redirect(await http.get(f"{staff_server}{path}"))
    for path in DATA_URLS:
        response = await http.get(f"{staff_server}{path}")
        assert response.status_code == 401 and response.json()["message"] == m.NOT_SIGNED_IN
    for path in POSTS:
        assert_sign_in_redirect(await http.post(f"{staff_server}{path}", data={"csrf_token": "x"}))
    for path in ("/staff/api/conversations", "/staff/api/messages"):
        assert (await http.post(f"{staff_server}{path}", json={"text": "bonjour"})).status_code == 401
    sign_in_page = await http.get(f"{staff_server}/staff/connexion")
    assert sign_in_page.status_code == 200 and 'for="email"' in sign_in_page.text


async def test_a_tampered_or_made_up_cookie_is_not_a_session(http, staff_server, staff_data):
    await sign_in(http, staff_server, staff_data, "mel")
    real = http.cookies[COOKIE_NAME]
    for forged in (real[:-1] + ("A" if real[-1] != "A" else "B"), "x" * 43, real + "x", ""):
        http.cookies.clear()
        http.cookies.set(COOKIE_NAME, forged, path="/staff")
        response = await http.get(f"{staff_server}/staff")
        assert_sign_in_redirect(response)


async def test_a_removed_member_is_signed_out_at_once(http, staff_server, staff_data):
    with staff_data.sessions.begin() as db:
        member = add_member(db, role="epci_staff", epcis=["200093201"], name="Claude Départ",
                            email=f"depart.{staff_data.emails['mel']}")
        from actions.staff.sign_in import set_password

        set_password(db, member.id, PASSWORD)
    response = await http.post(f"{staff_server}/staff/connexion",
                               data={"email": f"depart.{staff_data.emails['mel']}", "password": PASSWORD})
    assert response.status_code == 303
    assert (await http.get(f"{staff_server}/staff/connexion")).status_code == 200
    with staff_data.sessions.begin() as db:
        remove_member(db, member.id)
    after = await http.get(f"{staff_server}/staff")
    assert_sign_in_redirect(after)
    assert COOKIE_NAME in after.headers.get("set-cookie", "")  # and the browser is told to forget it


async def test_an_expired_session_is_over(http, staff_server, staff_data):
    await sign_in(http, staff_server, staff_data, "lyon")
    with staff_data.sessions.begin() as db:
        db.execute(update(StaffWebSession).where(StaffWebSession.staff_id == staff_data.members["lyon"].id)
                   .values(expires_at=utc_now() - dt.timedelta(seconds=1)))
    assert_sign_in_redirect(await http.get(f"{staff_server}/staff"))


# -- CSRF ------------------------------------------------------------------------------------------


def _count_sessions(staff_data) -> int:
    with staff_data.sessions() as db:
        return db.scalar(select(func.count()).select_from(WorkshopSession))


async def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(http, staff_server, staff_data):
    csrf = await sign_in(http, staff_server, staff_data, "centre")
    before = _count_sessions(staff_data)
    form = {"centre": MEL_CENTRE, "date": (dt.date.today() + dt.timedelta(days=20)).isoformat(), "heure": "10:00",
            "duree": "120", "capacite": "10", "salle": "Salle B"}
    for sent in ({}, {"csrf_token": ""}, {"csrf_token": "forged" + csrf[6:]}, {"csrf_token": csrf + "x"}):
        refused = await http.post(f"{staff_server}/staff/seances", data={**form, **sent})
        assert refused.status_code == 403 and shown(m.CSRF_REFUSED, refused)
    # A token in the address, not in the form, is no token.
    refused = await http.post(f"{staff_server}/staff/seances?csrf_token={csrf}", data=form)
    assert refused.status_code == 403
    assert _count_sessions(staff_data) == before
    # Signing out without the token does not sign out.
    assert (await http.post(f"{staff_server}/staff/deconnexion", data={})).status_code == 403
    assert (await http.get(f"{staff_server}/staff")).status_code == 200


async def test_another_sessions_csrf_token_is_refused(staff_server, staff_data):
    async with httpx.AsyncClient(timeout=30) as alice, httpx.AsyncClient(timeout=30) as bob:
        await sign_in(alice, staff_server, staff_data, "mel")
        bobs = await sign_in(bob, staff_server, staff_data, "lyon")
        refused = await alice.post(f"{staff_server}/staff/deconnexion", data={"csrf_token": bobs})
        assert refused.status_code == 403
        assert (await alice.get(f"{staff_server}/staff")).status_code == 200


async def test_a_post_from_another_site_is_refused(http, staff_server, staff_data):
    csrf = await sign_in(http, staff_server, staff_data, "mel")
    refused = await http.post(f"{staff_server}/staff/deconnexion", data={"csrf_token": csrf},
                              headers={"Origin": "https://malveillant.example"})
    assert refused.status_code == 403 and shown(m.ORIGIN_REFUSED, refused)
    login = await http.post(f"{staff_server}/staff/connexion", headers={"Origin": "https://malveillant.example"},
                            data={"email": staff_data.emails["mel"], "password": PASSWORD})
    assert login.status_code == 403


# -- the widget of a signed-in member: the relay's claim ---------------------------------------------


async def _conversation(http, base: str, prefix: str = "") -> str:
    response = await http.post(f"{base}{prefix}/api/conversations")
    assert response.status_code == 201, response.text
    return response.json()["token"]


async def test_the_staff_widget_carries_the_members_claim_and_nothing_else_does(
        http, staff_server, staff_data, stub_assistant):
    stub_assistant.replies = [{"text": "Bonjour"}]
    secret = CLAIM_SECRET.encode()
    mel = staff_data.members["mel"]
    await sign_in(http, staff_server, staff_data, "mel")
    token = await _conversation(http, staff_server, "/staff")
    # Whatever the body says, the claim is the server's own, for the signed-in member.
    forged = sign_claim(Subject("staff", staff_data.members["admin"].id), "web:x", secret)
    response = await http.post(f"{staff_server}/staff/api/messages",
                               json={"text": "bonjour", "metadata": {CLAIM_METADATA_KEY: forged}, "sender": "web:x"},
                               headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    received = stub_assistant.received[-1]
    assert received["sender"].startswith("web:") and received["sender"] != "web:x"
    assert verify_claim(received["metadata"][CLAIM_METADATA_KEY], received["sender"], secret) == Subject("staff", mel.id)
    assert verified_staff(received["metadata"], received["sender"], staff_data.sessions, secret=secret).id == mel.id

    # The public relay, even with the staff cookie in the jar and claims in the body: no claim.
    public_token = await _conversation(http, staff_server)
    copied = received["metadata"][CLAIM_METADATA_KEY]
    for body in ({"text": "bonjour", "metadata": {CLAIM_METADATA_KEY: copied}},
                 {"text": "bonjour", "metadata": {CLAIM_METADATA_KEY: forged}, CLAIM_METADATA_KEY: forged}):
        response = await http.post(f"{staff_server}/api/messages", json=body, headers={
            "Authorization": f"Bearer {public_token}", "Cookie": f"{COOKIE_NAME}={http.cookies[COOKIE_NAME]}"})
        assert response.status_code == 200
        public = stub_assistant.received[-1]
        assert public["metadata"] == {"channel": "web"}
        assert verified_staff(public["metadata"], public["sender"], staff_data.sessions, secret=secret) is None
    # A claim copied from the staff conversation vouches for nobody in another conversation.
    assert verified_staff({CLAIM_METADATA_KEY: copied}, public["sender"], staff_data.sessions, secret=secret) is None

    # Signed out: the staff relay refuses, and nothing reaches the assistant.
    count = len(stub_assistant.received)
    http.cookies.clear()
    refused = await http.post(f"{staff_server}/staff/api/messages", json={"text": "bonjour"},
                              headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 401 and len(stub_assistant.received) == count


# -- what each role sees -------------------------------------------------------------------------------


def _future_session(staff_data, centre_id: str) -> int:
    """A future session of ``centre_id`` (the demo schedule made them), with a seat left."""
    with staff_data.sessions() as db:
        found = db.scalar(select(WorkshopSession.id).where(
            WorkshopSession.centre_id == centre_id, WorkshopSession.cancelled_at.is_(None),
            WorkshopSession.starts_at > utc_now() + dt.timedelta(days=1),
            WorkshopSession.programme_id.is_(None),
            WorkshopSession.seats_taken < WorkshopSession.capacity).order_by(WorkshopSession.starts_at))
    assert found is not None, f"no future session at {centre_id}"
    return found


async def test_mel_staff_see_their_territorys_places_and_not_lyons(http, staff_server, staff_data):
    with staff_data.sessions() as db:
        lille, venissieux = db.get(CentreRow, MEL_CENTRE), db.get(CentreRow, LYON_CENTRE)
        lille_name, venissieux_name = lille.name, venissieux.name
    await sign_in(http, staff_server, staff_data, "mel")
    page = (await http.get(f"{staff_server}/staff?semaine=toutes")).text
    assert lille_name in page and venissieux_name not in page
    exported = (await http.get(f"{staff_server}/staff/export/places.csv?semaine=toutes")).text
    assert lille_name in exported and venissieux_name not in exported

    http.cookies.clear()
    await sign_in(http, staff_server, staff_data, "lyon")
    page = (await http.get(f"{staff_server}/staff?semaine=toutes")).text
    assert venissieux_name in page and lille_name not in page
    # A commune of another territory is refused in French, not shown.
    other = await http.get(f"{staff_server}/staff?commune=59350")
    assert other.status_code == 403 and "Lille" in other.text and lille_name not in other.text


async def test_epci_staff_have_no_attendee_list(http, staff_server, staff_data):
    session_id = _future_session(staff_data, MEL_CENTRE)
    await sign_in(http, staff_server, staff_data, "mel")
    assert (await http.get(f"{staff_server}/staff/seances/{session_id}/inscrits")).status_code == 403
    assert (await http.get(f"{staff_server}/staff/seances/{session_id}/inscrits.csv")).status_code == 403


async def test_centre_staff_see_and_export_their_attendees_and_no_other_centres(http, staff_server, staff_data):
    session_id = _future_session(staff_data, MEL_CENTRE)
    outcome = BookingService(staff_data.engine).book(
        session_id, first_name="Yasmine", contact="yasmine.test@example.fr", sender_id="web:attendee-test",
        channel="web", consent_at=utc_now())
    reference = outcome.booking.reference
    await sign_in(http, staff_server, staff_data, "centre")
    with staff_data.sessions() as db:
        audits_before = db.scalar(select(func.count()).select_from(AuditEntry))

    page = await http.get(f"{staff_server}/staff/seances/{session_id}/inscrits")
    assert page.status_code == 200 and "Yasmine" in page.text and reference in page.text
    exported = await http.get(f"{staff_server}/staff/seances/{session_id}/inscrits.csv")
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    assert "attachment" in exported.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(exported.text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["référence", "prénom", "contact", "inscrit le", "statut"]
    mine = [row for row in rows[1:] if row[0] == reference]
    assert len(mine) == 1 and mine[0][1] == "Yasmine" and mine[0][2] == "yasmine.test@example.fr"
    assert re.match(r"\d\d/\d\d/\d{4} \d\d:\d\d", mine[0][3])
    with staff_data.sessions() as db:
        audits = db.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(2)).all()
        assert db.scalar(select(func.count()).select_from(AuditEntry)) >= audits_before + 2
    assert all(entry.staff_id == staff_data.members["centre"].id for entry in audits)
    assert all(str(session_id) in (entry.target or "") for entry in audits)

    other = _future_session(staff_data, LYON_CENTRE)
    assert (await http.get(f"{staff_server}/staff/seances/{other}/inscrits")).status_code == 403
    assert (await http.get(f"{staff_server}/staff/seances/{other}/inscrits.csv")).status_code == 403


async def test_the_statistics_export_is_a_csv_of_counts(http, staff_server, staff_data):
    await sign_in(http, staff_server, staff_data, "mel")
    exported = await http.get(f"{staff_server}/staff/export/statistiques.csv?du=2026-01-01&au=2026-12-31")
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["rubrique", "libellé", "nombre"]
    titles = {row[0] for row in rows[1:]}
    assert {"annulations", "questions posées", "part des questions sans réponse"} <= titles
    assert "@" not in exported.text  # counts only: no contact


# -- a centre's sessions: forms and CSV import -----------------------------------------------------


def _far_day(days: int) -> dt.date:
    """A day after the demonstration schedule (eight weeks): the centre has no session then."""
    return dt.date.today() + dt.timedelta(days=days)


def _sessions_at(staff_data, centre_id: str, day: dt.date):
    with staff_data.sessions() as db:
        return db.scalars(select(WorkshopSession).where(
            WorkshopSession.centre_id == centre_id,
            func.date(WorkshopSession.starts_at) == day.isoformat())).all()


async def test_centre_staff_create_edit_and_cancel_a_session_with_the_forms(http, staff_server, staff_data):
    csrf = await sign_in(http, staff_server, staff_data, "centre")
    day = _far_day(70)
    form = {"csrf_token": csrf, "centre": MEL_CENTRE, "date": day.isoformat(), "heure": "10:00", "duree": "90",
            "salle": "Salle Jean Prouvé", "programme": "", "capacite": "9"}
    created = await http.post(f"{staff_server}/staff/seances", data=form)
    assert created.status_code == 200 and shown(m.SESSION_CREATED, created)
    assert "Salle Jean Prouvé" in created.text
    [session] = _sessions_at(staff_data, MEL_CENTRE, day)
    assert (session.capacity, session.duration_minutes, session.is_demo) == (9, 90, False)

    # Someone books it; the centre sees them, then moves and cancels the session.
    BookingService(staff_data.engine).book(session.id, first_name="Noé", contact="noe.test@example.fr",
                                           sender_id="rest:noe-test", channel="rest", consent_at=utc_now())
    edit = await http.get(f"{staff_server}/staff/seances/{session.id}/modifier")
    assert edit.status_code == 200 and 'value="9"' in edit.text
    updated = await http.post(f"{staff_server}/staff/seances/{session.id}/modifier", data={**form, "capacite": "15"})
    assert updated.status_code == 200 and shown(m.SESSION_UPDATED, updated)
    assert _sessions_at(staff_data, MEL_CENTRE, day)[0].capacity == 15

    unconfirmed = await http.post(f"{staff_server}/staff/seances/{session.id}/annuler", data={"csrf_token": csrf})
    assert unconfirmed.status_code == 400 and shown(m.CANCEL_NOT_CONFIRMED, unconfirmed)
    assert _sessions_at(staff_data, MEL_CENTRE, day)[0].cancelled_at is None
    cancelled = await http.post(f"{staff_server}/staff/seances/{session.id}/annuler",
                                data={"csrf_token": csrf, "confirmer": "oui"})
    assert cancelled.status_code == 200 and shown(m.SESSION_CANCELLED, cancelled)
    assert _sessions_at(staff_data, MEL_CENTRE, day)[0].cancelled_at is not None
    with staff_data.sessions() as db:
        told = db.scalars(select(Notification).where(Notification.recipient == "rest:noe-test")).all()
    assert any("annulé" in note.text for note in told)


async def test_a_wrong_session_is_refused_in_french_and_another_centre_is_forbidden(http, staff_server, staff_data):
    csrf = await sign_in(http, staff_server, staff_data, "centre")
    day = _far_day(71)
    form = {"csrf_token": csrf, "centre": MEL_CENTRE, "date": day.isoformat(), "heure": "10:00", "duree": "90",
            "salle": "", "programme": "", "capacite": "999"}
    too_big = await http.post(f"{staff_server}/staff/seances", data=form)
    assert too_big.status_code == 400 and 'role="alert"' in too_big.text and "200" in too_big.text
    bad_date = await http.post(f"{staff_server}/staff/seances", data={**form, "capacite": "10", "date": "31/02/2027"})
    assert bad_date.status_code == 400 and shown(m.BAD_DATE, bad_date)
    elsewhere = await http.post(f"{staff_server}/staff/seances", data={**form, "capacite": "10", "centre": LYON_CENTRE})
    assert elsewhere.status_code == 403
    assert _sessions_at(staff_data, MEL_CENTRE, day) == [] and _sessions_at(staff_data, LYON_CENTRE, day) == []
    other = _future_session(staff_data, LYON_CENTRE)
    assert (await http.get(f"{staff_server}/staff/seances/{other}/modifier")).status_code == 403
    cancel = await http.post(f"{staff_server}/staff/seances/{other}/annuler", data={"csrf_token": csrf, "confirmer": "oui"})
    assert cancel.status_code == 403
    with staff_data.sessions() as db:
        assert db.get(WorkshopSession, other).cancelled_at is None


async def test_a_csv_import_creates_every_line_or_none(http, staff_server, staff_data):
    csrf = await sign_in(http, staff_server, staff_data, "centre")
    first, second = _far_day(72), _far_day(73)
    good = ("date;heure;durée;centre;lieu;dispositif;places\r\n"
            f"{first:%d/%m/%Y};09:30;120;{MEL_CENTRE};Salle 1;;12\r\n"
            f"{second:%d/%m/%Y};14:00;90;{MEL_CENTRE};;;8\r\n")
    wrong = good + f"31/02/2027;14:00;90;{MEL_CENTRE};;;8\r\n"
    refused = await http.post(f"{staff_server}/staff/seances/import", data={"csrf_token": csrf, "csv": wrong})
    assert refused.status_code == 400 and "Ligne 4" in refused.text and "0 séance créée" in refused.text
    assert _sessions_at(staff_data, MEL_CENTRE, first) == []
    imported = await http.post(f"{staff_server}/staff/seances/import", data={"csrf_token": csrf, "csv": good})
    assert imported.status_code == 200 and "2 séances créées" in imported.text
    assert len(_sessions_at(staff_data, MEL_CENTRE, first)) == 1 and len(_sessions_at(staff_data, MEL_CENTRE, second)) == 1


async def test_intercommunality_staff_have_no_session_forms(http, staff_server, staff_data):
    csrf = await sign_in(http, staff_server, staff_data, "mel")
    assert (await http.get(f"{staff_server}/staff/seances")).status_code == 403
    day = _far_day(74)
    refused = await http.post(f"{staff_server}/staff/seances", data={
        "csrf_token": csrf, "centre": MEL_CENTRE, "date": day.isoformat(), "heure": "10:00", "duree": "90",
        "capacite": "10"})
    assert refused.status_code == 403 and _sessions_at(staff_data, MEL_CENTRE, day) == []


# -- the handoff queue ---------------------------------------------------------------------------------


async def test_the_centre_sees_its_requests_the_contact_on_demand_and_marks_them_handled(http, staff_server, staff_data):
    from actions.staff import handoff

    sender = f"web:handoff-{staff_data.emails['mel'].split('.')[1][:8]}"
    with staff_data.sessions.begin() as db:
        request = handoff.create_request(db, sender_id=sender, channel="web", centre_id=MEL_CENTRE,
                                         contact="06 12 34 56 78", summary={"topics": ["programmes"]},
                                         now=utc_now(), staff_chat=False)
    csrf = await sign_in(http, staff_server, staff_data, "centre")
    queue = await http.get(f"{staff_server}/staff/demandes")
    assert queue.status_code == 200 and f"Demande {request.id}" in queue.text
    assert "06 12 34 56 78" not in queue.text  # no contact in the list
    contact = await http.get(f"{staff_server}/staff/demandes/{request.id}/contact")
    assert contact.status_code == 200 and "06 12 34 56 78" in contact.text
    with staff_data.sessions() as db:
        assert db.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.target == f"handoff:{request.id}", AuditEntry.staff_id == staff_data.members["centre"].id)) >= 1

    # Another territory's member neither sees it nor can close it.
    async with httpx.AsyncClient(timeout=30) as lyon:
        lyon_csrf = await sign_in(lyon, staff_server, staff_data, "lyon")
        assert f"Demande {request.id}" not in (await lyon.get(f"{staff_server}/staff/demandes")).text
        assert (await lyon.get(f"{staff_server}/staff/demandes/{request.id}/contact")).status_code == 403
        refused = await lyon.post(f"{staff_server}/staff/demandes/{request.id}/traitee", data={"csrf_token": lyon_csrf})
        assert refused.status_code == 403

    without_token = await http.post(f"{staff_server}/staff/demandes/{request.id}/traitee", data={})
    assert without_token.status_code == 403
    done = await http.post(f"{staff_server}/staff/demandes/{request.id}/traitee", data={"csrf_token": csrf})
    assert done.status_code == 200 and shown(m.REQUEST_HANDLED, done) and f"Demande {request.id} (traitée)" in done.text
    with staff_data.sessions() as db:
        told = db.scalars(select(Notification).where(Notification.recipient == sender)).all()
    assert any("traitée" in note.text for note in told)
