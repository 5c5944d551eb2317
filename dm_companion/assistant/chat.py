"""A chat conversation with the model: the system prompt, the turns, and what fits the context."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from dm_companion.errors import DMCError
from dm_companion.llm.protocol import LanguageModel, Message

SYSTEM_PROMPT = (
    "You are DM Companion, a helper for the dungeon master of a Dungeons & Dragons 5th edition "
    "game. Answer briefly and plainly. Use the 5e System Reference Document rules. If you are not "
    "sure of a rule or a number, say so instead of guessing."
)


_NARRATION = re.compile(
    r"^\s*(please\s+)?(describe|narrate|write|invent|imagine|roleplay|role-play|improvise|"
    r"tell (me |us )?(a|an|the)\s+(story|tale|legend)|come up with|generate|create|"
    r"give me (a|an|some|three|two)\s+(names?|descriptions?|ideas?|hooks?|npcs?|rumou?rs?|riddles?)|"
    r"name (a|an|some|three|two)\b|what would\b|make up)\b",
    re.IGNORECASE,
)


def is_narration_request(question: str) -> bool:
    """Whether the DM asks for invention (a description, names, a story) rather than a rule:
    those go to the model freely; everything else is answered from the SRD."""
    return bool(_NARRATION.match(question))


@dataclass
class Turn:
    question: str
    answer: str = ""
    cancelled: bool = False


@dataclass
class Conversation:
    """The running chat: its turns are kept (for Ctrl+G and the session summary), but a request
    is sent alone, with the notes recalled for it. Earlier answers are not sent back: the small
    model repeats what it is shown, and a description that retells the last answer is no
    description."""

    system_prompt: str = SYSTEM_PROMPT
    turns: list[Turn] = field(default_factory=list)
    answer_tokens: int = 512

    def messages_for(self, question: str, engine: LanguageModel, notes: str = "") -> list[Message]:
        """The system prompt, then the recalled notes and the request."""
        asked = f"{notes}\n\n{question}" if notes else question
        budget = engine.settings.n_ctx - self.answer_tokens
        budget -= engine.count_tokens(self.system_prompt) + engine.count_tokens(asked) + 16
        if budget < 0:
            raise DMCError(
                f"the question is too long for the model's context "
                f"({engine.count_tokens(question)} tokens; the context holds "
                f"{engine.settings.n_ctx}, {self.answer_tokens} kept for the answer)"
            )
        return [{"role": "system", "content": self.system_prompt}, {"role": "user", "content": asked}]

    def ask(
        self, engine: LanguageModel, question: str, cancel: threading.Event | None = None, notes: str = ""
    ) -> Iterator[str]:
        """Streams the model's answer to `question` (the caller keeps the turn it shows)."""
        messages = self.messages_for(question.strip(), engine, notes)
        yield from engine.stream_chat(messages, max_tokens=self.answer_tokens, cancel=cancel)
