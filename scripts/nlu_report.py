"""NLU evaluation: intent and entity scores of the evaluation sets, gates, comparison.

Three commands (docs/nlu.md):

  predict --model models NAME=SET.yml... --out results/nlu
      Loads the trained model once and parses every sentence of each set as the running
      assistant does (``Agent.parse_message``: normaliser, DIET, the place and date
      extractors, synonyms, fallback). Writes results/nlu/NAME/predictions.json and
      scores.json.

  report RESULTS_DIR [--min-macro-f1 X] [--min-intent-f1 X] [--min-entity-f1 SPEC]
      Prints intent precision/recall/F1 per intent, entity precision/recall/F1 per
      entity, and the misses per register and failure family; exits with 1 when a gate
      fails. RESULTS_DIR is either a `predict` output or a `rasa test nlu` output
      (e.g. `make crossval`): then Rasa's intent_report.json and its per-extractor entity
      reports are read, each entity scored once, from the extractor that predicts it.

  compare RESULTS_DIR... prints the short comparison table of several sets.

How the scores are computed (predict):
- Intents: as `rasa test nlu` does, the classifier's intent is scored with the
  FallbackClassifier's "nlu_fallback" undone (the best real intent); how many sentences
  would have fallen back to "vous vouliez dire… ?" is reported beside it. Macro-F1 is
  the mean over the intents of the set.
- Entities: scored once, on the message's final entities, whichever extractor produced
  them (DIET, nlu.place_extractor.PlaceEntityExtractor, nlu.date_extractor.
  DateEntityExtractor): token by token as Rasa does (a token carries the entity whose
  span overlaps it; precision/recall/F1 per entity over tokens), on the normalised text
  the model sees, with the annotations moved onto it through the normaliser's offset
  map (Rasa's own report compares original offsets with normalised tokens, which
  misplaces annotations in "jsuis a st omer"). Exact-span F1 is printed beside it.

--min-entity-f1 takes "programme=0.9,age=0.9,…", or a bare number for the five gated
entities (programme, age, commune, postal_code, date). An entity absent from the set is
not gated.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import re
import sys
import time
import warnings
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SUMMARY_ROWS = ("accuracy", "macro avg", "weighted avg", "micro avg")
GATED_ENTITIES = ("programme", "age", "commune", "postal_code", "date")
# Issue #8's targets, printed beside the measures (the gates are the Makefile's).
TARGETS = {"macro": 0.95, "intent": 0.85, "entity": 0.90}
FALLBACK = "nlu_fallback"
NO_ENTITY = "no_entity"
TOKEN = re.compile(r"\w+", re.UNICODE)


# --------------------------------------------------------------------------- scores


def prf(tp: int, fp: int, fn: int) -> Tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def intent_scores(pairs: Iterable[Tuple[str, str]]) -> Dict[str, Any]:
    """Rows per gold intent (precision, recall, f1-score, support) and the macro avg."""
    pairs = list(pairs)
    labels = sorted({gold for gold, _ in pairs})
    report: Dict[str, Any] = {}
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        precision, recall, f1 = prf(tp, fp, fn)
        report[label] = {"precision": precision, "recall": recall, "f1-score": f1, "support": tp + fn}
    report["macro avg"] = _macro(report)
    report["accuracy"] = sum(1 for g, p in pairs if g == p) / len(pairs) if pairs else 0.0
    return report


def _macro(rows: Dict[str, Any]) -> Dict[str, float]:
    kept = [r for name, r in rows.items() if name not in SUMMARY_ROWS and isinstance(r, dict)]
    if not kept:
        return {"precision": 0.0, "recall": 0.0, "f1-score": 0.0}
    return {
        key: sum(r[key] for r in kept) / len(kept) for key in ("precision", "recall", "f1-score")
    } | {"support": sum(r.get("support", 0) for r in kept)}


def token_labels(text: str, entities: List[Dict[str, Any]]) -> List[str]:
    labels = []
    for match in TOKEN.finditer(text):
        label = NO_ENTITY
        for entity in entities:
            if entity["start"] < match.end() and match.start() < entity["end"]:
                label = entity["entity"]
                break
        labels.append(label)
    return labels


def entity_scores(examples: List[Dict[str, Any]]) -> Dict[str, Any]:
    """Token-level precision/recall/F1 per gold entity type, plus exact-span F1."""
    counts: Dict[str, Counter] = defaultdict(Counter)
    for example in examples:
        text = example["normalised_text"]
        gold = token_labels(text, example["gold_entities"])
        predicted = token_labels(text, example["predicted_entities"])
        for g, p in zip(gold, predicted):
            if g != NO_ENTITY and g == p:
                counts[g]["tp"] += 1
            else:
                if p != NO_ENTITY:
                    counts[p]["fp"] += 1
                if g != NO_ENTITY:
                    counts[g]["fn"] += 1
        gold_spans = {(e["entity"], e["start"], e["end"]) for e in example["gold_entities"]}
        predicted_spans = {(e["entity"], e["start"], e["end"]) for e in example["predicted_entities"]}
        for span in gold_spans & predicted_spans:
            counts[span[0]]["span_tp"] += 1
        for span in predicted_spans - gold_spans:
            counts[span[0]]["span_fp"] += 1
        for span in gold_spans - predicted_spans:
            counts[span[0]]["span_fn"] += 1
    gold_types = {e["entity"] for ex in examples for e in ex["gold_entities"]}
    report: Dict[str, Any] = {}
    for name in sorted(gold_types):
        c = counts[name]
        precision, recall, f1 = prf(c["tp"], c["fp"], c["fn"])
        span_f1 = prf(c["span_tp"], c["span_fp"], c["span_fn"])[2]
        report[name] = {
            "precision": precision, "recall": recall, "f1-score": f1,
            "support": c["tp"] + c["fn"], "span-f1": span_f1,
            "mentions": c["span_tp"] + c["span_fn"],
        }
    if report:
        report["macro avg"] = _macro(report)
    return report


def breakdown(examples: List[Dict[str, Any]], key: str) -> Dict[str, Dict[str, int]]:
    rows: Dict[str, Counter] = defaultdict(Counter)
    for example in examples:
        group = example.get(key) or ("—" if key == "register" else "(sans famille)")
        rows[group]["n"] += 1
        rows[group]["intent_misses"] += example["gold_intent"] != example["predicted_intent"]
        rows[group]["fallbacks"] += bool(example["fallback"])
        if example["gold_intent"] != example["predicted_intent"]:
            rows[group][f"{example['gold_intent']} → {example['predicted_intent']}"] += 1
    return {group: dict(counts) for group, counts in sorted(rows.items())}


COUNT_KEYS = ("n", "intent_misses", "fallbacks")


def score(examples: List[Dict[str, Any]]) -> Dict[str, Any]:
    return {
        "sentences": len(examples),
        "intents": intent_scores((e["gold_intent"], e["predicted_intent"]) for e in examples),
        "entities": entity_scores(examples),
        "fallbacks": sum(1 for e in examples if e["fallback"]),
        "registers": breakdown(examples, "register"),
        "families": breakdown(examples, "family"),
    }


# --------------------------------------------------------------------------- predict


def read_set(path: Path) -> List[Dict[str, Any]]:
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    data = RasaYAMLReader().read(str(path))
    examples = []
    for message in data.intent_examples:
        meta = (message.get("metadata") or {}).get("intent") or {}
        examples.append({
            "text": message.get("text"),
            "gold_intent": message.get("intent"),
            "gold_entities": [
                {"entity": e["entity"], "start": e["start"], "end": e["end"], "value": e.get("value")}
                for e in message.get("entities") or []
            ],
            "register": meta.get("register"),
            "family": meta.get("family"),
        })
    return examples


def _model_file(model: Path) -> Path:
    if model.is_file():
        return model
    candidates = sorted(model.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not candidates:
        raise SystemExit(f"Aucun modèle dans {model} : lancez `make model`.")
    return candidates[-1]


def _undo_fallback(parsed: Dict[str, Any]) -> Tuple[str, float, bool]:
    intent = parsed.get("intent") or {}
    if intent.get("name") != FALLBACK:
        return intent.get("name") or "", float(intent.get("confidence") or 0.0), False
    ranking = [r for r in parsed.get("intent_ranking") or [] if r.get("name") != FALLBACK]
    if not ranking:
        return FALLBACK, 0.0, True
    return ranking[0]["name"], float(ranking[0].get("confidence") or 0.0), True


async def _predict(model: Path, sets: Dict[str, Path]) -> Dict[str, List[Dict[str, Any]]]:
    from rasa.core.agent import Agent

    from nlu.normalisation import normalise

    started = time.monotonic()
    agent = Agent.load(str(_model_file(model)))
    print(f"Modèle chargé en {time.monotonic() - started:.0f} s")
    results: Dict[str, List[Dict[str, Any]]] = {}
    for name, path in sets.items():
        examples = read_set(path)
        for example in examples:
            parsed = await agent.parse_message(example["text"])
            normalised = normalise(example["text"])
            seen = parsed.get("text") or example["text"]
            if seen == normalised.text:
                moved = [
                    dict(e, **dict(zip(("start", "end"), normalised.map_span(e["start"], e["end"]))))
                    for e in example["gold_entities"]
                ]
            else:  # the model saw the text unchanged (no normaliser in the pipeline)
                moved = example["gold_entities"]
            intent, confidence, fell_back = _undo_fallback(parsed)
            example.update(
                normalised_text=seen,
                gold_entities=moved,
                predicted_intent=intent,
                confidence=round(confidence, 4),
                fallback=fell_back,
                predicted_entities=[
                    {
                        "entity": e["entity"], "start": e["start"], "end": e["end"],
                        "value": e.get("value"), "extractor": e.get("extractor"),
                    }
                    for e in parsed.get("entities") or []
                ],
            )
        results[name] = examples
    print(f"{sum(len(e) for e in results.values())} phrases analysées en {time.monotonic() - started:.0f} s")
    return results


def command_predict(args: argparse.Namespace) -> int:
    sets = {}
    for item in args.sets:
        name, _, path = item.partition("=")
        if not path:
            raise SystemExit(f"NOM=FICHIER attendu, pas « {item} »")
        sets[name] = Path(path)
    results = asyncio.run(_predict(args.model, sets))
    for name, examples in results.items():
        out = args.out / name
        out.mkdir(parents=True, exist_ok=True)
        (out / "predictions.json").write_text(
            json.dumps({"set": str(sets[name]), "examples": examples}, ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
        (out / "scores.json").write_text(
            json.dumps({"set": str(sets[name]), **score(examples)}, ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
        print(f"{name} : {len(examples)} phrases → {out}")
    return 0


# --------------------------------------------------------------------------- report


def pipeline_entity_report(results: Path) -> Dict[str, Any]:
    """`rasa test nlu` output: one row per entity, from the extractor that predicts it.

    Rasa writes one report per extractor, each scored against every entity of the set.
    DIET's communes, postal codes and dates are replaced by nlu/place_extractor.py and
    nlu/date_extractor.py, so each entity has its predictions in one report only; the
    macro average is recomputed over the rows kept."""
    reports = {
        path.name[: -len("_report.json")]: json.loads(path.read_text())
        for path in sorted(results.glob("*_report.json"))
        if path.name not in ("intent_report.json", "response_selection_report.json")
    }
    rows: Dict[str, Any] = {}
    for report in reports.values():
        for name, scores in report.items():
            if name in SUMMARY_ROWS or not isinstance(scores, dict) or name == NO_ENTITY:
                continue
            predicted = scores.get("precision", 0) > 0 or scores.get("recall", 0) > 0
            if predicted or name not in rows:
                rows[name] = scores
    if rows:
        rows["macro avg"] = _macro(rows)
    return rows


def load_scores(results: Path) -> Dict[str, Any]:
    if (results / "predictions.json").exists():  # scored again: cheap, and always current
        predictions = json.loads((results / "predictions.json").read_text(encoding="utf-8"))
        return {"set": predictions["set"], **score(predictions["examples"])}
    if (results / "scores.json").exists():
        return json.loads((results / "scores.json").read_text(encoding="utf-8"))
    intents = json.loads((results / "intent_report.json").read_text())
    return {
        "set": f"rasa test nlu ({results})",
        "sentences": intents.get("macro avg", {}).get("support"),
        "intents": intents,
        "entities": pipeline_entity_report(results),
    }


def _rows(report: Dict[str, Any]) -> List[Tuple[str, Dict[str, Any]]]:
    return [
        (name, row) for name, row in sorted(report.items())
        if name not in SUMMARY_ROWS and isinstance(row, dict)
    ]


def _table(title: str, report: Dict[str, Any], spans: bool = False) -> None:
    print(f"\n{title}")
    extra = f" {'F1 span':>8}" if spans else ""
    print(f"{'':28} {'précision':>10} {'rappel':>8} {'F1':>8} {'n':>5}{extra}")
    for name, row in _rows(report):
        more = f" {row.get('span-f1', 0):8.3f}" if spans else ""
        print(
            f"{name:28} {row['precision']:10.3f} {row['recall']:8.3f} "
            f"{row['f1-score']:8.3f} {int(row.get('support', 0)):5d}{more}"
        )
    macro = report.get("macro avg", {})
    print(
        f"{'MOYENNE (macro)':28} {macro.get('precision', 0):10.3f} {macro.get('recall', 0):8.3f} "
        f"{macro.get('f1-score', 0):8.3f}"
    )


def _breakdown_table(title: str, rows: Dict[str, Dict[str, int]]) -> None:
    print(f"\n{title}")
    print(f"{'':28} {'phrases':>8} {'erreurs':>8} {'% juste':>8} {'repli':>6}  confusions les plus fréquentes")
    for name, row in rows.items():
        n = row.get("n", 0)
        misses = row.get("intent_misses", 0)
        confusions = sorted(
            ((count, key) for key, count in row.items() if key not in COUNT_KEYS), reverse=True
        )[:3]
        top = " ; ".join(f"{key} ×{count}" for count, key in confusions)
        print(f"{name:28} {n:8d} {misses:8d} {100 * (n - misses) / n if n else 0:8.1f} {row.get('fallbacks', 0):6d}  {top}")


def parse_entity_floors(spec: Optional[str]) -> Dict[str, float]:
    if not spec:
        return {}
    try:
        return {name: float(spec) for name in GATED_ENTITIES}
    except ValueError:
        pass
    floors = {}
    for part in spec.split(","):
        name, _, value = part.partition("=")
        if not value:
            raise SystemExit(f"--min-entity-f1 : « entité=seuil » attendu, pas « {part} »")
        floors[name.strip()] = float(value)
    return floors


def gate(scores: Dict[str, Any], args: argparse.Namespace) -> List[str]:
    failures = []
    macro = float(scores["intents"].get("macro avg", {}).get("f1-score", 0.0))
    if args.min_macro_f1 is not None and macro < args.min_macro_f1:
        failures.append(f"F1 macro des intentions {macro:.3f} < {args.min_macro_f1}")
    if args.min_intent_f1 is not None:
        for name, row in _rows(scores["intents"]):
            if row["f1-score"] < args.min_intent_f1:
                failures.append(f"intention {name} : F1 {row['f1-score']:.3f} < {args.min_intent_f1}")
    entities = scores.get("entities") or {}
    for name, floor in parse_entity_floors(args.min_entity_f1).items():
        if name not in entities:
            continue
        value = entities[name]["f1-score"]
        if value < floor:
            failures.append(f"entité {name} : F1 {value:.3f} < {floor}")
    return failures


def command_report(args: argparse.Namespace) -> int:
    scores = load_scores(args.results)
    label = args.label or scores.get("set", str(args.results))
    _table(f"Intentions — {label}", scores["intents"])
    if scores.get("entities"):
        _table(
            "Entités (une seule fois chacune, quel que soit l'extracteur ; jeton par jeton)",
            scores["entities"], spans="fallbacks" in scores,
        )
    if scores.get("registers") and len(scores["registers"]) > 1:
        _breakdown_table("Erreurs d'intention par registre", scores["registers"])
    if scores.get("families") and len(scores["families"]) > 1:
        _breakdown_table("Erreurs d'intention par famille (issue #8)", scores["families"])
    macro = float(scores["intents"].get("macro avg", {}).get("f1-score", 0.0))
    print(f"\nF1 macro des intentions : {macro:.3f}")
    if "fallbacks" in scores:
        print(f"Phrases qui seraient tombées dans « vous vouliez dire… ? » : {scores['fallbacks']} / {scores['sentences']}")
    failures = gate(scores, args)
    for failure in failures:
        print(f"ÉCHEC ({label}) : {failure}", file=sys.stderr)
    return 1 if failures else 0


def command_compare(args: argparse.Namespace) -> int:
    sets = [(path.name, load_scores(path)) for path in args.results]
    print("\nComparaison des jeux d'évaluation")
    print(f"{'':30}" + "".join(f" {name:>14}" for name, _ in sets) + f" {'cible':>8}")

    def line(label: str, values: List[str], target: str = "") -> None:
        print(f"{label:30}" + "".join(f" {v:>14}" for v in values) + f" {target:>8}")

    line("phrases", [str(s.get("sentences", "")) for _, s in sets])
    line("F1 macro des intentions", [
        f"{s['intents'].get('macro avg', {}).get('f1-score', 0):.3f}" for _, s in sets
    ], f"{TARGETS['macro']:.2f}")
    line("exactitude des intentions", [
        f"{s['intents']['accuracy']:.3f}" if isinstance(s["intents"].get("accuracy"), float) else "" for _, s in sets
    ])
    weakest = []
    for _, s in sets:
        rows = _rows(s["intents"])
        name, row = min(rows, key=lambda item: item[1]["f1-score"]) if rows else ("", {"f1-score": 0})
        weakest.append(f"{name[:9]} {row['f1-score']:.2f}")
    line("intention la plus faible", weakest, f"{TARGETS['intent']:.2f}")
    line("repli « vous vouliez dire »", [str(s.get("fallbacks", "")) for _, s in sets])
    names = sorted({n for _, s in sets for n, _ in _rows(s.get("entities") or {})})
    for name in names:
        line(f"entité {name} (F1)", [
            f"{s['entities'][name]['f1-score']:.3f}" if name in (s.get("entities") or {}) else "—"
            for _, s in sets
        ], f"{TARGETS['entity']:.2f}" if name in GATED_ENTITIES else "")
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    predict = commands.add_parser("predict", help="parse the sets with the trained model")
    predict.add_argument("--model", type=Path, default=ROOT / "models")
    predict.add_argument("--out", type=Path, default=ROOT / "results" / "nlu")
    predict.add_argument("sets", nargs="+", metavar="NAME=SET.yml")
    predict.set_defaults(run=command_predict)

    report = commands.add_parser("report", help="print one set's scores and apply the gates")
    report.add_argument("results", type=Path)
    report.add_argument("--label", default=None)
    report.add_argument("--min-macro-f1", type=float, default=None)
    report.add_argument("--min-intent-f1", type=float, default=None)
    report.add_argument("--min-entity-f1", default=None, metavar="ENTITÉ=SEUIL,…")
    report.set_defaults(run=command_report)

    compare = commands.add_parser("compare", help="comparison table of several result folders")
    compare.add_argument("results", type=Path, nargs="+")
    compare.set_defaults(run=command_compare)

    args = parser.parse_args(argv)
    if args.command == "predict":
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        from rasa.utils.common import configure_logging_and_warnings
        from rasa.utils.log_utils import configure_structlog

        # One debug line per parsed sentence otherwise.
        configure_logging_and_warnings(logging.WARNING)
        configure_structlog(logging.WARNING)
        warnings.simplefilter("ignore")
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
