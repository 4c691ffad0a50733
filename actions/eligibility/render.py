"""The summary as short French lines (vouvoiement), for any channel."""

from __future__ import annotations

from typing import List

from actions.eligibility import wording
from actions.eligibility.engine import Verdict
from actions.eligibility.summary import AlternativeOffer, Summary

FITS_TITLE = "Ce qui peut vous convenir :"
NEARLY_TITLE = "Ce qui pourrait vous convenir :"
ALTERNATIVES_TITLE = "D'autres solutions, en dehors de l'Afpa :"
NOT_ENOUGH = "Je n'en sais pas encore assez sur votre situation pour vous répondre."


def _confirm(because: str) -> str:
    """The doubt, then « À confirmer avec un conseiller. », unless the sentence already says it."""
    if wording.TO_CONFIRM in because.lower():
        return because
    return f"{because} {wording.sentence(wording.TO_CONFIRM)}."


def verdict_lines(verdict: Verdict) -> List[str]:
    """ "- reason", then an indented line for the doubts and one per note."""
    lines = [f"- {verdict.reason}"]
    if verdict.to_confirm:
        doubts = " ".join(verdict.to_confirm)
        # An uncertain "fits" already says « à confirmer avec un conseiller »: once is enough.
        lines.append(f"  {doubts if wording.TO_CONFIRM in verdict.reason else _confirm(doubts)}")
    lines += [f"  {note}" for note in verdict.notes]
    return lines


def alternative_line(offer: AlternativeOffer) -> str:
    line = f"- {offer.text}"
    return f"{line} {_confirm(offer.uncertain_because)}" if offer.uncertain_because else line


def render_summary(summary: Summary) -> List[str]:
    """Text lines: what fits, what nearly fits, and otherwise why not and where else to go."""
    lines: List[str] = []
    if summary.fits:
        lines.append(FITS_TITLE)
        for verdict in summary.fits:
            lines += verdict_lines(verdict)
    # Once something fits, only the near misses that match the person's own answers
    # are worth the reading; before that, every near miss shows a way in.
    nearly = [v for v in summary.nearly if v.strength > 0] if summary.fits else list(summary.nearly)
    if nearly:
        lines.append(NEARLY_TITLE)
        for verdict in nearly:
            lines += verdict_lines(verdict)
    if summary.why_nothing_fits:
        lines.append(summary.why_nothing_fits)
    if summary.nothing_fits and summary.alternatives:
        lines.append(ALTERNATIVES_TITLE)
        lines += [alternative_line(offer) for offer in summary.alternatives]
    # The places open to all are worth naming to someone the Afpa can serve;
    # to a 15-year-old they would read as "here is an Afpa programme for you".
    if summary.open_to_all and (summary.fits or nearly):
        names = wording.join_and(verdict.called for verdict in summary.open_to_all)
        lines.append(f"Et pour tout le monde, sans condition : {names}.")
    return lines or [NOT_ENOUGH]
