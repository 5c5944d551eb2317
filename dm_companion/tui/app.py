"""The DM Companion app: four panes, a status bar, and the model loading in a worker."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from dm_companion.errors import DMCError
from dm_companion.llm.discovery import ModelChoice
from dm_companion.llm.engine import Engine
from dm_companion.paths import campaign_dir
from dm_companion.settings import Settings
from dm_companion.tui.characters import CharactersPane
from dm_companion.tui.chat import ChatPane
from dm_companion.tui.combat import CombatPane
from dm_companion.tui.memory import MemoryPane
from dm_companion.tui.messages import (EngineFailed, EngineReady, KnowledgeFailed,
                                       KnowledgeProgress, KnowledgeReady, SendToCombat,
                                       CampaignReady, CampaignFailed, MemoriesChanged, SummaryDrafted)
from dm_companion.tui.status import StatusBar

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

    def __init__(self, settings: Settings, choice: ModelChoice) -> None:
        super().__init__()
        self.settings = settings
        self.choice = choice
        self.engine = Engine(choice, settings)
        self.engine_ready = threading.Event()
        self.engine_error: str | None = None
        self.assistant = None  # the RulesAssistant, once the SRD and its index are loaded
        self.knowledge_ready = threading.Event()
        self.knowledge_error: str | None = None
        self.campaign = None  # the open Campaign (memory, session number), once its worker is done
        self.campaign_ready = threading.Event()
        self.campaign_error: str | None = None

    def compose(self) -> ComposeResult:
        with TabbedContent(id="panes"):
            with TabPane("Chat", id="chat"):
                yield ChatPane(id="chat-pane")
            with TabPane("Characters", id="characters"):
                yield CharactersPane(campaign_dir(self.settings), id="characters-pane")
            with TabPane("Combat", id="combat"):
                yield CombatPane(self.encounter_file, id="combat-pane")
            with TabPane("Memory", id="memory"):
                yield MemoryPane(id="memory-pane")
        yield StatusBar(id="status")
        yield Footer()

    def on_mount(self) -> None:
        status = self.query_one(StatusBar)
        status.model = self.choice.model_label
        status.adapter = self.choice.adapter_label or "none"
        status.campaign = self.settings.campaign
        self.query_one("#prompt").focus()
        self._load_engine()

    @work(thread=True, exclusive=True, group="engine", exit_on_error=False)
    def _load_engine(self) -> None:
        from dm_companion.llm.probe import load_safely

        try:
            load_safely(self.engine)  # a native crash on this CPU is caught in a child process
        except DMCError as exc:
            self.engine_error = str(exc)
            self.post_message(EngineFailed(str(exc)))
        else:
            self.post_message(EngineReady())
        finally:
            self.engine_ready.set()
        self._load_knowledge()  # SRD answers work without a model: facts and quotes need none

    @work(thread=True, exclusive=True, group="knowledge", exit_on_error=False)
    def _load_knowledge(self) -> None:
        """The SRD, the embedding model and the retrieval index (built on first run)."""
        from dm_companion.assistant.rules_qa import RulesAssistant

        try:
            self.assistant = RulesAssistant.open(
                None if self.engine_error else self.engine,
                lambda done, total: self.post_message(KnowledgeProgress(done, total)))
        except DMCError as exc:
            self.knowledge_error = str(exc)
            self.post_message(KnowledgeFailed(str(exc)))
        except Exception as exc:  # a damaged install: say what broke, keep the chat usable
            self.knowledge_error = f"the SRD knowledge failed to load: {type(exc).__name__}: {exc}"
            self.post_message(KnowledgeFailed(self.knowledge_error))
        else:
            self.post_message(KnowledgeReady(self.assistant.index.notice))
        finally:
            self.knowledge_ready.set()
        self._open_campaign()  # after the embedding model is in memory: import and recall need it

    @work(thread=True, exclusive=True, group="campaign", exit_on_error=False)
    def _open_campaign(self) -> None:
        """The configured campaign (the example is imported on first run; a new name is created)."""
        from dm_companion.memory.campaign import ensure_example, open_or_create

        folder = Path(self.settings.campaigns_dir)
        try:
            notices = []
            if ensure_example(folder):
                notices.append(f"Imported the example campaign into {folder / 'example'}.")
            self.campaign, created = open_or_create(folder, self.settings.campaign)
            self.campaign.memory.count()  # opens the database now, so damage is reported here
            if created:
                notices.append(f"Created the new campaign '{self.campaign.name}'.")
            if self.assistant is not None:
                self.assistant.memory = self.campaign.memory
            self.post_message(CampaignReady(" ".join(notices) or None))
        except DMCError as exc:
            self.campaign = None
            self.campaign_error = str(exc)
            self.post_message(CampaignFailed(str(exc)))
        finally:
            self.campaign_ready.set()

    def on_campaign_ready(self, message: CampaignReady) -> None:
        self.query_one(MemoryPane).reload()
        if message.notice:
            self.notify(message.notice, title="Campaign")

    def on_campaign_failed(self, message: CampaignFailed) -> None:
        self.notify(message.reason + " Answers keep to the SRD; memories are off.",
                    title="Campaign not opened", severity="error", timeout=30)

    def on_memories_changed(self, message: MemoriesChanged) -> None:
        self.query_one(MemoryPane).reload()
        if message.note:
            self.notify(message.note, title="Memory")

    # -- the end of a session: the model drafts a summary the DM edits and keeps ---------------
    def action_end_session(self) -> None:
        if self.campaign is None:
            self.notify("The campaign is not open yet.", severity="warning")
            return
        self.notify("Drafting the session summary…", title="End of session")
        self._draft_summary()

    @work(thread=True, exclusive=True, group="summary", exit_on_error=False)
    def _draft_summary(self) -> None:
        from dm_companion.assistant.session_summary import draft_summary

        if not self.engine_ready.wait(120) or self.engine_error:
            text = ""
        else:
            text = draft_summary(self.engine, self.campaign.memory, self.campaign.session)
        self.post_message(SummaryDrafted(self.campaign.session, text))

    def on_summary_drafted(self, message: SummaryDrafted) -> None:
        from dm_companion.tui.memory import SummaryScreen

        def keep(text: str | None) -> None:
            if text:
                self._keep_summary(message.session, text)

        self.push_screen(SummaryScreen(message.session, message.text), keep)

    @work(thread=True, group="summary", exit_on_error=False)
    def _keep_summary(self, session: int, text: str) -> None:
        from dm_companion.memory.records import Memory

        try:
            self.campaign.memory.add(Memory(text, kind="session summary", title=f"Session {session} summary",
                                            session=session))
            following = self.campaign.next_session()
        except DMCError as exc:
            self.post_message(MemoriesChanged(f"The summary was not saved: {exc}"))
            return
        self.post_message(MemoriesChanged(f"Saved the session {session} summary; session {following} begins."))

    def on_knowledge_progress(self, message: KnowledgeProgress) -> None:
        self.query_one(StatusBar).state = f"building SRD index {message.done}/{message.total}…"

    def on_knowledge_ready(self, message: KnowledgeReady) -> None:
        if not self.engine_error:
            self.query_one(StatusBar).state = "ready"
        if message.notice:
            self.notify(message.notice, title="SRD index")

    def on_knowledge_failed(self, message: KnowledgeFailed) -> None:
        self.query_one(StatusBar).state = "error: SRD not loaded"
        self.notify(message.reason, title="SRD knowledge failed", severity="error", timeout=30)

    def on_engine_ready(self, _: EngineReady) -> None:
        status = self.query_one(StatusBar)
        status.device = self.engine.backend.label if self.engine.backend else "?"
        status.state = "loading SRD…"

    def on_engine_failed(self, message: EngineFailed) -> None:
        self.query_one(StatusBar).state = f"error: model off ({message.reason.split(';')[0]})"
        self.notify(message.reason, title="Model failed to load", severity="error", timeout=30)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place unexpected worker failures surface: a notification, never a crash."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(f"{type(error).__name__}: {error}", title="Something went wrong",
                        severity="error", timeout=30)

    @property
    def encounter_file(self) -> Path:
        """The open encounter of the current campaign (resumed at start, archived by Ctrl+N)."""
        return campaign_dir(self.settings) / "encounters" / "current.jsonl"

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
        inputs = {"chat": "#prompt", "combat": "#combat-input", "characters": "#build",
                  "memory": "#memory-search"}
        if pane in inputs:
            self.query_one(inputs[pane]).focus()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for pane, title, key in PANES:
            yield SystemCommand(f"Show {title}", f"Switch to the {title} pane ({key.upper()})",
                                lambda pane=pane: self.action_show_pane(pane))
