"""The staff lookups in the conversation (issue #11): places, centres, figures.

Each action first asks who is writing: ``verified_staff`` reads the claim a bridge signed
into the latest message's metadata (Telegram: the user id Telegram vouches for; web: the
signed-in staff session), bound to this conversation and a few minutes old at most. No
claim, a forged or stale one, a claim of someone not on the staff list: the polite refusal
and what the assistant does for the public; no lookup is made. The lookups themselves are
plain Python (``actions.staff.lookups``), scoped to the member's territory or centres; the
wording is ``actions.replies.staff``.
"""
from __future__ import annotations

import logging
from typing import Any, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import DBAPIError

from actions.answers.staff_period import sessions_period, statistics_period
from actions.booking.runtime import BookingUnavailable, booking_backend
from actions.booking.service import make_sessionmaker
from actions.dialogue.common import CATALOGUE, latest_entity, send
from actions.replies import staff as replies
from actions.staff.directory import StaffIdentity
from actions.staff.verification import verified_staff
from actions.territory.models import Commune
from actions.territory.resolver import resolve_place

logger = logging.getLogger(__name__)

CENTRES_SHOWN = 5


def _text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def commune_asked(tracker: Tracker, identity: StaffIdentity) -> Optional[Commune]:
    """The commune named in the latest message; among namesakes, the one on the member's territory."""
    name = latest_entity(tracker, "commune")
    postal_code = latest_entity(tracker, "postal_code")
    if not name and not postal_code:
        return None
    resolution = resolve_place(name or postal_code, postal_code=postal_code)
    if resolution.commune is not None:
        return resolution.commune
    own = [c for c in resolution.communes if c.epci_code in identity.epcis]
    return (own or list(resolution.communes) or [None])[0]


class StaffAction:
    """Verifies the writer, then ``answer`` for a staff member; the refusal for anyone else.

    A mixin, not an ``Action``: rasa-sdk registers every subclass of ``Action`` it finds."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        try:
            sessions = make_sessionmaker(booking_backend().engine)
            identity = verified_staff((tracker.latest_message or {}).get("metadata"), tracker.sender_id, sessions)
        except (BookingUnavailable, DBAPIError) as error:
            # Nobody is vouched for while the staff list cannot be read.
            logger.warning("staff lookup without database (%s)", type(error).__name__)
            send(dispatcher, replies.refusal())
            return []
        if identity is None:
            send(dispatcher, replies.refusal())
            return []
        from actions.staff.lookups import StaffForbidden

        try:
            with sessions() as db:
                reply = self.answer(tracker, identity, db, booking_backend().now())
        except StaffForbidden as forbidden:
            reply = replies.forbidden(forbidden.message)
        except DBAPIError as error:
            logger.warning("staff lookup failed (%s)", type(error).__name__)
            reply = replies.unavailable()
        send(dispatcher, reply)
        return []

    def answer(self, tracker: Tracker, identity: StaffIdentity, db: Any, now: Any) -> replies.Reply:
        raise NotImplementedError


class ActionStaffPlaces(StaffAction, Action):
    """« combien de places cette semaine sur mon territoire ? »: upcoming sessions, places left."""

    def name(self) -> Text:
        return "action_staff_places"

    def answer(self, tracker: Tracker, identity: StaffIdentity, db: Any, now: Any) -> replies.Reply:
        from actions.staff.lookups import places

        said_date = latest_entity(tracker, "date")
        period = sessions_period(said_date or _text(tracker), now)
        if not period.label and said_date is None and _text(tracker).startswith("/"):
            period = sessions_period("cette semaine", now)  # /places, a button: this week
        programme = CATALOGUE.find(latest_entity(tracker, "programme")) or CATALOGUE.programme_in(_text(tracker))
        commune = commune_asked(tracker, identity)
        found = places(
            db, identity, now=now, week_start=period.week_start,
            commune_insee=commune.insee if commune else None,
            programme_id=programme.id if programme else None,
        )
        found = [session for session in found if period.contains(session.starts_at)]
        return replies.places(
            found, replies.scope_of(identity), period=period.label,
            programme=programme.name if programme else None, commune=commune.name if commune else None,
        )


class ActionStaffCentres(StaffAction, Action):
    """« quels centres desservent mon territoire ? »: name, distance, contact."""

    def name(self) -> Text:
        return "action_staff_centres"

    def answer(self, tracker: Tracker, identity: StaffIdentity, db: Any, now: Any) -> replies.Reply:
        from actions.staff.lookups import territory_centres

        found = territory_centres(identity, limit=None)
        return replies.centres(found[:CENTRES_SHOWN], identity, total=len(found))


class ActionStaffStats(StaffAction, Action):
    """« combien de réservations ce mois-ci sur mon territoire ? »: counts only."""

    def name(self) -> Text:
        return "action_staff_stats"

    def answer(self, tracker: Tracker, identity: StaffIdentity, db: Any, now: Any) -> replies.Reply:
        from actions.staff.lookups import statistics

        period = statistics_period(latest_entity(tracker, "date") or _text(tracker), now)
        stats = statistics(db, identity, start=period.start, end=period.end)
        return replies.statistics(stats, replies.scope_of(identity))
