"""What every language model the app talks to offers: llama.cpp in this process (`engine.Engine`),
a model on a server (`served.ServedEngine`) and the tests' fakes. Everything above the llm
package types against this protocol, never against one of them, so a new backend is a new class
here and nothing else changes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any, Protocol

from dm_companion.settings import Settings

Message = dict[str, str]


class Device(Protocol):
    @property
    def label(self) -> str:
        """Where the model runs, for the status bar ("CPU, 2 threads", a server's address)."""


class LanguageModel(Protocol):
    settings: Settings
    load_log: str
    backend: Device | None  # None until loaded

    @property
    def loaded(self) -> bool: ...

    @property
    def model_label(self) -> str: ...

    @property
    def adapter_label(self) -> str | None: ...

    def load(self) -> None:
        """Makes the model ready (slow: off the UI thread); DMCError with one line if it cannot."""

    def count_tokens(self, text: str) -> int: ...

    def stream_chat(
        self,
        messages: list[Message],
        *,
        max_tokens: int = 512,
        temperature: float | None = None,
        repeat_penalty: float = 1.15,
        cancel: threading.Event | None = None,
        grammar: str | None = None,
        seed: int = 0,
    ) -> Iterator[str]:
        """The answer's text pieces as they are produced; stops early once `cancel` is set."""

    def complete_json(self, messages: list[Message], schema: dict[str, Any], *, max_tokens: int = 256) -> Any:
        """Greedy output held to the JSON `schema`, parsed."""
