"""How well the summary check tells an answer from a non sequitur, on planted summaries.

A rules answer's "In short" sentences are shown only if the check passes them. Sharing the
source's words is not enough: a sentence copied from the very passages the model read can state
another fact ("A score of 17 is a level 2 Barbarian feature" answered a modifier question). So
for each benchmark question answered from passages, every sentence the model reads (what the
answer quotes) is planted as a summary:
- right: it states every fact the question expects;
- wrong: it states none of them (a true SRD sentence, on topic, that does not answer);
plus, per question, the right sentences of three other questions (true, well-formed, off-topic).
Printed: the share of wrong ones accepted (false accepts) and of right ones kept, for the check
before (numbers and words supported by the source) and after (and about the question), on the
set the threshold was chosen with (rules_qa.jsonl) and on the held-out set (rules_qa_other.jsonl).

    .venv/bin/python benchmarks/summary_check.py
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.rules_qa import correct
from dm_companion.assistant import quoting, summary_check
from dm_companion.assistant.retrieval import SRDIndex
from dm_companion.assistant.rules_qa import RulesAssistant
from dm_companion.assistant.shorthand import expand
from dm_companion.srd.repository import srd

DATA = Path(__file__).resolve().parent / "data"
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str) -> list[str]:
    return [s.strip(" -") for s in _SENTENCE.split(text) if len(s.split()) >= 5]


def mentions_any(sentence: str, expect: list[str]) -> bool:
    return any(option.lower() in sentence.lower() for item in expect for option in item.split("|"))


def planted(assistant: RulesAssistant, questions: list[dict]) -> list[dict]:
    """(question, support, sentence, right) for every planted summary of the questions answered
    from passages."""
    cases, right_by_question = [], {}
    for item in questions:
        if item.get("abstain") or assistant.reply(item["q"]).mode != "passage":
            continue
        asked = expand(item["q"])  # as the assistant reads it ("temp hp": temporary hit points)
        read = quoting.quoted(
            assistant.index, asked, assistant.relevant_hits(asked, assistant.srd.mentions(asked))
        )
        support = quoting.reading(read, item["q"])
        for passage in read:
            for sentence in sentences(passage.text):
                if correct(sentence, item["expect"]):
                    cases.append({"q": item["q"], "support": support, "s": sentence, "right": True})
                    right_by_question.setdefault(item["q"], []).append(sentence)
                elif not mentions_any(sentence, item["expect"]):
                    cases.append({"q": item["q"], "support": support, "s": sentence, "right": False})
    rng = random.Random(0)
    asked = sorted(right_by_question)
    for case in [c for c in cases if c["right"]]:
        for other in rng.sample([q for q in asked if q != case["q"]], min(3, len(asked) - 1)):
            for sentence in right_by_question[other][:1]:
                cases.append(
                    {
                        "q": case["q"],
                        "support": case["support"],
                        "s": sentence,
                        "right": False,
                        "off_topic": True,
                    }
                )
    return cases


def score(assistant: RulesAssistant, cases: list[dict]) -> dict:
    wrong = [c for c in cases if not c["right"]]
    right = [c for c in cases if c["right"]]
    report = {
        "right": len(right),
        "wrong": len(wrong),
        "off_topic_wrong": sum(1 for c in wrong if c.get("off_topic")),
    }
    for name, check in (
        ("before", lambda c: grounded_alone(c["s"], c["support"])),
        ("after", lambda c: summary_check.shows(assistant.index, c["s"], c["support"], c["q"])),
    ):
        report[f"{name}_false_accepts"] = round(sum(map(check, wrong)) / max(len(wrong), 1), 3)
        report[f"{name}_right_kept"] = round(sum(map(check, right)) / max(len(right), 1), 3)
    return report


def grounded_alone(sentence: str, support: str) -> bool:
    """The check before #33: numbers and nearly all words from the quote, nothing of meaning."""
    return not summary_check.unsupported_numbers(sentence, support) and summary_check.grounded(
        sentence, support
    )


def main() -> None:
    book = srd()
    index = SRDIndex(book)
    index.open()
    assistant = RulesAssistant(None, book, index)
    report = {"benchmark": "summary_check"}
    for name in ("rules_qa", "rules_qa_other"):
        questions = [
            json.loads(line) for line in (DATA / f"{name}.jsonl").read_text().splitlines() if line.strip()
        ]
        report[name] = score(assistant, planted(assistant, questions))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
