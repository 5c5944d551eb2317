"""The Memory pane: browse and search the campaign's memories, open one to edit it (and see which
chat answers used it), add, delete with undo; and the editor for the end-of-session summary.

Store calls embed text (tens of milliseconds, seconds on first use), so they run in workers and
the pane redraws when they report back.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, Select, Static, TextArea

from dm_companion.assistant.session_summary import Draft
from dm_companion.errors import DMCError
from dm_companion.memory.records import KINDS, Memory
from dm_companion.sessions.journal import Journal
from dm_companion.tui.messages import MemoriesChanged
from dm_companion.tui.workers import RestoresAfterWorkerErrors

SHOWN = 500  # rows listed at once; search narrows a bigger campaign


class MemoryPane(RestoresAfterWorkerErrors, Vertical):
    BINDINGS = [
        Binding("ctrl+n", "new_memory", "New memory"),
        Binding("delete", "delete", "Delete"),
        Binding("ctrl+z", "undo", "Undo"),
    ]

    def __init__(self, journal: Journal, **kwargs) -> None:
        super().__init__(**kwargs)
        self.journal = journal
        self.shown: list[Memory] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="memory-controls"):
            yield Input(placeholder="Search memories (Enter) · empty lists them all", id="memory-search")
            yield Select([(k, k) for k in KINDS], prompt="All kinds", id="memory-kind")
        yield Static("Opening the campaign…", id="memory-status")
        yield DataTable(id="memory-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#memory-table", DataTable)
        for label in ("kind", "session", "updated", "title", "tags"):
            table.add_column(label, key=label)

    @property
    def store(self):
        return self.journal.store

    def _say(self, text: str, style: str = "") -> None:
        self.query_one("#memory-status", Static).update(Text(text, style=style))

    # -- listing and searching --------------------------------------------------------------
    def reload(self) -> None:
        if self.store is None:
            self._say(self.journal.why_closed, "yellow")
            return
        self._fetch(self.query_one("#memory-search", Input).value.strip(), self._kind())

    def _kind(self) -> str | None:
        select = self.query_one("#memory-kind", Select)
        return None if select.is_blank() else select.value

    @on(Input.Submitted, "#memory-search")
    def _search(self) -> None:
        self.reload()

    @on(Select.Changed, "#memory-kind")
    def _kind_changed(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="memory-list", exit_on_error=False)
    def _fetch(self, query: str, kind: str | None) -> None:
        kinds = [kind] if kind else None
        try:
            if query:
                found = [f.memory for f in self.store.search(query, 20, kinds=kinds)]
                note = f"{len(found)} best matches for “{query}”"
            else:
                found = self.store.list(kinds=kinds)
                campaign = self.journal.campaign
                note = f"{len(found)} memories in '{campaign.name}' (session {campaign.session})"
                found = found[:SHOWN]
        except DMCError as exc:
            self.app.call_from_thread(self._say, str(exc), "bold red")
            return
        self.app.call_from_thread(self._show, found, note)

    def restore_after(self, group: str, reason: str) -> None:
        self._say(reason, "bold red")

    def _show(self, found: list[Memory], note: str) -> None:
        self.shown = found
        table = self.query_one("#memory-table", DataTable)
        table.clear()
        for memory in found:
            updated = time.strftime("%Y-%m-%d", time.localtime(memory.updated))
            table.add_row(
                memory.kind, str(memory.session), updated, memory.title, ", ".join(memory.tags), key=memory.id
            )
        self._say(note + " · Enter opens · Ctrl+N new · Del deletes · Ctrl+Z undoes")

    def selected(self) -> Memory | None:
        table = self.query_one("#memory-table", DataTable)
        if not self.shown or table.cursor_row is None or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    # -- opening, adding, deleting --------------------------------------------------------
    @on(DataTable.RowSelected, "#memory-table")
    def _open(self) -> None:
        memory = self.selected()
        if memory is not None:
            self._open_editor(memory)

    @work(thread=True, exclusive=True, group="memory-open", exit_on_error=False)
    def _open_editor(self, memory: Memory) -> None:
        used = self.store.used_by(memory.id)
        self.app.call_from_thread(self.app.push_screen, MemoryEditor(memory, used), self._edited)

    def action_new_memory(self) -> None:
        if self.store is None:
            self._say("The campaign is not open yet.", "yellow")
            return
        session = self.journal.campaign.session
        self.app.push_screen(MemoryEditor(None, [], session), self._edited)

    def _edited(self, result: dict | None) -> None:
        if result is not None:
            self._save(result)

    @work(thread=True, group="memory-write", exit_on_error=False)
    def _save(self, result: dict) -> None:
        try:
            if result["id"]:
                memory = self.store.edit(
                    result["id"],
                    text=result["text"],
                    title=result["title"],
                    kind=result["kind"],
                    tags=result["tags"],
                )
                note = f"Saved '{memory.title}'."
            else:
                memory = self.store.add(
                    Memory(
                        result["text"],
                        kind=result["kind"],
                        title=result["title"],
                        tags=result["tags"],
                        session=result["session"],
                    )
                )
                note = f"Remembered '{memory.title}'."
        except DMCError as exc:
            self.post_message(MemoriesChanged(f"Not saved: {exc}"))
            return
        self.post_message(MemoriesChanged(note))

    def action_delete(self) -> None:
        memory = self.selected()
        if memory is not None and self.store is not None:
            self._delete(memory.id)

    @work(thread=True, group="memory-write", exit_on_error=False)
    def _delete(self, memory_id: str) -> None:
        try:
            memory = self.store.delete(memory_id)
        except DMCError as exc:
            self.post_message(MemoriesChanged(str(exc)))
            return
        self.post_message(MemoriesChanged(f"Deleted '{memory.title}' (Ctrl+Z brings it back)."))

    def action_undo(self) -> None:
        if self.store is not None:
            self._undo()

    @work(thread=True, group="memory-write", exit_on_error=False)
    def _undo(self) -> None:
        try:
            note = self.store.undo()
        except DMCError as exc:
            note = str(exc)
        self.post_message(MemoriesChanged(note[:1].upper() + note[1:] + "."))


class MemoryEditor(ModalScreen):
    """One memory's fields, and the chat answers that drew on it. Dismisses with the new values
    (a dict) on Save, None on Cancel; the pane's worker does the writing."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, memory: Memory | None, used_by: list[Memory], session: int = 0) -> None:
        super().__init__()
        self.memory = memory
        self.used_by = used_by
        self.session = memory.session if memory else session

    def compose(self) -> ComposeResult:
        memory = self.memory
        with Vertical(id="memory-editor") as box:
            box.border_title = "Edit memory" if memory else "New memory"
            box.border_subtitle = "Ctrl+S saves · Esc cancels"
            yield Input(memory.title if memory else "", placeholder="Title (optional)", id="edit-title")
            with Horizontal(id="edit-row"):
                yield Select(
                    [(k, k) for k in KINDS],
                    value=memory.kind if memory else "note",
                    allow_blank=False,
                    id="edit-kind",
                )
                yield Input(
                    ", ".join(memory.tags) if memory else "",
                    placeholder="tags, comma-separated",
                    id="edit-tags",
                )
            yield TextArea(memory.text if memory else "", id="edit-text")
            if memory is not None:
                used = [f"- {turn.title}" for turn in self.used_by] or ["- no chat answer has used it yet"]
                yield Label("Used by these chat answers:")
                with VerticalScroll(id="edit-used"):
                    yield Static("\n".join(used), markup=False)
            yield Static("", id="edit-error")
            with Horizontal(id="edit-buttons"):
                yield Button("Save", id="edit-save", variant="primary")
                yield Button("Cancel", id="edit-cancel")

    def on_mount(self) -> None:
        self.query_one("#edit-text", TextArea).focus()

    @on(Button.Pressed, "#edit-save")
    def action_save(self) -> None:
        values = {
            "id": self.memory.id if self.memory else None,
            "title": self.query_one("#edit-title", Input).value,
            "kind": self.query_one("#edit-kind", Select).value,
            "tags": self.query_one("#edit-tags", Input).value,
            "text": self.query_one("#edit-text", TextArea).text,
            "session": self.session,
        }
        try:  # the same checks the store makes, so a bad value is refused here, in place
            Memory(values["text"], kind=values["kind"], title=values["title"], tags=values["tags"])
        except DMCError as exc:
            self.query_one("#edit-error", Static).update(Text(str(exc), style="bold red"))
            return
        self.dismiss(values)

    @on(Button.Pressed, "#edit-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class SummaryScreen(ModalScreen):
    """The model's draft of the session summary, for the DM to edit; dismisses with the text to
    keep, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Keep")]

    def __init__(self, session: int, draft: Draft) -> None:
        super().__init__()
        self.session = session
        self.draft = draft

    def compose(self) -> ComposeResult:
        with Vertical(id="memory-editor") as box:
            box.border_title = f"Session {self.session} summary"
            box.border_subtitle = "Ctrl+S keeps it and starts the next session · Esc cancels"
            if not self.draft.text:
                yield Label(
                    "No draft (no model, nothing noted this session, or nothing the notes "
                    "bear out): write it here."
                )
            yield TextArea(self.draft.text, id="summary-text")
            if self.draft.dropped:
                yield Static("\n".join(self.draft.dropped), id="summary-dropped", markup=False)
            yield Static("", id="edit-error")
            with Horizontal(id="edit-buttons"):
                yield Button("Keep", id="summary-keep", variant="primary")
                yield Button("Cancel", id="summary-cancel")

    def on_mount(self) -> None:
        self.query_one("#summary-text", TextArea).focus()

    @on(Button.Pressed, "#summary-keep")
    def action_save(self) -> None:
        text = self.query_one("#summary-text", TextArea).text.strip()
        if not text:
            self.query_one("#edit-error", Static).update(Text("The summary is empty.", style="bold red"))
            return
        self.dismiss(text)

    @on(Button.Pressed, "#summary-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
