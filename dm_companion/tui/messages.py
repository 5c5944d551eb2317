"""Messages that workers post to the UI (posting is thread-safe and never blocks the worker)."""

from __future__ import annotations

from textual.message import Message


class EngineReady(Message):
    """The model (and adapter) finished loading."""


class EngineFailed(Message):
    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class AnswerDone(Message):
    def __init__(self, cancelled: bool, error: str | None = None) -> None:
        super().__init__()
        self.cancelled = cancelled
        self.error = error
