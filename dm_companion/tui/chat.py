"""The chat pane: the DM asks, the answer streams in from a thread worker, Escape stops it."""

from __future__ import annotations

import threading

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Static

from dm_companion.errors import DMCError
from dm_companion.sessions.chat import Companion
from dm_companion.tui.messages import AnswerDone, AnswerSources, MemoriesChanged
from dm_companion.tui.sources import SourcesBar
from dm_companion.tui.workers import RestoresAfterWorkerErrors


class PieceBuffer:
    """Where the worker thread drops answer pieces for the UI to collect.

    The worker does not post a message per token and the UI does not repaint per token: on two
    cores, with llama.cpp busy on both, every bit of per-token Python on another thread slows
    generation itself. The UI drains this buffer a few dozen times a second.
    """

    def __init__(self) -> None:
        self._pieces: list[str] = []
        self._lock = threading.Lock()

    def put(self, piece: str) -> None:
        with self._lock:
            self._pieces.append(piece)

    def take(self) -> list[str]:
        with self._lock:
            pieces, self._pieces = self._pieces, []
        return pieces


class TextBlock(Widget):
    """Plain wrapped text that repaints without a layout pass while its height stays the same.

    While streaming, its height grows in steps of RESERVE lines, so most line wraps need no
    screen-wide layout either (the reserve is blank space the coming text fills); `settle`
    fits the height to the text again.
    """

    DEFAULT_CSS = "TextBlock { height: auto; }"
    RESERVE = 6

    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.text = text
        self._height = 0

    def render(self) -> Text:
        return Text(self.text)

    def set_text(self, text: str, streaming: bool = True) -> None:
        if text == self.text:
            return
        self.text = text
        width = self.content_region.width
        if not width or not streaming:
            self.settle()
            return
        lines = len(Text(text).wrap(self.app.console, width))
        if lines > self._height:
            self._height = lines + self.RESERVE
            self.styles.height = self._height
        else:
            self.refresh()

    def settle(self) -> None:
        self._height = 0
        self.styles.height = "auto"
        self.refresh(layout=True)


class ChatMessage(Vertical):
    """One message in the history; an assistant message grows as pieces stream in.

    The text is held in two blocks: everything up to the last newline, which changes once a line,
    and the line being written, which changes on every paint. A paint then redraws a few lines,
    not the whole answer, and skips the screen-wide layout pass unless a line wraps.
    """

    DEFAULT_CSS = "ChatMessage { height: auto; }"

    def __init__(self, role: str, text: str = "") -> None:
        super().__init__(classes=role)
        self.role = role
        self.text = text
        self.pieces = 0
        self.border_title = "you" if role == "user" else "companion"

    def compose(self) -> ComposeResult:
        done, _, tail = self.text.rpartition("\n")
        yield TextBlock(done, classes="done")
        yield TextBlock(tail or "…", classes="tail")

    def _repaint(self, streaming: bool = True) -> None:
        done, _, tail = self.text.rpartition("\n")
        done_block, tail_block = self.query_one(".done", TextBlock), self.query_one(".tail", TextBlock)
        done_block.display = bool(done)
        done_block.set_text(done, streaming=False)
        tail_block.set_text(tail, streaming)

    def show(self, pieces: list[str]) -> None:
        """Appends and paints the pieces that arrived since the last call."""
        if pieces:
            self.text += "".join(pieces)
            self.pieces += len(pieces)
            self._repaint()

    def finish(self, note: str | None = None) -> None:
        if note:
            self.text = f"{self.text.rstrip()}\n[{note}]" if self.text else f"[{note}]"
        self._repaint(streaming=False)
        self.query_one(".tail", TextBlock).settle()

    def show_sources(self, sources: list) -> None:
        if sources:
            self.mount(SourcesBar(sources))

    def show_notices(self, notices: list[str]) -> None:
        """What the checks dropped from the answer and why, kept under it: a toast would be gone
        before the DM has read the answer."""
        if notices:
            self.mount(Static(Text("\n".join(notices)), classes="notices"))


