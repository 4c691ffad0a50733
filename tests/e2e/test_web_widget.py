"""The chat widget in a real headless Chromium (Debian's, driven by Playwright), on the demo page
of the stack's web server in front of the real assistant, and embedded in another site.

What a user would notice: the keyboard journey, answers and quick replies, an eligibility
check to its result, the history after a reload, a new conversation, HTML shown as text,
axe-core's audit, a hostile host page, 320 px phones, 200 % zoom, the apology and retry
when the assistant is down, a document download. Screenshots: results/web/.
"""
from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from tests.e2e.telegram_fixtures import stub_assistant  # noqa: F401 - fixture
from tests.e2e.web_fixtures import (  # noqa: F401 - fixtures
    artefact,
    axe_violations,
    browser,
    csp_violations,
    other_site,
    page,
    start_web_server,
)

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

ANSWER_TIMEOUT_MS = 30_000
HOSTILE_CSS = """
* { all: unset !important; font-size: 64px !important; line-height: 3 !important; color: red !important; }
html, body { font-size: 80px !important; font-family: "Comic Sans MS", cursive !important; }
div, section, button, input, form, p, span, a { display: none !important; visibility: hidden !important; }
afpa-assistant { display: none !important; transform: scale(0.1) !important; opacity: 0 !important; }
[hidden] { display: block !important; }
.panel, .launcher, .msg, .log { display: none !important; }
"""


def widget(tab: Page):
    """Locators inside the widget (Playwright's CSS and role locators pierce open shadow roots)."""

    class Widget:
        launcher = tab.get_by_role("button", name="Ouvrir la discussion")
        panel = tab.locator("afpa-assistant .panel")
        field = tab.get_by_role("textbox", name="Votre message")
        send = tab.get_by_role("button", name="Envoyer", exact=True)
        close = tab.get_by_role("button", name="Fermer", exact=True)
        restart = tab.get_by_role("button", name="Nouvelle conversation")
        bot = tab.locator("afpa-assistant .msg.bot")
        user = tab.locator("afpa-assistant .msg.user")
        problem = tab.locator("afpa-assistant .msg.error")
        typing = tab.locator("afpa-assistant .typing")

        @staticmethod
        def choice(title: str):
            return tab.locator("afpa-assistant .choices").get_by_role("button", name=title, exact=True)

    return Widget


async def focused_in_widget(tab: Page) -> str:
    """What has the focus inside the widget: its class, or its text for a quick reply; '' outside."""
    return await tab.evaluate(
        """() => {
            const host = document.activeElement;
            if (!host || host.tagName !== "AFPA-ASSISTANT") return "";
            const inner = host.shadowRoot.activeElement;
            if (!inner) return "";
            return inner.classList.contains("choice") ? "choice:" + inner.textContent : (inner.className || inner.id);
        }"""
    )


async def ask(tab: Page, text: str, expect_in_answer: str) -> None:
    w = widget(tab)
    answers_before = await w.bot.count()
    await w.field.fill(text)
    await tab.keyboard.press("Enter")
    await expect(w.user.last).to_have_text(re.compile(re.escape(text)))
    await expect(w.bot).not_to_have_count(answers_before, timeout=ANSWER_TIMEOUT_MS)
    await expect(w.bot.filter(has_text=expect_in_answer).last).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    await expect(w.typing).to_be_hidden()


async def open_widget(tab: Page, url: str) -> None:
    await tab.goto(url)
    await widget(tab).launcher.click()
    await expect(widget(tab).field).to_be_focused()


async def stored_token(tab: Page) -> str:
    return await tab.evaluate(
        """() => { for (let i = 0; i < sessionStorage.length; i++) {
            const key = sessionStorage.key(i);
            if (key.startsWith("afpa-assistant:")) return JSON.parse(sessionStorage.getItem(key)).token;
        } return null; }"""
    )


# -- on the demo page, with the real assistant -----------------------------------------------------


