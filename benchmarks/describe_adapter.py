"""Descriptions and round narrations, base model against one or more adapters, on the dataset's held-apart
validation split (invented places and fights no training sample holds).

For each validation "describe" sample the model gets the chat's prompt (the notes, then the
request) and writes freely (temperature 0.7, seeded per sample); each text is read by the
chat's own checker (`NotesCheck`): sentences that tell a figure the notes give otherwise, and
all sentences the checker would drop (a figure told otherwise, a note repeated, the prompt
read back); echo of the notes (the share of the text's words that follow them word for word);
words; whether the text names its subject. For each validation "narration" sample (a round,
the app's narration prompt) the text is checked against the tracker (`narration.check` on the
fight replayed from the same seed): sentences removed as contradictions and as read-back, and
echo of the round's log.

    .venv/bin/python benchmarks/describe_adapter.py --adapter FILE [--adapter FILE2 ...]
        [--data data/adapter] [--limit 60]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dm_companion.assistant.notes_check import NotesCheck
from dm_companion.llm.discovery import choose
from dm_companion.llm.engine import Engine
from dm_companion.overlap import ECHO_TEXT_MAX, echo, sentences
from dm_companion.settings import load_settings
from tools.common import messages, read_jsonl
from tools.description_samples import notes_in
from tools.story_samples import fight_round


def describe(engine: Engine, records: list[dict]) -> dict:
    rows = []
    for i, record in enumerate(records):
        text = "".join(
            engine.stream_chat(messages(record, with_answer=False), max_tokens=160, temperature=0.7, seed=i)
        )
        check = NotesCheck(notes_in(record["input"]), record["instruction"])
        problems = [check.problem(s) for s in sentences(text)]
        rows.append(
            {
                "contradicting": sum(1 for p in problems if p and p.startswith("your notes say")),
                "dropped": sum(1 for p in problems if p),
                "sentences": len(problems),
                "echo_notes": echo(text, record["input"]),
                "words": len(text.split()),
                "names_subject": record["topic"].replace("The ", "") in text,
                "text": text,
            }
        )
    return {
        "texts": len(rows),
        "sentences_contradicting_notes": sum(r["contradicting"] for r in rows),
        "texts_with_a_contradiction": sum(1 for r in rows if r["contradicting"]),
        "sentences_the_check_drops": f"{sum(r['dropped'] for r in rows)}/{sum(r['sentences'] for r in rows)}",
        "echo_notes_mean": round(statistics.mean(r["echo_notes"] for r in rows), 3),
        "echo_notes_a_third_or_more": sum(1 for r in rows if r["echo_notes"] >= ECHO_TEXT_MAX),
        "words_median": statistics.median(r["words"] for r in rows),
        "names_its_subject": sum(r["names_subject"] for r in rows),
        "example": rows[0]["text"][:400],
    }


def narrate(engine: Engine, records: list[dict]) -> dict:
    from dm_companion.combat.narration import check

    rows = []
    for i, record in enumerate(records):
        text = "".join(
            engine.stream_chat(messages(record, with_answer=False), max_tokens=160, temperature=0.7, seed=i)
        )
        checked = check(text, fight_round(int(record["group"].split("/")[1])))
        rows.append(
            {
                "contradictions": sum(1 for why in checked.removed if "(tracker:" in why),
                "read_back": sum(1 for why in checked.removed if "(tracker:" not in why),
                "echo_log": echo(text, record["instruction"]),
                "words": len(text.split()),
                "text": text,
            }
        )
    return {
        "texts": len(rows),
        "sentences_contradicting_tracker": sum(r["contradictions"] for r in rows),
        "sentences_reading_the_log_back": sum(r["read_back"] for r in rows),
        "echo_log_mean": round(statistics.mean(r["echo_log"] for r in rows), 3),
        "echo_log_a_third_or_more": sum(1 for r in rows if r["echo_log"] >= ECHO_TEXT_MAX),
        "words_median": statistics.median(r["words"] for r in rows),
        "example": rows[0]["text"][:400],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--adapter", required=True, action="append", help="an adapter to set beside the base (repeatable)"
    )
    parser.add_argument("--data", type=Path, default=Path("data/adapter"))
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--threads", default="2")
    args = parser.parse_args()
    val = read_jsonl(args.data / "val.jsonl")
    described = [r for r in val if r["task"] == "describe"][: args.limit]
    fights = [r for r in val if r["task"] == "narration"][: args.limit]
    report = {"benchmark": "describe_adapter", "data": str(args.data)}
    for label, adapter in (("base", "none"), *((f"adapter {path}", path) for path in args.adapter)):
        settings = load_settings({"threads": args.threads, "adapter": adapter, "temperature": "0.7"})
        engine = Engine(choose(settings), settings)
        engine.load()
        report[label] = {
            "adapter": engine.choice.adapter_label,
            "descriptions": describe(engine, described),
            "narrations": narrate(engine, fights),
        }
        del engine  # one model in memory at a time
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
