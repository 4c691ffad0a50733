"""Benchmark: REST latency with the action server in the loop, training time, memory.

Usage: python scripts/bench.py [--requests 200] [--skip-training]
Starts its own Rasa server and action server (on ports 5205/5255), sends
programme questions one after another over the REST channel, and writes the
numbers into docs/performance.md between the bench markers.
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import List

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bot.launcher import build_processes, wait_until_ready  # noqa: E402
from bot.settings import PROJECT_ROOT, Settings  # noqa: E402

QUESTIONS = [
    "c'est quoi la promo 16-18 ?",
    "ça dure combien de temps HOPE ?",
    "on est payé pendant prépa compétences ?",
    "parlez-moi de transitions collectives",
    "c koi axel",
    "et ça dure combien ?",
    "c'est payé l'apprentissage ?",
    "c'est quoi la place afpa",
]
PERFORMANCE_DOC = PROJECT_ROOT / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def percentile(values: List[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def resident_memory_mb(pid: int) -> float:
    """RSS of a process and all its descendants, in MB (from /proc)."""
    total_kb = 0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
            pids.extend(int(child) for child in children)
        except FileNotFoundError:
            continue
    return total_kb / 1024


def measure_training() -> float:
    with tempfile.TemporaryDirectory() as out:
        started = time.monotonic()
        subprocess.run(
            [str(PROJECT_ROOT / ".venv/bin/rasa"), "train", "--force", "--config", "config.yml",
             "--domain", "domain", "--data", "data/nlu", "data/rules", "data/stories", "--out", out],
            cwd=PROJECT_ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        return time.monotonic() - started


def measure_latency(settings: Settings, requests: int) -> List[float]:
    timings: List[float] = []
    with httpx.Client(timeout=30) as client:
        sender = f"bench:{uuid.uuid4()}"
        for warmup in QUESTIONS:  # first calls load lazily-built graph parts
            client.post(settings.rest_webhook_url, json={"sender": sender, "message": warmup})
        for index in range(requests):
            if index % len(QUESTIONS) == 0:
                sender = f"bench:{uuid.uuid4()}"
            question = QUESTIONS[index % len(QUESTIONS)]
            started = time.perf_counter()
            response = client.post(settings.rest_webhook_url, json={"sender": sender, "message": question})
            timings.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
            assert response.json(), f"no answer to {question!r}"
    return timings


def write_results(lines: List[str]) -> None:
    document = PERFORMANCE_DOC.read_text(encoding="utf-8")
    before, _, rest = document.partition(START)
    _, _, after = rest.partition(END)
    PERFORMANCE_DOC.write_text(before + START + "\n" + "\n".join(lines) + "\n" + END + after, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--skip-training", action="store_true")
    args = parser.parse_args()

    training_seconds = None if args.skip_training else measure_training()
    settings = Settings(rasa_port=5205, action_port=5255, model_path=PROJECT_ROOT / "models")
    processes = build_processes(settings)
    try:
        for process in processes:
            process.start()
        wait_until_ready(processes)
        timings = measure_latency(settings, args.requests)
        rasa_process = next(p for p in processes if p.name == "serveur Rasa")
        memory = resident_memory_mb(rasa_process.process.pid)
    finally:
        for process in processes:
            process.stop()

    lines = [
        f"Mesuré le {datetime.date.today():%d/%m/%Y} sur {os.cpu_count()} cœurs, "
        f"{platform.python_implementation()} {platform.python_version()} ({args.requests} requêtes en série).",
        "",
        "| mesure | valeur | objectif |",
        "|---|---|---|",
        f"| latence REST p50 (question sur un programme, actions comprises) | {statistics.median(timings):.0f} ms | |",
        f"| latence REST p95 | {percentile(timings, 0.95):.0f} ms | ≤ 100 ms |",
        f"| latence REST max | {max(timings):.0f} ms | |",
        f"| entraînement complet (`rasa train --force`) | "
        + (f"{training_seconds:.0f} s" if training_seconds is not None else "non mesuré") + " | ≤ 300 s |",
        f"| mémoire résidente du serveur Rasa | {memory:.0f} Mo | ≤ 1 536 Mo |",
    ]
    print("\n".join(lines))
    write_results(lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
