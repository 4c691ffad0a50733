"""Small French sentence helpers: lists, capitals, ages (vouvoiement, short sentences)."""

from __future__ import annotations

from typing import Iterable, Optional, Sequence

TO_CONFIRM = "à confirmer avec un conseiller"


def sentence(text: str) -> str:
    """Capital first letter: "la Promo 16-18 …" → "La Promo 16-18 …"."""
    return text[:1].upper() + text[1:] if text else text


def join_and(parts: Iterable[str]) -> str:
    """ "a", "a et b", "a, b et c"."""
    items = [part for part in parts if part]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} et {items[-1]}"


def join_or(parts: Iterable[str]) -> str:
    """Alternatives, with a comma so that "ou" inside one part stays readable."""
    return ", ou ".join(part for part in parts if part)


def with_alternatives(parts: Sequence[str]) -> str:
    """ "si A (ou si B)": the other ways in stay apart from a list of conditions joined by "et"."""
    items = [part for part in parts if part]
    if len(items) <= 1:
        return "".join(items)
    return f"{items[0]} (ou {join_or(items[1:])})"


def years(age: int) -> str:
    return f"{age} an" if age == 1 else f"{age} ans"


def you_are_aged(age: int) -> str:
    return f"vous avez {years(age)}"


def age_range(low: Optional[int], high: Optional[int]) -> str:
    """The ages a rule accepts, to follow "avoir": "de 16 à 18 ans", "au moins 16 ans"."""
    if low is not None and high is not None:
        return f"{years(low)}" if low == high else f"de {low} à {years(high)}"
    if low is not None:
        return f"au moins {years(low)}"
    return f"{years(high)} ou moins"  # type: ignore[arg-type]


def rqth_exception(max_with_rqth: Optional[int], rqth_removes_max: bool) -> str:
    if rqth_removes_max:
        return " (sans limite d'âge avec une RQTH)"
    if max_with_rqth is not None:
        return f" (jusqu'à {years(max_with_rqth)} avec une RQTH)"
    return ""
