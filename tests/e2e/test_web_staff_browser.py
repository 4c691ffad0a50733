"""The staff page in a real headless Chromium (Playwright, Debian's Chromium): sign-in with the keyboard,
the dashboard's charts drawn by the bundled Chart.js with no request leaving 127.0.0.1, axe-core's
audit, a phone's width, and the widget of a signed-in member carrying their claim.
Screenshots: results/web/staff-*.png.
"""
from __future__ import annotations

import datetime as dt
import uuid
from urllib.parse import urlsplit

import pytest
from playwright.async_api import Page, expect

from actions.booking.clock import utc_now
from actions.booking.models import WorkshopSession
from actions.booking.service import BookingService
from actions.staff.claims import CLAIM_METADATA_KEY, Subject, verify_claim
from tests.e2e.staff_fixtures import (  # noqa: F401 - fixtures
    CLAIM_SECRET, MEL_CENTRE, PASSWORD, staff_data, staff_server,
)
from tests.e2e.telegram_fixtures import stub_assistant  # noqa: F401 - fixture
from tests.e2e.web_fixtures import (  # noqa: F401 - fixtures
    artefact, axe_violations, browser, csp_violations, page, start_web_server,
)

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

PAGE_TIMEOUT_MS = 30_000  # a loaded machine: argon2 and the statistics take their time
CHARTS = ("graphique-semaines", "graphique-programmes")
DRAWN_PIXELS = """(id) => {
    const canvas = document.getElementById(id);
    if (!canvas || !canvas.width || !canvas.height) return 0;
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let drawn = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) drawn++;
    return drawn;
}"""


async def sign_in_with_keyboard(tab: Page, base: str, email: str) -> None:
    await tab.goto(f"{base}/staff")  # not signed in: the sign-in page
    await expect(tab).to_have_url(f"{base}/staff/connexion")
    await tab.get_by_label("Adresse e-mail").fill(email)
    await tab.get_by_label("Mot de passe").fill(PASSWORD)
    await tab.keyboard.press("Enter")
    await expect(tab.get_by_role("heading", level=1, name="Tableau de bord")).to_be_visible(timeout=PAGE_TIMEOUT_MS)


def _book_at(staff_data, centre_id: str) -> None:
    """A booking this week at ``centre_id``, so that the charts have something to draw."""
    from sqlalchemy import select

    with staff_data.sessions() as db:
        session_id = db.scalar(select(WorkshopSession.id).where(
            WorkshopSession.centre_id == centre_id, WorkshopSession.cancelled_at.is_(None),
            WorkshopSession.programme_id.is_(None), WorkshopSession.starts_at > utc_now() + dt.timedelta(hours=2),
            WorkshopSession.seats_taken < WorkshopSession.capacity).order_by(WorkshopSession.starts_at))
    BookingService(staff_data.engine).book(session_id, first_name="Lina", contact="lina.test@example.fr",
                                           sender_id=f"web:chart-{uuid.uuid4().hex}", channel="web",
                                           consent_at=utc_now())


async def test_the_dashboard_draws_its_charts_with_nothing_from_elsewhere(page, staff_server, staff_data):
    _book_at(staff_data, MEL_CENTRE)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    await sign_in_with_keyboard(page, staff_server, staff_data.emails["mel"])
    for chart in CHARTS:
        canvas = page.locator(f"canvas#{chart}")
        await expect(canvas).to_be_visible()
        await page.wait_for_function(f"document.getElementById('{chart}').width > 0")
        assert await page.evaluate(DRAWN_PIXELS, chart) > 500, f"{chart} is blank"
    # Every figure is also in a table (screen readers, no JavaScript).
    await expect(page.get_by_role("table", name="Inscriptions par semaine")).to_be_visible()
    await page.screenshot(path=str(artefact("staff-dashboard-1280.png")), full_page=True)
    hosts = {urlsplit(url).hostname for url in requested if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}, hosts
    assert any(url.endswith("/static/vendor/chart.umd.min.js") for url in requested)
    assert await csp_violations(page) == []
    assert page.record.errors == []


async def test_the_dashboard_passes_axe_and_fits_a_phone(page, staff_server, staff_data):
    await sign_in_with_keyboard(page, staff_server, staff_data.emails["centre"])
    violations = await axe_violations(page)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    await page.set_viewport_size({"width": 375, "height": 740})
    await page.wait_for_timeout(300)
    wide = await page.evaluate("""() => Array.from(document.querySelectorAll('body *'))
        .filter((el) => el.getBoundingClientRect().right > 376 && (el.classList.contains('table-wrap') || !el.closest('.table-wrap')))
        .slice(0, 8).map((el) => el.parentElement.tagName + '>' + el.tagName + '.' + el.className + '#' + el.id + ' ' + el.getBoundingClientRect().right)""")
    await page.screenshot(path=str(artefact("staff-dashboard-375.png")), full_page=True)
    assert await page.evaluate("document.documentElement.scrollWidth") <= 375, wide
    await page.screenshot(path=str(artefact("staff-dashboard-375.png")), full_page=True)
    # The sign-in page too.
    await page.get_by_role("button", name="Se déconnecter").click()
    await expect(page.get_by_role("heading", level=1, name="Connexion")).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    assert [v for v in await axe_violations(page) if v["impact"] in ("serious", "critical")] == []


async def test_the_widget_on_the_staff_page_speaks_for_the_signed_in_member(
        page, staff_server, staff_data, stub_assistant):
    stub_assistant.replies = [{"text": "Voici les places de votre territoire."}]
    await sign_in_with_keyboard(page, staff_server, staff_data.emails["mel"])
    await page.get_by_role("button", name="Ouvrir la discussion").click()
    field = page.get_by_role("textbox", name="Votre message")
    await expect(field).to_be_focused()
    await field.fill("combien de places cette semaine sur mon territoire ?")
    await page.keyboard.press("Enter")
    await expect(page.locator("afpa-assistant .msg.bot").filter(
        has_text="Voici les places de votre territoire.")).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    received = stub_assistant.received[-1]
    subject = verify_claim(received["metadata"][CLAIM_METADATA_KEY], received["sender"], CLAIM_SECRET.encode())
    assert subject == Subject("staff", staff_data.members["mel"].id)
    assert await csp_violations(page) == []
