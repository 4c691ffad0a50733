"""Which language a message is written in, when it is not French (plain Python, no Rasa import).

The assistant understands French only. A message in another language gets a short answer
in that language (English and Arabic: ``actions/replies/languages.py``), so it must be
recognised — but a short French message (« ok », « slt », « wsh », « c koi », « jsp ») must
never be taken for one. Hence, in order, the cheapest first:

1. a button payload (``/intent{…}``) is never another language;
2. Arabic script: a message written mostly in Arabic letters is Arabic (no model);
3. fewer than ``MIN_WORDS`` words: too short to tell, French;
4. French words: when at least ``FRENCH_SHARE`` of the words are French markers (the
   French stop words of spaCy that are not also English ones, the chat spellings of
   ``nlu/french_lexicon.yml`` and the words they stand for), French — most French
   messages stop here, without the model (a few English words of everyday French chat,
   ``LOANWORDS``, are not counted at all);
5. otherwise the offline language identifier Lingua (``lingua-language-detector``,
   restricted to ``CANDIDATES``, its models shipped in the wheel) decides; only a
   clear answer (``MIN_CONFIDENCE``, French below ``MAX_FRENCH``) counts.

Cost (``docs/limits.md``): a few microseconds for the messages stopped at steps 1 to 4,
about 0.2 ms with the model; building the detector (all its models loaded) takes a few
seconds, once, when the Rasa server loads the model.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import FrozenSet, Optional, Tuple

FRENCH, ENGLISH, ARABIC = "fr", "en", "ar"
# The languages the identifier chooses among (ISO 639-1). Few on purpose: the fewer, the
# surer its answer on short messages; the others are the languages most often written to
# French public services after French, English and Arabic.
# Arabic is not among them: its script decides, without the model (and saves its memory).
CANDIDATES: Tuple[str, ...] = (FRENCH, ENGLISH, "es", "pt", "de", "it")
MIN_WORDS = 3
FRENCH_SHARE = 0.3
MIN_CONFIDENCE = 0.5
MAX_FRENCH = 0.15

_WORD = re.compile(r"[^\W\d_]+")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LETTER = re.compile(r"[^\W\d_]")
# French stop words that are also common words in other languages, or mere interjections.
_NOT_FRENCH_ENOUGH = frozenset({"as", "me", "on", "or", "six", "via", "hi", "ha", "ho", "eh", "ah", "da", "na", "es"})
# English words of everyday French chat (« okay cool », « full time job »): they are not
# counted as words at all, so that a message made of them is too short to tell.
LOANWORDS = frozenset(
    {
        "ok", "okay", "oki", "cool", "bro", "yes", "yep", "yo", "nope", "no", "good", "nice", "top", "job", "jobs",
        "full", "time", "go", "let", "chill", "bad", "team", "hello", "hey", "hi", "thanks", "thx", "please", "sorry",
        "boss", "big", "up", "fun", "fake", "game", "call", "me", "help", "wow", "lol", "mdr", "ptdr", "week", "end",
        "weekend", "business", "start", "stop", "fast", "food", "dating", "coaching", "mail", "email", "online",
    }
)


@dataclass(frozen=True)
class Identification:
    language: str  # ISO 639-1; FRENCH when French or too short to tell
    confidence: float  # 1.0 when decided without the model
    by: str  # "payload", "script", "too_short", "french_words", "model"

    @property
    def french(self) -> bool:
        return self.language == FRENCH


@lru_cache(maxsize=1)
def french_markers() -> FrozenSet[str]:
    """Words that say a message is French: spaCy's French stop words less the ambiguous
    ones, and the chat spellings of the normaliser's lexicon with the words they stand for."""
    from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS
    from spacy.lang.fr.stop_words import STOP_WORDS as FRENCH_STOP_WORDS

    from nlu.normalisation import load_lexicon

    words = {word for word in FRENCH_STOP_WORDS if _WORD.fullmatch(word)}
    for typed, meant in load_lexicon().items():
        words.add(typed)
        words.update(_WORD.findall(meant.lower()))
    # One letter is no evidence (« t », « c », « g » are chat spellings, « i » and « a » English too).
    words = {word for word in words if len(word) > 1}
    return frozenset(words - set(ENGLISH_STOP_WORDS) - _NOT_FRENCH_ENOUGH - LOANWORDS)


class _Detector:
    """Lingua's detector for ``CANDIDATES``, built once (thread-safe), its models preloaded."""

    _lock = threading.Lock()
    _built = None

    @classmethod
    def get(cls):
        if cls._built is None:
            with cls._lock:
                if cls._built is None:
                    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

                    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in CANDIDATES]
                    cls._built = (
                        LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()
                    )
        return cls._built


def prepare() -> None:
    """Builds the detector and the word list now (at model load) rather than at the first message."""
    french_markers()
    _Detector.get()


def _model_guess(text: str) -> Tuple[str, float, float]:
    """(best language, its confidence, French's confidence) according to Lingua."""
    values = _Detector.get().compute_language_confidence_values(text)
    best = values[0]
    french = next((value.value for value in values if value.language.iso_code_639_1.name.lower() == FRENCH), 0.0)
    return best.language.iso_code_639_1.name.lower(), best.value, french


def words_of(text: str) -> list:
    """The words of ``text`` (letters only), as the identifier counts them."""
    return _WORD.findall(text)


def identify(text: Optional[str]) -> Identification:
    """The language of ``text``: another one only when it is clear; French otherwise."""
    if not isinstance(text, str) or not text.strip():
        return Identification(FRENCH, 1.0, "too_short")
    if text.lstrip().startswith("/"):
        return Identification(FRENCH, 1.0, "payload")
    letters = len(_LETTER.findall(text))
    arabic = len(_ARABIC_LETTER.findall(text))
    if arabic >= 2 and arabic * 2 >= letters:
        return Identification(ARABIC, 1.0, "script")
    words = [word.lower() for word in _WORD.findall(text)]
    words = [word for word in words if word not in LOANWORDS]
    if len(words) < MIN_WORDS:
        return Identification(FRENCH, 1.0, "too_short")
    markers = french_markers()
    if sum(word in markers for word in words) >= FRENCH_SHARE * len(words):
        return Identification(FRENCH, 1.0, "french_words")
    language, confidence, french = _model_guess(text)
    if language != FRENCH and confidence >= MIN_CONFIDENCE and french <= MAX_FRENCH:
        return Identification(language, confidence, "model")
    return Identification(FRENCH, 1.0 - confidence if language != FRENCH else confidence, "model")


def reply_language(text: Optional[str]) -> str:
    """The language to answer a message recognised as foreign in: Arabic for Arabic script,
    English for any other (the assistant has no other reviewed text)."""
    if isinstance(text, str) and len(_ARABIC_LETTER.findall(text)) >= 2:
        return ARABIC
    return ENGLISH
