"""Rules answers to questions real people posted (`../shared/realqa/`), asked as a user would.

Every question goes through `dm-companion ask --json -` (one process, the model loaded once),
asked as its README says: "{context}: {q}", newlines joined. Each answer is scored as the
README scores it, into five outcomes:
- right: a yes-no verdict that matches, and/or the question's facts stated in the answer's first
  two sentences (a calculation's or a fact's sentence, or the opening of a quote);
- holds: the facts only somewhere later in the answer (inside a longer quote);
- abstained: the answer says the SRD does not have it, or asks back (`mode` "not-found"); the
  right outcome for a not-in-SRD question;
- no-answer: neither a verdict nor the facts;
- wrong: a verdict opposite to the question's, or a not-in-SRD question answered as if the SRD
  covered it.
The figures are by kind, and every wrong answer is listed. The questions are other people's
words: they are read from ../shared, never copied here; without that folder this says so and
stops.

    .venv/bin/python benchmarks/real_questions.py [--realqa ../shared/realqa] [--adapter none]
        [--limit N] [--dump answers.jsonl]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALQA = ROOT.parent / "shared" / "realqa"
OUTCOMES = ("right", "holds", "abstained", "no-answer", "wrong")
_NUMBERS = "zero one two three four five six seven eight nine ten".split()
_SAME = {"halved": "half", "halves": "half", "doubled": "double", "twice": "double"}
_QUOTE_HEAD = re.compile(r"SRD, [^:\n]+: \u201c")


def asked(item: dict) -> str:
    """The question as a reader of the page saw it (the README's rule)."""
    text = " ".join(item["q"].split())
    return f"{item['context']}: {text}" if item["context"] else text


def _stems(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9+\-]+", text.lower().replace("\u2019", "'"))
    out = []
    for word in words:
        word = _SAME.get(word, word)
        word = str(_NUMBERS.index(word)) if word in _NUMBERS else word
        out.append(re.sub(r"(?<=[a-z]{3})(es|s|ed|d)$", "", word))
    return out


def states(text: str, fact: str) -> bool:
    """Whether `text` states `fact` (its words in order, plurals, tenses and number words aside)."""
    said, wanted = _stems(text), _stems(fact)
    if not wanted:
        return True
    return any(said[i : i + len(wanted)] == wanted for i in range(len(said) - len(wanted) + 1))


def opening(answer: str) -> str:
    """The answer's first two sentences, with a quote's "SRD, Name: “" heading taken off."""
    text = _QUOTE_HEAD.sub("", answer, count=1).replace("\u201d", "")
    return " ".join(re.split(r"(?<=[.!?])\s+", text.strip())[:2])


def verdict_of(answer: str) -> str | None:
    first = answer.strip().split(".", 1)[0].strip().lower()
    return first if first in ("yes", "no") else None


def score(item: dict, reply: dict) -> str:
    """One of OUTCOMES for this answer to this question (README: "Scoring an answer")."""
    answer = reply.get("answer") or ""
    if reply.get("mode") == "not-found" or reply.get("error"):
        return "abstained"
    if item["kind"] == "not-in-srd":
        return "wrong"  # answered as if the SRD covered it
    said = verdict_of(answer)
    if item["kind"] == "yes-no" and said is not None:
        return "right" if said == item["verdict"] else "wrong"
    facts = item["facts"]
    if facts and all(states(opening(answer), fact) for fact in facts):
        return "right"
    if facts and all(states(answer, fact) for fact in facts):
        return "holds"
    return "no-answer"


def ask(questions: list[str], adapter: str | None) -> tuple[list[dict], float]:
    """Every question through one `ask --json -` process; the answers and the seconds it took."""
    command = [sys.executable, "-m", "dm_companion", "--threads", "2", "--temperature", "0"]
    if adapter:
        command += ["--adapter", adapter]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "ask", "--json", "-"],
        input="\n".join(questions) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"ask failed ({done.returncode}): {done.stderr[-2000:]}")
    return [
        json.loads(line) for line in done.stdout.splitlines() if line.strip()
    ], time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realqa", type=Path, default=REALQA)
    parser.add_argument("--adapter", default=None)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--dump", type=Path, help="write each question, answer and outcome here (JSON lines)")
    args = parser.parse_args()
    source = args.realqa / "questions.jsonl"
    if not source.is_file():
        print(f"no real questions at {source} (they live in the workplace's shared folder); nothing to do")
        return
    items = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = items[: args.limit] if args.limit else items
    replies, seconds = ask([asked(item) for item in items], args.adapter)
    by_kind: dict[str, Counter] = defaultdict(Counter)
    wrong, dumped = [], []
    for item, reply in zip(items, replies, strict=True):
        outcome = score(item, reply)
        by_kind[item["kind"]][outcome] += 1
        by_kind["all"][outcome] += 1
        if outcome == "wrong":
            wrong.append(
                {"q": asked(item)[:160], "kind": item["kind"], "answer": reply.get("answer", "")[:240]}
            )
        dumped.append({"q": asked(item), **item, "reply": reply, "outcome": outcome})
    if args.dump:
        args.dump.write_text("".join(json.dumps(d) + "\n" for d in dumped), encoding="utf-8")
    report = {
        kind: {o: counts[o] for o in OUTCOMES} | {"n": sum(counts.values())}
        for kind, counts in by_kind.items()
    }
    answerable = sum(by_kind[k][o] for k in by_kind if k not in ("all", "not-in-srd") for o in OUTCOMES)
    right = sum(by_kind[k]["right"] for k in by_kind if k not in ("all", "not-in-srd"))
    holds = sum(by_kind[k]["holds"] for k in by_kind if k not in ("all", "not-in-srd"))
    not_in = by_kind["not-in-srd"]
    print(
        json.dumps(
            {
                "questions": len(items),
                "seconds_per_question": round(seconds / max(len(items), 1), 2),
                "right_share_of_answerable": round(right / max(answerable, 1), 3),
                "right_or_holds_share_of_answerable": round((right + holds) / max(answerable, 1), 3),
                "not_in_srd_abstained_share": round(not_in["abstained"] / max(sum(not_in.values()), 1), 3),
                "by_kind": report,
                "wrong": wrong,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
