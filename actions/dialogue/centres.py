"""Finding the nearest Afpa centres ("où est le centre afpa le plus proche ?"), with their distance."""
from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.dialogue.cancelling import own_booking_answer
from actions.dialogue.common import CATALOGUE, send
from actions.dialogue.form_validation import FormValidator
from actions.dialogue.forms import answer_digression
from actions.dialogue.place import PlaceValidation, chosen_commune, shared_position
from actions.replies import centres as replies
from actions.replies import place as place_replies
from actions.territory.centres import centres_by_distance, centres_near_point, commune_at, is_metropolitan

NEAREST_CENTRES = 3


class ValidateCentreForm(PlaceValidation, FormValidator):
    """Where: the same questions as for a booking (a commune or a postal code, which one).

    "c ou ?" from a person who has booked is about that booking: no question, the submit
    action answers it (``own_booking_answer``)."""

    def name(self) -> Text:
        return "validate_centre_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        if tracker.get_slot("requested_slot") is None and own_booking_answer(tracker) is not None:
            return []
        return domain_slots


class ActionFindCentre(Action):
    """The centre form's submit (also answers in the middle of a booking, and a shared position)."""

    def name(self) -> Text:
        return "action_find_centre"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        done = [SlotSet("place_choices", None), SlotSet("booking_failures", None)]
        about_booking = own_booking_answer(tracker)
        if about_booking is not None:
            send(dispatcher, about_booking)
            return done
        has_position, point = shared_position(tracker)
        if has_position:
            commune = commune_at(point) if point is not None else None
            if commune is None:
                send(dispatcher, place_replies.position_not_in_france())
                return []
            # Distances from the position itself; the commune only names the area.
            centres = centres_near_point(point, NEAREST_CENTRES) if is_metropolitan(commune) else []
            send(dispatcher, replies.nearest(commune, centres, from_position=True, catalogue=CATALOGUE))
            return done
        commune = chosen_commune(tracker)
        if commune is None:
            send(dispatcher, place_replies.ask_place(for_centre=True))
            return []
        # Also asked in the middle of a booking: answered as a digression (one question a turn).
        reply = replies.nearest(commune, centres_by_distance(commune, NEAREST_CENTRES), catalogue=CATALOGUE)
        return done + answer_digression(dispatcher, tracker, reply)