async def test_keyboard_only_question_quick_reply_and_escape(page, web_url):
    w = widget(page)
    await page.goto(web_url + "/")
    await expect(w.launcher).to_be_visible()
    await page.keyboard.press("Shift+Tab")  # from the top of the page, backwards: the launcher is last
    assert await focused_in_widget(page) == "launcher"
    await page.keyboard.press("Enter")
    await expect(w.panel).to_be_visible()
    await expect(w.field).to_be_focused()
    await expect(page.get_by_role("dialog", name="Assistant emploi-formation")).to_be_visible()

    await page.keyboard.type("c'est quoi la promo 16-18 ?")
    await page.keyboard.press("Enter")
    await expect(w.bot.filter(has_text="16 à 18 ans")).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    await expect(w.choice("Durée")).to_be_visible()
    # The answer was announced: it is inside the live region.
    assert await page.locator("afpa-assistant [role=log]").get_attribute("aria-live") == "polite"

    for _ in range(12):  # back from the field to the quick reply, with the keyboard only
        await page.keyboard.press("Shift+Tab")
        if await focused_in_widget(page) == "choice:Durée":
            break
    assert await focused_in_widget(page) == "choice:Durée"
    await page.keyboard.press("Enter")
    await expect(w.user.last).to_have_text(re.compile("Durée"))  # the title shown as your message
    await expect(w.bot.filter(has_text="13 semaines").last).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    await expect(w.choice("Durée")).to_have_count(0)  # the previous answer's buttons are gone
    await expect(w.field).to_be_focused()  # and the focus went to the field, not lost with them

    await page.keyboard.press("Escape")
    await expect(w.panel).to_be_hidden()
    assert await focused_in_widget(page) == "launcher"
    assert await w.launcher.get_attribute("aria-expanded") == "false"
    assert await csp_violations(page) == []
    assert page.record.errors == []


async def test_an_eligibility_check_runs_to_its_result(page, web_url):
    w = widget(page)
    await open_widget(page, web_url + "/")
    await ask(page, "je peux faire la promo 16-18 ?", "Promo 16-18")
    for _ in range(6):
        latest = await w.bot.last.inner_text()
        if "c'est pour vous" in latest:
            break
        answers = await w.bot.count()
        if "âge" in latest:
            await w.field.fill("17")
            await w.send.click()
        elif await w.choice("J'ai quitté l'école sans diplôme").count():
            await w.choice("J'ai quitté l'école sans diplôme").click()
        elif "sans diplôme" in latest:
            await w.choice("Oui").click()
        else:
            await w.choice("Non").click()
        await expect(w.bot).not_to_have_count(answers, timeout=ANSWER_TIMEOUT_MS)
    # The answer comes first, in a short message; the details follow it.
    answer = w.bot.filter(has_text="la Promo 16-18, c'est pour vous")
    await expect(answer.last).to_contain_text("17 ans")
    await expect(w.bot.last).to_contain_text("En détail")


async def test_the_history_survives_a_reload_and_a_new_conversation_clears_it(page, web_url):
    w = widget(page)
    await open_widget(page, web_url + "/")
    await ask(page, "c'est quoi HOPE ?", "personnes réfugiées")
    token = await stored_token(page)
    assert token

    await page.reload()
    await expect(w.panel).to_be_visible()  # it stays open from page to page
    await expect(w.user.filter(has_text="c'est quoi HOPE ?")).to_have_count(1)
    await expect(w.bot.filter(has_text="personnes réfugiées")).to_have_count(1)
    assert await stored_token(page) == token
    answers = await w.bot.count()
    await w.choice("Durée").click()  # the same conversation goes on, on the server too
    await expect(w.bot).not_to_have_count(answers, timeout=ANSWER_TIMEOUT_MS)
    await expect(w.bot.last).to_contain_text("HOPE : environ 8 à 10 mois")

    await w.restart.click()
    await expect(w.user).to_have_count(0)
    await expect(w.bot.filter(has_text="personnes réfugiées")).to_have_count(0)
    await expect(page.locator("afpa-assistant .msg.note")).to_contain_text("Nouvelle conversation")
    await expect(w.field).to_be_focused()
    await ask(page, "bonjour", "Bonjour")
    assert await stored_token(page) not in (None, token)


