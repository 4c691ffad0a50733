"""Normalises French chat text before tokenisation, keeping track of offsets.

Plain Python with no Rasa import, so that it can be unit-tested and reused
(the channel bridges do not need it; the NLU pipeline does).

What it does, in order:
- typographic apostrophes and quotes become ASCII ones (same length);
- the text is lower-cased (character by character, so lengths never change);
- letters repeated three times or more are collapsed ("ouiiii" -> "oui");
- words of ``french_lexicon.yml`` are rewritten ("jveux" -> "je veux",
  "refugie" -> "réfugié").

Because rewriting words changes the length of the text, every rewrite is
recorded so that entity annotations of the training data (character offsets)
can be moved to the same words in the new text: see ``NormalisedText.map_span``.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

LEXICON_PATH = Path(__file__).with_name("french_lexicon.yml")

_TYPOGRAPHIC = str.maketrans(
    {
        "\u2019": "'",  # right single quotation mark, the iPhone apostrophe
        "\u2018": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u00a0": " ",  # no-break space, common before "?" in French typing
        "\u202f": " ",
    }
)
# A "word" is a run of letters; digits, spaces and punctuation are left alone.
_WORD = re.compile(r"[^\W\d_]+")
_REPEATED_LETTER = re.compile(r"([^\W\d_])\1{2,}")


@lru_cache(maxsize=1)
def load_lexicon(path: Path = LEXICON_PATH) -> Dict[str, str]:
    """Returns the merged word -> replacement table of the lexicon file."""
    with open(path, encoding="utf-8") as handle:
        sections = yaml.safe_load(handle)
    table: Dict[str, str] = {}
    for section in sections.values():
        for word, replacement in section.items():
            table[unicodedata.normalize("NFC", str(word).lower())] = str(replacement)
    return table


@dataclass(frozen=True)
class NormalisedText:
    """The normalised text and the offset map back to the original."""

    original: str
    text: str
    # Each rewritten word: (original start, original end, new start, new end).
    _segments: Tuple[Tuple[int, int, int, int], ...]

    def map_offset(self, original_offset: int, *, is_end: bool) -> int:
        """Moves a character offset of the original text into the new text."""
        starts = [segment[0] for segment in self._segments]
        index = bisect.bisect_right(starts, original_offset) - 1
        if index < 0:
            return original_offset
        old_start, old_end, new_start, new_end = self._segments[index]
        if original_offset >= old_end:
            # After this rewritten word: shift by the length difference so far.
            return original_offset + (new_end - old_end)
        # Inside (or at the start of) a rewritten word: snap to its boundaries.
        if is_end and original_offset > old_start:
            return new_end
        return new_start

    def map_span(self, start: int, end: int) -> Tuple[int, int]:
        return self.map_offset(start, is_end=False), self.map_offset(end, is_end=True)


def _lower_same_length(text: str) -> str:
    # str.lower() can change a string's length ("İ" -> "i̇"): keep such
    # characters as they are so offsets stay valid.
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def normalise(text: str, lexicon: Dict[str, str] | None = None) -> NormalisedText:
    """Normalises ``text`` and returns it with its offset map."""
    table = load_lexicon() if lexicon is None else lexicon
    simple = _lower_same_length(unicodedata.normalize("NFC", text).translate(_TYPOGRAPHIC))
    if len(simple) != len(text):
        # NFC composed some characters: offsets of annotations no longer hold,
        # so fall back to the per-character changes only.
        simple = _lower_same_length(text.translate(_TYPOGRAPHIC))

    pieces: List[str] = []
    segments: List[Tuple[int, int, int, int]] = []
    position = 0
    new_length = 0
    for match in _WORD.finditer(simple):
        word = match.group()
        replacement = table.get(_REPEATED_LETTER.sub(r"\1", word), None)
        if simple[match.end() : match.end() + 1] == "'":
            # An elided word ("c'est", "t'es", "j'ai") is already written out.
            replacement = None
        if replacement is None:
            collapsed = _REPEATED_LETTER.sub(r"\1", word)
            replacement = collapsed if collapsed != word else None
        between = simple[position : match.start()]
        pieces.append(between)
        new_length += len(between)
        if replacement is None or replacement == word:
            pieces.append(word)
            new_length += len(word)
        else:
            segments.append((match.start(), match.end(), new_length, new_length + len(replacement)))
            pieces.append(replacement)
            new_length += len(replacement)
        position = match.end()
    pieces.append(simple[position:])
    return NormalisedText(original=text, text="".join(pieces), _segments=tuple(segments))
