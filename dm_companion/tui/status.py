"""The status bar: model, adapter, device, campaign, and whether the model is ready."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static


class StatusBar(Static):
    model: reactive[str] = reactive("")
    adapter: reactive[str] = reactive("none")
    device: reactive[str] = reactive("…")
    campaign: reactive[str] = reactive("")
    state: reactive[str] = reactive("loading model…")

    def render(self) -> Text:
        style = {"ready": "green", "error": "bold red"}.get(self.state.split(":")[0], "yellow")
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(self.state, style=style)  # first, so a narrow terminal still shows it
        for label, value in (
            ("model", self.model),
            ("adapter", self.adapter),
            ("device", self.device),
            ("campaign", self.campaign),
        ):
            text.append("  │  ", style="dim").append(f"{label} ", style="dim").append(value)
        return text