async def test_the_erase_control_asks_then_erases_the_conversation(page, web_url):
    w = widget(page)
    await open_widget(page, web_url + "/")
    await ask(page, "c'est quoi la promo 16-18 ?", "16 à 18 ans")
    answers = await w.bot.count()
    await page.get_by_role("button", name="Effacer mes données", exact=True).click()
    await expect(w.bot).not_to_have_count(answers, timeout=ANSWER_TIMEOUT_MS)
    await expect(w.bot.last).to_contain_text("Voulez-vous que j'efface tout")
    answers = await w.bot.count()
    await w.choice("Oui, tout effacer").click()
    await expect(w.bot).not_to_have_count(answers, timeout=ANSWER_TIMEOUT_MS)
    await expect(w.bot.last).to_contain_text("J'ai aussi effacé cette conversation")
    assert page.record.errors == []


async def test_html_typed_by_the_user_is_shown_as_text_and_never_runs(page, web_url):
    w = widget(page)
    await open_widget(page, web_url + "/")
    attack = "<img src=x onerror=alert(1)>"
    answers = await w.bot.count()
    await w.field.fill(attack)
    await page.keyboard.press("Enter")
    await expect(w.user.last).to_have_text("Vous : " + attack)
    await expect(w.bot).not_to_have_count(answers, timeout=ANSWER_TIMEOUT_MS)
    assert await page.locator("afpa-assistant img").count() == 0
    await page.wait_for_timeout(300)
    assert page.record.dialogs == []
    assert page.record.errors == []

    await w.field.fill("a" * 950)  # near the limit, the field says how many characters are left
    await expect(page.locator("afpa-assistant .hint")).to_have_text("Encore 50 caractères possibles (1 000 au maximum).")
    assert await w.field.get_attribute("maxlength") == "1000"


