"""Finding the nearest centres (actions/dialogue/centres.py)."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.centres import ActionFindCentre, ValidateCentreForm
from tests.unit.conftest import form_tracker


@pytest.fixture
def dispatcher():
    return CollectingDispatcher()


def test_nearest_centres_with_address_and_how_sure(dispatcher):
    ActionFindCentre().run(dispatcher, form_tracker(form=None, slots={"booking_commune_insee": "59350"}), {})  # Lille
    text = dispatcher.messages[0]["text"]
    assert text.startswith("Les centres Afpa les plus proches de Lille (59) :")
    assert "Centre Afpa de Lille-Lomme : 35 rue de la Mitterie" in text
    assert "à confirmer" in text  # Roubaix is "unsure" in data/centres.csv
    assert "n'est pas officielle" in text and "www.afpa.fr" in text
    assert text.count("\n- ") == 3
    assert "/book_workshop" in [b["payload"] for b in dispatcher.messages[0]["buttons"]]


def test_overseas_has_no_centre(dispatcher):
    ActionFindCentre().run(dispatcher, form_tracker(form=None, slots={"booking_commune_insee": "97411"}), {})
    assert "outre-mer" in dispatcher.messages[0]["text"]


def test_the_centre_form_keeps_a_commune_overseas(dispatcher):
    tracker = form_tracker(form="centre_form", text="97400", entities=[{"entity": "postal_code", "value": "97400"}],
                           requested_slot="booking_place")
    slots = ValidateCentreForm().validate_booking_place("97400", dispatcher, tracker, {})
    assert slots["booking_commune_insee"] == "97411" and "requested_slot" not in slots


def test_a_shared_name_in_the_centre_form_gives_find_centre_buttons(dispatcher):
    from actions.dialogue.booking import ActionAskBookingCommuneInsee

    tracker = form_tracker(form="centre_form", text="Saint-Denis", entities=[{"entity": "commune", "value": "Saint-Denis"}],
                           requested_slot="booking_place")
    slots = ValidateCentreForm().validate_booking_place("Saint-Denis", dispatcher, tracker, {})
    ask = CollectingDispatcher()
    ActionAskBookingCommuneInsee().run(ask, form_tracker(form="centre_form", slots=slots), {})
    assert '/find_centre{"booking_commune":"93066"}' in [b["payload"] for b in ask.messages[0]["buttons"]]


def test_without_a_place_it_asks(dispatcher):
    ActionFindCentre().run(dispatcher, form_tracker(form=None), {})
    assert "ville ou votre code postal" in dispatcher.messages[0]["text"]
