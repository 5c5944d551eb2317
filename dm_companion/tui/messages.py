"""Messages that workers post to the UI (posting is thread-safe and never blocks the worker)."""

from __future__ import annotations

from textual.message import Message


class EngineReady(Message):
    """The model (and adapter) finished loading."""


class EngineFailed(Message):
    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class AnswerPiece(Message):
    """A piece of the answer being streamed (usually one token)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class AnswerDone(Message):
    def __init__(self, cancelled: bool, error: str | None = None) -> None:
        super().__init__()
        self.cancelled = cancelled
        self.error = error
