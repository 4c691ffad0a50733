"""Finding the nearest Afpa centres ("où est le centre afpa le plus proche ?")."""
from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.dialogue.booking import NEAREST_CENTRES, PlaceValidation, chosen_commune
from actions.dialogue.common import send
from actions.replies import booking as booking_replies
from actions.replies import centres as replies
from actions.territory import nearest_centres


class ValidateCentreForm(PlaceValidation, FormValidationAction):
    """Where: the same questions as for a booking (a commune or a postal code, which one)."""

    def name(self) -> Text:
        return "validate_centre_form"


class ActionFindCentre(Action):
    """The centre form's submit (also answers in the middle of a booking)."""

    def name(self) -> Text:
        return "action_find_centre"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        commune = chosen_commune(tracker)
        if commune is None:
            send(dispatcher, booking_replies.ask_place(for_centre=True))
            return []
        send(dispatcher, replies.nearest(commune, nearest_centres(commune, NEAREST_CENTRES)))
        return [SlotSet("booking_commune_choices", None), SlotSet("booking_failures", None)]
