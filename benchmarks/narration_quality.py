"""Combat narration as the DM sees it, on the real model: how much of it merely reads the log
back (echo: the share of its words that follow the round's log lines word for word, by longest
common subsequence), how many sentences the checker removes as contradictions (a hit told as a
miss, an HP figure or a death the tracker has not seen), and how many it removes as read-back.

Each round of seeded 4-character, 6-monster fights run from stat blocks (as many as the rounds
asked take) is narrated, for two rosters apart: `dragon` (one-word names, a dragon's breath and
legendary actions) and `skirmish` (two-word and numbered names, bows, no dragon). Three ways
in the same run: `log`, the model on the prompt as it was (the raw log lines); `beats`, the
model on the app's prompt (the log's story without dice and bookkeeping, asking for its own
words); `told`, the scene told from the log without the model (`combat/telling.py`). `shown`
is what the DM sees from Ctrl+R: the model's narration as checked, or the told scene when the
checker kept too little of it.

    .venv/bin/python benchmarks/narration_quality.py [--rounds 10] [--roster dragon|skirmish] [--adapter none]
        [--show] [--shown-only]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from combat_speed import MONSTERS, PARTY, SKIRMISH, SKIRMISH_PARTY, monster_fight

from dm_companion.combat.narration import check, messages_for, narrate, recent_events, state_line
from dm_companion.combat.telling import tell
from dm_companion.combat.tracker import Tracker
from dm_companion.llm.discovery import choose
from dm_companion.llm.engine import Engine
from dm_companion.overlap import ECHO_TEXT_MAX, echo
from dm_companion.settings import load_settings

LOG_SYSTEM = (
    "You narrate a Dungeons & Dragons fight for the dungeon master in three or four vivid "
    "sentences. Describe only the events listed, in order. Do not invent hit points, damage or "
    "deaths; if you mention hit points, copy them exactly from the state."
)


def log_messages(encounter) -> list[dict]:
    """The prompt before beats: the raw log lines and the state."""
    state = "\n".join(state_line(c) for c in encounter.in_order())
    return [
        {"role": "system", "content": LOG_SYSTEM},
        {
            "role": "user",
            "content": "Events:\n" + "\n".join(recent_events(encounter)) + f"\n\nState now:\n{state}",
        },
    ]


ROSTERS = {"dragon": (PARTY, MONSTERS), "skirmish": (SKIRMISH_PARTY, SKIRMISH)}


def round_ends(rounds: int, roster: str = "dragon") -> list:
    """The encounter as it stands at the end of each round (the moment a DM presses Ctrl+R), over
    as many seeded fights as it takes (one ends when a side falls, about 20 rounds in)."""
    ends: list = []
    for seed in range(rounds):
        tracker = Tracker(seed=99)
        for event in monster_fight(rounds, seed, *ROSTERS[roster]):
            before = tracker.encounter.round
            tracker.submit(event)
            if tracker.encounter.round > before > 0:
                ended = tracker.encounter.copy()
                ended.log = list(ended.log)  # a copy shares the log; this one must stay as it is now
                ends.append(ended)
        if len(ends) >= rounds:
            break
    return ends[:rounds]


def measure(encounter, text: str) -> dict:
    checked = check(text, encounter)
    source = " ".join(recent_events(encounter))
    return {
        "echo": echo(text, source),
        "echo_kept": echo(checked.text, source) if checked.text else 0.0,
        "contradictions": sum("(tracker:" in r for r in checked.removed),
        "read_back": sum(r.endswith("(repeats the log)") for r in checked.removed),
        "empty": not checked.text,
        "words": len(text.split()),
        "text": text,
        "kept": checked.text,
    }


def narrated(encounters: list, engine: Engine | None, ways: tuple[str, ...], show: bool) -> dict:
    """Each way's figures over `encounters` (the round ends of one roster)."""
    results: dict[str, list[dict]] = {way: [] for way in ways}
    told_instead = 0
    for encounter in encounters:
        for name, messages in (("log", log_messages(encounter)), ("beats", messages_for(encounter))):
            if name in results:
                text = "".join(engine.stream_chat(messages, max_tokens=160, temperature=0.0))
                results[name].append(measure(encounter, text))
        results["told"].append(measure(encounter, tell(recent_events(encounter))))
        if "shown" in results:
            shown = narrate(encounter, engine)  # sampled, as in the app
            told_instead += shown.told_by == "log"
            results["shown"].append(measure(encounter, shown.text))
    report: dict = {"rounds": len(encounters)}
    if "shown" in results:
        report["shown_told_from_the_log"] = told_instead
    for name, rows in results.items():
        report[name] = {
            "echo_mean": round(statistics.mean(r["echo"] for r in rows), 3),
            "echo_max": round(max(r["echo"] for r in rows), 3),
            "echo_a_third_or_more": sum(1 for r in rows if r["echo"] >= ECHO_TEXT_MAX),
            "echo_of_what_is_shown_mean": round(statistics.mean(r["echo_kept"] for r in rows), 3),
            "contradictions_removed": sum(r["contradictions"] for r in rows),
            "read_back_removed": sum(r["read_back"] for r in rows),
            "nothing_left_shown": sum(r["empty"] for r in rows),
            "words_mean": round(statistics.mean(r["words"] for r in rows), 1),
        }
        if show:
            report[name]["examples"] = [{"said": r["text"], "shown": r["kept"]} for r in rows[:3]]
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="rounds per roster")
    parser.add_argument("--roster", choices=sorted(ROSTERS), help="one roster (default: both)")
    parser.add_argument("--adapter", default=None)
    parser.add_argument("--show", action="store_true")
    parser.add_argument(
        "--shown-only",
        action="store_true",
        help="only what the DM is shown (skips the log and beats prompts: a third of the model time)",
    )
    parser.add_argument("--told-only", action="store_true", help="only the scene told from the log: no model")
    args = parser.parse_args()
    report: dict = {"benchmark": "narration_quality"}
    engine = None
    if args.told_only:
        ways: tuple[str, ...] = ("told",)
    else:
        settings = load_settings({"threads": "2", "adapter": args.adapter})
        engine = Engine(choose(settings), settings)
        engine.load()
        report.update(model=engine.choice.model_label, adapter=engine.choice.adapter_label)
        ways = ("told", "shown") if args.shown_only else ("log", "beats", "told", "shown")
    for roster in [args.roster] if args.roster else sorted(ROSTERS):
        report[roster] = narrated(round_ends(args.rounds, roster), engine, ways, args.show)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
