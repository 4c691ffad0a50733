"""Staff questions, key figures, words explained and « En savoir plus » (issue #13).

Thin actions: read the tracker, call actions/replies/ (topics, figures, glossary,
programmes), send, return slot events. Who speaks is read by actions/answers/audience.py
(slot ``audience``), what a numbers question asks by actions/answers/numbers.py.
"""
from __future__ import annotations

import abc
from typing import List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers.audience import PROFESSIONAL, audience_of, speaks_of_a_local_authority
from actions.answers.numbers import ANY, CENTRES, PLACES, TERRITORIES, asked_quantity, asks_about_money
from actions.dialogue.common import CATALOGUE, latest_entity, send
from actions.dialogue.forms import latest_text, put_aside_if_drifting
from actions.replies import figures as figure_replies
from actions.replies import glossary as glossary_replies
from actions.replies import programmes as programme_replies
from actions.replies import topics as topic_replies
from actions.replies.conversation import main_menu
from actions.replies.programmes import Nearest
from actions.replies.reply import Reply

AUDIENCE_SLOT, TOPIC_SLOT = "audience", "topic"


def audience_events(tracker: Tracker) -> List[EventType]:
    """Sets ``audience`` when the latest words are a professional's (kept for the conversation)."""
    heard = audience_of(latest_text(tracker))
    if heard is not None and tracker.get_slot(AUDIENCE_SLOT) != heard:
        return [SlotSet(AUDIENCE_SLOT, heard)]
    return []


def audience(tracker: Tracker) -> Optional[str]:
    return audience_of(latest_text(tracker)) or tracker.get_slot(AUDIENCE_SLOT)


def nearest_centre(tracker: Tracker) -> Nearest:
    """The nearest Afpa centre to the person's commune, when a commune is known."""
    from actions.dialogue.place import chosen_commune
    from actions.territory.centres import centres_by_distance

    commune = chosen_commune(tracker)
    if commune is None:
        return None
    pairs = centres_by_distance(commune, 1)
    return pairs[0] if pairs else None


class _TopicAction(Action, metaclass=abc.ABCMeta):
    """Abstract, so that rasa-sdk registers only the concrete actions below."""

    topic_id = ""

    @abc.abstractmethod
    def name(self) -> Text:
        ...

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        topic = CATALOGUE.topics[self.topic_id]
        send(dispatcher, topic_replies.summary(CATALOGUE, topic))
        return [SlotSet(TOPIC_SLOT, topic.id), *audience_events(tracker), *put_aside_if_drifting(tracker, dispatcher)]


class ActionPartnership(_TopicAction):
    topic_id = topic_replies.PARTNERSHIP

    def name(self) -> Text:
        return "action_partnership"


class ActionLocalApprenticeship(_TopicAction):
    topic_id = topic_replies.LOCAL_APPRENTICESHIP

    def name(self) -> Text:
        return "action_local_apprenticeship"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        text = latest_text(tracker)
        if audience(tracker) == PROFESSIONAL or speaks_of_a_local_authority(text):
            return super().run(dispatcher, tracker, domain)
        # « salaire d'un apprenti ? » with no local authority in sight: the apprenticeship itself.
        programme = CATALOGUE.programmes["apprentissage"]
        if asks_about_money(text):
            reply = programme_replies.pay(CATALOGUE, programme, nearest=nearest_centre(tracker))
        else:
            reply = programme_replies.info(programme, audience=audience(tracker))
        send(dispatcher, reply)
        return [SlotSet("programme", programme.id), SlotSet(TOPIC_SLOT, programme.id),
                *put_aside_if_drifting(tracker, dispatcher)]


class ActionJobCuts(_TopicAction):
    topic_id = topic_replies.JOB_CUTS

    def name(self) -> Text:
        return "action_job_cuts"


