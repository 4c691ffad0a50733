"""The anonymous facts behind the staff statistics: ``assistant_events`` (plain Python).

    record_eligibility_check(db, epci_siren="200093201", programme_ids=["promo_16_18"], outcome="fits")
    record_question(db, answered=False, text="et pour le permis ?", epci_siren=None)
    scrub_question("Je m'appelle Zoé, mon 06 12 34 56 78") -> "je m'appelle [prénom], mon [téléphone]"

Nothing here identifies a person: where they live is kept as their intercommunality
(SIREN) only, a question's text is scrubbed of e-mail addresses, phone numbers (the
log scrubbing of ``actions.log_privacy``), every other number, and first names where
they can be told (after « je m'appelle », « moi c'est », « mon prénom est », and
capitalised words inside a sentence); then lower-cased, so that the same question
typed twice counts twice. The conversation records through ``record_safely``: a
database error is logged (its type only) and the conversation goes on.
"""
from __future__ import annotations

import concurrent.futures
import datetime as dt
import functools
import logging
import os
import re
import threading
from typing import Callable, Iterable, Optional

from sqlalchemy.orm import Session

from actions.booking.clock import utc_now
from actions.log_privacy import scrub
from actions.staff.lookups import ANSWERED, ELIGIBILITY_CHECK, QUESTION, UNANSWERED
from actions.staff.models import AssistantEvent

logger = logging.getLogger(__name__)

TEXT_MAX = 300
_NAMED = re.compile(
    r"\b(je m'?\s?appelle|moi c'?\s?est|mon (?:pré|pre)nom (?:est|c'?est)|mon nom (?:est|c'?est)|"
    r"je suis (?:madame|monsieur|mme|m\.))\s+([^\s,.;:!?]+(?:[\s-][A-ZÀ-Ý][^\s,.;:!?]*)*)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+(?:[\s.,/-]?\d+)*")
_CAPITALISED = re.compile(r"\b[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)*\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+|\n)$")
# Capitalised words people write inside a sentence that are not names.
_KEPT_WORDS = frozenset({
    "afpa", "france", "travail", "pôle", "emploi", "mission", "locale", "prépa", "compétences", "promo",
    "déclic", "action", "hope", "villages", "solutions", "place", "caf", "état", "région", "département",
    "je", "j'ai", "bonjour", "merci", "oui", "non", "telegram",
})


@functools.lru_cache(maxsize=1)
def _programme_words() -> frozenset:
    try:
        from actions.catalogue import load_catalogue

        catalogue = load_catalogue()
        return frozenset(word.lower() for programme in catalogue.programmes.values()
                         for word in re.findall(r"[\wÀ-ÿ]+", programme.name))
    except Exception:  # the catalogue is not needed to scrub safely: fewer words kept
        return frozenset()


def scrub_question(text: Optional[str]) -> Optional[str]:
    """The question without e-mails, phone numbers, numbers nor first names, lower-cased,
    whitespace and final punctuation tidied, at most ``TEXT_MAX`` characters; None if empty."""
    if not text or not text.strip():
        return None
    cleaned = scrub(text.replace("’", "'"))
    cleaned = _NAMED.sub(lambda match: f"{match.group(1)} [prénom]", cleaned)
    cleaned = _NUMBER.sub("[nombre]", cleaned)
    kept = _KEPT_WORDS | _programme_words()

    def name(match: re.Match) -> str:
        word = match.group(0)
        if word.lower() in kept or _SENTENCE_START.search(cleaned[: match.start()]):
            return word
        return "[nom]"

    cleaned = _CAPITALISED.sub(name, cleaned)
    cleaned = " ".join(cleaned.split()).rstrip(" .!?…").lower()
    return cleaned[:TEXT_MAX] or None


def record_eligibility_check(db: Session, *, epci_siren: Optional[str], programme_ids: Iterable[str],
                             outcome: str, now: Optional[dt.datetime] = None) -> None:
    """One eligibility result given: its outcome ("fits", "nearly", "undecided",
    "nothing_fits") and the best-fitting programme, if any."""
    programmes = [programme for programme in programme_ids if programme]
    db.add(AssistantEvent(at=now or utc_now(), kind=ELIGIBILITY_CHECK, epci_siren=_siren(epci_siren),
                          programme_id=programmes[0][:40] if programmes else None, outcome=outcome[:40]))


def record_question(db: Session, *, answered: bool, text: Optional[str], epci_siren: Optional[str] = None,
                    now: Optional[dt.datetime] = None) -> None:
    """One question: answered, or not (then its scrubbed text, for the most frequent ones)."""
    db.add(AssistantEvent(at=now or utc_now(), kind=QUESTION, epci_siren=_siren(epci_siren),
                          outcome=ANSWERED if answered else UNANSWERED,
                          text=None if answered else scrub_question(text)))


def _siren(value: Optional[str]) -> Optional[str]:
    return value if value and len(value) == 9 and value.isdigit() else None


_recorder: Optional[concurrent.futures.ThreadPoolExecutor] = None
_recorder_pid: Optional[int] = None
_recorder_lock = threading.Lock()


def _write(write: Callable[[Session], None]) -> bool:
    try:
        from actions.booking.runtime import prepared_backend
        from actions.booking.service import make_sessionmaker

        backend = prepared_backend()
        if backend is None:
            return False
        with make_sessionmaker(backend.engine).begin() as db:
            write(db)
        return True
    except Exception as error:  # statistics never break a conversation
        logger.warning("assistant event not recorded (%s)", type(error).__name__)
        return False


def record_safely(write: Callable[[Session], None]) -> "concurrent.futures.Future[bool]":
    """Runs ``write`` in its own transaction on the action server's database, in a thread of
    its own so that the reply never waits for it; the future never raises (no database yet:
    skipped; an error: logged with its type only, the conversation goes on)."""
    global _recorder, _recorder_pid
    with _recorder_lock:
        if _recorder is None or _recorder_pid != os.getpid():  # one per process (Sanic forks)
            _recorder = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="assistant-events")
            _recorder_pid = os.getpid()
        recorder = _recorder
    try:
        return recorder.submit(_write, write)
    except RuntimeError:  # the interpreter is shutting down
        future: "concurrent.futures.Future[bool]" = concurrent.futures.Future()
        future.set_result(False)
        return future


def epci_of_commune(insee: Optional[str]) -> Optional[str]:
    """The intercommunality (SIREN) of a commune slot's INSEE code, when it resolves."""
    if not insee:
        return None
    try:
        from actions.territory import commune_by_insee

        commune = commune_by_insee(str(insee))
    except Exception:
        return None
    return commune.epci_code if commune is not None else None


__all__ = ["epci_of_commune", "record_eligibility_check", "record_question", "record_safely", "scrub_question"]
