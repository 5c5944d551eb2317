"""Characters' looks and stories against their sheets: 100 sheets (seeded random race, class,
level and pronouns: about a quarter each unset, she/her, he/him, they/them), each given a name,
appearance and backstory by the bundled model with the default adapter
as the app asks (temperature 0.8, the flavour seed = the sheet's index).

- before: the model's first try as it was shown before the check (every sentence kept);
- after: what the DM is shown now (`flavour.write`: checked, written again once when the check
  leaves no appearance or no backstory).
Counted on both: the checker's own contradictions (after is 0 by construction; the figure is how
often the model contradicts the sheet), and, as a cruder measure the checker does not decide, any
other race's singular noun ("dwarf", "elf") or another class's noun anywhere in the appearance,
and the example's sentences copied. Also: empty appearances or backstories, appearances told
from the sheet because none of the model's agreed with it, tries, seconds.

    .venv/bin/python benchmarks/flavour_check.py [--sheets 100] [--show 5] [--adapter FILE|none]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import time

from dm_companion.characters import flavour
from dm_companion.characters.builder import Builder, Request
from dm_companion.characters.flavour_check import CLASSES, RACE_NOUNS, kept, own_race_words
from dm_companion.characters.pronouns import SETS
from dm_companion.llm.engines import engine_for, load_engine
from dm_companion.overlap import echo
from dm_companion.settings import load_settings

RACES = ["dragonborn", "dwarf", "elf", "gnome", "half-elf", "half-orc", "halfling", "human", "tiefling"]


def crude(found: flavour.Flavour, sheet) -> dict:
    own = own_race_words(sheet)
    words = set(re.findall(r"[a-z-]+", found.appearance.lower()))
    return {
        "other_race_in_appearance": bool((RACE_NOUNS - own) & words),
        "other_class_in_appearance": bool((set(CLASSES) - {sheet.char_class.lower()}) & words),
        "copies_example": any(
            echo(s, e) >= 0.6
            for s in re.split(r"(?<=[.!?])\s+", found.appearance + " " + found.backstory)
            for e in flavour.EXAMPLE_SENTENCES
        ),
    }


def figures(found, sheet) -> dict[str, int]:
    """What one flavour gets wrong against its sheet, as counts to add up."""
    why = (
        kept(found.appearance, sheet, True, flavour.EXAMPLE_SENTENCES)[1]
        + kept(found.backstory, sheet, False, flavour.EXAMPLE_SENTENCES)[1]
    )
    return {
        "contradicting_sentences": len(why),
        "flavours_with_a_contradiction": int(bool(why)),
        "of_them_pronouns": sum(1 for w in why if f"the sheet says {sheet.pronouns}, not" in w),
        **{k: int(v) for k, v in crude(found, sheet).items()},
        "empty_appearance": int(not found.appearance),
        "empty_backstory": int(not found.backstory),
        "appearance_told_from_the_sheet": int(
            any(r.startswith("appearance told from the sheet") for r in found.removed)
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=100)
    parser.add_argument("--show", type=int, default=5, help="print this many before/after pairs with drops")
    parser.add_argument(
        "--adapter", default=None, help="adapter setting (default: the app's; none: the base model)"
    )
    args = parser.parse_args()
    engine = load_engine(
        engine_for(load_settings({"temperature": "0.8", "adapter": args.adapter}, environ={}))
    )
    builder = Builder()
    rng = random.Random(0)
    said = random.Random(1)  # apart, so the sheets are those of earlier runs
    totals = {"before": {}, "after": {}}
    tries, seconds, shown = 0, 0.0, 0
    for index in range(args.sheets):
        sheet = builder.build(
            Request(
                race=rng.choice(RACES),
                level=rng.randint(1, 20),
                seed=index,
                pronouns=said.choice(["", *SETS]),
            )
        )
        start = time.perf_counter()
        first = flavour.parse("".join(flavour.stream(engine, sheet, seed=index)))
        texts = []
        after = flavour.write(engine, sheet, seed=index, on_text=texts.append)
        seconds += time.perf_counter() - start
        tries += 1 + sum(1 for a, b in itertools.pairwise(texts) if not b.startswith(a))
        for label, found in (("before", first), ("after", after)):
            for key, value in figures(found, sheet).items():
                totals[label][key] = totals[label].get(key, 0) + value
        if after.removed and shown < args.show:
            shown += 1
            print(
                f"--- {sheet.subrace or sheet.race} {sheet.char_class} {sheet.level}: dropped {after.removed}"
            )
            print(f"    before: {first.appearance} | {first.backstory}")
            print(f"    after:  {after.appearance} | {after.backstory}")
    print(
        json.dumps(
            {
                "sheets": args.sheets,
                **totals,
                "tries_for_the_after_texts": tries,
                "seconds_per_sheet_both": round(seconds / args.sheets, 2),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
