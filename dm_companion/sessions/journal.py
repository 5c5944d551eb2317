"""The campaign's journal, as the Memory pane, F9 and `dm-companion memory` use it: its memories
(search, list, add, edit, delete, undo), the end-of-session summary (the model's draft, checked
against the session's notes, then the DM's text kept), and the campaign's export and import.
One drafter for the app and the command line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dm_companion.errors import DMCError
from dm_companion.memory.records import Memory

if TYPE_CHECKING:
    from dm_companion.assistant.session_summary import Draft
    from dm_companion.memory.campaign import Campaign
    from dm_companion.memory.store import MemoryStore
    from dm_companion.sessions.runtime import Runtime


class Journal:
    """The journal of the runtime's campaign (opened by the runtime, in the app's worker or by the
    command line)."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    @property
    def campaign(self) -> Campaign | None:
        """The open campaign, or None while it opens or when it failed (`why_closed`)."""
        return self.runtime.campaign.now()

    @property
    def store(self) -> MemoryStore | None:
        return self.runtime.memory

    @property
    def why_closed(self) -> str:
        return self.runtime.campaign.error or "The campaign is not open yet."

    def open(self) -> Campaign:
        """The campaign, waiting while it opens; DMCError with the reason when it cannot."""
        return self.runtime.campaign.wait()

    def remember(
        self,
        text: str,
        *,
        kind: str = "note",
        title: str = "",
        tags: str | list[str] = "",
        session: int | None = None,
    ) -> Memory:
        campaign = self.open()
        return campaign.memory.add(
            Memory(
                text,
                kind=kind,
                title=title,
                tags=tags,
                session=campaign.session if session is None else session,
            )
        )

    # -- the end of a session ---------------------------------------------------------------
    def draft_summary(
        self, session: int | None = None, seed: int = 0, strict: bool = False
    ) -> tuple[int, Draft]:
        """The session (the current one unless given) and the model's checked draft of its
        summary: empty when there is no model and the DM writes it. `strict` is the command
        line's way: nothing loads the model but this, and a session with nothing noted, or no
        model, is a DMCError that says so."""
        from dm_companion.assistant.session_summary import Draft, draft_summary, session_memories

        campaign = self.open()
        session = campaign.session if session is None else session
        if strict:
            if not session_memories(campaign.memory, session):
                raise DMCError(f"nothing is noted for session {session} of campaign '{campaign.name}'")
            self.runtime.load_model()
        try:
            engine = self.runtime.model.wait()
        except DMCError:
            if strict:
                raise
            return session, Draft()
        return session, draft_summary(engine, campaign.memory, session, seed)

    def keep_summary(self, session: int, text: str) -> str:
        """Keeps the DM's summary of `session` and begins the next; says so."""
        campaign = self.campaign
        if campaign is None:
            raise DMCError(self.why_closed)
        campaign.memory.add(
            Memory(text, kind="session summary", title=f"Session {session} summary", session=session)
        )
        return f"Saved the session {session} summary; session {campaign.next_session()} begins."

    # -- the campaign as a folder -----------------------------------------------------------
    def export(self, folder: Path) -> int:
        from dm_companion.memory.campaign import export_campaign

        return export_campaign(self.open(), Path(folder))