def numbers_reply(tracker: Tracker, kind: Optional[str]) -> Reply:
    """Free places (the booking's sessions near the person's commune) or key figures."""
    if kind == PLACES:
        from actions.dialogue.place import chosen_commune

        commune = chosen_commune(tracker)
        if commune is None:
            return figure_replies.places_where()
        from actions.booking.offers import offer_sessions
        from actions.booking.runtime import booking_backend

        offer = offer_sessions(booking_backend().service, commune, None, None, tracker.sender_id)
        return figure_replies.free_places(commune, offer.sessions, CATALOGUE)
    named = CATALOGUE.find(latest_entity(tracker, "programme"))
    programme = named
    if programme is None and kind not in (CENTRES, TERRITORIES) and "afpa" not in latest_text(tracker).lower():
        # « et combien de jeunes ? » about the programme the conversation is on.
        programme = CATALOGUE.find(tracker.get_slot("programme"))
    return figure_replies.key_figures(
        CATALOGUE, programme.id if programme else None, kind, nearest=nearest_centre(tracker)
    )


class ActionKeyFigures(Action):
    """« combien de places / de jeunes, quel taux de réussite »: never a duration."""

    def name(self) -> Text:
        return "action_key_figures"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        kind = asked_quantity(latest_text(tracker)) or ANY
        send(dispatcher, numbers_reply(tracker, kind))
        topic = [] if kind == PLACES else [SlotSet(TOPIC_SLOT, figure_replies.KEY_FIGURES)]
        return [*topic, *audience_events(tracker), *put_aside_if_drifting(tracker, dispatcher)]


class ActionExplainTerm(Action):
    """« c'est quoi le CIR ? »: the word explained; a programme's name gets the programme."""

    def name(self) -> Text:
        return "action_explain_term"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        events = [*audience_events(tracker)]
        term = CATALOGUE.find_term(latest_entity(tracker, "term")) or CATALOGUE.term_in(latest_text(tracker))
        if term is not None:
            send(dispatcher, glossary_replies.explain(term))
        else:
            programme = CATALOGUE.find(latest_entity(tracker, "programme"))
            if programme is not None:
                send(dispatcher, programme_replies.info(programme, audience=audience(tracker)))
                events += [SlotSet("programme", programme.id), SlotSet(TOPIC_SLOT, programme.id)]
            else:
                send(dispatcher, glossary_replies.unknown_term(CATALOGUE))
        return events + put_aside_if_drifting(tracker, dispatcher)


class ActionMoreDetails(Action):
    """« En savoir plus »: the details of the topic in the button, or of the last short answer."""

    def name(self) -> Text:
        return "action_more_details"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        wanted = latest_entity(tracker, "topic") or tracker.get_slot(TOPIC_SLOT) or tracker.get_slot("programme")
        events: List[EventType] = [*audience_events(tracker)]
        topic = topic_replies.topic_for(CATALOGUE, wanted)
        programme = CATALOGUE.find(wanted)
        if topic is not None:
            send(dispatcher, topic_replies.details(CATALOGUE, topic, nearest_centre(tracker)))
            events.append(SlotSet(TOPIC_SLOT, topic.id))
        elif wanted == figure_replies.KEY_FIGURES:
            send(dispatcher, figure_replies.all_figures(CATALOGUE))
        elif programme is not None:
            send(dispatcher, programme_replies.details(
                CATALOGUE, programme, audience=audience(tracker), nearest=nearest_centre(tracker)
            ))
            events += [SlotSet("programme", programme.id), SlotSet(TOPIC_SLOT, programme.id)]
        else:
            send(dispatcher, Reply("Sur quoi voulez-vous en savoir plus ?", main_menu()))
        return events + put_aside_if_drifting(tracker, dispatcher)


__all__ = [
    "ActionExplainTerm", "ActionJobCuts", "ActionKeyFigures", "ActionLocalApprenticeship", "ActionMoreDetails",
    "ActionPartnership", "audience", "audience_events", "nearest_centre", "numbers_reply",
]
