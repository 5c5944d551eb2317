"""The DM Companion app: four panes over one `Runtime`, a status bar, and the loads in workers.

The app is handed its runtime (harlequin is handed its adapter the same way): tests hand it one
whose parts are already loaded, or fakes. Each pane holds one session over that runtime (chat: the
`Companion`; characters, combat, memory: their sessions) and asks it, never the app, for anything;
the command line calls the same sessions.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from dm_companion.errors import DMCError
from dm_companion.paths import campaign_dir
from dm_companion.sessions.characters import CharactersSession
from dm_companion.sessions.chat import Companion
from dm_companion.sessions.combat import CombatSession
from dm_companion.sessions.journal import Journal
from dm_companion.sessions.runtime import Runtime
from dm_companion.tui.characters import CharactersPane
from dm_companion.tui.chat import ChatPane
from dm_companion.tui.combat import CombatPane
from dm_companion.tui.memory import MemoryPane
from dm_companion.tui.messages import (
    CampaignFailed,
    CampaignReady,
    EngineFailed,
    EngineReady,
    KnowledgeFailed,
    KnowledgeProgress,
    KnowledgeReady,
    MemoriesChanged,
    SendToCombat,
    SummaryDrafted,
)
from dm_companion.tui.status import StatusBar
from dm_companion.tui.workers import describe

PANES = (
    ("chat", "Chat", "f1"),
    ("characters", "Characters", "f2"),
    ("combat", "Combat", "f3"),
    ("memory", "Memory", "f4"),
)


class DMCompanionApp(App):
    TITLE = "DM Companion"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        *(Binding(key, f"show_pane('{pane}')", title) for pane, title, key in PANES),
        Binding("f9", "end_session", "End session"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, runtime: Runtime, companion: Companion | None = None) -> None:
        super().__init__()
        self.runtime = runtime
        self.settings = runtime.settings
        self.companion = companion or Companion(runtime)
        self.journal = Journal(runtime)

    def compose(self) -> ComposeResult:
        with TabbedContent(id="panes"):
            with TabPane("Chat", id="chat"):
                yield ChatPane(self.companion, id="chat-pane")
            with TabPane("Characters", id="characters"):
                yield CharactersPane(
                    CharactersSession(campaign_dir(self.settings), self.runtime), id="characters-pane"
                )
            with TabPane("Combat", id="combat"):
                yield CombatPane(CombatSession(campaign_dir(self.settings), self.runtime), id="combat-pane")
            with TabPane("Memory", id="memory"):
                yield MemoryPane(self.journal, id="memory-pane")
        yield StatusBar(id="status")
        yield Footer()

    def on_mount(self) -> None:
        status = self.query_one(StatusBar)
        status.model = self.runtime.engine.model_label
        status.adapter = self.runtime.engine.adapter_label or "none"
        status.campaign = self.settings.campaign
        self.query_one("#prompt").focus()
        self._load_model()  # three workers: one part failing or slow never holds up the others
        self._load_knowledge()
        self._open_campaign()

    @work(thread=True, exclusive=True, group="model", exit_on_error=False)
    def _load_model(self) -> None:
        self.runtime.load_model()  # a native crash on this CPU is caught in a child process
        model = self.runtime.model
        self.post_message(EngineFailed(model.error) if model.error else EngineReady())

    @work(thread=True, exclusive=True, group="knowledge", exit_on_error=False)
    def _load_knowledge(self) -> None:
        """The SRD, the embedding model and the retrieval index (built on first run)."""
        notice = self.runtime.load_knowledge(
            lambda done, total: self.post_message(KnowledgeProgress(done, total))
        )
        error = self.runtime.knowledge.error
        self.post_message(KnowledgeFailed(error) if error else KnowledgeReady(notice))

    @work(thread=True, exclusive=True, group="campaign", exit_on_error=False)
    def _open_campaign(self) -> None:
        """The configured campaign (the example is imported on first run; a new name is created)."""
        notices = self.runtime.open_campaign()
        error = self.runtime.campaign.error
        self.post_message(CampaignFailed(error) if error else CampaignReady(" ".join(notices) or None))

    def _show_state(self) -> None:
        """The status bar's first word: what works now (the model's failure matters most)."""
        model, knowledge = self.runtime.model, self.runtime.knowledge
        if model.error:
            state = f"error: model off ({model.error.split(';')[0]})"
        elif knowledge.error:
            state = "error: SRD not loaded"
        elif not model.done:
            state = "loading model…"
        elif not knowledge.done:
            state = "loading SRD…"
        else:
            state = "ready"
        self._status(state=state)

    def _status(self, **fields: str) -> None:
        """Sets status bar fields; a load that finishes while the app closes finds no bar."""
        for status in self.query(StatusBar):
            for name, value in fields.items():
                setattr(status, name, value)

    def on_campaign_ready(self, message: CampaignReady) -> None:
        for pane in self.query(MemoryPane):  # none while the app closes
            pane.reload()
        if message.notice:
            self.notify(message.notice, title="Campaign")

    def on_campaign_failed(self, message: CampaignFailed) -> None:
        self.notify(
            message.reason + " Answers keep to the SRD; memories are off.",
            title="Campaign not opened",
            severity="error",
            timeout=30,
        )

    def on_memories_changed(self, message: MemoriesChanged) -> None:
        for pane in self.query(MemoryPane):  # none while the app closes
            pane.reload()
        if message.note:
            self.notify(message.note, title="Memory")

    # -- the end of a session: the model drafts a summary the DM edits and keeps ---------------
    def action_end_session(self) -> None:
        if not self.runtime.campaign.ready:
            self.notify(self.runtime.campaign.error or "The campaign is not open yet.", severity="warning")
            return
        self.notify("Drafting the session summary…", title="End of session")
        self._draft_summary()

    @work(thread=True, exclusive=True, group="summary", exit_on_error=False)
    def _draft_summary(self) -> None:
        self.post_message(SummaryDrafted(*self.journal.draft_summary()))

    def on_summary_drafted(self, message: SummaryDrafted) -> None:
        from dm_companion.tui.memory import SummaryScreen

        def keep(text: str | None) -> None:
            if text:
                self._keep_summary(message.session, text)

        self.push_screen(SummaryScreen(message.session, message.draft), keep)

    @work(thread=True, group="summary", exit_on_error=False)
    def _keep_summary(self, session: int, text: str) -> None:
        try:
            self.post_message(MemoriesChanged(self.journal.keep_summary(session, text)))
        except DMCError as exc:
            self.post_message(MemoriesChanged(f"The summary was not saved: {exc}"))

    def on_knowledge_progress(self, message: KnowledgeProgress) -> None:
        self._status(state=f"building SRD index {message.done}/{message.total}…")

    def on_knowledge_ready(self, message: KnowledgeReady) -> None:
        self._show_state()
        if message.notice:
            self.notify(message.notice, title="SRD index")

    def on_knowledge_failed(self, message: KnowledgeFailed) -> None:
        self._show_state()
        self.notify(message.reason, title="SRD knowledge failed", severity="error", timeout=30)

    def on_engine_ready(self, _: EngineReady) -> None:
        backend = self.runtime.engine.backend
        self._status(device=backend.label if backend else "?")
        self.query_one(
            StatusBar
        ).model = self.runtime.engine.model_label  # a server says its model once connected
        self._show_state()

    def on_engine_failed(self, message: EngineFailed) -> None:
        self._show_state()
        self.notify(message.reason, title="Model failed to load", severity="error", timeout=30)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.report_worker_error(event.worker.error)

    def report_worker_error(self, error: BaseException) -> None:
        """Where every unexpected worker failure ends (after its pane restored itself): a
        notification, never a crash."""
        self.notify(describe(error), title="Something went wrong", severity="error", timeout=30)

    def on_send_to_combat(self, message: SendToCombat) -> None:
        """A character joins the encounter; the DM sees it land in the Combat pane."""
        if self.query_one(CombatPane).add_character(message.sheet):
            self.action_show_pane("combat")
        else:
            self.notify("The combat tracker refused the character; see its log.", severity="warning")

    def action_show_pane(self, pane: str) -> None:
        # Drop focus first: a focused widget in the pane being hidden would hand focus to a
        # sibling there, and TabbedContent switches back to whichever pane holds the focus.
        self.screen.set_focus(None)
        self.query_one(TabbedContent).active = pane
        inputs = {
            "chat": "#prompt",
            "combat": "#combat-input",
            "characters": "#build",
            "memory": "#memory-search",
        }
        if pane in inputs:
            self.query_one(inputs[pane]).focus()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for pane, title, key in PANES:
            yield SystemCommand(
                f"Show {title}",
                f"Switch to the {title} pane ({key.upper()})",
                lambda pane=pane: self.action_show_pane(pane),
            )
