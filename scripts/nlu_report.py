"""Prints intent precision/recall/F1 per intent and entity F1 from `rasa test nlu`.

Usage: python scripts/nlu_report.py RESULTS_DIR [--min-macro-f1 0.95]
Exits with 1 when the intent macro-F1 is below the minimum (when given).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

SUMMARY_ROWS = ("accuracy", "macro avg", "weighted avg", "micro avg")


def _table(title: str, report: dict) -> float:
    print(f"\n{title}")
    print(f"{'':28} {'précision':>10} {'rappel':>8} {'F1':>8} {'n':>5}")
    for name, scores in sorted(report.items()):
        if name in SUMMARY_ROWS or not isinstance(scores, dict):
            continue
        print(
            f"{name:28} {scores['precision']:10.3f} {scores['recall']:8.3f} "
            f"{scores['f1-score']:8.3f} {scores['support']:5d}"
        )
    macro = report.get("macro avg", {})
    print(
        f"{'MOYENNE (macro)':28} {macro.get('precision', 0):10.3f} {macro.get('recall', 0):8.3f} "
        f"{macro.get('f1-score', 0):8.3f}"
    )
    return float(macro.get("f1-score", 0.0))


def pipeline_entity_report(results: Path) -> dict:
    """One row per entity, from the extractor that predicts it.

    `rasa test nlu` writes one report per extractor, each scored against every entity
    of the set. DIET's communes, postal codes and dates are replaced by
    nlu/place_extractor.py and nlu/date_extractor.py, so each entity has its predictions
    in one report only; the macro average is recomputed over the rows kept."""
    reports = {
        path.name[: -len("_report.json")]: json.loads(path.read_text())
        for path in sorted(results.glob("*_report.json"))
        if path.name not in ("intent_report.json", "response_selection_report.json")
    }
    rows = {}
    for report in reports.values():
        for name, scores in report.items():
            if name in SUMMARY_ROWS or not isinstance(scores, dict):
                continue
            predicted = scores.get("precision", 0) > 0 or scores.get("recall", 0) > 0
            if predicted or name not in rows:
                rows[name] = scores
    if rows:
        count = len(rows)
        rows["macro avg"] = {
            key: sum(scores[key] for scores in rows.values()) / count
            for key in ("precision", "recall", "f1-score")
        }
    return rows


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("results", type=Path)
    parser.add_argument("--min-macro-f1", type=float, default=None)
    args = parser.parse_args()

    intent_report = json.loads((args.results / "intent_report.json").read_text())
    intent_f1 = _table("Intentions (jeu de test réservé : tests/nlu/test_nlu.yml)", intent_report)
    entities = pipeline_entity_report(args.results)
    if entities:
        _table("Entités (DIET ; communes et codes postaux : liste officielle ; dates : analyseur de dates)", entities)
    print(f"\nF1 macro des intentions : {intent_f1:.3f}")
    if args.min_macro_f1 is not None and intent_f1 < args.min_macro_f1:
        print(f"ÉCHEC : F1 macro {intent_f1:.3f} < {args.min_macro_f1}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
