#!/usr/bin/env python3
"""Writes docs/glossary.md from data/catalogue/glossary.yml (the words the assistant explains)."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from actions.catalogue import load_catalogue  # noqa: E402
from actions.replies.glossary import glossary_markdown  # noqa: E402


def main() -> None:
    target = ROOT / "docs" / "glossary.md"
    target.write_text(glossary_markdown(load_catalogue()), encoding="utf-8")
    print(f"{target.relative_to(ROOT)} written")


if __name__ == "__main__":
    main()
