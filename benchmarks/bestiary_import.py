"""Importing a large homebrew bestiary: 1,000 5etools monsters (each a copy of a hand-written
test monster under its own name, with a Multiattack, two attacks and a recharging breath) read,
checked and stored in a fresh campaign; then one of them added and attacking through the
stat-block runner. Target: 1,000 monsters in under 2 s.

    .venv/bin/python benchmarks/bestiary_import.py [--count 1000]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dm_companion.bestiary.formats import read_file
from dm_companion.bestiary.store import Bestiary, lookup
from dm_companion.combat.tracker import Tracker

SAMPLE = Path(__file__).resolve().parent.parent / "tests" / "data" / "monsters" / "fivetools.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    drake = json.loads(SAMPLE.read_text())["monster"][1]
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "bestiary.json"
        source.write_text(
            json.dumps({"monster": [{**drake, "name": f"Ash Drake {n}"} for n in range(args.count)]})
        )
        bestiary = Bestiary(Path(folder) / "campaign")
        started = time.perf_counter()
        records = read_file(source)
        read = time.perf_counter() - started
        bestiary.add(records, str(source))
        stored = time.perf_counter() - started
        tracker = Tracker(seed=1, monsters=lookup(bestiary))
        began = time.perf_counter()
        tracker.submit({"op": "add", "name": "Drake", "monster": f"Ash Drake {args.count - 1}"})
        tracker.submit({"op": "add", "name": "Mira", "pc": True, "hp": 60, "max_hp": 60, "ac": 14})
        outcome = tracker.submit({"op": "multiattack", "attacker": "Drake", "target": "Mira"})
        ran = time.perf_counter() - began
    print(
        json.dumps(
            {
                "benchmark": "bestiary_import",
                "monsters": len(records),
                "read_s": round(read, 3),
                "read_and_stored_s": round(stored, 3),
                "add_and_multiattack_s": round(ran, 3),
                "multiattack_accepted": outcome.accepted,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
