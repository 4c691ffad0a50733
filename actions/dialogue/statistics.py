"""What the conversation records for the staff statistics (issue #11, docs/staff.md).

- a question answered: one of ``ANSWERING_ACTIONS`` ran (a programme, a topic, a figure,
  a word explained, centres found);
- a question not answered: ``UNANSWERED_ACTIONS`` ran (not understood, a request the
  assistant cannot do), with the message scrubbed of personal data;
- an eligibility result given: its outcome and best-fitting programme.

The action server calls ``note_action`` after each action (bot/action_server.py); the
eligibility result action calls ``note_eligibility``. Each writes one anonymous row, in a
thread of its own (the reply never waits; the returned future is for tests)
(``actions.staff.events``): where the person lives as their intercommunality only (from
the commune they gave, when resolved). Never fails a conversation: a database error is
logged and ignored, and nothing is written before the database is ready.
"""
from __future__ import annotations

from typing import Optional

from actions.staff.events import epci_of_commune, record_eligibility_check, record_question, record_safely

ANSWERING_ACTIONS = frozenset({
    "action_programme_info", "action_programme_duration", "action_programme_pay", "action_list_programmes",
    "action_partnership", "action_local_apprenticeship", "action_job_cuts", "action_key_figures",
    "action_explain_term", "action_more_details", "action_find_centre",
})
# Out of scope is answered by a response (utter_out_of_scope), without the action server:
# not counted until the rule runs an action instead.
UNANSWERED_ACTIONS = frozenset({"action_clarify", "action_cannot_do"})


def person_epci(tracker) -> Optional[str]:
    return epci_of_commune(tracker.get_slot("place_insee"))


def _typed_text(tracker) -> Optional[str]:
    text = (tracker.latest_message or {}).get("text") or ""
    return None if text.startswith("/") else text  # a button's payload says nothing


def note_action(action_name: str, tracker):
    """Counts a question answered or not, when ``action_name`` is one that answers one."""
    if action_name in ANSWERING_ACTIONS:
        answered, text = True, None
    elif action_name in UNANSWERED_ACTIONS:
        answered, text = False, _typed_text(tracker)
    else:
        return None
    epci = person_epci(tracker)
    return record_safely(lambda db: record_question(db, answered=answered, text=text, epci_siren=epci))


def eligibility_outcome(summary) -> str:
    """"fits", "nearly", "nothing_fits" or "undecided", from an ``actions.eligibility.Summary``."""
    if summary.fits:
        return "fits"
    if summary.nearly:
        return "nearly"
    if summary.why_nothing_fits:
        return "nothing_fits"
    return "undecided"


def note_eligibility(tracker, profile, catalogue):
    """Counts one eligibility result given (its outcome, the best-fitting programme)."""
    try:
        from actions.eligibility import build_summary

        summary = build_summary(profile, catalogue)
        outcome = eligibility_outcome(summary)
        programmes = [verdict.programme_id for verdict in summary.fits]
    except Exception:  # the result was already given; statistics never break it
        return None
    epci = person_epci(tracker)
    return record_safely(lambda db: record_eligibility_check(db, epci_siren=epci, programme_ids=programmes, outcome=outcome))


__all__ = ["ANSWERING_ACTIONS", "UNANSWERED_ACTIONS", "eligibility_outcome", "note_action", "note_eligibility"]
