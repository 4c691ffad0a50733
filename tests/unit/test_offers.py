"""Which sessions are offered, nearest centre first (actions/booking/offers.py), on a real
(temporary SQLite) database with the demonstration schedule; and how the offer says it.

Clock: Wednesday 2 December 2026, 10:00 Paris time (tests/unit/conftest.py).
"""
import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import update

from actions.booking.dates import parse_when
from actions.booking.models import WorkshopSession
from actions.booking.offers import NEARBY_KM, offer_sessions
from actions.dialogue.booking import ActionAskBookingSessionId
from actions.territory import commune_by_insee, resolve_place
from actions.territory.centres import centres_by_distance
from tests.unit.conftest import BOOKING_NOW, form_tracker

ROUBAIX, SENS, AJACCIO = "59512", "89387", "2A004"


def fill_up(backend, *centre_ids):
    """Every session of these centres full: they have nothing to offer."""
    with backend.engine.begin() as connection:
        connection.execute(
            update(WorkshopSession)
            .where(WorkshopSession.centre_id.in_(centre_ids))
            .values(seats_taken=WorkshopSession.capacity)
        )


def offer(backend, insee, *, when=None, programme=None, sender=None):
    wish = parse_when(when, BOOKING_NOW) if when else None
    return offer_sessions(backend.service, commune_by_insee(insee), wish, programme, sender)


def test_in_a_town_with_a_centre_only_that_centre_is_offered(booking_backend):
    found = offer(booking_backend, ROUBAIX, programme="promo_16_18")
    assert len(found.sessions) == 5
    assert {session.centre_id for session in found.sessions} == {"roubaix"}
    starts = [session.starts_at for session in found.sessions]
    assert starts == sorted(starts)
    assert found.distances["roubaix"] == 0 and found.nearest_km == 0


def test_when_the_nearest_centre_has_nothing_the_next_one_is_offered(booking_backend):
    fill_up(booking_backend, "roubaix")
    found = offer(booking_backend, ROUBAIX)
    assert {session.centre_id for session in found.sessions} == {"lille-lomme"}
    assert found.nearest_km == pytest.approx(11, abs=2)


def test_no_far_centre_comes_before_a_near_one(booking_backend):
    commune = commune_by_insee("69266")  # Villeurbanne: Vénissieux 7 km, Saint-Priest 9 km, Saint-Étienne 55 km
    found = offer_sessions(booking_backend.service, commune, None, None)
    kilometres = [found.distances[session.centre_id] for session in found.sessions]
    assert kilometres == sorted(kilometres)
    assert max(kilometres) <= min(kilometres) + NEARBY_KM
    assert "saint-etienne" not in found.distances


def test_a_far_centre_is_offered_only_when_nothing_nearer_has_a_session(booking_backend):
    near = [centre.id for centre, km in centres_by_distance(commune_by_insee(ROUBAIX)) if km < 45]
    fill_up(booking_backend, *near)
    found = offer(booking_backend, ROUBAIX)
    assert found.sessions and all(session.centre_id not in near for session in found.sessions)
    assert found.nearest_km >= 45


def test_the_wished_day_narrows_the_nearby_sessions_only(booking_backend):
    found = offer(booking_backend, SENS, when="jeudi matin")  # Montargis has no session on Thursday morning
    assert found.wish_unmatched
    assert {session.centre_id for session in found.sessions} == {"montargis"}  # not a farther centre that has one


def test_sessions_already_booked_are_not_offered_again(booking_backend):
    first = offer(booking_backend, ROUBAIX).sessions[0]
    booking_backend.service.book(
        first.session_id, first_name="Léa", contact="0612345678", sender_id="rest:offers", channel="rest",
        consent_at=BOOKING_NOW,
    )
    again = offer(booking_backend, ROUBAIX, sender="rest:offers")
    assert first.session_id not in [session.session_id for session in again.sessions]


def test_overseas_nothing_is_offered(booking_backend):
    assert offer(booking_backend, resolve_place("97400").commune.insee).sessions == ()


def test_the_offer_says_how_far_each_centre_is(booking_backend):
    dispatcher = CollectingDispatcher()
    ActionAskBookingSessionId().run(dispatcher, form_tracker(slots={"place_insee": SENS}), {})
    text = dispatcher.messages[0]["text"]
    assert "près de Sens (89)" in text
    assert "1. " in text and "Centre Afpa de Montargis (à 47 km)" in text.split("\n")[1]


def test_a_far_nearest_centre_is_said_first(booking_backend):
    dispatcher = CollectingDispatcher()
    ActionAskBookingSessionId().run(dispatcher, form_tracker(slots={"place_insee": AJACCIO}), {})
    first_line = dispatcher.messages[0]["text"].split("\n")[0]
    assert first_line.startswith("Il n'y a pas d'atelier plus près : le centre Afpa le plus proche qui en propose est à 3")
    assert first_line.endswith("km d'Ajaccio.")
