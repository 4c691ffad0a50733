"""The payload a shared Telegram location becomes (bot/telegram/location.py)."""
import json

import pytest

from bot.telegram.location import location_payload


def entities(payload):
    intent, _, body = payload.partition("{")
    assert intent == "/find_centre"
    return json.loads("{" + body)


def test_a_location_asks_for_the_nearest_centres_with_a_rounded_position():
    assert entities(location_payload(50.691234, 3.181765)) == {"latitude": 50.69, "longitude": 3.18}


@pytest.mark.parametrize("latitude, longitude", [(999.0, -999.0), (float("nan"), 3.0), (float("inf"), 1.0)])
def test_nonsense_is_passed_on_for_the_assistant_to_refuse_politely(latitude, longitude):
    sent = entities(location_payload(latitude, longitude))
    assert set(sent) == {"latitude", "longitude"}  # valid JSON, whatever the values


def test_values_that_are_not_numbers_get_no_payload():
    assert location_payload("here", None) is None
