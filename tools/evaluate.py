"""Evaluate an adapter against the base model, both in llama.cpp as the app runs them (greedy):

- on the validation split: exact-fact accuracy (every number of the reference answer stated;
  content-word overlap where it has none), ROUGE-L F1, refusal correctness (refuses when the
  passage lacks the answer, does not refuse when it holds it);
- on the rules-QA benchmark (`benchmarks/rules_qa.py`, the app's full answer path), with the
  model's own part (its checked answer to the questions answered from passages) apart;
- regression: greedy outputs on a fixed prompt set are written to a file the first time and
  compared on later runs ("outputs do not change").

    python -m tools.evaluate --adapter adapters/default/adapter.gguf [--limit 120] [--rules-qa]
        [--regression adapters/default/regression.json]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

from dm_companion.errors import DMCError
from dm_companion.overlap import rouge_l, words
from tools.common import DATA_DIR, messages, read_jsonl

REFUSAL = re.compile(
    r"(does|do) not say|(doesn't|don't) say|not in the (passages?|srd|note)|no information|"
    r"(does|do) not (mention|answer)",
    re.IGNORECASE,
)
REGRESSION_PROMPTS = [
    "What is the armor class of a goblin?",
    "How does the grappled condition work?",
    "Describe the Crooked Lantern inn at dusk.",
    "Give me three names for a dwarf blacksmith.",
    "Narrate: Mira hits the orc for 9 slashing damage; the orc is at 6/15 HP.",
]
ROOT = Path(__file__).resolve().parent.parent


def fact_correct(candidate: str, reference: str) -> bool:
    numbers = set(re.findall(r"\d+", reference))
    if numbers:
        return numbers <= set(re.findall(r"\d+", candidate))
    wanted = {w for w in words(reference) if len(w) > 3}
    return bool(wanted) and len(wanted & set(words(candidate))) / len(wanted) >= 0.6


def engine_for(adapter: str):
    from dm_companion.llm.discovery import choose
    from dm_companion.llm.engine import Engine
    from dm_companion.settings import load_settings

    settings = load_settings({"adapter": adapter, "threads": "2", "temperature": "0", "n_ctx": "2048"})
    engine = Engine(choose(settings), settings)
    engine.load()
    return engine


def generate(engine, record: dict) -> str:
    return "".join(
        engine.stream_chat(messages(record, with_answer=False), max_tokens=96, temperature=0.0)
    ).strip()


def score(engine, records: list[dict]) -> dict:
    facts, refusals, false_refusals, asked, holding = 0, 0, 0, 0, 0
    rouge: dict[str, list[float]] = {}
    fact_tasks = [r for r in records if r["task"] == "stat"]
    for record in records:
        output = generate(engine, record)
        rouge.setdefault(record["task"], []).append(rouge_l(output, record["output"]))
        if record["task"] == "stat":
            facts += fact_correct(output, record["output"])
        if record["task"] == "refusal":
            asked += 1
            refusals += bool(REFUSAL.search(output))
        elif record["task"] in ("stat", "rule"):
            holding += 1
            false_refusals += bool(REFUSAL.search(output))
    return {
        "samples": len(records),
        "exact_fact_accuracy": round(facts / max(len(fact_tasks), 1), 3),
        "rouge_l": round(sum(map(sum, rouge.values())) / max(len(records), 1), 3),
        "rouge_l_by_task": {task: round(sum(v) / len(v), 3) for task, v in sorted(rouge.items())},
        "refusal_correct": round(refusals / max(asked, 1), 3),
        "false_refusal_rate": round(false_refusals / max(holding, 1), 3),
    }


def rules_qa(adapter: str) -> dict:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "rules_qa.py"), "--adapter", adapter],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=3600,
    )
    if result.returncode:
        raise DMCError(f"rules-QA benchmark failed: {result.stderr.strip().splitlines()[-1:]}")
    data = json.loads(result.stdout)
    return {
        "accuracy": data.get("accuracy"),
        "by_topic": data.get("accuracy_by_topic"),
        "model_answers": data.get("model_answers"),
    }


def regression(engine, path: Path) -> dict:
    outputs = {
        p: "".join(engine.stream_chat([{"role": "user", "content": p}], max_tokens=64, temperature=0.0))
        for p in REGRESSION_PROMPTS
    }
    if not path.exists():
        path.write_text(json.dumps(outputs, indent=2) + "\n")
        return {"written": str(path), "prompts": len(outputs)}
    kept = json.loads(path.read_text())
    changed = [p for p in REGRESSION_PROMPTS if kept.get(p) != outputs[p]]
    return {"compared_with": str(path), "prompts": len(outputs), "changed": changed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--adapter", required=True, help="the GGUF adapter to judge")
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="folder with val.jsonl")
    parser.add_argument("--limit", type=int, default=120, help="validation samples (spread over tasks)")
    parser.add_argument("--rules-qa", action="store_true", help="also run the rules-QA benchmark for both")
    parser.add_argument("--regression", type=Path, help="file of fixed-prompt outputs to write or compare")
    args = parser.parse_args(argv)
    try:
        if not Path(args.adapter).is_file():
            raise DMCError(f"adapter file not found: {args.adapter}")
        records = read_jsonl(args.data / "val.jsonl")
        by_task: dict[str, list[dict]] = {}
        for record in records:
            by_task.setdefault(record.get("task", ""), []).append(record)
        share = max(1, args.limit // max(len(by_task), 1))
        chosen = [r for items in by_task.values() for r in items[:share]]
        report = {"validation": {}}
        for label, adapter in (("base", "none"), ("adapter", str(args.adapter))):
            engine = engine_for(adapter)
            report["validation"][label] = score(engine, chosen)
            if args.regression and label == "adapter":
                report["regression"] = regression(engine, args.regression)
        if args.rules_qa:
            report["rules_qa"] = {"base": rules_qa("none"), "adapter": rules_qa(str(args.adapter))}
    except DMCError as exc:
        print(f"evaluate: error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
