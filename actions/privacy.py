"""The privacy rules every process shares (plain Python, no Rasa): docs/privacy.md.

- ``PRIVACY_NOTICE_VERSION``: the version of the privacy notice
  (bot/web/pages/confidentialite.html shows it). Stored with every consent (a booking's
  ``consent_notice_version``, the conversation's ``privacy_notice`` slot) so that one can
  tell what the person was told. Change it whenever the notice says something new.
- ``RETENTION_DAYS`` (environment, default 90): personal data is kept this many days after
  the workshop (a booking's first name and contact) or after the last message (a stored
  conversation), then erased by the retention job (``bot/retention.py``).
- ``RETENTION_INTERVAL_HOURS`` (environment, default 24): how often the job runs.
"""
from __future__ import annotations

import os
from typing import Mapping

PRIVACY_NOTICE_VERSION = "2026-12-01"
PRIVACY_COMMAND = "/confidentialite"
# Slots (domain/privacy.yml). ERASURE_SLOT: set by action_delete_my_data after a "oui"; the
# Rasa server's tracker store (bot/conversations/tracker_store.py) then deletes the stored
# conversation when the turn is saved. NOTICE_SLOT: {"version", "shown_at"}, when the person
# was told what is kept, before the eligibility check.
ERASURE_SLOT = "erasure_requested"
NOTICE_SLOT = "privacy_notice"
DEFAULT_RETENTION_DAYS = 90
DEFAULT_RETENTION_INTERVAL_HOURS = 24.0


def load_retention_days(environ: Mapping[str, str] = os.environ) -> int:
    """``RETENTION_DAYS``: a whole number of days, at least 1; SystemExit in French otherwise."""
    raw = (environ.get("RETENTION_DAYS") or "").strip()
    if not raw:
        return DEFAULT_RETENTION_DAYS
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"RETENTION_DAYS doit être un nombre entier de jours, au moins 1 (pas {raw!r})")
    return int(raw)


def load_retention_interval_hours(environ: Mapping[str, str] = os.environ) -> float:
    """``RETENTION_INTERVAL_HOURS``: a positive number of hours (decimals allowed)."""
    raw = (environ.get("RETENTION_INTERVAL_HOURS") or "").strip()
    if not raw:
        return DEFAULT_RETENTION_INTERVAL_HOURS
    try:
        hours = float(raw.replace(",", "."))
    except ValueError:
        hours = 0.0
    if not hours > 0 or hours != hours or hours == float("inf"):
        raise SystemExit(f"RETENTION_INTERVAL_HOURS doit être un nombre d'heures positif (pas {raw!r})")
    return hours


__all__ = [
    "DEFAULT_RETENTION_DAYS", "DEFAULT_RETENTION_INTERVAL_HOURS", "ERASURE_SLOT", "NOTICE_SLOT", "PRIVACY_COMMAND", "PRIVACY_NOTICE_VERSION",
    "load_retention_days", "load_retention_interval_hours",
]
