"""Build the instruction dataset (Alpaca JSONL: instruction, input, output) from the SRD and the
app's own engines.

Tasks, each grounded in what the app will give the model at the table:
- stat: a stat question with the entry's SRD passage as input; the answer is the sentence the
  app's fact engine builds from the record, so numbers are always right;
- rule: a rules question, the rule named as a DM would ("advantage"), with the passages
  retrieval would give (the rule's section among its siblings or other rules' sections that use
  its name words, not always first); the answer is the rule's own sentences that
  say what it is and how it plays (the one with the roll, DC or number first in line), copied,
  so the adapter learns to find the passage that answers and say what it says and no more;
- refusal: a question with passages that do not hold its answer; the answer says so;
- character: a sheet from the rules engine; the answer introduces it using only its numbers;
- narration: a round of a fight the tracker ran from stat blocks, as the app prompts for it (the
  beats and the state); the answer is the round told as a scene (`telling.tell`), not the log;
- query: a question about an SRD entry in a DM's own words with the lookup the app offers the
  model (`read_question`); the answer is the entry and attribute it asks for, or none, as JSON;
- describe: a "describe ..." request about an invented place with the notes the chat would
  recall (one of them unrelated); the answer tells the notes' facts and figures in other words
  (`description_samples`);
- flavour: a sheet's facts as the Characters pane asks for its name, look and story (after the
  pane's worked example); the answer is a form told from the sheet's race, class, background,
  alignment, ideal and pronouns (`flavour_samples`), never the example's.

Varied phrasings (templates, optionally paraphrased by the bundled model), deduplicated, split
train/validation by entity (no monster, spell, rule or character is in both), with a manifest of
counts and a data hash. `review` lets a person accept, edit or drop samples; decisions are kept
in review.jsonl and applied on every build.

    python -m tools.build_dataset [--out data/adapter] [--per-entity 2] [--seed 0] [--paraphrase N]
    python -m tools.build_dataset review [--out data/adapter]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import Counter
from pathlib import Path

from dm_companion.errors import DMCError
from tools.common import DATA_DIR, read_jsonl
from tools.description_samples import WORDINGS
from tools.flavour_samples import WORDINGS as FLAVOUR_WORDINGS
from tools.srd_samples import query_samples, refusal_samples, rule_samples, sample_id, stat_samples
from tools.story_samples import character_samples, describe_samples, flavour_samples, narration_samples

SPLIT_EVERY = 10  # one entity group in ten goes to validation


def paraphrase(records: list[dict], count: int, rng: random.Random) -> list[dict]:
    """New phrasings of some instructions by the bundled model, kept only when they still name
    the entity and still ask a question."""
    from dm_companion.llm.discovery import choose
    from dm_companion.llm.engine import Engine
    from dm_companion.settings import load_settings

    settings = load_settings({"adapter": "none", "temperature": "0.7"})
    engine = Engine(choose(settings), settings)
    engine.load()
    found = []
    for record in rng.sample([r for r in records if r["task"] in ("stat", "rule")], min(count, len(records))):
        prompt = [
            {
                "role": "system",
                "content": "Rewrite the question in different words. Reply with the question only.",
            },
            {"role": "user", "content": record["instruction"]},
        ]
        text = "".join(
            engine.stream_chat(prompt, max_tokens=40, temperature=0.7, seed=rng.randrange(1000))
        ).strip()
        name = record["topic"]
        if (
            text.endswith("?")
            and name.lower() in text.lower()
            and text != record["instruction"]
            and len(text) < 160
        ):
            found.append(record | {"instruction": text, "paraphrased": True})
    return found


def _split(group: str) -> str:
    return "val" if int(hashlib.sha1(group.encode()).hexdigest(), 16) % SPLIT_EVERY == 0 else "train"


def apply_review(records: list[dict], out: Path) -> list[dict]:
    path = out / "review.jsonl"
    if not path.exists():
        return records
    decisions = {
        d["id"]: d for d in (json.loads(line) for line in path.read_text().splitlines() if line.strip())
    }
    kept = []
    for record in records:
        decision = decisions.get(sample_id(record))
        if decision is None or decision["decision"] == "accept":
            kept.append(record)
        elif decision["decision"] == "edit":
            kept.append(record | {"output": decision["output"], "reviewed": True})
    return kept


def build(
    out: Path,
    per_entity: int,
    seed: int,
    paraphrase_count: int,
    characters: int,
    fights: int,
    descriptions: int = 600,
    flavours: int = 400,
) -> dict:
    from dm_companion.srd.repository import srd

    rng = random.Random(seed)
    book = srd()
    stats = stat_samples(book, rng, per_entity)
    records = stats + rule_samples(book, rng, per_entity) + refusal_samples(stats, rng)
    records += character_samples(characters, rng) + narration_samples(fights)
    records += query_samples(
        book, random.Random(seed + 1), per_entity
    )  # own draws: the other tasks' stay as they were
    records += describe_samples(descriptions, random.Random(seed + 2))
    records += flavour_samples(flavours, random.Random(seed + 3))
    if paraphrase_count:
        records += paraphrase(records, paraphrase_count, rng)
    unique: dict[str, dict] = {}
    for record in records:
        unique.setdefault(sample_id(record), record)
    records = apply_review(list(unique.values()), out)
    splits = {"train": [], "val": []}
    for record in records:
        splits[_split(record["group"])].append(record)
    out.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    for name, items in splits.items():
        rng.shuffle(items)
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in items)
        (out / f"{name}.jsonl").write_text(text, encoding="utf-8")
        digest.update(text.encode())
    manifest = {
        "data_sha256": digest.hexdigest(),
        "seed": seed,
        "per_entity": per_entity,
        "paraphrased": paraphrase_count,
        "counts": {name: len(items) for name, items in splits.items()},
        "by_task": {name: dict(Counter(r["task"] for r in items)) for name, items in splits.items()},
        "groups_in_both_splits": len(
            {r["group"] for r in splits["train"]} & {r["group"] for r in splits["val"]}
        ),
        "description_wordings": WORDINGS,
        "flavour_wordings": FLAVOUR_WORDINGS,
        "command": "python -m tools.build_dataset " + " ".join(sys.argv[1:]),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def review(out: Path) -> int:
    """Walks the training samples not yet decided: [a]ccept, [e]dit the answer, [d]rop, [q]uit."""
    from rich.console import Console
    from rich.panel import Panel

    console = Console()
    records = read_jsonl(out / "train.jsonl")
    path = out / "review.jsonl"
    decided = (
        {json.loads(line)["id"] for line in path.read_text().splitlines() if line.strip()}
        if path.exists()
        else set()
    )
    for record in records:
        key = sample_id(record)
        if key in decided:
            continue
        console.print(
            Panel(
                f"[b]{record['instruction']}[/b]\n\n{record['input'][:800]}\n\n[green]{record['output']}[/]",
                title=f"{record['task']} · {key}",
            )
        )
        choice = console.input("[a]ccept [e]dit [d]rop [q]uit > ").strip().lower()[:1]
        if choice == "q":
            break
        decision = {"id": key, "decision": {"a": "accept", "e": "edit", "d": "drop"}.get(choice, "accept")}
        if decision["decision"] == "edit":
            decision["output"] = console.input("new answer > ").strip() or record["output"]
        with path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(decision) + "\n")
    console.print(f"decisions are in {path}; rebuild to apply them")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.build_dataset", description=__doc__.splitlines()[0]
    )
    parser.add_argument("mode", nargs="?", choices=["build", "review"], default="build")
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    parser.add_argument("--per-entity", type=int, default=2, help="phrasings per SRD entry (default 2)")
    parser.add_argument("--characters", type=int, default=300)
    parser.add_argument("--fights", type=int, default=300)
    parser.add_argument("--descriptions", type=int, default=600, help="described invented places")
    parser.add_argument("--flavours", type=int, default=400, help="characters given a name, look and story")
    parser.add_argument(
        "--paraphrase", type=int, default=0, help="instructions to paraphrase with the bundled model"
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        if args.mode == "review":
            return review(args.out)
        if args.per_entity < 1:
            raise DMCError("--per-entity must be 1 or more")
        manifest = build(
            args.out,
            args.per_entity,
            args.seed,
            args.paraphrase,
            args.characters,
            args.fights,
            args.descriptions,
            args.flavours,
        )
    except DMCError as exc:
        print(f"build_dataset: error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(manifest, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
