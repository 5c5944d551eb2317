"""A campaign's characters, as the Characters pane and `dm-companion character` make them: the
rules engine builds and edits the sheet, the model adds a name, a look and a story (held to the
sheet by the flavour check), and the campaign's folder keeps them."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from dm_companion.characters import flavour
from dm_companion.characters.builder import Builder, Request
from dm_companion.characters.edits import edit, reroll_scores
from dm_companion.characters.sheet import Sheet
from dm_companion.characters.store import CharacterStore

if TYPE_CHECKING:
    from dm_companion.sessions.runtime import Runtime


class CharactersSession:
    """The characters of the campaign at `campaign_path`; `runtime` gives the model for names and
    stories (without one, sheets are rules only)."""

    def __init__(self, campaign_path: Path, runtime: Runtime | None = None) -> None:
        self.campaign_path = Path(campaign_path)
        self.runtime = runtime
        self.store = CharacterStore(self.campaign_path)
        self._builder: Builder | None = None
        self._builder_lock = threading.Lock()

    def builder(self) -> Builder:
        """The rules engine, made on first use (it reads the SRD: off the UI thread)."""
        from dm_companion.srd.repository import srd

        with self._builder_lock:
            if self._builder is None:
                self._builder = Builder(srd(), self.campaign_path)
            return self._builder

    def build(self, request: Request) -> Sheet:
        return self.builder().build(request)

    def reroll_scores(self, sheet: Sheet) -> Sheet:
        return reroll_scores(sheet, self.builder())

    def edit(self, sheet: Sheet, field: str, value: str) -> Sheet:
        """The sheet with `field` set to `value` and everything it moves recomputed; DMCError
        when the rules refuse it."""
        return edit(sheet, self.builder(), field, value)

    def write_flavour(
        self,
        sheet: Sheet,
        *,
        seed: int,
        cancel: threading.Event | None = None,
        on_text: Callable[[str], None] | None = None,
    ) -> flavour.Flavour | None:
        """The model's name, look and story for `sheet`, checked against it (waiting while the model
        loads; None when `cancel` is set first). DMCError when there is no model."""
        from dm_companion.errors import DMCError

        if self.runtime is None:
            raise DMCError("names and stories need the model")
        engine = self.runtime.model.wait(cancel)
        if engine is None:
            return None
        return flavour.write(engine, sheet, seed=seed, cancel=cancel, on_text=on_text)

    def save(self, sheet: Sheet, path: Path | None = None) -> Path:
        return self.store.save(sheet, path)

    def saved(self) -> list[tuple[Path, Sheet]]:
        return self.store.list()

    def find(self, name: str) -> tuple[Path, Sheet]:
        return self.store.find(name)
