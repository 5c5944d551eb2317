"""The one route for unexpected worker failures: the pane that started the worker puts itself
back in a usable state, then the app tells the DM what broke.

Textual posts `Worker.StateChanged` to the widget that started the worker and does not bubble
it, so each pane handles its own; without this a failed pane worker would vanish silently and
leave "Reading that with the model..." on screen.
"""

from __future__ import annotations

from textual.worker import Worker, WorkerState


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


class RestoresAfterWorkerErrors:
    """For panes: `restore_after(group, reason)` undoes what a failed worker of `group` left on
    screen; the app's `report_worker_error` then notifies."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.restore_after(event.worker.group, describe(event.worker.error))
            self.app.report_worker_error(event.worker.error)

    def restore_after(self, group: str, reason: str) -> None:
        """Nothing to undo by default (the pane's workers leave nothing half-done on screen)."""
