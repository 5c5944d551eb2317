"""Descriptions against the campaign's notes: 100 "describe ..." requests about the example
campaign's places, people and things, asked in turn as one chat session, on the bundled model with
the default adapter (temperature 0.7, seeded per request), the notes recalled from a real copy of
the example campaign (LanceDB, the bundled embedding model).

- before: as the chat did it before #19: the earlier turns sent back as history, every word shown;
- after: the companion now: the request alone with its notes, each sentence checked
  (`notes_check`), the note quoted when nothing is left.
Reported for both: how much of the subject's note the text tells (`facts_told`: its names and
figures), sentences the notes contradict (a figure told otherwise: `NotesCheck`'s figure
rules, which after cannot show by construction, so before says how often the model does it),
echo (ROUGE-L share of the text's words that follow the previous answer, and that follow the
prompt's notes; mean and how many a third or more) and words, over the model's own texts (a note
quoted instead is counted apart), and for after: sentences dropped by why, notes quoted. A few
examples are printed.

    .venv/bin/python benchmarks/description_check.py [--requests 100] [--tokens 160] [--show 4]
        [--adapter none]
        [--dump texts.jsonl]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import tempfile
from collections import Counter
from pathlib import Path

from dm_companion.assistant.chat import SYSTEM_PROMPT
from dm_companion.assistant.notes_check import NotesCheck, figures
from dm_companion.assistant.recall import notes_block, recall
from dm_companion.overlap import ECHO_TEXT_MAX, echo, sentences
from dm_companion.proper_names import proper_names
from dm_companion.sessions.chat import Companion
from dm_companion.sessions.runtime import Runtime
from dm_companion.settings import load_settings

EXAMPLE = Path(__file__).resolve().parents[1] / "campaigns" / "example"
ASKING = [
    "describe {}",
    "describe {} as the party arrives",
    "Describe {} for my players",
    "describe what the party sees at {}",
    "narrate the party meeting {}",
    "describe {} in a few sentences",
]
KINDS = ("place", "npc", "item")


def requests(count: int) -> list[tuple[str, str]]:
    """Each request, with the text of the note about its subject."""
    notes = [
        json.loads(line) for line in (EXAMPLE / "memories.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    subjects = [(re.sub(r",.*$", "", n["title"]), n["text"]) for n in notes if n.get("kind") in KINDS]
    rng = random.Random(0)
    return [
        (rng.choice(ASKING).format(subject.replace("The ", "the ")), text)
        for subject, text in (subjects[i % len(subjects)] for i in range(count))
    ]


def facts_told(text: str, note: str) -> float:
    """The share of the subject's note's facts the text tells: its names (capitalized words past a
    sentence's first) and its figures (number and unit). Low echo alone is no description: a text
    that ignores the notes echoes them least."""
    names = {name for s in sentences(note) for name, _ in proper_names(s)}
    sums = {(f.unit, f.value) for f in figures(note)}
    if not names and not sums:
        return 1.0
    said = {name for name in names if re.search(rf"\b{re.escape(name)}\b", text)}
    return (len(said) + len(sums & {(f.unit, f.value) for f in figures(text)})) / (len(names) + len(sums))


def contradictions(text: str, check: NotesCheck) -> int:
    return sum(1 for s in sentences(text) if (why := check.problem(s)) and why.startswith("your notes say"))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--tokens", type=int, default=160)
    parser.add_argument("--show", type=int, default=4)
    parser.add_argument(
        "--adapter", default=None, help="adapter setting (default: the app's; none: the base model)"
    )
    parser.add_argument(
        "--dump", type=Path, help="write each request's texts, notes and drops here (JSON lines)"
    )
    return parser.parse_args()


def _unchecked(engine, history: list[dict], block: str, line: str, tokens: int, seed: int) -> str:
    """The model's text as the chat asked before #19: earlier turns sent back, nothing dropped."""
    old = [
        {"role": "system", "content": SYSTEM_PROMPT},
        *history[-4:],
        {"role": "user", "content": f"{block}\n\n{line}" if block else line},
    ]
    return "".join(engine.stream_chat(old, max_tokens=tokens, seed=seed))


def _row(text: str, check: NotesCheck, previous: str, block: str, subject_note) -> dict:
    """One text's figures: contradicting sentences, echo of the previous answer and of the notes,
    the subject note's facts told, words."""
    return {
        "contradictions": contradictions(text, check),
        "echo_previous": echo(text, previous) if previous else 0.0,
        "echo_notes": echo(text, block) if block else 0.0,
        "facts_told": facts_told(text, subject_note),
        "words": len(text.split()),
    }


def _report(rows: dict[str, list[dict]]) -> dict:
    report = {}
    for label, found in rows.items():
        report[label] = {
            "sentences_contradicting_notes": sum(r["contradictions"] for r in found),
            "texts_with_a_contradiction": sum(1 for r in found if r["contradictions"]),
            "echo_previous_mean": round(statistics.mean(r["echo_previous"] for r in found), 3),
            "echo_previous_a_third_or_more": sum(1 for r in found if r["echo_previous"] >= ECHO_TEXT_MAX),
            "echo_notes_mean": round(statistics.mean(r["echo_notes"] for r in found), 3),
            "echo_notes_a_third_or_more": sum(1 for r in found if r["echo_notes"] >= ECHO_TEXT_MAX),
            "note_facts_told_mean": round(statistics.mean(r["facts_told"] for r in found), 3),
            "words_median": statistics.median(r["words"] for r in found),
        }
        report[label]["texts"] = len(found)
    return report


def main() -> None:
    args = _arguments()
    with tempfile.TemporaryDirectory() as folder:
        shutil.copytree(EXAMPLE, Path(folder) / "example")
        settings = load_settings(
            {"campaigns_dir": folder, "temperature": "0.7", "adapter": args.adapter}, environ={}
        )
        runtime = Runtime(settings)
        runtime.load_model()
        runtime.open_campaign()
        engine = runtime.model.wait()
        companion = Companion(runtime, keep_turns=False)
        companion.conversation.answer_tokens = args.tokens
        rows = {"before": [], "after": []}
        dropped: Counter = Counter()
        quoted, history, shown = 0, [], 0
        previous = {"before": "", "after": ""}
        dumped = []
        for index, (line, subject_note) in enumerate(requests(args.requests)):
            notes = recall(runtime.memory, line)
            block = notes_block(notes, engine.count_tokens)
            check = NotesCheck([f.memory for f in notes], line)
            before = _unchecked(engine, history, block, line, args.tokens, index)
            history += [{"role": "user", "content": line}, {"role": "assistant", "content": before}]
            reply = companion.reply(line)
            after = reply.consume()
            quoted += after.startswith("From your notes, ")
            dumped.append(
                {
                    "request": line,
                    "before": before,
                    "after": after,
                    "notes": block,
                    "dropped": reply.notices,
                    "previous_after": previous["after"],
                }
            )
            dropped.update(
                re.sub(r" '.*'|\d.*", "", n.rsplit("(", 1)[-1]).strip(" .)") for n in reply.notices
            )
            for label, text in (("before", before), ("after", after)):
                if text.startswith("From your notes, "):
                    continue  # a sourced quote of the note, not the model's words: counted apart
                rows[label].append(_row(text, check, previous[label], block, subject_note))
                previous[label] = text
            if reply.notices and shown < args.show:
                shown += 1
                print(
                    f"--- {line}\n    before: {before[:300]}\n    after:  {after[:300]}"
                    f"\n    dropped: {reply.notices[:3]}"
                )
    if args.dump:
        args.dump.write_text("".join(json.dumps(d) + "\n" for d in dumped), encoding="utf-8")
    report = _report(rows)
    report["after"].update({"dropped_by_why": dict(dropped), "notes_quoted_instead": quoted})
    print(json.dumps({"requests": args.requests, **report, "settings": vars(args)}, indent=2, default=str))


if __name__ == "__main__":
    main()
