"""Name requests through the real model and the chat's path: how many give the number of names
asked, how many of those names are the model's (the rest come from the name tables), and any
answer that writes the request back or gives a sentence.

    .venv/bin/python benchmarks/name_requests.py [--threads 2]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dm_companion.assistant import naming
from dm_companion.sessions.chat import Companion
from dm_companion.sessions.runtime import Runtime
from dm_companion.settings import load_settings

REQUESTS = [
    "name three goblin bandits",
    "give me 5 dwarf names",
    "name an elven innkeeper",
    "name two human guards",
    "suggest four names for halfling farmers",
    "name a tiefling warlock",
    "give me six orc raider names",
    "name three gnome tinkers",
    "name a dragonborn paladin",
    "give me 2 kobold scout names",
    "name some sailors on the river barge",
    "name a mysterious hooded stranger",
    "give me three names for a dwarven mining clan",
    "name four elf rangers",
    "name two goblin shamans",
    "name a human merchant from Harrowgate",
    "give me 3 tavern wench names",
    "name five bandits in the woods",
    "name an old hermit",
    "give me two noble names",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", default="2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        settings = load_settings({"threads": args.threads, "campaigns_dir": folder})
        companion = Companion(Runtime(settings, on_demand=True), keep_turns=False)
        counted = from_model = given = 0
        echoes, answers = [], []
        for line in REQUESTS:
            request = naming.name_request(line)
            names = [n.removeprefix("- ") for n in companion.reply(line).consume().splitlines()]
            counted += len(names) == request.count
            given += len(names)
            table = naming.NAME_TABLES[request.folk]
            from_model += sum(name not in table for name in names)
            asked = {w.lower() for w in line.split()}
            written_back = any(set(name.lower().split()) & asked or len(name.split()) > 3 for name in names)
            echoes += [line] if written_back else []
            answers.append({"request": line, "names": names})
    print(
        json.dumps(
            {
                "benchmark": "name_requests",
                "requests": len(REQUESTS),
                "right_count": counted,
                "names": given,
                "from_model": from_model,
                "echo_or_sentence": echoes,
                "answers": answers,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
