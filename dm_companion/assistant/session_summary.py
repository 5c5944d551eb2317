"""The end-of-session summary: the model drafts it from the session's memories; the DM edits it.

The draft goes into the campaign's journal once the DM keeps it, and a DM skimming a draft misses
a wrong price or a stranger's name as easily as anyone. So the draft is checked sentence by
sentence against the session's notes (`SummaryCheck`) before it is shown, and what was dropped,
with why, is shown beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dm_companion.assistant.notes_check import SummaryCheck
from dm_companion.llm.protocol import LanguageModel
from dm_companion.memory.records import Memory
from dm_companion.memory.store import MemoryStore

# The task comes after the notes: with it in the system prompt before them, the adapter wrote the
# instruction back as its draft, word for word, on all four tries (two sessions, two seeds).
SYSTEM = "You keep the campaign journal for a Dungeons & Dragons game."
ASK = (
    "Write the journal entry for session {session}: three to five sentences on what happened, who "
    "the party met and what is left to do, using only these notes."
)
MATERIAL_CHARS = 3000  # what the 2,048-token context can take beside the prompt and the answer


@dataclass
class Draft:
    text: str = ""
    dropped: list[str] = field(default_factory=list)  # "Dropped “sentence” (why)." for the DM


def session_memories(store: MemoryStore, session: int) -> list[Memory]:
    """This session's memories, oldest first, as many as fit the prompt."""
    found = [m for m in store.list() if m.session == session and m.kind != "session summary"]
    kept, size = [], 0
    for memory in sorted(found, key=lambda m: m.created):
        size += len(_line(memory))
        if size > MATERIAL_CHARS:
            break
        kept.append(memory)
    return kept


def _line(memory: Memory) -> str:
    text = memory.text.replace("\n", " ")
    return f"- ({memory.kind}) {memory.title}: {text}" if memory.kind != "chat turn" else f"- {text}"


def session_material(memories: list[Memory]) -> str:
    """The memories as the prompt's lines."""
    return "\n".join(_line(m) for m in memories)


def draft_summary(engine: LanguageModel, store: MemoryStore, session: int, seed: int = 0) -> Draft:
    """The model's draft, checked; empty when the session has nothing to draw on."""
    memories = session_memories(store, session)
    if not memories:
        return Draft()
    material = session_material(memories)
    ask = ASK.format(session=session)
    messages = [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": f"My notes from session {session}:\n{material}\n\n{ask}"},
    ]
    dropped: list[str] = []
    check = SummaryCheck(memories, material, instructions=[SYSTEM, ask])
    pieces = engine.stream_chat(messages, max_tokens=220, temperature=0.3, seed=seed)
    return Draft("".join(check.kept(pieces, dropped)).strip(), dropped)
