"""A location shared on Telegram, end to end: the real bridge, the Bot API stand-in and the
real assistant. It answers with the nearest centres and their distance and offers to book
there; a forged location gets a polite answer; the coordinates appear in no log."""
from __future__ import annotations

import logging
import re

import pytest

from bot.telegram.privacy import quiet_noisy_loggers
from tests.e2e.telegram_fixtures import start_bridge, telegram  # noqa: F401 - fixtures

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

# Roubaix, to the metre: the bridge rounds it to two decimals before sending it on.
LATITUDE, LONGITUDE = 50.691234, 3.181765


async def test_a_shared_location_gives_the_nearest_centres_and_books_there(telegram, caplog, assistant_log):
    quiet_noisy_loggers()  # as python -m bot.telegram does
    caplog.set_level(logging.DEBUG, logger="bot")
    user = telegram.user()
    exchange = await user.send(location={"latitude": LATITUDE, "longitude": LONGITUDE})
    text = exchange.text
    assert text.startswith("Les centres Afpa les plus proches de votre position (près de Roubaix, 59) :")
    assert "- Centre Afpa de Roubaix, à moins de 2 km :" in text
    assert "- Centre Afpa de Lille-Lomme, à 1" in text  # 11 or 12 km, as the crow flies
    assert "Réserver un atelier découverte" in exchange.labels

    booking = await user.press("Réserver un atelier découverte")
    assert "près de Roubaix (59)" in booking.text  # the place came with the position
    assert "Dans quelle ville" not in booking.text
    first = next(line for line in booking.text.split("\n") if line.startswith("1. "))
    assert "Roubaix" in first and "(dans votre commune)" in first

    # Neither the bridge nor the assistant logged the position, rounded or not.
    logs = caplog.text + assistant_log.read_text(errors="replace")
    # (not preceded by a digit: a log line's time "08:19:23,188" is no longitude)
    for shown in (r"50[.,]69", r"3[.,]18"):
        assert not re.search(r"(?<!\d)" + shown, logs), shown


@pytest.mark.parametrize("latitude, longitude", [(999.0, -999.0), (46.0, -20.0)])
async def test_a_forged_or_foreign_location_gets_a_polite_answer(telegram, latitude, longitude):
    exchange = await telegram.user().send(location={"latitude": latitude, "longitude": longitude})
    assert exchange.text.startswith("Je n'ai pas pu situer cette position en France.")
    assert "code postal" in exchange.text