class ChatPane(RestoresAfterWorkerErrors, Vertical, can_focus=True):
    BINDINGS = [
        Binding("escape", "stop", "Stop answer", show=True),
        Binding("ctrl+g", "remember_answer", "Remember answer"),
    ]
    PAINTS_PER_SECOND = 10  # each paint re-composes the screen (~9 ms here); see chat_throughput
    message_widget = ChatMessage  # the class of new messages (benchmarks time a subclass)

    def __init__(self, companion: Companion, **kwargs) -> None:
        super().__init__(**kwargs)
        self.companion = companion
        self._cancel = threading.Event()
        self._answer: ChatMessage | None = None
        self._buffer = PieceBuffer()
        self._sources: list = []

    def compose(self) -> ComposeResult:
        yield VerticalScroll(
            Static(
                "Ask a rules question (answered from the SRD, with sources), about your campaign "
                '(answered from its memories), or for narration ("describe…", "name…"). '
                '"remember …" keeps a note. Enter sends, Escape stops the answer.',
                classes="hint",
            ),
            id="history",
        )
        yield Input(placeholder="Ask the companion…", id="prompt")

    def on_mount(self) -> None:
        self.query_one("#history", VerticalScroll).anchor()
        self._painter = self.set_interval(1 / self.PAINTS_PER_SECOND, self._paint, pause=True)

    def _paint(self) -> None:
        if self._answer is not None:
            self._answer.show(self._buffer.take())

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
        self._answer = self.message_widget("assistant")
        history.mount(self.message_widget("user", question), self._answer)
        self._painter.resume()
        self._cancel = threading.Event()
        self._buffer = PieceBuffer()
        self.focus()  # keeps Escape working while the input is locked
        self._stream_answer(question, self._cancel, self._buffer)

    @work(thread=True, exclusive=True, group="answer", exit_on_error=False)
    def _stream_answer(self, question: str, cancel: threading.Event, buffer: PieceBuffer) -> None:
        """The companion routes and answers; this only moves its pieces to the screen."""
        try:
            reply = self.companion.reply(question, cancel)
            self.post_message(AnswerSources(reply.sources))
            for piece in reply:
                buffer.put(piece)
        except DMCError as exc:
            self.post_message(AnswerDone(cancelled=False, error=str(exc)))
            return
        self.post_message(AnswerDone(cancelled=cancel.is_set(), notices=reply.notices))
        if reply.memories_changed:
            self.post_message(MemoriesChanged(None))

    def action_remember_answer(self) -> None:
        """Keeps the last answer as a note (Ctrl+G)."""
        self._remember()

    @work(thread=True, group="remember", exit_on_error=False)
    def _remember(self) -> None:
        try:
            saved = self.companion.remember_last()
        except DMCError as exc:
            self.post_message(MemoriesChanged(f"Not remembered: {exc}."))
            return
        self.post_message(MemoriesChanged(f"Remembered '{saved.title}'."))

    def on_answer_sources(self, message: AnswerSources) -> None:
        self._sources = message.sources

    def on_answer_done(self, message: AnswerDone) -> None:
        if self._answer is None:
            return
        self._answer.show(self._buffer.take())
        if message.error:
            self._answer.add_class("error")
            self._answer.finish(message.error)
        else:
            self._answer.finish("stopped" if message.cancelled else None)
            self._answer.show_sources(self._sources)
            self._answer.show_notices(message.notices)
        self._sources = []
        self._answer = None
        self._painter.pause()
        prompt = self.query_one("#prompt", Input)
        prompt.disabled = False
        if self.app.screen.focused is None or self.app.screen.focused is self:
            prompt.focus()

    def restore_after(self, group: str, reason: str) -> None:
        if group == "answer":  # unlock the chat; the answer so far stays, marked with the error
            self.on_answer_done(AnswerDone(cancelled=False, error=reason))

    def on_unmount(self) -> None:
        self._cancel.set()  # a worker still waiting or streaming stops, so quitting never hangs

    def action_stop(self) -> None:
        if self.answering:
            self._cancel.set()
