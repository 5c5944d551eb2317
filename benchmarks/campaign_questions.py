"""Questions about the campaign in the phrasings a DM uses ("what do we know about X", "remind
me who X is", "did the party meet X", "where did we leave off"), asked of the example campaign.

Each question of `data/campaign_questions.jsonl` names the memories that answer it; an answer is
right when it comes from the campaign (mode "memory") and quotes one of them first. Asked as
`ask` asks (the rules assistant, no model: the quote is what decides). Prints JSON with every
miss.

    .venv/bin/python benchmarks/campaign_questions.py [--questions data/campaign_questions_heldout.jsonl]

`campaign_questions_heldout.jsonl` holds 12 more, written after the first 60 and before the
ranking of names' words in titles and of "job"/"want from us" questions to quests.
`campaign_questions_check.jsonl` holds 286 more in twenty batches, each measured before the rules
it then led to (who-questions with no name, fights, "who is X at war with", shared words; what the
party did, names only placed; a recap of the session named; "what lives in", a backstory, what
is so "now", "carries" meeting "carry"; news, where a thing is kept; "who's the gnome in
Harrowgate", "our dog", a question told in the past; "sell" meeting "sold", "why was", a title
named beside an SRD word; who plays whom, what X is; "the dog" as a title calls Biscuit, what is
"in" a thing; "tell me about X" and "what does X do" ask X's own record; a note holding more
of what is asked than the best passage, or the notes alone where the SRD has nothing); the
fourth and the tenth led to none, the sixteenth was measured after the fifteenth's rules only;
the seventeenth led to reading a name typed in lowercase as the memories write it, the
eighteenth to "which pc"/"which of us" and "got" told in the past as the party's story, the
nineteenth to "who is the baron going to war with" asking for no person's own record. Then a
place's own record answered "who guards Greave Keep" (an earlier batch's miss); the twentieth (8)
was measured on the code before and after that rule: 7 of 8 both times.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dm_companion.assistant.rules_qa import Knowledge
from dm_companion.memory.campaign import ensure_example, open_campaign

DATA = Path(__file__).resolve().parent / "data" / "campaign_questions.jsonl"


def main() -> None:
    path = Path(sys.argv[sys.argv.index("--questions") + 1]) if "--questions" in sys.argv else DATA
    questions = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    knowledge = Knowledge.open()
    with tempfile.TemporaryDirectory() as folder:
        ensure_example(Path(folder))
        campaign = open_campaign(Path(folder), "example")
        assistant = knowledge.assistant(None, campaign.memory)
        right, misses = 0, []
        for item in questions:
            reply = assistant.reply(item["q"])
            reply.consume()
            first = reply.sources[0].passage.id.removeprefix("memory/") if reply.sources else None
            if reply.mode == "memory" and first in item["memory"]:
                right += 1
            else:
                misses.append({"q": item["q"], "mode": reply.mode, "first": first, "want": item["memory"]})
    print(
        json.dumps(
            {
                "benchmark": "campaign_questions",
                "questions": len(questions),
                "right": right,
                "right_share": round(right / len(questions), 3),
                "misses": misses,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
