"""Descriptions of the thing asked about, not of its neighbours: "describe the tavern in
Brindlewood" is the inn, and the village's trade must not move into it.

Each request in benchmarks/data/description_subjects.jsonl (the project's own words, about the
example campaign: a thing named by what it is and where, or by its name) names the note it is
about. The chat answers as in the app (bundled model, default adapter, temperature 0.7 seeded,
the notes recalled from a real copy of the example campaign). Reported: how often that note is
the answer's first source and one of its sources; sentences shown that carry a fact of another
note (a proper name or a figure another note of the campaign gives that neither the subject's
note nor the request has); notes quoted instead of the model's text. Prints JSON.

    .venv/bin/python benchmarks/description_subjects.py [--show 5] [--dump texts.jsonl]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from dm_companion.assistant.notes_check import figures
from dm_companion.overlap import sentences
from dm_companion.proper_names import proper_names
from dm_companion.sessions.chat import Companion
from dm_companion.sessions.runtime import Runtime
from dm_companion.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "campaigns" / "example"
REQUESTS = ROOT / "benchmarks" / "data" / "description_subjects.jsonl"


def facts(text: str) -> set[str]:
    """A text's names (capitalized past a sentence's start; "Brindlewood's" is Brindlewood) and
    figures, as comparable keys."""
    names = {name.lower() for s in sentences(text) for name, _ in proper_names(s)}
    sums = {f"{f.unit}:{f.value}" for f in figures(text)}
    return {re.sub(r"['\u2019]s$", "", name) for name in names} | sums


def foreign(sentence: str, subject: dict, notes: list[dict], request: str) -> list[str]:
    """The facts of `sentence` that another note gives and the subject's note and request lack."""
    own = facts(subject["text"]) | facts(subject["title"]) | facts(request)
    elsewhere = set().union(*(facts(n["text"]) for n in notes if n["id"] != subject["id"]))
    return sorted((facts(sentence) & elsewhere) - own)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=5)
    parser.add_argument("--dump", type=Path)
    args = parser.parse_args()
    notes = [json.loads(line) for line in (EXAMPLE / "memories.jsonl").read_text().splitlines() if line]
    by_id = {n["id"]: n for n in notes}
    asked = [json.loads(line) for line in REQUESTS.read_text().splitlines() if line.strip()]
    first = among = quoted = moved = shown = 0
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        shutil.copytree(EXAMPLE, Path(folder) / "example")
        runtime = Runtime(load_settings({"campaigns_dir": folder, "temperature": "0.7"}, environ={}))
        runtime.load_model()
        runtime.open_campaign()
        companion = Companion(runtime, keep_turns=False)
        for item in asked:
            subject = by_id[item["subject"]]
            reply = companion.reply(item["request"])
            text = reply.consume()
            sources = [source.name for source in reply.sources]
            first += bool(sources) and sources[0] == subject["title"]
            among += subject["title"] in sources
            quoted += text.startswith("From your notes, ")
            moving = [
                (s, found) for s in sentences(text) if (found := foreign(s, subject, notes, item["request"]))
            ]
            moved += len(moving)
            rows.append({**item, "text": text, "sources": sources, "moved": moving, "dropped": reply.notices})
            if moving and shown < args.show:
                shown += 1
                print(f"--- {item['request']} (sources {sources})\n    {moving}")
    if args.dump:
        args.dump.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    print(
        json.dumps(
            {
                "benchmark": "description_subjects",
                "requests": len(asked),
                "subject_first_source": first,
                "subject_among_sources": among,
                "sentences_with_another_notes_fact": moved,
                "requests_with_one": sum(bool(row["moved"]) for row in rows),
                "notes_quoted_instead": quoted,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
