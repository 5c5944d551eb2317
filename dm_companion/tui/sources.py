"""Sources under an answer, and the screen that shows one: the stat block or rule it came from."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from dm_companion.assistant.reply import Source


class SourceButton(Button):
    def __init__(self, source: Source) -> None:
        super().__init__(f"{source.name} ({source.kind})", compact=True, classes="source")
        self.source = source


class SourcesBar(Horizontal):
    """The answer's sources as buttons; pressing one opens it."""

    def __init__(self, sources: list[Source]) -> None:
        super().__init__(classes="sources")
        self.sources = sources

    def compose(self) -> ComposeResult:
        yield Label("Sources:", classes="sources-label")
        for source in self.sources:
            yield SourceButton(source)

    @on(Button.Pressed, ".source")
    def open_source(self, event: Button.Pressed) -> None:
        assert isinstance(event.button, SourceButton)
        self.app.push_screen(SourceScreen(event.button.source))


class SourceScreen(ModalScreen):
    BINDINGS = [Binding("escape", "dismiss", "Close"), Binding("q", "dismiss", "Close", show=False)]

    def __init__(self, source: Source) -> None:
        super().__init__()
        self.source = source

    def compose(self) -> ComposeResult:
        with Vertical(id="source-box") as box:
            where = "campaign note" if self.source.kind == "memory" else f"SRD {self.source.kind}"
            box.border_title = f"{self.source.name} · {where}"
            box.border_subtitle = "Esc closes"
            with VerticalScroll():
                yield Static(self.source.passage.text, id="source-text", markup=False)

    def action_dismiss(self) -> None:
        self.dismiss()
