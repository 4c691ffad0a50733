"""A location shared in the chat: the nearest Afpa centres, and the offer to book there.

The bridge forwards it like a pressed button: ``/find_centre{"latitude":50.69,"longitude":3.18}``.
The assistant finds the commune at that position, answers with the nearest centres and
their distance, and keeps the commune for a booking (actions/dialogue/place.py); a
position that is not in France, or no position at all (a forged update), gets a polite
answer and the question "which town?".

The coordinates are personal data: they are rounded to two decimals (about 1 km, enough
to find the commune and measure the distances) before they leave the bridge, and neither
the bridge nor the assistant logs them.
"""
from __future__ import annotations

import json
import math
from typing import Optional, Union

# Two decimals of a degree: about 1.1 km north-south, 0.7 km east-west in France.
DECIMALS = 2


def _coordinate(value: float) -> Union[float, str]:
    """The rounded value; a value that is no number (NaN, infinity) is passed as text,
    so that the assistant says it cannot use it."""
    return round(value, DECIMALS) if math.isfinite(value) else str(value)


def location_payload(latitude: float, longitude: float) -> Optional[str]:
    """The payload for a shared location (None when the values are not numbers at all)."""
    try:
        entities = {"latitude": _coordinate(float(latitude)), "longitude": _coordinate(float(longitude))}
    except (TypeError, ValueError):
        return None
    return "/find_centre" + json.dumps(entities, separators=(",", ":"))
