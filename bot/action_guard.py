"""Action server trouble in the Rasa server: a short apology, never a stuck conversation.

Rasa 3.6 waits up to five minutes for the action server and, when a custom action
fails, logs the error, loses the action's events and goes on predicting, which may
call the failing server again and again; the bridges give up long before (8 s), and
the person gets nothing but the bridge's generic apology.

``install()`` (called by bot/rasa_server.py before Rasa starts) changes three things:

- every call to the action server (``RemoteAction.run``) has a deadline of
  ``ACTION_TIMEOUT_SECONDS`` (default 4 s, far below Rasa's five minutes and the bridges' 8 s);
- once one call of a message's turn failed (server down, too slow, an error 5xx or
  an answer Rasa cannot read), the other calls of that turn fail at once instead of
  waiting again: one deadline per message at most;
- the action of the turn that failed is followed by the apology
  (``TECHNICAL_PROBLEM``: what happened, try again later, how to reach a person) and
  by ``action_listen``: Rasa waits for the next message. What the action would have
  changed is lost, nothing else: the slots and the active form stay as they were, the
  conversation is saved and its lock released as after any message, and the next
  message, once the action server is back, carries on from there.

A rejection by a form's validation (``ActionExecutionRejection``, an error 400 from
the action server) is Rasa's normal flow and is left alone. ``action_session_start``
failing is not apologised for (the message it precedes is what matters; the next
call of the turn fails at once and brings the apology if one is needed).
"""
from __future__ import annotations

import asyncio
import contextvars
import logging
import os
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

from bot.settings import read_number
from bot.telegram.messages import TECHNICAL_PROBLEM

logger = logging.getLogger(__name__)

DEFAULT_ACTION_TIMEOUT_SECONDS = 4.0
# The bridges wait 8 s at most for Rasa (WEB_/TELEGRAM_RASA_TIMEOUT_SECONDS): one
# action deadline plus the language model's work must fit well inside.
MAX_ACTION_TIMEOUT_SECONDS = 6.0
APOLOGY = TECHNICAL_PROBLEM


def action_timeout_seconds(environ: Mapping[str, str] = os.environ) -> float:
    return read_number(
        environ, "ACTION_TIMEOUT_SECONDS", DEFAULT_ACTION_TIMEOUT_SECONDS, minimum=0.5, maximum=MAX_ACTION_TIMEOUT_SECONDS
    )


class ActionServerTrouble(Exception):
    """The action server did not answer usably; ``reason`` is safe to log (no user data)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Turn:
    """What went wrong with the action server during one message's handling."""

    failures: int = 0
    apologised: bool = False
    reasons: list = field(default_factory=list)


_turn: contextvars.ContextVar[Optional[Turn]] = contextvars.ContextVar("action_guard_turn", default=None)
_installed = False


def _as_rasa_exception(reason: str) -> Exception:
    """An exception Rasa's own handlers treat as an action failure (RasaException)."""
    from rasa.shared.exceptions import RasaException

    class _Trouble(ActionServerTrouble, RasaException):
        pass

    return _Trouble(reason)


def install(timeout_seconds: Optional[float] = None) -> None:
    """Wraps Rasa's RemoteAction and MessageProcessor (once per process)."""
    global _installed
    if _installed:
        return
    _installed = True
    timeout = action_timeout_seconds() if timeout_seconds is None else timeout_seconds

    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
    from rasa.shared.core.events import ActionExecuted, BotUttered

    from bot import metrics

    remote_run = RemoteAction.run
    run_action = MessageProcessor._run_action
    handle_message = MessageProcessor.handle_message

    async def guarded_remote_run(self: Any, output_channel, nlg, tracker, domain):
        turn = _turn.get()
        if turn is not None and turn.failures:
            turn.failures += 1
            raise _as_rasa_exception(f"action {self.name()} skipped: the action server failed earlier in this turn")
        try:
            return await asyncio.wait_for(remote_run(self, output_channel, nlg, tracker, domain), timeout)
        except ActionExecutionRejection:
            raise  # a form's validation said no: Rasa's normal flow
        except asyncio.TimeoutError:
            reason = f"action {self.name()}: no answer within {timeout:g} s"
        except Exception as error:  # down, 5xx, unreadable answer
            reason = f"action {self.name()}: {type(error).__name__}"
            if error.__cause__ is not None:
                reason += f" ({type(error.__cause__).__name__})"
        metrics.ACTION_ERRORS.labels(process="rasa").inc()
        if turn is not None:
            turn.failures += 1
            turn.reasons.append(reason)
        logger.warning("Serveur d'actions en difficulté : %s", reason)
        raise _as_rasa_exception(reason)

    async def guarded_run_action(self: Any, action, tracker, output_channel, nlg, prediction) -> bool:
        turn = _turn.get()
        before = turn.failures if turn is not None else 0
        should_go_on = await run_action(self, action, tracker, output_channel, nlg, prediction)
        if turn is None or turn.failures == before or action.name() == ACTION_SESSION_START_NAME:
            return should_go_on
        if not turn.apologised:
            turn.apologised = True
            apology = BotUttered(text=APOLOGY, metadata={"action_server_trouble": True})
            tracker.update(apology)
            await output_channel.send_response(tracker.sender_id, apology.message())
        # Wait for the next message, as after any answer.
        tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
        return False

    async def guarded_handle_message(self: Any, message):
        token = _turn.set(Turn())
        try:
            return await handle_message(self, message)
        finally:
            _turn.reset(token)

    RemoteAction.run = guarded_remote_run
    MessageProcessor._run_action = guarded_run_action
    MessageProcessor.handle_message = guarded_handle_message
