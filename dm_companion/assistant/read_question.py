"""A stat question in words the fact engine's patterns do not know, read by the model.

The patterns in `facts` know the usual ways of asking ("lich AC", "is fireball a ritual"); a
DM's own words ("what can't hurt a lich?", "how long to get fireball off?") slip past them and
would be answered from retrieved passages. So when a question names SRD entries that have
records but no pattern matched, the model reads it into a structured query, as the combat
reader reads a fight sentence: a JSON grammar whose enums hold only the entries the question
names (what the name matcher found) and the attributes the engine knows for their kinds, plus
"none" for a question that is not about one of them (how a spell plays, what a creature is).
The engine would then answer from the record, so no number would come from the model.

Not in the answer path: the bundled model and the adapters trained so far read most such
questions into another attribute (`benchmarks/question_reader.py`; figures in
benchmarks/README.md), and a reader that wrong would turn "here is the passage" into a confident
wrong fact. It stays, with the factory's "query" task built from `lookup`, `SYSTEM` and
`answer_json` (the exact prompt and reading), for a reader trained past that bar.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from dm_companion.assistant.facts import ATTRIBUTES, Attribute
from dm_companion.llm.protocol import LanguageModel
from dm_companion.srd.entries import Entry
from dm_companion.srd.repository import Mention

NONE = "none"
MOST_ENTRIES = 4  # entries offered to the model, the name matcher's best first
SYSTEM = (
    "You read a Dungeons & Dragons dungeon master's question into a lookup in the SRD's records: "
    "which named entry it asks about and which one of that entry's attributes. Answer none for the "
    "attribute when the question asks how something works, what it is or what it does, rather "
    "than for one listed attribute."
)


@dataclass(frozen=True)
class Query:
    entry: Entry
    attribute: Attribute


def attributes_of(kind: str) -> list[Attribute]:
    """The attributes the engine answers for an entry of this kind, in pattern order (whole
    descriptions excluded: those questions are the passages' to answer)."""
    return [a for a in ATTRIBUTES if kind in a.kinds and a.name != "describe"]


def readable(mentions: list[Mention]) -> list[Entry]:
    """The named entries that have attributes to look up, each once, best match first."""
    entries: list[Entry] = []
    for mention in mentions:
        if attributes_of(mention.entry.kind) and all(
            e.index != mention.entry.index or e.kind != mention.entry.kind for e in entries
        ):
            entries.append(mention.entry)
    return entries[:MOST_ENTRIES]


def _label(entry: Entry) -> str:
    return f"{entry.name} ({entry.kind})"


def _attribute_names(entries: list[Entry]) -> list[str]:
    return list(dict.fromkeys(a.name for e in entries for a in attributes_of(e.kind)))


def lookup(entries: list[Entry]) -> str:
    """What the model may choose from: the entries, then each kind's attributes."""
    lines = [f"Entries: {'; '.join(map(_label, entries))}"]
    for kind in dict.fromkeys(e.kind for e in entries):
        lines.append(f"Attributes of a {kind}: {', '.join(a.name for a in attributes_of(kind))}")
    return "\n".join(lines)


def messages_for(question: str, entries: list[Entry]) -> list[dict]:
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": f"{lookup(entries)}\n\nQuestion: {question}"},
    ]


def schema_for(entries: list[Entry]) -> dict:
    return {
        "type": "object",
        "properties": {
            "entry": {"enum": [_label(e) for e in entries]},
            "attribute": {"enum": _attribute_names(entries) + [NONE]},
        },
        "required": ["entry", "attribute"],
    }


def answer_json(entry: Entry, attribute: str) -> str:
    """The model's reply for a reading, as the grammar lets it write it."""
    return json.dumps({"entry": _label(entry), "attribute": attribute})


def read(question: str, mentions: list[Mention], engine: LanguageModel) -> Query | None:
    """The model's reading of a question, or None when it reads none or pairs an entry with an
    attribute its kind does not have (the passages answer then)."""
    entries = readable(mentions)
    if not entries:
        return None
    raw = engine.complete_json(messages_for(question, entries), schema_for(entries), max_tokens=40)
    entry = next((e for e in entries if _label(e) == raw.get("entry")), None)
    attribute = (
        next((a for a in attributes_of(entry.kind) if a.name == raw.get("attribute")), None)
        if entry
        else None
    )
    return Query(entry, attribute) if attribute else None
