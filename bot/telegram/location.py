"""A location shared in the chat: the hook for "the nearest centres".

Location search is not available yet: the bridge answers that and suggests
typing the town instead (messages.LOCATION_NOT_AVAILABLE).

Hook for the booking feature: make ``location_payload`` return the Rasa
payload to send for a location, for instance
``/find_centre{"latitude":50.69,"longitude":3.18}`` (with ``latitude`` and
``longitude`` declared as entities/slots in the domain); the bridge then
forwards it like a pressed button and renders the assistant's answer. The
coordinates are personal data: do not log them.
"""
from __future__ import annotations

from typing import Optional


def location_payload(latitude: float, longitude: float) -> Optional[str]:
    """The payload for a shared location, or None while location search is not available."""
    return None
