"""scripts/nlu_report.py: how the evaluation sets are scored and gated (make eval-nlu)."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("nlu_report", ROOT / "scripts" / "nlu_report.py")
nlu_report = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(nlu_report)


def example(text, gold_intent, predicted_intent, gold=(), predicted=(), fallback=False, **meta):
    def spans(items):
        out = []
        for entity, words in items:
            start = text.index(words)
            out.append({"entity": entity, "start": start, "end": start + len(words)})
        return out

    return {
        "text": text, "normalised_text": text, "gold_intent": gold_intent,
        "predicted_intent": predicted_intent, "fallback": fallback,
        "gold_entities": spans(gold), "predicted_entities": spans(predicted), **meta,
    }


def test_intent_scores_per_intent_and_macro_over_the_sets_intents():
    report = nlu_report.intent_scores(
        [("greet", "greet"), ("greet", "out_of_scope"), ("out_of_scope", "out_of_scope"), ("thank", "thank")]
    )
    assert report["greet"]["recall"] == 0.5
    assert report["out_of_scope"]["precision"] == 0.5
    assert report["thank"]["f1-score"] == 1.0
    assert report["macro avg"]["f1-score"] == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)
    assert report["accuracy"] == 0.75


def test_entities_are_scored_token_by_token_once_whoever_extracted_them():
    examples = [
        example("jai 17 ans a saint omer", "inform", "inform",
                gold=[("age", "17"), ("commune", "saint omer")], predicted=[("commune", "omer")]),
        example("cp 59100", "inform", "inform", gold=[("postal_code", "59100")],
                predicted=[("postal_code", "59100")]),
    ]
    report = nlu_report.entity_scores(examples)
    assert report["commune"]["precision"] == 1.0
    assert report["commune"]["recall"] == 0.5
    assert report["commune"]["span-f1"] == 0.0
    assert report["age"]["recall"] == 0.0 and report["age"]["f1-score"] == 0.0
    assert report["postal_code"]["f1-score"] == 1.0
    assert report["macro avg"]["f1-score"] == pytest.approx((2 / 3 + 0 + 1) / 3)


def test_an_entity_found_where_there_is_none_lowers_its_precision():
    report = nlu_report.entity_scores([
        example("jeudi je peux venir a lens", "book_workshop", "book_workshop",
                gold=[("date", "jeudi")], predicted=[("date", "jeudi"), ("commune", "lens")]),
        example("je suis a lens", "inform", "inform", gold=[("commune", "lens")], predicted=[("commune", "lens")]),
    ])
    assert report["date"]["f1-score"] == 1.0
    assert report["commune"]["precision"] == 0.5


def test_the_fallback_is_undone_and_counted():
    parsed = {
        "intent": {"name": "nlu_fallback", "confidence": 0.45},
        "intent_ranking": [
            {"name": "nlu_fallback", "confidence": 0.45},
            {"name": "check_eligibility", "confidence": 0.31},
            {"name": "inform", "confidence": 0.2},
        ],
    }
    assert nlu_report._undo_fallback(parsed) == ("check_eligibility", 0.31, True)
    assert nlu_report._undo_fallback({"intent": {"name": "greet", "confidence": 0.9}}) == ("greet", 0.9, False)


def _scores(tmp_path, examples):
    out = tmp_path / "set"
    out.mkdir()
    (out / "scores.json").write_text(json.dumps({"set": "x", **nlu_report.score(examples)}))
    return out


def test_report_fails_below_each_gate_and_passes_above(tmp_path, capsys):
    examples = [
        example("bonjour", "greet", "greet"),
        example("salut toi", "greet", "greet"),
        example("merci", "thank", "greet", family="yes_no_words", register="sms"),
        example("je suis a lens", "inform", "inform", gold=[("commune", "lens")], predicted=[]),
    ]
    results = _scores(tmp_path, examples)
    assert nlu_report.main(["report", str(results), "--min-macro-f1", "0.5"]) == 0
    assert nlu_report.main(["report", str(results), "--min-macro-f1", "0.9"]) == 1
    assert nlu_report.main(["report", str(results), "--min-intent-f1", "0.5"]) == 1
    assert nlu_report.main(["report", str(results), "--min-entity-f1", "commune=0.5"]) == 1
    # An entity absent from the set is not gated; a bare number gates the five entities.
    assert nlu_report.main(["report", str(results), "--min-entity-f1", "date=0.9"]) == 0
    assert nlu_report.main(["report", str(results), "--min-entity-f1", "0.9"]) == 1
    err = capsys.readouterr().err
    assert "intention thank : F1 0.000 < 0.5" in err
    assert "entité commune : F1 0.000 < 0.5" in err


def test_rasa_reports_are_merged_so_each_entity_is_scored_by_its_extractor(tmp_path, capsys):
    row = lambda f1: {"precision": f1, "recall": f1, "f1-score": f1, "support": 10}  # noqa: E731
    (tmp_path / "intent_report.json").write_text(json.dumps(
        {"greet": row(1.0), "inform": row(0.8), "macro avg": row(0.9), "accuracy": 0.9}
    ))
    (tmp_path / "DIETClassifier_report.json").write_text(json.dumps(
        {"programme": row(0.95), "commune": row(0.0), "date": row(0.0), "macro avg": row(0.3)}
    ))
    (tmp_path / "PlaceEntityExtractor_report.json").write_text(json.dumps(
        {"programme": row(0.0), "commune": row(0.85), "date": row(0.0)}
    ))
    (tmp_path / "DateEntityExtractor_report.json").write_text(json.dumps(
        {"programme": row(0.0), "commune": row(0.0), "date": row(0.7)}
    ))
    merged = nlu_report.pipeline_entity_report(tmp_path)
    assert {name: r["f1-score"] for name, r in merged.items() if name != "macro avg"} == {
        "programme": 0.95, "commune": 0.85, "date": 0.7,
    }
    assert nlu_report.main(["report", str(tmp_path), "--min-entity-f1", "date=0.75"]) == 1
    assert nlu_report.main(["report", str(tmp_path), "--min-macro-f1", "0.85"]) == 0


def test_compare_prints_both_sets(tmp_path, capsys):
    a = _scores(tmp_path, [example("bonjour", "greet", "greet"), example("merci", "thank", "thank")])
    b_dir = tmp_path / "b"
    b_dir.mkdir()
    b = _scores(b_dir, [example("bonjour", "greet", "thank"), example("merci", "thank", "thank")])
    assert nlu_report.main(["compare", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert "F1 macro des intentions" in out
    assert "1.000" in out and "0.333" in out
