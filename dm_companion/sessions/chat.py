"""The companion a DM talks to: one for the TUI's chat pane, `dm-companion chat` and `ask`.

A line is routed the same way everywhere:
- "remember that ..." is kept as a campaign note;
- a request for invention ("describe ...", "name three ...") goes to the model, with the
  campaign notes it recalls;
- anything else goes to the rules assistant (calculations, SRD facts and quotes, or the
  campaign's notes where they answer better).
With `keep_turns`, every answered turn is kept in the campaign's memory, so the memory pane
shows which answers used a note and the session summary can draw on them. `ask` does not keep
them: a one-off question (or a benchmark's hundreds) is not part of the session.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from dm_companion.assistant import naming
from dm_companion.assistant.chat import Conversation, Turn, is_narration_request
from dm_companion.assistant.describing import described
from dm_companion.assistant.naming import NameRequest, name_request
from dm_companion.assistant.notes_check import NotesCheck
from dm_companion.assistant.recall import as_passage, chat_turn, notes_block, recall, remembered
from dm_companion.assistant.reply import Reply, Source
from dm_companion.errors import DMCError
from dm_companion.memory.records import Memory
from dm_companion.sessions.runtime import Runtime


def cancelled() -> Reply:
    """The reply to a request the DM stopped before any answer began."""
    return Reply("cancelled", [])


class Companion:
    def __init__(self, runtime: Runtime, keep_turns: bool = True) -> None:
        self.runtime = runtime
        self.keep_turns = keep_turns
        self.conversation = Conversation()

    def reply(self, line: str, cancel: threading.Event | None = None) -> Reply:
        """The reply to one line, its sources known at once and its pieces streamed as it is
        iterated. Waits for the part the line needs while it loads (until `cancel`); raises
        DMCError with the reason when that part failed or the line cannot be answered."""
        line = line.strip()
        if not line:
            raise DMCError("the question is empty")
        note = remembered(line)
        if note is not None:
            return self._note(note, cancel)
        request = name_request(line)
        if request is not None:
            return self._names(line, request, cancel)
        if is_narration_request(line):
            return self._narrate(line, cancel)
        assistant = self.runtime.rules(cancel)
        if assistant is None:
            return cancelled()
        return self._kept(line, assistant.reply(line, cancel), cancel)

    def _note(self, text: str, cancel: threading.Event | None) -> Reply:
        campaign = self.runtime.campaign.wait(cancel)
        if campaign is None:
            return cancelled()
        saved = campaign.memory.add(Memory(text, session=campaign.session))
        return Reply(
            "noted", [Source.of(as_passage(saved))], iter([f"Noted: {saved.text}"]), memories_changed=True
        )

    def _names(self, line: str, request: NameRequest, cancel: threading.Event | None) -> Reply:
        """As many names as asked: the model's usable ones, the rest from our name tables (all of
        them when the model failed to load)."""

        def pieces() -> Iterator[str]:
            try:
                engine = self.runtime.model.wait(cancel)
            except DMCError:
                engine = None
            said = ""
            if engine is not None:
                messages = [{"role": "user", "content": naming.prompt(request)}]
                said = "".join(engine.stream_chat(messages, max_tokens=16 * request.count, cancel=cancel))
            names = naming.completed(naming.names_in(said, request), request, seed=line)
            yield "\n".join(f"- {name}" for name in names)

        return self._kept(line, Reply("names", [], pieces()), cancel)

    def _narrate(self, line: str, cancel: threading.Event | None) -> Reply:
        engine = self.runtime.model.wait(cancel)
        if engine is None:
            return cancelled()
        split = described(self.runtime.memory, line, recall(self.runtime.memory, line))
        notes = split.about  # a description draws on its thing's notes only
        earlier = [t.answer for t in self.conversation.turns]
        check = NotesCheck([f.memory for f in notes], line, earlier, [f.memory for f in split.others])
        raw = self.conversation.ask(engine, line, cancel, notes=notes_block(notes, engine.count_tokens))
        dropped: list[str] = []
        reply = Reply(
            "narration",
            [Source.of(as_passage(f.memory)) for f in notes],
            self._checked(raw, check, notes, dropped, cancel),
            notices=dropped,
        )
        return self._kept(line, reply, cancel)

    @staticmethod
    def _checked(
        raw: Iterator[str], check: NotesCheck, notes: list, dropped: list[str], cancel: threading.Event | None
    ) -> Iterator[str]:
        """The sentences of the model's reply that stand (`NotesCheck.kept`); when none does
        (and the DM did not stop it), the best note quoted instead."""
        shown = False
        for sentence in check.kept(raw, dropped):
            shown = True
            yield sentence
        if not shown and notes and not (cancel is not None and cancel.is_set()):
            yield f"From your notes, {notes[0].memory.title}: \u201c{notes[0].memory.text}\u201d"

    def _kept(self, question: str, reply: Reply, cancel: threading.Event | None) -> Reply:
        """`reply`, which once fully read is recorded as a conversation turn and (with
        `keep_turns` and an open campaign) kept in the campaign's memory."""

        def pieces() -> Iterator[str]:
            yield from reply
            self.conversation.turns.append(Turn(question, reply.text, bool(cancel and cancel.is_set())))
            self._keep_turn(question, kept)

        kept = Reply(reply.mode, reply.sources, pieces(), notices=reply.notices)
        return kept

    def _keep_turn(self, question: str, reply: Reply) -> None:
        if not self.keep_turns or not reply.text:
            return
        campaign = self.runtime.open_campaign_now()
        if campaign is None:
            return
        used = [s.passage.id.removeprefix("memory/") for s in reply.sources if s.kind == "memory"]
        try:
            campaign.memory.add(chat_turn(question, reply.text, used, campaign.session))
        except DMCError as exc:
            reply.notices.append(f"This chat turn was not stored: {exc}")
            return
        reply.memories_changed = True

    def remember_last(self) -> Memory:
        """Keeps the last complete answer as a campaign note, titled with its question."""
        turns = [t for t in self.conversation.turns if t.answer and not t.cancelled]
        campaign = self.runtime.open_campaign_now()
        if not turns:
            raise DMCError("nothing to remember yet")
        if campaign is None:
            raise DMCError(self.runtime.campaign.error or "the campaign is not open yet")
        return campaign.memory.add(
            Memory(turns[-1].answer, title=turns[-1].question, session=campaign.session)
        )
