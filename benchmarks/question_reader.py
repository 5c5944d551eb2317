"""The model's question reader (`read_question`) alone: how often it reads a question into the
entry and attribute a person labelled, base model against an adapter.

Two sets: benchmarks/data/question_reader.jsonl, questions in other people's wording (typed
the way DMs type at the table) labelled with the entry and attribute they ask for, or "none"
when they ask how something works or what it is; and, with --validation, the query samples of
the dataset's validation split (entities the adapter never saw, the builder's phrasings).

Each question gets what the app gives the reader: table shorthand written out, the entries the
name matcher finds. Outcomes: right (entry and attribute as labelled, or none for none); wrong
(an attribute other than the one labelled, or one for a question labelled none: in the app, an
answer about the wrong thing, shown with how it was read); missed (none for a labelled
attribute: the passages answer instead, as without the reader); not offered (the name matcher
does not find the labelled entry, so the reader is never asked). Also how many of the questions
the fact engine's patterns answer before the reader is asked, and the reader's latency.

    .venv/bin/python benchmarks/question_reader.py [--adapter none|default|FILE]
        [--validation data/adapter/val.jsonl]
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

from benchmarks.rules_qa import percentile
from dm_companion.assistant.facts import answer_fact
from dm_companion.assistant.read_question import NONE, read, readable
from dm_companion.assistant.shorthand import expand
from dm_companion.llm.discovery import choose
from dm_companion.llm.engine import Engine
from dm_companion.settings import load_settings
from dm_companion.srd.repository import srd

LABELLED = Path(__file__).resolve().parent / "data" / "question_reader.jsonl"


def labelled(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def from_validation(path: Path) -> list[dict]:
    """The dataset's validation query samples as labelled questions."""
    found = []
    for line in path.read_text().splitlines():
        record = json.loads(line)
        if record.get("task") == "query":
            answer = json.loads(record["output"])
            name, kind = answer["entry"].rsplit(" (", 1)
            found.append(
                {
                    "q": record["instruction"],
                    "entry": name,
                    "kind": kind.rstrip(")"),
                    "attribute": answer["attribute"],
                }
            )
    return found


def judge(questions: list[dict], engine: Engine) -> dict:
    book = srd()
    outcomes, by_attribute, seconds, misreadings = Counter(), Counter(), [], []
    patterns_answer = 0
    for item in questions:
        question = expand(item["q"])
        mentions = book.mentions(question)
        if answer_fact(question, mentions) is not None:
            patterns_answer += 1
        offered = readable(mentions)
        if not any(e.name == item["entry"] and e.kind == item["kind"] for e in offered):
            outcomes["not offered"] += 1
            continue
        started = time.perf_counter()
        query = read(question, mentions, engine)
        seconds.append(time.perf_counter() - started)
        got = (query.entry.name, query.attribute.name) if query else (None, NONE)
        if got[1] == NONE:
            outcome = "right" if item["attribute"] == NONE else "missed"
        else:
            outcome = "right" if got == (item["entry"], item["attribute"]) else "wrong"
        outcomes[outcome] += 1
        by_attribute[(item["attribute"], outcome == "right")] += 1
        if outcome != "right":
            misreadings.append(
                {
                    "q": item["q"],
                    "expected": f"{item['entry']}: {item['attribute']}",
                    "read": f"{got[0]}: {got[1]}" if got[0] else NONE,
                }
            )
    asked = sum(outcomes[k] for k in ("right", "wrong", "missed"))
    return {
        "questions": len(questions),
        "outcomes": dict(outcomes),
        "accuracy_when_asked": round(outcomes["right"] / max(asked, 1), 3),
        "wrong_rate_when_asked": round(outcomes["wrong"] / max(asked, 1), 3),
        "labelled_none": f"{by_attribute[(NONE, True)]}/"
        f"{by_attribute[(NONE, True)] + by_attribute[(NONE, False)]} right",
        "answered_by_patterns_first": patterns_answer,
        "read_s_p50": round(statistics.median(seconds), 3) if seconds else None,
        "read_s_p95": round(percentile(seconds, 0.95), 3) if seconds else None,
        "misreadings": misreadings,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--adapter", default="default")
    parser.add_argument("--questions", type=Path, default=LABELLED)
    parser.add_argument("--validation", type=Path, help="also judge this split's query samples")
    parser.add_argument("--threads", default="2")
    args = parser.parse_args()
    settings = load_settings({"threads": args.threads, "adapter": args.adapter})
    engine = Engine(choose(settings), settings)
    engine.load()
    report = {
        "benchmark": "question_reader",
        "model": engine.choice.model_label,
        "adapter": engine.choice.adapter_label,
        "labelled": judge(labelled(args.questions), engine),
    }
    if args.validation:
        report["validation"] = judge(from_validation(args.validation), engine)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
