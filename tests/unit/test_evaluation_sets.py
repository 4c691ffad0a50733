"""The NLU evaluation sets stay out of the training data, and the situations set stays big.

An evaluation set only warns of anything if the model never saw its sentences. A
sentence of `tests/nlu/test_nlu.yml` or `tests/nlu/situations.yml` fails this test when
it equals a training example, or nearly duplicates one, after folding (lowercase,
accents removed, punctuation and apostrophes turned into spaces, spaces collapsed):

- the same folded text;
- token-set Jaccard similarity >= 0.9 (the same words, whatever their order or repeats);
- difflib ratio >= 0.95 on the folded texts (one or two letters apart in a long
  sentence: "je voudrais m'inscrire" / "je voudrai m'inscrire").

The thresholds are strict enough that two different sentences of a few words never
collide by chance, and loose enough to catch a training example copied with a typo or
a changed word order. When this test fails, remove one of the two sentences, or rewrite it from its situation:
never move an evaluation sentence into training (see tests/nlu/README.md).
"""
from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Dict, Tuple

import pytest
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

ROOT = Path(__file__).resolve().parents[2]
TRAINING_DIR = ROOT / "data" / "nlu"
HELD_OUT = ROOT / "tests" / "nlu" / "test_nlu.yml"
SITUATIONS = ROOT / "tests" / "nlu" / "situations.yml"
CONTRACT = Path("/work/shared/CONTRACT.md")

# The 20 intents of the conversation contract (/work/shared/CONTRACT.md), written here so
# that the test does not depend on a file outside the repository.
CONTRACT_INTENTS = (
    "greet", "goodbye", "thank", "affirm", "deny", "bot_challenge", "help", "out_of_scope",
    "list_programmes", "ask_programme_info", "ask_programme_duration", "ask_programme_pay",
    "check_eligibility", "inform", "book_workshop", "my_bookings", "cancel_booking",
    "find_centre", "contact_human", "delete_my_data",
)
REGISTERS = ("sms", "learner", "staff", "plain")
FAMILIES = ("borrowed_frame", "conditions", "on_behalf", "greeting_question", "yes_no_words")
MIN_SENTENCES = 600
MIN_PER_INTENT = 20
JACCARD_MAX = 0.9
RATIO_MAX = 0.95


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


@functools.lru_cache(maxsize=None)
def read_examples(path: Path) -> Tuple[Tuple[str, str, dict], ...]:
    data = RasaYAMLReader().read(str(path))
    return tuple(
        (m.get("text"), m.get("intent"), ((m.get("metadata") or {}).get("intent") or {}))
        for m in data.intent_examples
    )


class Training:
    """The folded training examples, with what the near-duplicate checks compare."""

    def __init__(self, texts):
        self.originals: Dict[str, str] = {}
        for text in texts:
            self.originals.setdefault(fold(text), text)
        self.entries = [(f, set(f.split()), len(f)) for f in self.originals]


@pytest.fixture(scope="module")
def training() -> Training:
    texts = [text for path in sorted(TRAINING_DIR.rglob("*.yml")) for text, _, _ in read_examples(path)]
    data = Training(texts)
    assert len(data.originals) > 500, "the training data was not found"
    return data


def near_duplicate(sentence: str, training: Training) -> str:
    """The training example the (folded) sentence equals or nearly duplicates, or ''."""
    if sentence in training.originals:
        return training.originals[sentence]
    tokens = set(sentence.split())
    length = len(sentence)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(sentence)
    for other, other_tokens, other_length in training.entries:
        # Jaccard >= 0.9 needs nearly as many distinct words on both sides.
        smaller, larger = sorted((len(tokens), len(other_tokens)))
        if larger and smaller / larger >= JACCARD_MAX:
            union = len(tokens | other_tokens)
            if len(tokens & other_tokens) / union >= JACCARD_MAX:
                return training.originals[other]
        # difflib's ratio is at most 2 * shorter / (both lengths).
        if 2 * min(length, other_length) / (length + other_length) < RATIO_MAX:
            continue
        matcher.set_seq1(other)
        if matcher.quick_ratio() >= RATIO_MAX and matcher.ratio() >= RATIO_MAX:
            return training.originals[other]
    return ""


@pytest.mark.parametrize("path", [HELD_OUT, SITUATIONS], ids=["test_nlu", "situations"])
def test_no_evaluation_sentence_is_in_the_training_data(path, training):
    leaks = []
    for text, intent, _ in read_examples(path):
        match = near_duplicate(fold(text), training)
        if match:
            leaks.append(f"{intent}: « {text} » ~ training « {match} »")
    assert not leaks, (
        f"{len(leaks)} sentence(s) of {path.name} are in the training data or nearly "
        "duplicate it; remove one of the two (never move an evaluation sentence into training):\n" + "\n".join(leaks)
    )


def test_near_duplicate_detection_catches_copies_with_small_changes():
    training = Training(["Je voudrais m'inscrire à un atelier découverte", "c'est quoi HOPE ?"])
    assert near_duplicate(fold("je voudrai minscrire a un atelier decouverte"), training)
    assert near_duplicate(fold("HOPE, c'est quoi"), training)
    assert near_duplicate(fold("C'est quoi HOPE"), training)
    assert not near_duplicate(fold("c'est quoi la promo 16-18 ?"), training)
    assert not near_duplicate(fold("je voudrais annuler mon atelier"), training)


def test_situations_set_is_large_and_covers_every_contract_intent():
    examples = read_examples(SITUATIONS)
    assert len(examples) >= MIN_SENTENCES
    counts = Counter(intent for _, intent, _ in examples)
    too_few = {i: counts.get(i, 0) for i in CONTRACT_INTENTS if counts.get(i, 0) < MIN_PER_INTENT}
    assert not too_few, f"intents with fewer than {MIN_PER_INTENT} sentences: {too_few}"


def test_contract_intents_are_the_contracts():
    if not CONTRACT.exists():
        pytest.skip("the shared contract is not on this machine")
    table = re.findall(r"^\| `(\w+)` \|", CONTRACT.read_text(encoding="utf-8"), flags=re.M)
    assert set(CONTRACT_INTENTS) <= set(table)


def test_situations_set_has_the_four_registers_and_every_failure_family():
    examples = read_examples(SITUATIONS)
    registers = Counter(meta.get("register") for _, _, meta in examples)
    assert set(registers) == set(REGISTERS), registers
    # Roughly equal: no register below a fifth of the set.
    assert min(registers.values()) >= len(examples) / 5, registers
    families = Counter(meta.get("family") for _, _, meta in examples if meta.get("family"))
    assert set(families) == set(FAMILIES), families
    assert all(count >= 10 for count in families.values()), families


def test_no_sentence_appears_twice_across_the_evaluation_sets():
    seen: Dict[str, str] = {}
    repeats = []
    for path in (HELD_OUT, SITUATIONS):
        for text, _, _ in read_examples(path):
            key = fold(text)
            if key in seen:
                repeats.append(f"« {text} » ({path.name}) = « {seen[key]} »")
            seen.setdefault(key, text)
    assert not repeats, "\n".join(repeats)
