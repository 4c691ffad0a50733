"""Finding the nearest centres (actions/dialogue/centres.py), by distance, from a commune
or from a position shared on Telegram."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.centres import ActionFindCentre, ValidateCentreForm
from actions.dialogue.place import ActionAskPlaceInsee
from tests.unit.conftest import form_tracker

SENS = "89387"  # Yonne (Bourgogne-Franche-Comté), 47 km from Montargis (Centre-Val de Loire)


@pytest.fixture
def dispatcher():
    return CollectingDispatcher()


def find_centre(dispatcher, **tracker):
    events = ActionFindCentre().run(dispatcher, form_tracker(form=None, **tracker), {})
    return dispatcher.messages[0]["text"], events


def position(latitude, longitude):
    return [{"entity": "latitude", "value": latitude}, {"entity": "longitude", "value": longitude}]


def test_nearest_centres_with_distance_address_and_how_sure(dispatcher):
    text, _ = find_centre(dispatcher, slots={"place_insee": "59350"})  # Lille
    assert text.startswith("Les centres Afpa les plus proches de Lille (59) :")
    assert "- Centre Afpa de Lille-Lomme, dans votre commune : 35 rue de la Mitterie" in text
    assert "- Centre Afpa de Roubaix, à 11 km :" in text
    assert "à confirmer" in text  # Roubaix is "unsure" in data/centres.csv
    assert "vol d'oiseau" in text and "n'est pas officielle" in text and "www.afpa.fr" in text
    assert "pas par distance" not in text
    assert text.count("\n- ") == 3
    assert "/book_workshop" in [b["payload"] for b in dispatcher.messages[0]["buttons"]]


def test_at_the_edge_of_a_region_the_closer_centre_across_the_border_comes_first(dispatcher):
    text, _ = find_centre(dispatcher, slots={"place_insee": SENS})
    first = text.split("\n")[1]
    # Montargis (Loiret) is 47 km away; Dijon, the nearest centre of Sens's own region, 170 km.
    assert first.startswith("- Centre Afpa de Montargis, à 47 km :")
    assert "Dijon" not in text


def test_overseas_has_no_centre(dispatcher):
    text, _ = find_centre(dispatcher, slots={"place_insee": "97411"})
    assert "outre-mer" in text


def test_a_shared_position_gives_the_centres_nearest_to_it(dispatcher):
    text, events = find_centre(dispatcher, intent="find_centre", entities=position(50.69, 3.18))  # Roubaix
    assert text.startswith("Les centres Afpa les plus proches de votre position (près de Roubaix, 59) :")
    assert "- Centre Afpa de Roubaix, à moins de 2 km :" in text
    assert "depuis votre position" in text
    assert "50.69" not in text and "3.18" not in text
    assert all(event.get("name") not in ("latitude", "longitude") for event in events)


@pytest.mark.parametrize(
    "latitude, longitude",
    [(999, -999), (46.0, -20.0), ("nan", 1.0), (None, 3.1), ("Roubaix", "59"), (True, False)],
)
def test_a_position_that_is_not_in_france_gets_a_polite_answer(dispatcher, latitude, longitude):
    text, events = find_centre(dispatcher, intent="find_centre", entities=position(latitude, longitude))
    assert text.startswith("Je n'ai pas pu situer cette position en France.")
    assert "ville" in text and events == []


def test_the_centre_form_takes_a_shared_position_as_the_place(dispatcher):
    validator = ValidateCentreForm()
    tracker = form_tracker(form="centre_form", intent="find_centre", entities=position(48.2, 3.28))  # Sens
    assert validator.extract_place.__name__  # the form reads the position through extract_place
    slots = validator.validate_place("(position partagée)", dispatcher, tracker, {})
    assert slots["place_insee"] == SENS and slots["place"] == "Sens"
    assert dispatcher.messages == []


def test_the_centre_form_refuses_a_forged_position_politely_and_asks_again(dispatcher):
    tracker = form_tracker(form="centre_form", intent="find_centre", entities=position(999, 999))
    slots = ValidateCentreForm().validate_place("(position partagée)", dispatcher, tracker, {})
    assert slots["place"] is None and slots["place_insee"] is None
    assert "Je n'ai pas pu situer cette position en France" in dispatcher.messages[0]["text"]


async def test_extract_place_reads_only_a_position():
    validator = ValidateCentreForm()
    with_position = form_tracker(form="centre_form", intent="find_centre", entities=position(48.2, 3.28))
    assert await validator.extract_place(CollectingDispatcher(), with_position, {}) == {"place": "(position partagée)"}
    typed = form_tracker(form="centre_form", text="Sens", entities=[{"entity": "commune", "value": "Sens"}])
    assert await validator.extract_place(CollectingDispatcher(), typed, {}) == {}


def test_the_centre_form_keeps_a_commune_overseas(dispatcher):
    tracker = form_tracker(form="centre_form", text="97400", entities=[{"entity": "postal_code", "value": "97400"}],
                           requested_slot="place")
    slots = ValidateCentreForm().validate_place("97400", dispatcher, tracker, {})
    assert slots["place_insee"] == "97411" and "requested_slot" not in slots


def test_a_shared_name_in_the_centre_form_gives_find_centre_buttons(dispatcher):
    tracker = form_tracker(form="centre_form", text="Saint-Denis", entities=[{"entity": "commune", "value": "Saint-Denis"}],
                           requested_slot="place")
    slots = ValidateCentreForm().validate_place("Saint-Denis", dispatcher, tracker, {})
    ask = CollectingDispatcher()
    ActionAskPlaceInsee().run(ask, form_tracker(form="centre_form", slots=slots), {})
    assert '/find_centre{"place_insee":"93066"}' in [b["payload"] for b in ask.messages[0]["buttons"]]


def test_the_commune_question_never_shows_more_than_six_buttons_in_a_turn(dispatcher):
    # Twelve communes are called "Sainte-Colombe".
    tracker = form_tracker(form="centre_form", text="sainte colombe", requested_slot="place")
    slots = ValidateCentreForm().validate_place("sainte colombe", dispatcher, tracker, {})
    assert len(slots["place_choices"]) > 6
    ask = CollectingDispatcher()
    ActionAskPlaceInsee().run(ask, form_tracker(form="centre_form", slots=slots), {})
    assert len(ask.messages[0]["buttons"]) == 5
    assert "ajoutez le code postal" in ask.messages[0]["text"]

    # After two answers not understood, the correction offers a person (two buttons):
    # the question then shows four communes, six buttons in all.
    answer = CollectingDispatcher()
    failing = form_tracker(form="centre_form", text="euh", slots={**slots, "booking_failures": 1.0},
                           extracted={"place_insee": "euh"}, requested_slot="place_insee")
    failed = ValidateCentreForm().validate_place_insee("euh", answer, failing, {})
    assert failed["booking_failures"] == 2
    ask_again = CollectingDispatcher()
    ActionAskPlaceInsee().run(ask_again, form_tracker(form="centre_form", slots={**slots, **failed}), {})
    buttons = [b for message in answer.messages + ask_again.messages for b in message.get("buttons") or []]
    assert len(buttons) == 6


def test_without_a_place_it_asks(dispatcher):
    text, _ = find_centre(dispatcher)
    assert "ville ou votre code postal" in text


@pytest.mark.parametrize(
    "insee, said",
    [("76351", "près du Havre (76)"), ("62041", "près d'Arras (62)"), ("59512", "près de Roubaix (59)"),
     ("91692", "près des Ulis (91)")],
)
def test_a_commune_is_named_with_french_elision(insee, said):
    from actions.replies.centres import near
    from actions.territory import commune_by_insee

    assert near(commune_by_insee(insee)) == said
