"""Reading YAML catalogue files with errors that name the file and the key.

Shared by the loader of programme files, the eligibility rules and the
alternatives, so that every mistake reads the same way, e.g.
``data/catalogue/programmes/hope.yml: facts.pay.sources is missing``.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, Iterable, Tuple

import yaml

CONFIDENCES = ("sure", "likely", "unsure")


class CatalogueError(ValueError):
    """The catalogue is incomplete or malformed; the message says where."""


class Reader:
    """Reads one YAML mapping and reports errors with the file and key path."""

    def __init__(self, path: Path, data: Any, prefix: str = "") -> None:
        self.path, self.data, self.prefix = path, data, prefix
        if not isinstance(data, dict):
            self.fail("", "must be a mapping")

    def fail(self, key: str, problem: str) -> None:
        where = f"{self.prefix}{key}" if key else (self.prefix.rstrip(".") or "the file")
        raise CatalogueError(f"{self.path}: {where} {problem}")

    def has(self, key: str) -> bool:
        return key in self.data

    def get(self, key: str, kind: type, *, required: bool = True, nullable: bool = False) -> Any:
        if key not in self.data:
            if required:
                self.fail(key, "is missing")
            return None
        value = self.data[key]
        if value is None:
            if nullable or not required:
                return None
            self.fail(key, "is empty")
        # YAML reads "yes"/"true" as bool, and bool is an int in Python: an age
        # written "true" must not pass for 1.
        if kind is int and isinstance(value, bool):
            self.fail(key, "must be of type int, not bool")
        if not isinstance(value, kind):
            self.fail(key, f"must be of type {kind.__name__}, not {type(value).__name__}")
        if isinstance(value, str) and not value.strip():
            self.fail(key, "is empty")
        return value

    def child(self, key: str) -> "Reader":
        return Reader(self.path, self.get(key, dict), f"{self.prefix}{key}.")

    def items(self, key: str, *, required: bool = True) -> Iterable["Reader"]:
        """One reader per mapping of the list under ``key`` (``key[0].``, ``key[1].``…)."""
        values = self.get(key, list, required=required) or []
        return [
            Reader(self.path, value, f"{self.prefix}{key}[{index}].") for index, value in enumerate(values)
        ]

    def refuse_unknown_keys(self, allowed: Iterable[str]) -> None:
        """A misspelt key would otherwise be silently ignored, and its rule lost."""
        allowed = set(allowed)
        for key in self.data:
            if key not in allowed:
                self.fail(str(key), f"is not a known key (expected one of: {', '.join(sorted(allowed))})")


def read_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except OSError as error:
        raise CatalogueError(f"{path}: cannot be read ({error.strerror})") from error
    except yaml.YAMLError as error:
        raise CatalogueError(f"{path}: not valid YAML ({error})") from error


def checked_date(reader: Reader) -> datetime.date:
    checked = reader.get("checked", datetime.date)
    if checked > datetime.date.today():
        reader.fail("checked", "is in the future")
    return checked


def confidence(reader: Reader, *, required: bool = True) -> str | None:
    value = reader.get("confidence", str, required=required)
    if value is not None and value not in CONFIDENCES:
        reader.fail("confidence", f"must be one of {', '.join(CONFIDENCES)}")
    return value


def sources(reader: Reader, *, required: bool = True) -> Tuple[str, ...]:
    """Source URLs: at least one when required, each an http(s) address."""
    values = reader.get("sources", list, required=required) or []
    if required and not values:
        reader.fail("sources", "must name at least one source")
    for value in values:
        if not isinstance(value, str) or not value.startswith("http"):
            reader.fail("sources", f"must be URLs, not {value!r}")
    return tuple(values)
