"""Session-summary drafts against their sessions' notes: for each of the example campaign's five
sessions, drafts seeded 0..N-1 (100 in all by default) by the bundled model with the default
adapter, as F9 and `memory summary` draft them, the campaign a real copy (LanceDB, the bundled
embedding model).

- before: the model's draft as it was shown before the check;
- after: what the DM is shown now (`SummaryCheck`: a figure no note of the session gives, a name
  nothing of the session names, a read-back of the prompt, dropped with why).
Counted on both: sentences the check flags, by why (after is 0 by construction: the figure says
how often the model strays from its notes), drafts left empty, words; and how much of the
session is told: the share of the session's note titles whose name appears in the draft.

    .venv/bin/python benchmarks/summary_drafts.py [--per-session 20] [--show 4]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
from collections import Counter
from pathlib import Path

from dm_companion.assistant.notes_check import SummaryCheck
from dm_companion.assistant.session_summary import draft_summary, session_material, session_memories
from dm_companion.llm.engine import Engine
from dm_companion.llm.engines import engine_for, load_engine
from dm_companion.memory import campaign as campaigns
from dm_companion.overlap import sentences
from dm_companion.settings import load_settings

SESSIONS = range(1, 6)


class Recording:
    """The engine, keeping the model's raw text of the last request (the draft before the check)."""

    def __init__(self, engine: Engine) -> None:
        self.engine, self.raw = engine, ""

    def stream_chat(self, messages, **options):
        self.raw = ""
        for piece in self.engine.stream_chat(messages, **options):
            self.raw += piece
            yield piece


def told(text: str, memories) -> float:
    """The share of the session's note titles whose first name word the draft mentions."""
    titled = [m for m in memories if m.kind != "chat turn" and re.search(r"[A-Z][a-z]{2,}", m.title)]
    said = [
        m
        for m in titled
        if any(
            w.lower() in text.lower()
            for w in re.findall(r"[A-Z][a-z]{2,}", m.title)
            if w not in ("The", "Old")
        )
    ]
    return len(said) / len(titled) if titled else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-session", type=int, default=20)
    parser.add_argument("--show", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        campaigns.ensure_example(Path(folder))
        campaign = campaigns.open_campaign(Path(folder), "example")
        engine = Recording(load_engine(engine_for(load_settings({"campaigns_dir": folder}, environ={}))))
        rows = {"before": [], "after": []}
        flagged: Counter = Counter()
        shown = 0
        for session in SESSIONS:
            memories = session_memories(campaign.memory, session)
            check = SummaryCheck(memories, session_material(memories))
            for seed in range(args.per_session):
                draft = draft_summary(engine, campaign.memory, session, seed)
                raw = engine.raw.strip()
                for label, text in (("before", raw), ("after", draft.text)):
                    whys = [why for s in sentences(text) if (why := check.problem(s))]
                    if label == "before":
                        flagged.update(re.sub(r" (says|names|say|give|has) .*", r" \1 ...", w) for w in whys)
                    rows[label].append(
                        {
                            "flagged": len(whys),
                            "empty": not text,
                            "words": len(text.split()),
                            "told": told(text, memories),
                        }
                    )
                if draft.dropped and shown < args.show:
                    shown += 1
                    print(
                        f"--- session {session}, seed {seed}\n    before: {raw[:400]}"
                        f"\n    after:  {draft.text[:400]}"
                        f"\n    dropped: {draft.dropped[:3]}"
                    )
    report = {
        label: {
            "sentences_flagged": sum(r["flagged"] for r in found),
            "drafts_with_one_flagged": sum(1 for r in found if r["flagged"]),
            "empty_drafts": sum(r["empty"] for r in found),
            "words_median": statistics.median(r["words"] for r in found),
            "notes_told_mean": round(statistics.mean(r["told"] for r in found), 3),
        }
        for label, found in rows.items()
    }
    report["before"]["flagged_by_why"] = dict(flagged)
    print(json.dumps({"drafts": len(rows["after"]), **report, "settings": vars(args)}, indent=2))


if __name__ == "__main__":
    main()
