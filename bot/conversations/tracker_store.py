"""Rasa's SQL tracker store, plus the erasure of a conversation on the person's request.

``endpoints.yml`` names ``ErasingSQLTrackerStore`` (same settings as Rasa's ``SQL`` type: the
URL is ``TRACKER_STORE_URL``). It behaves exactly like ``SQLTrackerStore`` except in the turn
where ``action_delete_my_data`` (actions/dialogue/privacy.py), after a "oui", set the slot
``erasure_requested``: then, instead of appending that turn's events, ``save`` deletes every
stored event of this sender, from every session. The Rasa server holds the tracker in
memory during a turn and saves it once at the end, under the conversation's lock, so this
is the moment when the history can really be gone: nothing of it is written back, and the
next message finds no tracker and starts a new conversation (``action_session_start``).

Imports Rasa: loaded by the Rasa server only. See docs/privacy.md.
"""
from __future__ import annotations

import logging

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from actions.privacy import ERASURE_SLOT

logger = logging.getLogger(__name__)


def erasure_requested(tracker: DialogueStateTracker) -> bool:
    """Whether this turn asked for the conversation to be erased (the slot is never stored)."""
    slot = tracker.slots.get(ERASURE_SLOT)
    return bool(slot is not None and slot.value)


class ErasingSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` whose ``save`` erases the conversation when it was asked to."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A database error must not print the row it was writing (a message, the slots).
        self.engine.hide_parameters = True

    async def save(self, tracker: DialogueStateTracker) -> None:
        if erasure_requested(tracker):
            deleted = await self.erase(tracker.sender_id)
            # No sender id in the log: it would link the line to the person.
            logger.info("conversation erased on request: %s stored events deleted", deleted)
            return
        await super().save(tracker)

    async def erase(self, sender_id: str) -> int:
        """Deletes every stored event of ``sender_id`` (all sessions); returns how many."""
        with self.session_scope() as session:
            deleted = (
                session.query(self.SQLEvent)
                .filter(self.SQLEvent.sender_id == sender_id)
                .delete(synchronize_session=False)
            )
            session.commit()
        return int(deleted or 0)


__all__ = ["ErasingSQLTrackerStore", "erasure_requested"]
