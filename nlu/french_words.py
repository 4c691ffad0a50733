"""Whether a word is an ordinary French word, from the spaCy model the pipeline loads anyway.

Used by ``nlu/place_extractor.py``: a commune named like a word ("Sens", "Orange",
"Plaisir") is taken inside a sentence only where the sentence says it is a place
(actions/territory/mentions.py). The word lists are those of the model's lemmatizer
(inflected forms and lemmas) and its stop words, compared with and without accents,
because people type both.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable, FrozenSet

from actions.territory.normalise import place_key
from nlu.shared_spacy import SpacyNLP


def _lookups(spacy_model_name: str):
    language = SpacyNLP.load_model(spacy_model_name).model
    if "lemmatizer" not in language.pipe_names:
        return language, {}, {}
    lookups = language.get_pipe("lemmatizer").lookups
    return language, lookups.get_table("lemma_index", {}), lookups.get_table("lemma_lookup", {})


@lru_cache(maxsize=None)
def _known_words(spacy_model_name: str) -> FrozenSet[str]:
    """The lemmas and stop words, with and without accents, and the inflected forms
    without their accents ("metiers", "remunere": people type them so)."""
    language, index, forms = _lookups(spacy_model_name)
    words = set(language.Defaults.stop_words)
    for part_of_speech in index:
        words.update(index[part_of_speech])
    # The table of inflected forms is keyed by hash: its accented words are found among
    # the model's strings (the others are looked up as typed).
    words.update(s for s in language.vocab.strings if not s.isascii() and s.islower() and s in forms)
    return frozenset(words | {place_key(word) for word in words})


@lru_cache(maxsize=None)
def is_ordinary_word(spacy_model_name: str) -> Callable[[str], bool]:
    """A predicate on lower-case words (with or without accents)."""
    _, _, forms = _lookups(spacy_model_name)
    known = _known_words(spacy_model_name)

    def ordinary(word: str) -> bool:
        return word in known or word in forms

    return ordinary
