"""`dm-companion ask` and `dm-companion chat`: the companion of the TUI's chat pane, on a terminal.

`ask` answers one question (or one per stdin line with `--json -`) and keeps nothing of it;
`chat` is a line-by-line conversation, usable over SSH or with a screen reader: the same routing
("remember that ...", narration, rules), its turns kept in the campaign like the chat pane's,
`/remember` for Ctrl+G, and Ctrl+C stopping an answer rather than the session.
"""

from __future__ import annotations

import json
import sys
import threading
from typing import TYPE_CHECKING, TextIO

from rich.console import Console

from dm_companion.errors import DMCError
from dm_companion.settings import Settings

if TYPE_CHECKING:  # the sessions load when a command runs (`cli/__init__`)
    from dm_companion.assistant.reply import Reply
    from dm_companion.sessions.chat import Companion
    from dm_companion.sessions.runtime import Runtime

CHAT_HELP = (
    'Ask a rules question, ask about your campaign, ask for narration ("describe ..."), or '
    '"remember that ...". /remember keeps the last answer as a note; /quit (or Ctrl+D) ends; '
    "Ctrl+C stops an answer."
)


def add_parser(commands) -> None:
    ask = commands.add_parser("ask", help="answer a rules question from the SRD, with sources")
    ask.add_argument(
        "question", nargs="+", help="the question, or - to read one question per line from stdin"
    )
    ask.add_argument("--json", action="store_true", help="print one JSON object per answer")
    chat = commands.add_parser("chat", help="talk to the companion line by line (what the Chat pane does)")
    chat.add_argument("--json", action="store_true", help="one JSON object per answer line, no prompts")


def run(args, settings: Settings) -> int:
    if args.command == "chat":
        return run_chat(settings, args.json)
    return run_ask(settings, " ".join(args.question), args.json)


def open_runtime(settings: Settings) -> Runtime:
    """A runtime whose parts load when an answer first needs them (a stat look-up or a sum
    waits for neither the model nor the embedding model); a first-run index build shows a
    progress bar on stderr."""
    from rich.progress import Progress

    from dm_companion.sessions.runtime import Runtime

    console = Console(stderr=True)
    bar: dict = {}

    def progress(done: int, total: int) -> None:
        if not bar:
            bar["progress"] = Progress(console=console, transient=True)
            bar["progress"].start()
            bar["task"] = bar["progress"].add_task("Building the SRD index (once)", total=total)
        bar["progress"].update(bar["task"], completed=done)
        if done >= total:
            bar.pop("progress").stop()

    return Runtime(settings, on_demand=True, progress=progress)


def tell_notices(runtime: Runtime) -> None:
    """What loading had to say (an index built, the model failing on this CPU, the example
    campaign imported), once each, on stderr."""
    console = Console(stderr=True)
    index = runtime.knowledge.now().index if runtime.knowledge.now() else None
    for notice in [*([index.notice] if index is not None and index.notice else []), *runtime.notices]:
        console.print(f"[dim]dm-companion: {notice}[/]", soft_wrap=True, highlight=False)
    runtime.notices.clear()
    if index is not None:
        index.notice = None


def as_json(runtime: Runtime, reply: Reply | None, error: str | None = None) -> str:
    """One answer as `ask --json` prints it (DESIGN.md), `mode` added."""
    model = {"model": runtime.engine.model_label, "adapter": runtime.engine.adapter_label}
    if reply is None:
        return json.dumps({"error": error, **model})
    return json.dumps(
        {"answer": reply.text, "sources": [s.as_json() for s in reply.sources], "mode": reply.mode, **model}
    )


def run_ask(settings: Settings, question: str, json_out: bool) -> int:
    if not question.strip():
        raise DMCError("the question is empty")
    if question == "-" and not json_out:
        raise DMCError("reading questions from stdin needs --json (one JSON answer per line)")
    from dm_companion.sessions.chat import Companion

    companion = Companion(open_runtime(settings), keep_turns=False)
    try:
        if question == "-":
            for line in sys.stdin:
                print(answer_json(companion, line), flush=True)
        elif json_out:
            print(answer_json(companion, question))
        else:
            print_reply(companion.reply(question), sys.stdout)
    finally:
        tell_notices(companion.runtime)
    return 0


def answer_json(companion: Companion, line: str) -> str:
    try:
        reply = companion.reply(line)
        reply.consume()
    except DMCError as exc:
        return as_json(companion.runtime, None, str(exc))
    return as_json(companion.runtime, reply)


def print_reply(reply: Reply, out: TextIO) -> None:
    """The answer as it streams, then its sources and any notices, as the chat pane shows them."""
    for piece in reply:
        print(piece, end="", file=out, flush=True)
    print(file=out)
    if reply.sources:
        print("Sources: " + "; ".join(f"{s.name} ({s.kind})" for s in reply.sources), file=out)
    for notice in reply.notices:
        print(f"[{notice}]", file=out)


def run_chat(settings: Settings, json_out: bool, lines: TextIO = sys.stdin, out: TextIO = sys.stdout) -> int:
    from dm_companion.sessions.chat import Companion

    companion = Companion(open_runtime(settings))
    prompts = not json_out and lines.isatty()
    if prompts:
        print(CHAT_HELP, file=out)
    while True:
        if prompts:
            print("> ", end="", file=out, flush=True)
        line = lines.readline()
        if not line or line.strip() in ("/quit", "/exit"):
            return 0
        line = line.strip()
        if not line:
            continue
        if json_out:
            print(
                answer_json(companion, line) if line != "/remember" else remember_json(companion),
                file=out,
                flush=True,
            )
            continue
        chat_line(companion, line, out)


def chat_line(companion: Companion, line: str, out: TextIO) -> None:
    """One line of the text-mode chat; an error is one line on stderr and the chat goes on."""
    if line == "/help":
        print(CHAT_HELP, file=out)
        return
    cancel = threading.Event()
    try:
        if line == "/remember":
            print(f"Remembered '{companion.remember_last().title}'.", file=out)
            return
        print_reply(companion.reply(line, cancel), out)
        tell_notices(companion.runtime)
    except DMCError as exc:
        print(f"dm-companion: error: {exc}", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        cancel.set()  # the model stops; the chat goes on
        print("\n[stopped]", file=out, flush=True)


def remember_json(companion: Companion) -> str:
    try:
        saved = companion.remember_last()
    except DMCError as exc:
        return json.dumps({"error": str(exc)})
    return json.dumps({"remembered": saved.title, "id": saved.id})
