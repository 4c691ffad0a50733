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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("results", type=Path)
    parser.add_argument("--min-macro-f1", type=float, default=None)
    args = parser.parse_args()

    intent_report = json.loads((args.results / "intent_report.json").read_text())
    intent_f1 = _table("Intentions (jeu de test réservé : tests/nlu/test_nlu.yml)", intent_report)
    entity_file = args.results / "DIETClassifier_report.json"
    if entity_file.exists():
        _table("Entités (DIET)", json.loads(entity_file.read_text()))
    print(f"\nF1 macro des intentions : {intent_f1:.3f}")
    if args.min_macro_f1 is not None and intent_f1 < args.min_macro_f1:
        print(f"ÉCHEC : F1 macro {intent_f1:.3f} < {args.min_macro_f1}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
