"""Where the person is: the place questions shared by the booking form and the centre form.

Slots (domain/place.yml):

- ``place``: the commune or postal code as typed, then the official name once resolved;
- ``place_insee``: the INSEE code of that commune, asked with buttons
  (``/book_workshop{"place_insee": "93066"}``) when several communes share the name;
- ``place_choices``: the INSEE codes of those communes, likeliest first.

A position shared on Telegram arrives as ``/find_centre{"latitude": …, "longitude": …}``
(bot/telegram/location.py): it gives the commune nearest to it, without a question. The
coordinates are never stored in a slot nor logged; a position that is not in France (or
not a position at all) gets a polite answer and the place question.

The rules live in ``actions.territory`` (resolver, distances); the wording in
``actions.replies.place``. ``booking_failures`` counts the answers not understood in a
row, as in every form (``actions.dialogue.failures``).
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.dialogue.common import latest_entity, send
from actions.dialogue.failures import failed, failures, is_payload
from actions.dialogue.forms import free_text_answer
from actions.replies import place as replies
from actions.territory import Commune, commune_by_insee, nearest_centres, resolve_place
from actions.territory.centres import Point, as_point, commune_at
from actions.territory.resolver import choose_among

PLACE_SLOTS = ("place", "place_insee", "place_choices")
# What ``extract_place`` puts in the slot for a shared position, so that ``validate_place``
# runs: never the coordinates themselves.
POSITION_MARKER = "(position partagée)"
MAX_CHOICES_KEPT = 20


def chosen_commune(tracker: Tracker) -> Optional[Commune]:
    return commune_by_insee(tracker.get_slot("place_insee") or "")


def shared_position(tracker: Tracker) -> Tuple[bool, Optional[Point]]:
    """(whether the latest message carries a position, the point): the point is None when
    the values are no position at all (a forged payload)."""
    entities = (tracker.latest_message or {}).get("entities") or []
    values = {e.get("entity"): e.get("value") for e in entities if e.get("entity") in ("latitude", "longitude")}
    if not values:
        return False, None
    return True, as_point(values.get("latitude"), values.get("longitude"))


class PlaceValidation:
    """``extract_place``, ``validate_place`` and ``validate_place_insee`` for a form."""

    # The booking form cannot go on without a centre nearby (overseas); the centre
    # form says so itself.
    stops_without_centre = False

    def _place_text(self, value: Any, tracker: Tracker) -> Optional[str]:
        entities = [latest_entity(tracker, "commune"), latest_entity(tracker, "postal_code")]
        named = " ".join(entity for entity in entities if entity)
        if named:
            return named
        if isinstance(value, str) and not is_payload(value) and value != POSITION_MARKER:
            return value
        return None

    def _commune_found(self, commune: Commune, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
        slots: Dict[Text, Any] = {
            "place": commune.name, "place_insee": commune.insee, "place_choices": None, "booking_failures": 0.0,
        }
        if self.stops_without_centre and not nearest_centres(commune, 1):
            send(dispatcher, replies.overseas(commune))
            slots.update({"place": None, "place_insee": None, "requested_slot": None})
        return slots

    async def extract_place(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """A shared position fills the place (``validate_place`` then reads it); else the
        answer typed to the place question."""
        has_position, _ = shared_position(tracker)
        return {"place": POSITION_MARKER} if has_position else free_text_answer(tracker, "place")

    async def extract_place_insee(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return free_text_answer(tracker, "place_insee")

    def validate_place(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        has_position, point = shared_position(tracker)
        if has_position:
            commune = commune_at(point) if point is not None else None
            if commune is None:
                send(dispatcher, replies.position_not_in_france())
                return {"place": None, "place_insee": None}
            return self._commune_found(commune, dispatcher)
        text = self._place_text(value, tracker)
        if text is None:
            return {"place": None}
        resolution = resolve_place(text)
        if resolution.status == "found":
            if resolution.match == "fuzzy":
                send(dispatcher, replies.place_guess(resolution.commune))
            return self._commune_found(resolution.commune, dispatcher)
        if resolution.status == "ambiguous":
            return {
                "place": resolution.communes[0].name,
                "place_insee": None,
                "place_choices": [commune.insee for commune in resolution.communes[:MAX_CHOICES_KEPT]],
                "booking_failures": 0.0,
            }
        slots = failed(tracker, dispatcher, replies.place_not_found, "place")
        slots["place_insee"] = None
        return slots

    def validate_place_insee(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if tracker.get_slot("place_insee") != value:
            return {}  # the place was validated again in this turn and decided already
        known = commune_by_insee(value or "") if isinstance(value, str) else None
        if known is not None and not tracker.get_slot("place_choices"):
            # Kept from before (a former search), or a button of an earlier question.
            return self._commune_found(known, dispatcher)
        candidates = [c for c in map(commune_by_insee, tracker.get_slot("place_choices") or []) if c]
        text = latest_entity(tracker, "place_insee") or (value if isinstance(value, str) else None)
        if text is None or is_payload(text):
            return {"place_insee": None}
        commune = choose_among(candidates, text)
        if commune is None:
            resolution = resolve_place(text)
            commune = resolution.commune if resolution.status == "found" else None
        if commune is None:
            return failed(tracker, dispatcher, replies.commune_not_chosen, "place_insee")
        return self._commune_found(commune, dispatcher)


class ActionAskPlace(Action):
    """The booking form's question (the centre form has its own wording)."""

    def name(self) -> Text:
        return "action_ask_place"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        send(dispatcher, replies.ask_place())
        return []


class ActionAskCentreFormPlace(Action):
    def name(self) -> Text:
        return "action_ask_centre_form_place"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        send(dispatcher, replies.ask_place(for_centre=True))
        return []


class ActionAskPlaceInsee(Action):
    """"Laquelle est la vôtre ?" with a button per commune (fewer after a correction that
    already offered help, so that the turn never shows more than six buttons)."""

    def name(self) -> Text:
        return "action_ask_place_insee"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        candidates = [c for c in map(commune_by_insee, tracker.get_slot("place_choices") or []) if c]
        for_centre = tracker.active_loop_name == "centre_form"
        if not candidates:
            send(dispatcher, replies.ask_place(for_centre=for_centre))
            return []
        room = replies.COMMUNE_BUTTONS_AFTER_HELP if failures(tracker) >= 2 else replies.MAX_COMMUNE_BUTTONS
        intent = "find_centre" if for_centre else "book_workshop"
        send(dispatcher, replies.commune_choice(candidates, intent=intent, room=room))
        return []