async def test_axe_finds_no_serious_or_critical_violation_on_the_open_widget(page, web_url):
    w = widget(page)
    await open_widget(page, web_url + "/")
    await ask(page, "c'est quoi la promo 16-18 ?", "16 à 18 ans")
    await w.choice("Durée").focus()  # focus styles are audited too
    violations = await axe_violations(page)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious

    await page.goto(web_url + "/confidentialite")  # the privacy notice too
    serious = [v for v in await axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


async def test_phones_zoom_and_reduced_motion(browser, web_url):
    for width, height, name in ((320, 640, "320 px"), (640, 400, "1280×800 zoomé à 200 %")):
        context = await browser.new_context(viewport={"width": width, "height": height}, reduced_motion="reduce")
        tab = await context.new_page()
        w = widget(tab)
        await open_widget(tab, web_url + "/")
        for part in (w.panel, w.field, w.send, w.close, tab.get_by_role("link", name="Vos données personnelles")):
            box = await part.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (name, part)
            assert box["y"] >= 0 and box["y"] + box["height"] <= height + 0.5, (name, part)
        assert await w.panel.evaluate("(panel) => getComputedStyle(panel).animationName") == "none"
        await ask(tab, "c'est quoi HOPE ?", "personnes réfugiées")
        wraps = await tab.locator("afpa-assistant .log").evaluate("(log) => log.scrollWidth <= log.clientWidth")
        assert wraps, name  # long answers wrap: no sideways scrolling
        await context.close()


async def test_screenshots_of_the_open_widget_at_375_and_1280_px(browser, web_url):
    for width, height in ((375, 740), (1280, 800)):
        context = await browser.new_context(viewport={"width": width, "height": height})
        tab = await context.new_page()
        await open_widget(tab, web_url + "/")
        await ask(tab, "c'est quoi la promo 16-18 ?", "16 à 18 ans")
        path = artefact(f"widget-{width}.png")
        await tab.screenshot(path=str(path))
        assert path.stat().st_size > 10_000
        await context.close()


# -- on another site ----------------------------------------------------------------------------------


async def test_on_another_origin_a_hostile_page_cannot_break_it(page, web_url, other_site):
    other_site.pages["/hostile"] = (
        "<!doctype html><html lang='fr'><head><title>Page hostile</title>"
        f"<style>{HOSTILE_CSS}</style></head><body><h1>Un autre site</h1>"
        f"<script src='{web_url}/widget.js' data-title='Aide' data-color='#ffff00' async></script></body></html>"
    )
    other_site.headers = {  # a strict CSP of its own: the widget needs no inline script nor eval
        "Content-Security-Policy": f"default-src 'none'; script-src {web_url}; connect-src {web_url}; "
        "style-src 'unsafe-inline'"
    }
    w = widget(page)
    await page.goto(other_site.url("/hostile"))
    await expect(w.launcher).to_be_visible()
    box = await w.launcher.bounding_box()
    assert box and round(box["width"]) == 60 and box["x"] + box["width"] <= 1280 - 16 + 0.5
    await w.launcher.click()
    await expect(w.field).to_be_focused()
    assert await w.field.evaluate("(field) => getComputedStyle(field).fontSize") == "16px"
    await ask(page, "c'est quoi HOPE ?", "personnes réfugiées")  # cross-origin relay, allowed origin
    # The yellow asked for is darkened until white text on it reaches 4.5:1.
    contrast_issues = [v for v in await axe_violations(page, "afpa-assistant") if v["impact"] in ("serious", "critical")]
    assert contrast_issues == [], contrast_issues
    await page.keyboard.press("Escape")
    assert await focused_in_widget(page) == "launcher"
    assert await csp_violations(page) == []


async def test_its_styles_do_not_leak_into_the_host_page(page, web_url, other_site):
    other_site.headers = {}
    other_site.pages["/plain"] = (
        "<!doctype html><html lang='fr'><head><title>Page</title></head><body>"
        "<p class='launcher panel msg user choice header'>Texte de la page</p>"
        f"<script src='{web_url}/widget.js' async></script></body></html>"
    )
    await page.goto(other_site.url("/plain"))
    await expect(widget(page).launcher).to_be_visible()
    styles = await page.locator("p.launcher").evaluate(
        "(p) => { const s = getComputedStyle(p); return [s.position, s.backgroundColor, s.borderRadius]; }"
    )
    assert styles == ["static", "rgba(0, 0, 0, 0)", "0px"]
    assert await page.evaluate("document.querySelectorAll('style, link[rel=stylesheet]').length") == 0


# -- against an assistant that fails, or sends a document ------------------------------------------------


async def test_the_assistant_down_gets_a_clear_message_and_a_retry_that_works(page, stub_assistant, start_web_server):  # noqa: F811
    stub_assistant.status = 500
    stub_assistant.replies = [{"text": "Me revoilà."}]
    base = await start_web_server(stub_assistant.url)
    w = widget(page)
    await open_widget(page, base + "/")
    await w.field.fill("bonjour")
    await page.keyboard.press("Enter")
    await expect(w.problem).to_contain_text("ne répond pas pour le moment", timeout=ANSWER_TIMEOUT_MS)
    await expect(w.problem).to_contain_text("Mission locale")
    stub_assistant.status = 200
    await w.problem.get_by_role("button", name="Réessayer").click()
    await expect(w.bot.last).to_have_text("L'assistant : Me revoilà.", timeout=ANSWER_TIMEOUT_MS)
    await expect(w.problem).to_have_count(0)
    await expect(w.user).to_have_count(1)  # the message was not shown twice


async def test_a_document_becomes_a_download(page, stub_assistant, start_web_server):  # noqa: F811
    stub_assistant.replies = [{"custom": {"document": {
        "filename": "atelier-afpa-AB12.ics", "content_base64": "QkVHSU46VkNBTEVOREFSDQpFTkQ6VkNBTEVOREFS",
        "mime_type": "text/calendar", "caption": "Votre atelier découverte : ajoutez-le à votre agenda.",
    }}}]
    base = await start_web_server(stub_assistant.url)
    w = widget(page)
    await open_widget(page, base + "/")
    await w.field.fill("mon rendez-vous")
    await page.keyboard.press("Enter")
    link = page.get_by_role("link", name="Télécharger « atelier-afpa-AB12.ics »")
    await expect(link).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    await expect(w.bot.last).to_contain_text("ajoutez-le à votre agenda")
    async with page.expect_download() as download_info:
        await link.click()
    download = await download_info.value
    assert download.suggested_filename == "atelier-afpa-AB12.ics"
    assert open(await download.path(), "rb").read() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR"
