"""Character generation speed: a rules-only sheet, and the model's first words on screen.

Prints JSON; targets: a rules-only sheet under 50 ms; with flavour, first words on screen under
1 s (measured in the real app, from pressing Build until the first streamed words are painted).

    .venv/bin/python benchmarks/character_speed.py [--rounds 8]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dm_companion.characters.abilities import METHODS
from dm_companion.characters.builder import Builder, Request


def p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


def rules_only_ms() -> tuple[float, list[float]]:
    """The first sheet of a process (reads the SRD), then every race x class x level x method."""
    started = time.perf_counter()
    builder = Builder()
    builder.build(Request(seed=0))
    cold = 1000 * (time.perf_counter() - started)
    times = []
    for (race, klass), level, method in itertools.product(
        itertools.product(sorted(builder.book.races), sorted(builder.book.classes)), (1, 5, 10, 20), METHODS
    ):
        started = time.perf_counter()
        builder.build(Request(race=race, char_class=klass, level=level, method=method, seed=level))
        times.append(1000 * (time.perf_counter() - started))
    return cold, times


async def until(condition, what: str, timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit(f"timed out waiting for the {what}")
        await asyncio.sleep(0.005)


async def refreshed(widget) -> None:
    """Returns once the screen has been refreshed after the widget's last update."""
    done = asyncio.Event()
    widget.call_after_refresh(done.set)
    await done.wait()


async def pane_first_words(rounds: int) -> tuple[list[float], list[float], list[float]]:
    """In the real app once loaded: Build pressed -> sheet painted, -> first words painted, ->
    the finished story in the sheet."""
    from textual.widgets import Static

    from dm_companion.llm.discovery import choose
    from dm_companion.sessions.runtime import Runtime
    from dm_companion.settings import load_settings
    from dm_companion.tui.app import DMCompanionApp

    with tempfile.TemporaryDirectory() as campaigns:
        settings = load_settings({"campaigns_dir": campaigns, "threads": "2", "adapter": "none"})
        app = DMCompanionApp(Runtime(settings, choose(settings)))
        sheet_ms, words_ms, done_ms = [], [], []
        async with app.run_test(size=(120, 40)) as pilot:
            while not (app.runtime.model.done and app.runtime.knowledge.done):
                await asyncio.sleep(0.05)
            await pilot.press("f2")
            pane = app.query_one("#characters-pane")
            words = app.query_one("#char-words", Static)
            for _ in range(rounds + 1):  # the first round warms the grammar path; not counted
                pane.sheet = None
                started = time.perf_counter()
                pane.action_build()  # what Ctrl+B does (Pilot's click waits for the app to go idle)
                await until(lambda: pane.sheet is not None, "sheet")
                await refreshed(app.query_one("#sheet-view"))
                sheet_at = time.perf_counter()
                await until(lambda: str(words.content).startswith("Name:") or pane.sheet.backstory, "words")
                await refreshed(words)
                words_at = time.perf_counter()
                await until(lambda: pane.sheet.backstory, "story")
                sheet_ms.append(1000 * (sheet_at - started))
                words_ms.append(1000 * (words_at - started))
                done_ms.append(1000 * (time.perf_counter() - started))
        return sheet_ms[1:], words_ms[1:], done_ms[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    cold, times = rules_only_ms()
    sheet_ms, words_ms, done_ms = asyncio.run(pane_first_words(args.rounds))
    print(
        json.dumps(
            {
                "benchmark": "character_speed",
                "rules_sheets": len(times),
                "rules_sheet_ms_median": round(statistics.median(times), 2),
                "rules_sheet_ms_p95": round(p95(times), 2),
                "rules_sheet_ms_max": round(max(times), 2),
                "first_sheet_of_process_ms": round(cold, 1),
                "pane_rounds": len(words_ms),
                "pane_sheet_painted_ms_median": round(statistics.median(sheet_ms), 1),
                "pane_first_words_painted_s_median": round(statistics.median(words_ms) / 1000, 3),
                "pane_first_words_painted_s_max": round(max(words_ms) / 1000, 3),
                "pane_story_done_s_median": round(statistics.median(done_ms) / 1000, 2),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
