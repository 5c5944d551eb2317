"""Unexpected worker failures in any pane reach the app's one error router.

Textual posts `Worker.StateChanged` to the widget that started the worker and does not bubble
it, so a pane that starts workers forwards the event; without this a failed pane worker would
vanish silently.
"""

from __future__ import annotations

from textual.worker import Worker


class ForwardsWorkerErrors:
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.app.on_worker_state_changed(event)
