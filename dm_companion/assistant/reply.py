"""An answer as every front end shows it: its sources, known before the first word, and its text,
streamed. The rules assistant, the campaign's notes and the chat all answer with a `Reply`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from dm_companion.srd.render import Passage

NOT_FOUND = "I couldn't find that in the SRD, so I won't guess. Try naming the monster, spell, class or rule."


@dataclass(frozen=True)
class Source:
    kind: str
    name: str
    passage: Passage

    @classmethod
    def of(cls, passage: Passage) -> Source:
        return cls(passage.kind, passage.name, passage)

    def as_json(self) -> dict:
        return {"kind": self.kind, "name": self.name}


@dataclass
class Reply:
    """An answer in the making: sources are known before the first word; `text` is final after
    the pieces are consumed."""

    mode: str  # calculation | fact | passage | memory | not-found (the companion adds its own)
    sources: list[Source]
    _pieces: Iterator[str] = field(repr=False, default=iter(()))
    text: str = ""
    memories_changed: bool = False  # the campaign's memories changed (a note, a kept chat turn)
    notices: list[str] = field(default_factory=list)  # for the DM, beside the answer

    def __iter__(self) -> Iterator[str]:
        for piece in self._pieces:
            self.text += piece
            yield piece

    def consume(self) -> str:
        for _ in self:
            pass
        return self.text


def not_found(text: str = NOT_FOUND) -> Reply:
    """The answer that says the SRD does not hold one: the assistant's way of saying less."""
    return Reply("not-found", [], iter([text]))
