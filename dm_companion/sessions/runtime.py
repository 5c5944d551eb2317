"""What the companion runs on: the model, the SRD knowledge and the campaign.

Each is a `Part` that loads on its own: the app starts one worker per part, the CLI (`on_demand`)
loads each when an answer first needs it (a stat look-up or a sum needs neither the model nor
the embedding model), and one failing never stops the others (a model that crashes on this CPU
still leaves SRD answers, combat and memories working). Whoever needs a part asks the runtime
for it and waits, giving up when the DM cancels or after `WAIT` seconds; nobody reaches into
the app.

A rules answer is given by a `RulesAssistant` made for it (`rules`) with whatever model and
campaign are loaded by then, so the order the parts arrive in does not matter and nothing is
patched onto a part after it is built.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from dm_companion.bestiary.store import Bestiary, notes_for
from dm_companion.errors import DMCError
from dm_companion.lazy import Later
from dm_companion.llm.discovery import ModelChoice
from dm_companion.llm.engines import engine_for
from dm_companion.llm.protocol import LanguageModel
from dm_companion.settings import Settings

if TYPE_CHECKING:
    from dm_companion.assistant.rules_qa import Knowledge, RulesAssistant
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
        self.on_demand: Callable[[], object] | None = None  # loads it when first waited for
        self._done = threading.Event()
        self._started = False
        self._starting = threading.Lock()

    def succeed(self, value: T) -> None:
        self.value = value
        self._done.set()

    def fail(self, reason: str) -> None:
        self.error = reason
        self._done.set()

    def load(self, make: Callable[[], T], failed: str) -> T | None:
        """`make()`'s value makes the part ready; its DMCError fails it with that reason, and any
        other error (a damaged install) with `failed` and what broke. Never raises."""
        self._started = True
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
        reason when loading failed, or when it is still loading after `timeout` seconds. A part
        that loads `on_demand` and has not started loads here."""
        with self._starting:
            load, self._started = (None if self._started else self.on_demand), True
        if load is not None:
            load()
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

    def __init__(
        self,
        settings: Settings,
        choice: ModelChoice | None = None,
        engine: LanguageModel | None = None,
        embed: Embed | None = None,
        on_demand: bool = False,
        progress: Progress | None = None,
    ) -> None:
        self.settings = settings
        self._choice = choice
        self._engine = engine
        self.embed = embed  # the campaign's embedding function (None: the bundled model)
        self.model: Part[LanguageModel] = Part("the model")
        self.knowledge: Part[Knowledge] = Part("the SRD knowledge")
        self.campaign: Part[Campaign] = Part("the campaign")
        self.notices: list[str] = []  # what loading on demand has to tell the DM
        if on_demand:
            self.model.on_demand = self.load_model
            self.knowledge.on_demand = lambda: self.load_knowledge(progress, search=False)
            self.campaign.on_demand = lambda: self.notices.extend(self.open_campaign())

    @property
    def engine(self) -> LanguageModel:
        """The configured model, not loaded: resolved on first use, where a wrong model path or
        an unusable file fails with one line (the app asks before its screen opens)."""
        if self._engine is None:
            self._engine = engine_for(self.settings, self._choice)
        return self._engine

    @property
    def memory(self) -> MemoryStore | None:
        """The open campaign's memories, or None while it is closed."""
        campaign = self.open_campaign_now()
        return campaign.memory if campaign is not None else None

    def open_campaign_now(self) -> Campaign | None:
        """The open campaign, or None while it is closed; opened here when it opens on demand."""
        return self._loaded(self.campaign) if self.campaign.on_demand else self.campaign.now()

    def load_model(self) -> None:
        """Loads the model and adapter here after the child-process probe says this CPU survives
        them, or connects to the configured server."""
        from dm_companion.llm.engines import load_engine

        if not self.model.done:
            self.model.load(lambda: load_engine(self.engine), "the model failed to load")

    def load_knowledge(self, progress: Progress | None = None, search: bool = True) -> str | None:
        """Opens the SRD and its index (built on first run, with `progress`; without `search`,
        on the first question that needs it); returns the index's notice ("built the SRD index
        ...") for the DM, if any."""
        from dm_companion.assistant.rules_qa import Knowledge

        if self.knowledge.done:
            return None
        knowledge = self.knowledge.load(
            lambda: Knowledge.open(progress, search), "the SRD knowledge failed to load"
        )
        return knowledge.index.notice if knowledge is not None else None

    def open_campaign(self, create: bool = True) -> list[str]:
        """Opens the configured campaign (the example is imported on first run; a new name is
        created, or with `create` false refused); returns what the DM should be told about it."""
        from dm_companion.memory.campaign import ensure_example, open_campaign, open_or_create

        if self.campaign.done:
            return []
        folder = Path(self.settings.campaigns_dir)
        notices = []

        def open_it() -> Campaign:
            if ensure_example(folder, self.embed):
                notices.append(f"Imported the example campaign into {folder / 'example'}.")
            if create:
                campaign, created = open_or_create(folder, self.settings.campaign, self.embed)
            else:
                campaign, created = open_campaign(folder, self.settings.campaign, self.embed), False
            campaign.memory.count()  # opens the database now, so damage is reported here
            monsters = notes_for(
                Bestiary(campaign.path), {m.id for m in campaign.memory.list(tags=["monster"])}
            )
            if monsters:  # imported since the last open (`monster import` does not load the embedder)
                campaign.memory.add_many(monsters)
                notices.append(f"Remembered {len(monsters)} new campaign monsters.")
            if created:
                notices.append(f"Created the new campaign '{campaign.name}'.")
            return campaign

        self.campaign.load(open_it, "the campaign failed to open")
        return notices

    def load_all(self, progress: Progress | None = None) -> list[str]:
        """Every part, one after another (the CLI's way); returns the notices."""
        self.load_model()
        notice = self.load_knowledge(progress)
        return [*([notice] if notice else []), *self.open_campaign()]

    def rules(self, cancel: threading.Event | None = None) -> RulesAssistant | None:
        """A rules assistant over the SRD knowledge (waiting while it loads; None when `cancel`
        is set first) with the model and the campaign's memories and monsters loaded by now."""
        knowledge = self.knowledge.wait(cancel)
        if knowledge is None:
            return None
        model = self.model.now() if self.model.on_demand is None or self.model.done else Later(self._model)
        if self.campaign.on_demand is not None and not self.campaign.done:  # opened if the answer needs it
            folder = Path(self.settings.campaigns_dir) / self.settings.campaign
            return knowledge.assistant(model, Later(lambda: self.memory), Bestiary(folder))
        campaign = self.campaign.now()
        if campaign is None:
            return knowledge.assistant(model)
        return knowledge.assistant(model, campaign.memory, Bestiary(campaign.path))

    def _model(self) -> LanguageModel | None:
        return self._loaded(self.model)

    def _loaded(self, part: Part[T]) -> T | None:
        """The part, loaded now if it loads on demand; None (and a notice) when it failed."""
        try:
            return part.wait()
        except DMCError as exc:
            self.notices.append(f"answering without {part.what} ({exc})")
            return None
