"""A pane whose capability has not landed yet: says so, and what it will do."""

from __future__ import annotations

from textual.widgets import Static


class ComingPane(Static):
    def __init__(self, title: str, promise: str, **kwargs) -> None:
        super().__init__(f"[b]{title}[/b] is coming.\n\n{promise}", classes="coming", **kwargs)
