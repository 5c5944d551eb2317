"""How often the model turns a DM's free sentence into the right event (op, target, amount or
roll, damage type, condition), over benchmarks/data/combat_sentences.jsonl, greedy.

    .venv/bin/python benchmarks/combat_translation.py [--adapter none] [--show-failures]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dm_companion.combat.tracker import Tracker  # noqa: E402
from dm_companion.combat.translate import translate  # noqa: E402
from dm_companion.errors import DMCError  # noqa: E402
from dm_companion.llm.discovery import choose  # noqa: E402
from dm_companion.llm.engine import Engine  # noqa: E402
from dm_companion.settings import load_settings  # noqa: E402

SENTENCES = Path(__file__).resolve().parent / "data" / "combat_sentences.jsonl"
PARTY = [("Mira", True), ("Tor", True), ("Wiz", True), ("Goblin 1", False), ("Goblin 2", False),
         ("Ogre", False), ("Owlbear", False)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--adapter", default=None)
    parser.add_argument("--threads", default="2")
    parser.add_argument("--show-failures", action="store_true")
    args = parser.parse_args()
    settings = load_settings({"threads": args.threads, "adapter": args.adapter})
    engine = Engine(choose(settings), settings)
    engine.load()
    tracker = Tracker(seed=0, monsters=lambda name: {})
    for name, pc in PARTY:
        tracker.submit({"op": "add", "name": name, "pc": pc, "hp": 50, "max_hp": 50, "ac": 12})
    items = [json.loads(line) for line in SENTENCES.read_text().splitlines() if line.strip()]
    right, by_op, failures, seconds = 0, Counter(), [], []
    totals = Counter(item["e"]["op"] for item in items)
    for item in items:
        started = time.perf_counter()
        try:
            proposed = translate(item["s"], tracker.encounter, engine).event
        except DMCError as exc:
            proposed = {"error": str(exc)}
        seconds.append(time.perf_counter() - started)
        if proposed == item["e"]:
            right += 1
            by_op[item["e"]["op"]] += 1
        else:
            failures.append({"sentence": item["s"], "expected": item["e"], "proposed": proposed})
    report = {
        "benchmark": "combat_translation",
        "sentences": len(items),
        "model": engine.choice.model_label,
        "adapter": engine.choice.adapter_label,
        "exact_event_accuracy": round(right / len(items), 3),
        "by_op": {op: f"{by_op[op]}/{n}" for op, n in sorted(totals.items())},
        "seconds_p50": round(statistics.median(seconds), 3),
    }
    if args.show_failures:
        report["failures"] = failures
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
