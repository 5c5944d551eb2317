"""A campaign memory: what the DM (or the chat) asked the companion to keep, checked on the way in.

The same dict shape is the JSONL line of an export, so export and import round-trip exactly.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import asdict, dataclass, field

from dm_companion.errors import DMCError

KINDS = ("note", "npc", "place", "item", "quest", "event", "session summary", "chat turn", "encounter")
MAX_TEXT = 20_000  # characters: a long session summary fits; a pasted novel is refused
MAX_TITLE = 200
MAX_TAGS = 20


def now() -> float:
    return round(time.time(), 3)


def kind_of(text: str) -> str:
    """A kind as a DM types it ("NPC", "session-summary", "quests"), or one clear refusal."""
    wanted = " ".join(text.strip().lower().replace("-", " ").replace("_", " ").split())
    for kind in KINDS:
        if wanted in (kind, kind + "s"):
            return kind
    raise DMCError(f"unknown memory kind '{text}' (kinds: {', '.join(KINDS)})")


def clean_tags(tags) -> list[str]:
    if isinstance(tags, str):
        tags = tags.split(",")
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise DMCError("tags are a list of words (or a comma-separated string)")
    found = []
    for tag in tags:
        tag = " ".join(tag.strip().lower().split())
        if tag and tag not in found:
            found.append(tag)
    if len(found) > MAX_TAGS:
        raise DMCError(f"{len(found)} tags; a memory keeps at most {MAX_TAGS}")
    return found


@dataclass
class Memory:
    text: str
    kind: str = "note"
    title: str = ""
    tags: list[str] = field(default_factory=list)
    session: int = 0
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    created: float = field(default_factory=now)
    updated: float = 0.0
    source_ids: list[str] = field(default_factory=list)  # for chat turns: the memories an answer used

    def __post_init__(self) -> None:
        self.text = str(self.text).strip()
        if not self.text:
            raise DMCError("a memory needs some text; this one is empty")
        if len(self.text) > MAX_TEXT:
            raise DMCError(
                f"this memory is {len(self.text):,} characters; the limit is {MAX_TEXT:,} "
                "(split it into several notes)"
            )
        self.kind = kind_of(self.kind)
        self.title = " ".join(str(self.title or "").split())[:MAX_TITLE] or _title_from(self.text)
        self.tags = clean_tags(self.tags)
        if not isinstance(self.session, int) or self.session < 0:
            raise DMCError(f"session must be a whole number 0 or more, not {self.session!r}")
        self.updated = self.updated or self.created

    @property
    def body(self) -> str:
        """What is searched and embedded: title, text, tags, and the kind and session, so "what
        happened in session 3" finds that session's summary by its words."""
        return f"{self.title}\n{self.text}\n{' '.join(self.tags)}\n{self.kind}, session {self.session}"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Memory:
        if not isinstance(data, dict):
            raise DMCError("a memory is a JSON object")
        known = {"text", "kind", "title", "tags", "session", "id", "created", "updated", "source_ids"}
        unknown = sorted(set(data) - known - {"vector", "body"})
        if unknown:
            raise DMCError(f"unknown field '{unknown[0]}' (fields: {', '.join(sorted(known))})")
        if "text" not in data:
            raise DMCError('a memory needs a "text"')
        values = {k: v for k, v in data.items() if k in known}
        for key in ("created", "updated"):
            if key in values and not isinstance(values[key], (int, float)):
                raise DMCError(f'"{key}" is a time in seconds, not {values[key]!r}')
        if "id" in values and (not isinstance(values["id"], str) or not values["id"].strip()):
            raise DMCError('"id" must be a non-empty string')
        return cls(**values)


def _title_from(text: str) -> str:
    first = text.split("\n", 1)[0]
    words = first.split()
    return " ".join(words[:8]) + ("…" if len(words) > 8 else "")
