"""What the validation actions of the booking, centre and cancel forms share.

Each answer is read by a plain-Python parser beside its business (``actions/booking/``,
``actions/answers/``); this base only moves it in and out of slots:

- ``free_text(tracker, slot)``: the answer typed for the question asked (never a digression,
  ``actions/dialogue/forms.py``); ``yes_no_text``: the same for a yes/no slot whose "oui"
  and "non" are mapped from intents in the domain;
- ``yes_no(...)``: a yes/no slot read, or asked again;
- ``checked(...)``: a typed answer read and checked by a parser (first name, contact);
- ``accepted(slot, value)``: a slot filled, the failures in a row counted from zero again.

Answers not understood are counted (``actions/dialogue/failures.py``): from the second one
in a row, the correction also offers a person or to stop.
"""
from __future__ import annotations

import abc
from typing import Any, Callable, Dict, Optional, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import yes_or_no
from actions.booking.validation import Checked
from actions.dialogue.failures import FAILURES_SLOT, failed, is_payload
from actions.dialogue.forms import free_text_answer, latest_intent
from actions.replies.reply import Reply


class FormValidator(FormValidationAction, metaclass=abc.ABCMeta):
    """Base of the forms' validation actions (abstract: rasa-sdk registers only the concrete ones)."""

    @abc.abstractmethod
    def name(self) -> Text:
        ...

    @staticmethod
    def free_text(tracker: Tracker, slot: str) -> Dict[Text, Any]:
        return free_text_answer(tracker, slot)

    @staticmethod
    def yes_no_text(tracker: Tracker, slot: str) -> Dict[Text, Any]:
        if latest_intent(tracker) in ("affirm", "deny"):
            return {}  # mapped from the intent in the domain
        return free_text_answer(tracker, slot)

    @staticmethod
    def not_an_answer(value: Any) -> bool:
        """Nothing typed, or a button payload caught by a free-text mapping."""
        return not isinstance(value, str) or is_payload(value)

    @staticmethod
    def accepted(slot: str, value: Any) -> Dict[Text, Any]:
        return {slot: value, FAILURES_SLOT: 0.0}

    def yes_no(
        self, value: Any, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker,
        not_understood: Callable[[int], Reply],
    ) -> Dict[Text, Any]:
        answer: Optional[bool] = yes_or_no(value)
        if answer is None:
            if is_payload(value):
                return {slot: None}
            return failed(tracker, dispatcher, not_understood, slot)
        return self.accepted(slot, answer)

    def checked(
        self, value: Any, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker,
        read: Callable[[str], Checked], problem: Callable[[Optional[str], int], Reply],
    ) -> Dict[Text, Any]:
        if self.not_an_answer(value):
            return {slot: None}
        result = read(value)
        if not result.ok:
            return failed(tracker, dispatcher, lambda attempt: problem(result.reason, attempt), slot)
        return self.accepted(slot, result.value)
