"""Tokens per second reaching the chat widget against the engine alone, in one run.

The app runs headless (Textual's run_test) on the bundled model, greedy. For each round the same
question is streamed once straight from the engine and once through the chat pane (thread worker,
buffer, painter); a rate is the answer's pieces over the time from asking to the last piece being
in hand (engine) or painted on screen (widget). Prints JSON; the target is ratio >= 0.9.

    .venv/bin/python benchmarks/chat_throughput.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time

from dm_companion.assistant.chat import Conversation
from dm_companion.llm.discovery import choose
from dm_companion.sessions.runtime import Runtime
from dm_companion.settings import load_settings
from dm_companion.tui.app import DMCompanionApp
from dm_companion.tui.chat import ChatMessage, ChatPane

QUESTION = "Describe, at great length and in rich detail, a dragon's lair deep under a mountain."


class TimedMessage(ChatMessage):
    """A chat message that notes when each piece is painted (visible to the DM)."""

    stamps: list[float] = []

    def show(self, pieces: list[str]) -> None:
        TimedMessage.stamps.extend([time.perf_counter()] * len(pieces))
        super().show(pieces)


def rate(start: float, stamps: list[float]) -> float:
    return len(stamps) / (stamps[-1] - start)


async def run(rounds: int, threads: str) -> dict:
    settings = load_settings({"threads": threads, "temperature": "0", "adapter": "none"})
    app = DMCompanionApp(Runtime(settings, choose(settings)))
    widget_rates, engine_rates, pieces = [], [], []
    async with app.run_test(size=(120, 40)) as pilot:
        while not (app.runtime.model.done and app.runtime.knowledge.done):  # loading done
            await asyncio.sleep(0.02)
        pane = app.query_one(ChatPane)
        for _ in range(rounds):
            stamps: list[float] = []
            start = time.perf_counter()
            for _piece in Conversation().ask(app.runtime.engine, QUESTION):
                stamps.append(time.perf_counter())
            engine_rates.append(rate(start, stamps))

            pane.companion.conversation = Conversation()  # same prompt each round, no history
            pane.message_widget = TimedMessage
            TimedMessage.stamps = []
            app.query_one("#prompt").value = QUESTION
            start = time.perf_counter()
            await pilot.press("enter")
            await pilot.pause()
            while pane.answering:
                await asyncio.sleep(0.01)
            widget_rates.append(rate(start, TimedMessage.stamps))
            pieces.append(len(TimedMessage.stamps))
    return {
        "benchmark": "chat_throughput",
        "rounds": rounds,
        "pieces_per_answer": pieces[0],
        "engine_pieces_per_s_median": round(statistics.median(engine_rates), 1),
        "widget_pieces_per_s_median": round(statistics.median(widget_rates), 1),
        "ratio_widget_over_engine": round(
            statistics.median(widget_rates) / statistics.median(engine_rates), 3
        ),
        "per_round": [
            {"engine": round(e, 1), "widget": round(w, 1)} for e, w in zip(engine_rates, widget_rates)
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", default="2")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.rounds, args.threads)), indent=2))


if __name__ == "__main__":
    main()
