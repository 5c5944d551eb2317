"""What the companion runs on: the model, the SRD knowledge and the campaign.

Each is a `Part` that loads on its own: the app starts one worker per part, the CLI loads them in
turn, and one failing never stops the others (a model that crashes on this CPU still leaves SRD
answers, combat and memories working). Whoever needs a part asks the runtime for it and waits,
giving up when the DM cancels or after `WAIT` seconds; nobody reaches into the app.

When parts finish, the runtime connects them: SRD answers get the model's summary once the model
is in, and the campaign's notes once the campaign is open, in whichever order they arrive.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from dm_companion.bestiary.store import Bestiary, notes_for
from dm_companion.errors import DMCError
from dm_companion.llm.discovery import ModelChoice
from dm_companion.llm.engines import AnyEngine, engine_for
from dm_companion.settings import Settings

if TYPE_CHECKING:
    from dm_companion.assistant.rules_qa import RulesAssistant
    from dm_companion.memory.campaign import Campaign
    from dm_companion.memory.store import Embed, MemoryStore

T = TypeVar("T")
Progress = Callable[[int, int], None]
WAIT = 600.0  # seconds a request waits for a part still loading (a first-run SRD index: ~90 s here)


class Part(Generic[T]):
    """One thing that loads in the background: loading, then ready with a value or failed with
    a reason a DM can read."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.value: T | None = None
        self.error: str | None = None
        self._done = threading.Event()

    def succeed(self, value: T) -> None:
        self.value = value
        self._done.set()

    def fail(self, reason: str) -> None:
        self.error = reason
        self._done.set()

    def load(self, make: Callable[[], T], failed: str) -> T | None:
        """`make()`'s value makes the part ready; its DMCError fails it with that reason, and any
        other error (a damaged install) with `failed` and what broke. Never raises."""
        try:
            value = make()
        except DMCError as exc:
            self.fail(str(exc))
            return None
        except Exception as exc:
            self.fail(f"{failed}: {type(exc).__name__}: {exc}")
            return None
        self.succeed(value)
        return value

    @property
    def done(self) -> bool:
        return self._done.is_set()

    @property
    def ready(self) -> bool:
        return self.done and self.error is None

    def now(self) -> T | None:
        """The value if it is loaded, else None (never waits)."""
        return self.value if self.ready else None

    def wait(self, cancel: threading.Event | None = None, timeout: float = WAIT) -> T | None:
        """The value once loaded; None when `cancel` is set first. Raises DMCError with the
        reason when loading failed, or when it is still loading after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while not self._done.wait(0.05):
            if cancel is not None and cancel.is_set():
                return None
            if time.monotonic() > deadline:
                raise DMCError(f"{self.what} is still loading after {timeout:.0f} s")
        if self.error is not None:
            raise DMCError(self.error)
        return self.value


class Runtime:
    """The model, the SRD knowledge and the campaign of one settings; see the module docstring."""

    def __init__(self, settings: Settings, choice: ModelChoice | None = None, engine: AnyEngine | None = None,
                 embed: Embed | None = None) -> None:
        self.settings = settings
        self.engine = engine or engine_for(settings, choice)
        self.embed = embed  # the campaign's embedding function (None: the bundled model)
        self.model: Part[AnyEngine] = Part("the model")
        self.knowledge: Part[RulesAssistant] = Part("the SRD knowledge")
        self.campaign: Part[Campaign] = Part("the campaign")
        self._connecting = threading.Lock()

    @property
    def memory(self) -> MemoryStore | None:
        """The open campaign's memories, or None while it is closed."""
        campaign = self.campaign.now()
        return campaign.memory if campaign is not None else None

    def load_model(self) -> None:
        """Loads the model and adapter here after the child-process probe says this CPU survives
        them, or connects to the configured server."""
        from dm_companion.llm.engines import load_engine

        if not self.model.done:
            self.model.load(lambda: load_engine(self.engine), "the model failed to load")
            self.connect()

    def load_knowledge(self, progress: Progress | None = None) -> str | None:
        """Opens the SRD and its index (built on first run, with `progress`); returns the index's
        notice ("built the SRD index ...") for the DM, if any."""
        from dm_companion.assistant.rules_qa import RulesAssistant

        if self.knowledge.done:
            return None
        assistant = self.knowledge.load(lambda: RulesAssistant.open(None, progress),
                                        "the SRD knowledge failed to load")
        self.connect()
        return assistant.index.notice if assistant is not None else None

    def open_campaign(self) -> list[str]:
        """Opens the configured campaign (the example is imported on first run; a new name is
        created); returns what the DM should be told about it."""
        from dm_companion.memory.campaign import ensure_example, open_or_create

        if self.campaign.done:
            return []
        folder = Path(self.settings.campaigns_dir)
        notices = []

        def open_it() -> Campaign:
            if ensure_example(folder, self.embed):
                notices.append(f"Imported the example campaign into {folder / 'example'}.")
            campaign, created = open_or_create(folder, self.settings.campaign, self.embed)
            campaign.memory.count()  # opens the database now, so damage is reported here
            monsters = notes_for(Bestiary(campaign.path), {m.id for m in campaign.memory.list(tags=["monster"])})
            if monsters:  # imported since the last open (`monster import` does not load the embedder)
                campaign.memory.add_many(monsters)
                notices.append(f"Remembered {len(monsters)} new campaign monsters.")
            if created:
                notices.append(f"Created the new campaign '{campaign.name}'.")
            return campaign

        self.campaign.load(open_it, "the campaign failed to open")
        self.connect()
        return notices

    def load_all(self, progress: Progress | None = None) -> list[str]:
        """Every part, one after another (the CLI's way); returns the notices."""
        self.load_model()
        notice = self.load_knowledge(progress)
        return [*([notice] if notice else []), *self.open_campaign()]

    def connect(self) -> None:
        """Gives the SRD answers whatever model and campaign memory are loaded by now (each load
        calls this when it finishes, so the order they finish in does not matter)."""
        with self._connecting:
            assistant = self.knowledge.now()
            if assistant is not None:
                assistant.engine = self.model.now()
                assistant.memory = self.memory
                campaign = self.campaign.now()
                assistant.bestiary = Bestiary(campaign.path) if campaign is not None else None
