"""Messages that workers post to the UI (posting is thread-safe and never blocks the worker)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from dm_companion.assistant.session_summary import Draft


class EngineReady(Message):
    """The model (and adapter) finished loading."""


class EngineFailed(Message):
    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class AnswerDone(Message):
    def __init__(self, cancelled: bool, error: str | None = None, notices: list[str] | None = None) -> None:
        super().__init__()
        self.cancelled = cancelled
        self.error = error
        self.notices = notices or []  # what the checks dropped and why, shown under the answer


class KnowledgeProgress(Message):
    """The SRD index is being built (first run only)."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class KnowledgeReady(Message):
    """The SRD, its index and the embedding model are loaded; `notice` says if it was rebuilt."""

    def __init__(self, notice: str | None) -> None:
        super().__init__()
        self.notice = notice


class KnowledgeFailed(Message):
    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class AnswerSources(Message):
    """Where the answer being streamed comes from (known before its first word)."""

    def __init__(self, sources: list) -> None:
        super().__init__()
        self.sources = sources


class ProposalReady(Message):
    """The model read a free sentence as an event, for the DM to confirm."""

    def __init__(self, proposal) -> None:
        super().__init__()
        self.proposal = proposal


class ProposalFailed(Message):
    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class NarrationReady(Message):
    """The model's narration of the round, already checked against the tracker."""

    def __init__(self, narration) -> None:
        super().__init__()
        self.narration = narration


class SheetBuilt(Message):
    """The rules engine built (or rebuilt) a character sheet."""

    def __init__(self, sheet, note: str | None = None) -> None:
        super().__init__()
        self.sheet = sheet
        self.note = note


class SheetRefused(Message):
    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class FlavourText(Message):
    """The model's form for a sheet so far (name, appearance, backstory); `done` at the end, with
    the checked flavour `found` when the writing finished."""

    def __init__(self, sheet, text: str, done: bool, error: str | None = None, found=None) -> None:
        super().__init__()
        self.sheet = sheet
        self.text = text
        self.done = done
        self.error = error
        self.found = found


class SendToCombat(Message):
    def __init__(self, sheet) -> None:
        super().__init__()
        self.sheet = sheet


class CampaignReady(Message):
    """The campaign (and its memory) is open; `notice` says if it was just created or imported."""

    def __init__(self, notice: str | None) -> None:
        super().__init__()
        self.notice = notice


class CampaignFailed(Message):
    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class MemoriesChanged(Message):
    """The campaign's memories changed (a note, an edit, a chat turn); `note` is for the DM."""

    def __init__(self, note: str | None = None) -> None:
        super().__init__()
        self.note = note


class SummaryDrafted(Message):
    def __init__(self, session: int, draft: Draft) -> None:
        super().__init__()
        self.session = session
        self.draft = draft
