"""Booking reference codes: six characters, easy to read aloud and to type back.

The alphabet leaves out the look-alikes 0/O, 1/I/L: 31 symbols, so about 887 million
codes; a collision is retried by the caller (the column is unique).
"""
from __future__ import annotations

import re
import secrets
from typing import Optional

from actions.booking.models import REFERENCE_LENGTH

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_SEPARATORS = re.compile(r"[\s\-_.]+")


def new_reference() -> str:
    """A random reference; ``secrets`` so that codes cannot be guessed from each other."""
    return "".join(secrets.choice(ALPHABET) for _ in range(REFERENCE_LENGTH))


def normalise_reference(text: Optional[str]) -> Optional[str]:
    """What the user typed ("k7m 4qx", "K7M-4QX") as a reference, or None if it cannot be one."""
    if not text:
        return None
    candidate = _SEPARATORS.sub("", text.strip().upper())
    if len(candidate) != REFERENCE_LENGTH or any(char not in ALPHABET for char in candidate):
        return None
    return candidate


def spoken_reference(reference: str) -> str:
    """The reference in two groups, easier to read and to note: "K7M 4QX"."""
    half = len(reference) // 2
    return f"{reference[:half]} {reference[half:]}"
