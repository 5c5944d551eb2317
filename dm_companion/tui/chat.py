"""The chat pane: the DM asks, the answer streams in from a thread worker, Escape stops it."""

from __future__ import annotations

import threading

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from dm_companion.assistant.chat import Conversation
from dm_companion.errors import DMCError
from dm_companion.tui.messages import AnswerDone, AnswerPiece


class ChatMessage(Static):
    """One message in the history; an assistant message grows as pieces stream in."""

    def __init__(self, role: str, text: str = "") -> None:
        super().__init__(classes=role)
        self.role = role
        self.text = text
        self.pieces = 0
        self.border_title = "you" if role == "user" else "companion"

    def on_mount(self) -> None:
        self.update(Text(self.text or "…"))

    def append(self, piece: str) -> None:
        self.text += piece
        self.pieces += 1
        self.update(Text(self.text))

    def finish(self, note: str | None = None) -> None:
        if note:
            self.text = f"{self.text.rstrip()}\n[{note}]" if self.text else f"[{note}]"
        self.update(Text(self.text))


class ChatPane(Vertical, can_focus=True):
    BINDINGS = [Binding("escape", "stop", "Stop answer", show=True)]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.conversation = Conversation()
        self._cancel = threading.Event()
        self._answer: ChatMessage | None = None

    def compose(self) -> ComposeResult:
        yield VerticalScroll(
            Static("Ask a rules question or for a bit of narration. Enter sends, Escape stops the answer.",
                   classes="hint"),
            id="history")
        yield Input(placeholder="Ask the companion…", id="prompt")

    def on_mount(self) -> None:
        self.query_one("#history", VerticalScroll).anchor()

    @property
    def answering(self) -> bool:
        return self._answer is not None

    @on(Input.Submitted, "#prompt")
    def ask(self, event: Input.Submitted) -> None:
        question = event.value.strip()
        if not question or self.answering:
            return
        prompt = self.query_one("#prompt", Input)
        prompt.value = ""
        prompt.disabled = True
        history = self.query_one("#history", VerticalScroll)
        self._answer = ChatMessage("assistant")
        history.mount(ChatMessage("user", question), self._answer)
        self._cancel = threading.Event()
        self.focus()  # keeps Escape working while the input is locked
        self._stream_answer(question, self._cancel)

    @work(thread=True, exclusive=True, group="answer", exit_on_error=False)
    def _stream_answer(self, question: str, cancel: threading.Event) -> None:
        app = self.app
        while not app.engine_ready.wait(0.05):  # a question typed while the model loads waits
            if cancel.is_set():
                self.post_message(AnswerDone(cancelled=True))
                return
        if app.engine_error:
            self.post_message(AnswerDone(cancelled=False, error=app.engine_error))
            return
        try:
            for piece in self.conversation.ask(app.engine, question, cancel):
                self.post_message(AnswerPiece(piece))
        except DMCError as exc:
            self.post_message(AnswerDone(cancelled=False, error=str(exc)))
            return
        self.post_message(AnswerDone(cancelled=cancel.is_set()))

    def on_answer_piece(self, message: AnswerPiece) -> None:
        if self._answer is not None:
            self._answer.append(message.text)

    def on_answer_done(self, message: AnswerDone) -> None:
        if self._answer is None:
            return
        if message.error:
            self._answer.add_class("error")
            self._answer.finish(message.error)
        else:
            self._answer.finish("stopped" if message.cancelled else None)
        self._answer = None
        prompt = self.query_one("#prompt", Input)
        prompt.disabled = False
        if self.app.screen.focused is None or self.app.screen.focused is self:
            prompt.focus()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Unlock the chat after an unexpected failure; the event bubbles on to the app's router.
        if event.worker.group == "answer" and event.state == WorkerState.ERROR:
            error = event.worker.error
            self.on_answer_done(AnswerDone(cancelled=False, error=f"{type(error).__name__}: {error}"))

    def action_stop(self) -> None:
        if self.answering:
            self._cancel.set()
