"""Campaign memories recalled into the chat: which are relevant, how they read in a prompt, and
how an answer and its question are kept as a chat turn.

Chat turns themselves are not recalled: the DM's own earlier questions would otherwise come
back as "notes" and crowd out the facts they asked about.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dm_companion.memory.records import Memory
from dm_companion.memory.store import Found, MemoryStore
from dm_companion.srd.render import Passage

MEMORY_RELEVANT = 0.42  # cosine at which a memory is about the question (off-topic: < 0.3 here)
RECALL_LIMIT = 4
NOTES_TOKENS = 300  # the most a prompt spends on recalled notes
_REMEMBER = re.compile(
    r"^\s*(?:please\s+)?remember(?:\s+that)?[\s:,]+(?P<text>.+)$", re.IGNORECASE | re.DOTALL
)


def recall(
    store: MemoryStore | None, question: str, limit: int = RECALL_LIMIT, relevant: float = MEMORY_RELEVANT
) -> list[Found]:
    """The memories about the question (cosine at least `relevant`), best first."""
    if store is None:
        return []
    found = store.search(question, limit, exclude_kinds=["chat turn"])
    return [f for f in found if f.similarity >= relevant]


def as_passage(memory: Memory) -> Passage:
    """A memory in the shape the sources list and viewer show."""
    return Passage(f"memory/{memory.id}", "memory", memory.title, memory.text)


def notes_block(found: list[Found], count_tokens: Callable[[str], int], budget: int = NOTES_TOKENS) -> str:
    """The recalled notes as prompt text, best first, cut to the token budget."""
    lines, spent = [], 0
    for item in found:
        line = f"- {item.memory.title}: {item.memory.text}"
        cost = count_tokens(line)
        if spent + cost > budget:
            break
        lines.append(line)
        spent += cost
    return ("Campaign notes:\n" + "\n".join(lines)) if lines else ""


def remembered(text: str) -> str | None:
    """The note in "remember that the mayor is a wererat", else None."""
    match = _REMEMBER.match(text)
    return match.group("text").strip() if match else None


def chat_turn(question: str, answer: str, used: list[str], session: int) -> Memory:
    return Memory(
        f"Q: {question}\nA: {answer}",
        kind="chat turn",
        title=question[:120],
        session=session,
        source_ids=used,
    )
