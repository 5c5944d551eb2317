"""How often a DM's free sentence becomes the right event, greedy, over one of two sets:
- `hp` (benchmarks/data/combat_sentences.jsonl): damage, healing, conditions, death saves
  (op, target, amount or roll, damage type, condition), among custom combatants;
- `actions` (benchmarks/data/combat_action_sentences.jsonl, 64 sentences): creatures using their
  SRD stat blocks, an attack, multiattack, save action or legendary action (actor, action,
  targets, advantage), among goblins, an ogre, an adult red dragon, a knight, an owlbear and a
  lich; "t" names whose turn it is ("it bites Mira").

    .venv/bin/python benchmarks/combat_translation.py [--set hp|actions] [--adapter none] [--show-failures]
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

from dm_companion.combat.tracker import Tracker
from dm_companion.combat.translate import translate
from dm_companion.errors import DMCError
from dm_companion.llm.discovery import choose
from dm_companion.llm.engine import Engine
from dm_companion.settings import load_settings

DATA = Path(__file__).resolve().parent / "data"
SETS = {"hp": DATA / "combat_sentences.jsonl", "actions": DATA / "combat_action_sentences.jsonl"}
PARTY = [
    ("Mira", True),
    ("Tor", True),
    ("Wiz", True),
    ("Goblin 1", False),
    ("Goblin 2", False),
    ("Ogre", False),
    ("Owlbear", False),
]
STAT_BLOCKS = [
    ("Goblin 1", "goblin"),
    ("Goblin 2", "goblin"),
    ("Ogre", "ogre"),
    ("Dragon", "adult-red-dragon"),
    ("Knight", "knight"),
    ("Owlbear", "owlbear"),
    ("Lich", "lich"),
]


def encounter_for(which: str) -> Tracker:
    """The fight the set's sentences are about, started (characters first in the order)."""
    if which == "hp":
        tracker = Tracker(seed=0, monsters=lambda name: {})
        for name, pc in PARTY:
            tracker.submit({"op": "add", "name": name, "pc": pc, "hp": 50, "max_hp": 50, "ac": 12})
        return tracker
    tracker = Tracker(seed=0)
    for initiative, name in enumerate(("Wiz", "Tor", "Mira"), 18):
        tracker.submit(
            {
                "op": "add",
                "name": name,
                "pc": True,
                "hp": 60,
                "max_hp": 60,
                "ac": 15,
                "initiative": initiative,
            }
        )
    for initiative, (name, index) in enumerate(STAT_BLOCKS, 1):
        tracker.submit({"op": "add", "name": name, "monster": index, "initiative": initiative})
    tracker.submit({"op": "start"})
    return tracker


def at_turn(tracker: Tracker, name: str | None):
    """A copy of the encounter with `name`'s turn (the sentence's "it"), else as it is."""
    encounter = tracker.encounter.copy()
    if name:
        encounter.turn = encounter.order.index(name)
    return encounter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="hp")
    parser.add_argument("--adapter", default=None)
    parser.add_argument("--threads", default="2")
    parser.add_argument("--show-failures", action="store_true")
    args = parser.parse_args()
    settings = load_settings({"threads": args.threads, "adapter": args.adapter})
    engine = Engine(choose(settings), settings)
    engine.load()
    tracker = encounter_for(args.set)
    items = [json.loads(line) for line in SETS[args.set].read_text().splitlines() if line.strip()]
    right, by_op, failures, seconds = 0, Counter(), [], []
    totals = Counter(item["e"]["op"] for item in items)
    for item in items:
        started = time.perf_counter()
        try:
            proposed = translate(item["s"], at_turn(tracker, item.get("t")), engine).event
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
        "set": args.set,
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
