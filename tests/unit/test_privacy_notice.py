"""The privacy notice (bot/privacy_notice.py, bot/web/pages/confidentialite.html): one text,
the web page and Telegram's /confidentialite; what it must say (docs/privacy.md)."""
import pytest

from actions.booking.retention import RETENTION_DAYS
from actions.privacy import PRIVACY_NOTICE_VERSION
from bot.privacy_notice import MISSING_CONTACT, notice_html, notice_text, notice_values

HEADINGS = ("Ce qui est gardé, et où", "Pourquoi", "Combien de temps", "Qui peut les voir",
            "Comment les effacer", "Qui contacter")


@pytest.mark.parametrize("render, channel", [(notice_html, "web"), (notice_text, "telegram")])
def test_the_notice_says_what_why_how_long_who_how_to_erase_and_whom_to_contact(render, channel):
    text = render(notice_values("dpo@exemple.fr", 24), channel=channel)
    for heading in HEADINGS:
        assert heading in text
    assert f"effacée {RETENTION_DAYS} jours après votre dernier message" in text
    assert f"effacés {RETENTION_DAYS} jours après l'atelier" in text
    assert "RQTH" in text and "réfugié" in text and "refuser" in text
    assert "supprimer mes données" in text and "dpo@exemple.fr" in text
    assert f"Version de cette notice : {PRIVACY_NOTICE_VERSION}" in text


def test_each_channel_gets_its_own_parts_only():
    values = notice_values("dpo@exemple.fr", 24)
    page, message = notice_html(values, "web"), notice_text(values, "telegram")
    assert "Nouvelle conversation" in page and "/supprimer_mes_donnees" not in page and "only-telegram" not in page
    assert "/supprimer_mes_donnees" in message and "navigateur" not in message and "<" not in message
    assert len(message) < 4096  # one Telegram message


def test_without_a_contact_the_operator_is_told_to_complete_it():
    text = notice_text(notice_values("", 24, environ={}))
    assert MISSING_CONTACT in text and "WEB_PRIVACY_CONTACT" in text


def test_values_are_escaped_in_the_page():
    assert "&lt;script&gt;" in notice_html(notice_values("<script>", 24))
