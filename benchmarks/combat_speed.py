"""Combat tracker speed: replaying 10,000 events, and one command applied and shown in the pane.

Prints JSON; targets: replay under 1 s, a command applied and on screen under 50 ms.

    .venv/bin/python benchmarks/combat_speed.py [--events 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dm_companion.combat.tracker import replay_lines  # noqa: E402


def event_stream(count: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    names = [f"Fighter {i}" for i in range(6)] + [f"Orc {i}" for i in range(14)]
    lines = [json.dumps({"op": "add", "name": n, "pc": n.startswith("Fighter"), "hp": 400, "max_hp": 400,
                         "ac": 14, "initiative": rng.randint(1, 20), "resistances": ["fire"]}) for n in names]
    lines.append(json.dumps({"op": "start"}))
    while len(lines) < count:
        target = rng.choice(names)
        op = rng.choice(["damage", "damage", "heal", "heal", "temp_hp", "condition", "next_turn"])
        if op == "damage":
            event = {"op": op, "target": target, "amount": rng.choice([3, 7, 12, "1d8+2"]), "type": rng.choice(["fire", "cold"])}
        elif op in ("heal", "temp_hp"):
            event = {"op": op, "target": target, "amount": rng.randint(1, 10)}
        elif op == "condition":
            event = {"op": op, "target": target, "add": rng.choice(["prone", "poisoned"]), "rounds": 2}
        elif op == "death_save":
            event = {"op": op, "target": target, "roll": rng.randint(1, 20)}
        else:
            event = {"op": op}
        lines.append(json.dumps(event))
    return lines


async def pane_command_ms(rounds: int) -> tuple[list[float], list[float]]:
    """In the real app, once it has finished loading: the time to apply a command and rebuild
    the table, and the time until the screen has been repainted after it."""
    from dm_companion.llm.discovery import choose
    from dm_companion.settings import load_settings
    from dm_companion.runtime import Runtime
    from dm_companion.tui.app import DMCompanionApp

    with tempfile.TemporaryDirectory() as campaigns:
        settings = load_settings({"campaigns_dir": campaigns, "threads": "2", "adapter": "none"})
        app = DMCompanionApp(Runtime(settings, choose(settings)))
        applied, painted = [], []
        async with app.run_test(size=(120, 40)) as pilot:
            while not (app.runtime.model.done and app.runtime.knowledge.done):
                await asyncio.sleep(0.05)
            await pilot.press("f3")
            pane = app.query_one("#combat-pane")
            pane.execute("add Target hp 100000 ac 10 init 5")
            table = app.query_one("#order")
            await pilot.pause()
            for i in range(rounds):
                started = time.perf_counter()
                assert pane.execute("hit Target 1")
                applied.append(1000 * (time.perf_counter() - started))
                assert str(table.get_cell("Target", "HP")).split()[-1] == f"{100000 - i - 1}/100000"
                await pilot.pause()
                painted.append(1000 * (time.perf_counter() - started))
        return applied, painted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    lines = event_stream(args.events)
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        tracker = replay_lines(lines, seed=1)
        runs.append(time.perf_counter() - started)
    applied, painted = asyncio.run(pane_command_ms(args.rounds))
    print(json.dumps({
        "benchmark": "combat_speed",
        "events": len(lines),
        "accepted": len(tracker.applied),
        "rejected": len(tracker.rejected),
        "replay_s_median": round(statistics.median(runs), 3),
        "replay_s_runs": [round(r, 3) for r in runs],
        "pane_apply_and_table_ms_median": round(statistics.median(applied), 1),
        "pane_apply_and_table_ms_p95": round(sorted(applied)[int(0.95 * (len(applied) - 1))], 1),
        "pane_until_repainted_ms_median": round(statistics.median(painted), 1),
    }, indent=2))


if __name__ == "__main__":
    main()
