"""The end-of-session summary: the model drafts it from the session's memories; the DM edits it.

The draft is only a starting point, so it is not checked sentence by sentence like rules
answers; it is shown in an editor and kept only when the DM saves it.
"""

from __future__ import annotations

from dm_companion.llm.engine import Engine
from dm_companion.memory.store import MemoryStore

SYSTEM = ("You write the session summary for a Dungeons & Dragons campaign journal. From the "
          "notes and questions of this session, write three to five plain sentences about what "
          "happened, who was met and what is left to do. Use only what the notes say.")
MATERIAL_CHARS = 3000  # what the 2,048-token context can take beside the prompt and the answer


def session_material(store: MemoryStore, session: int) -> str:
    """This session's memories, oldest first, as lines for the prompt (cut to fit)."""
    found = [m for m in store.list() if m.session == session and m.kind != "session summary"]
    lines, size = [], 0
    for memory in sorted(found, key=lambda m: m.created):
        text = memory.text.replace("\n", " ")
        line = f"- ({memory.kind}) {memory.title}: {text}" if memory.kind != "chat turn" else f"- {text}"
        if size + len(line) > MATERIAL_CHARS:
            break
        lines.append(line)
        size += len(line)
    return "\n".join(lines)


def draft_summary(engine: Engine, store: MemoryStore, session: int) -> str:
    material = session_material(store, session)
    if not material:
        return ""
    messages = [{"role": "system", "content": SYSTEM},
                {"role": "user", "content": f"Session {session} notes:\n{material}\n\nSummary:"}]
    return "".join(engine.stream_chat(messages, max_tokens=220, temperature=0.3)).strip()
