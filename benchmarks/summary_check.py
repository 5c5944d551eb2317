"""How well the summary check tells an answer from a non sequitur, on planted summaries.

A rules answer's "In short" sentences are shown only if the check passes them. Sharing the
source's words is not enough: a sentence copied from the very passages the model read can state
another fact ("A score of 17 is a level 2 Barbarian feature" answered a modifier question). So
for each benchmark question answered from passages, every sentence the model reads (what the
answer quotes) is planted as a summary:
- right: it states every fact the question expects;
- wrong: it states none of them (a true SRD sentence, on topic, that does not answer);
plus, per question, the right sentences of three other questions (true, well-formed, off-topic),
and, from each right sentence, planted contradictions that keep every word of the quote (what
the 135M model writes): its negation flipped, two of its roles swapped, an antonym slipped in,
a verdict ("No, ...") put before it, and its opening condition ("When ..., ") dropped.
Printed: the share of wrong ones accepted (false accepts, in all and per kind) and of right ones
kept, for the check before #33 (numbers and words supported by the source) and after (restating
one quoted sentence, about the question), on the set the threshold was chosen with
(rules_qa.jsonl) and on the held-out set (rules_qa_other.jsonl).

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
from dm_companion.wording import STOPWORDS

DATA = Path(__file__).resolve().parent / "data"
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_AUXILIARY = re.compile(r"\b(can|is|are|does|do|must|has|takes|gains|makes)\b")
_NEGATED = re.compile(r"\b(can't|cannot|can not|isn't|aren't|doesn't|don't|not)\b", re.IGNORECASE)
_ANTONYMS = dict(
    pair
    for a, b in (
        ("advantage", "disadvantage"),
        ("succeeds", "fails"),
        ("success", "failure"),
        ("half", "double"),
        ("minimum", "maximum"),
        ("increases", "decreases"),
        ("before", "after"),
        ("gains", "loses"),
        ("more", "less"),
        ("higher", "lower"),
        ("start", "end"),
        ("resistance", "vulnerability"),
        ("within", "beyond"),
        ("automatically", "never"),
    )
    for pair in ((a, b), (b, a))
)
_CONTENT = re.compile(r"\b[a-z]{5,}\b")


def sentences(text: str) -> list[str]:
    return [s.strip(" -") for s in _SENTENCE.split(text) if len(s.split()) >= 5]


def mentions_any(sentence: str, expect: list[str]) -> bool:
    return any(option.lower() in sentence.lower() for item in expect for option in item.split("|"))


def negation_flipped(sentence: str) -> str | None:
    """The sentence saying the opposite: a negation removed, or one put after its first auxiliary."""
    if _NEGATED.search(sentence):
        flipped = _NEGATED.sub(
            lambda m: {"can't": "can", "cannot": "can", "can not": "can"}.get(
                m.group(1).lower(), m.group(1).lower().replace("n't", "").replace("not", "").strip()
            ),
            sentence,
            count=1,
        )
        return " ".join(flipped.split())
    found = _AUXILIARY.search(sentence)
    if found is None:
        return None
    word = found.group(1)
    negated = {"can": "can't", "does": "doesn't", "do": "don't"}.get(word, f"{word} not")
    return sentence[: found.start()] + negated + sentence[found.end() :]


def roles_swapped(sentence: str) -> str | None:
    """The sentence with its first and last content words traded ("the charmer can't attack the
    charmed" for "the charmed can't attack the charmer")."""
    words = [m for m in _CONTENT.finditer(sentence) if m.group(0) not in STOPWORDS]
    if len(words) < 2 or words[0].group(0) == words[-1].group(0):
        return None
    first, last = words[0], words[-1]
    return (
        sentence[: first.start()]
        + last.group(0)
        + sentence[first.end() : last.start()]
        + first.group(0)
        + sentence[last.end() :]
    )


def antonym(sentence: str) -> str | None:
    """The sentence with one word turned to its opposite ("advantage" for "disadvantage")."""
    for match in re.finditer(r"[a-z]+", sentence):
        if match.group(0) in _ANTONYMS:
            return sentence[: match.start()] + _ANTONYMS[match.group(0)] + sentence[match.end() :]
    return None


def verdict(sentence: str) -> str:
    """A verdict the quote never gave, put before a sentence it did."""
    return "No, " + sentence[:1].lower() + sentence[1:]


def condition_dropped(sentence: str) -> str | None:
    """The sentence's main clause alone, its opening condition dropped ("When damage reduces you
    to 0 hit points, you fall unconscious" for "You fall unconscious"): a rule for a case stated
    as a fact."""
    found = re.match(r"(?:when|whenever|if|unless|while|once)\b[^,]+,\s*(.+)$", sentence, re.IGNORECASE)
    return found.group(1)[:1].upper() + found.group(1)[1:] if found else None


CONTRADICTIONS = {
    "negation": negation_flipped,
    "roles": roles_swapped,
    "antonym": antonym,
    "verdict": verdict,
    "condition dropped": condition_dropped,
}


def contradictions(case: dict) -> list[dict]:
    """Each planted contradiction of a right summary, as a wrong one of its kind."""
    made = []
    for kind, plant in CONTRADICTIONS.items():
        changed = plant(case["s"])
        if changed and changed != case["s"]:
            made.append({**case, "s": changed, "right": False, "kind": kind})
    return made


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
        support = quoting.support(read)
        for passage in read:
            for sentence in sentences(passage.text):
                if correct(sentence, item["expect"]):
                    cases.append({"q": item["q"], "support": support, "s": sentence, "right": True})
                    right_by_question.setdefault(item["q"], []).append(sentence)
                elif not mentions_any(sentence, item["expect"]):
                    wrong = {"q": item["q"], "support": support, "s": sentence, "right": False}
                    cases.append({**wrong, "kind": "other fact"})
    rng = random.Random(0)
    asked = sorted(right_by_question)
    for case in [c for c in cases if c["right"]]:
        cases.extend(contradictions(case))
        for other in rng.sample([q for q in asked if q != case["q"]], min(3, len(asked) - 1)):
            for sentence in right_by_question[other][:1]:
                cases.append(
                    {
                        "q": case["q"],
                        "support": case["support"],
                        "s": sentence,
                        "right": False,
                        "kind": "off-topic",
                    }
                )
    return cases


def score(assistant: RulesAssistant, cases: list[dict]) -> dict:
    wrong = [c for c in cases if not c["right"]]
    right = [c for c in cases if c["right"]]
    kinds = sorted({c["kind"] for c in wrong})
    report = {"right": len(right), "wrong": {kind: sum(c["kind"] == kind for c in wrong) for kind in kinds}}
    for name, check in (
        ("before", lambda c: grounded_alone(c["s"], c["support"])),
        ("after", lambda c: summary_check.shows(assistant.index, c["s"], c["support"], c["q"])),
    ):
        accepted = [c for c in wrong if check(c)]
        report[f"{name}_false_accepts"] = share(len(accepted), len(wrong))
        report[f"{name}_false_accepts_by_kind"] = {
            kind: share(sum(c["kind"] == kind for c in accepted), report["wrong"][kind]) for kind in kinds
        }
        report[f"{name}_right_kept"] = share(sum(map(check, right)), len(right))
    return report


def share(part: int, whole: int) -> float:
    return round(part / max(whole, 1), 3)


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
