"""`dm-companion memory ...`: the campaign's memories from the command line, through the
`Journal` the Memory pane holds (and the one summary drafter F9 uses)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from dm_companion.cli.parsing import campaign_option, note, subcommands
from dm_companion.errors import DMCError
from dm_companion.memory.records import KINDS, Memory
from dm_companion.settings import Settings

if TYPE_CHECKING:  # the campaign's store and the sessions load when a command runs (`cli/__init__`)
    from dm_companion.sessions.journal import Journal


def add_parser(commands) -> None:
    memory = commands.add_parser("memory", help="the campaign's memories: add, search, list, export, import")
    sub = subcommands(memory, "memory_command")
    add = sub.add_parser("add", help="remember something")
    add.add_argument("text", nargs="+")
    add.add_argument("--kind", default="note", help=f"one of: {', '.join(KINDS)}")
    add.add_argument("--title", default="")
    add.add_argument("--tags", default="", help="comma-separated")
    add.add_argument("--session", type=int, default=None, help="session number (default: the current one)")
    add.add_argument("--json", action="store_true")
    search = sub.add_parser("search", help="the memories best matching a question, best first")
    search.add_argument("query", nargs="+")
    search.add_argument("--limit", type=int, default=5)
    search.add_argument("--kind", action="append", help="only this kind (repeatable)")
    search.add_argument("--json", action="store_true")
    listing = sub.add_parser("list", help="all memories, newest first")
    listing.add_argument("--kind", action="append", help="only this kind (repeatable)")
    listing.add_argument("--tags", default="", help="only memories with any of these tags")
    listing.add_argument("--json", action="store_true")
    delete = sub.add_parser("delete", help="forget one memory (printed as JSON so it can be re-added)")
    delete.add_argument("id")
    export = sub.add_parser("export", help="write the whole campaign to a portable folder")
    export.add_argument("dir")
    imported = sub.add_parser("import", help="import a campaign export (re-embedding it)")
    imported.add_argument("dir")
    summary = sub.add_parser(
        "summary", help="the model's draft of a session's summary, checked against its notes"
    )
    summary.add_argument(
        "--session", type=int, default=None, help="session number (default: the current one)"
    )
    summary.add_argument("--seed", type=int, default=0)
    summary.add_argument("--json", action="store_true")
    for parser in (add, search, listing, delete, export, imported, summary):
        campaign_option(parser)


def _print_memories(found: list[Memory], console: Console) -> None:
    if not found:
        console.print("No memories found.")
        return
    table = Table(box=None, show_edge=False)
    for column in ("kind", "title", "text", "tags", "session"):
        table.add_column(column, overflow="fold")
    for memory in found:
        text = memory.text if len(memory.text) < 140 else memory.text[:139] + "…"
        table.add_row(memory.kind, memory.title, text, ", ".join(memory.tags), str(memory.session))
    console.print(table)


def run(args, settings: Settings) -> int:
    from dm_companion.memory import campaign as campaigns
    from dm_companion.sessions.journal import Journal
    from dm_companion.sessions.runtime import Runtime

    folder = Path(settings.campaigns_dir)
    console = Console()
    if campaigns.ensure_example(folder):
        note(f"imported the example campaign into {folder / 'example'}")
    command = args.memory_command
    if command == "import":
        campaign, added = campaigns.import_campaign(Path(args.dir), folder, settings.campaign)
        console.print(
            f"imported {added} memories into campaign '{campaign.name}' ({campaign.memory.count()} in all)"
        )
        return 0
    runtime = Runtime(settings)
    for notice in runtime.open_campaign(create=False):
        note(notice)
    journal = Journal(runtime)
    campaign = journal.open()
    store = campaign.memory
    if command == "add":
        memory = journal.remember(
            " ".join(args.text), kind=args.kind, title=args.title, tags=args.tags, session=args.session
        )
        print(json.dumps(memory.to_dict(), indent=2) if args.json else f"saved {memory.id}: {memory.title}")
    elif command == "search":
        if args.limit < 1:
            raise DMCError("--limit must be 1 or more")
        found = store.search(" ".join(args.query), args.limit, kinds=args.kind)
        if args.json:
            print(
                json.dumps(
                    [
                        f.memory.to_dict()
                        | {"score": round(f.score, 5), "similarity": round(f.similarity, 4)}
                        for f in found
                    ],
                    indent=2,
                )
            )
        else:
            _print_memories([f.memory for f in found], console)
    elif command == "list":
        found = store.list(kinds=args.kind, tags=args.tags or None)
        if args.json:
            print(json.dumps([m.to_dict() for m in found], indent=2))
        else:
            _print_memories(found, console)
    elif command == "delete":
        print(json.dumps(store.delete(args.id).to_dict()))
    elif command == "export":
        count = journal.export(Path(args.dir))
        console.print(f"exported campaign '{campaign.name}' ({count} memories) to {args.dir}")
    elif command == "summary":
        _summary(args, journal, console)
    return 0


def _summary(args, journal: Journal, console: Console) -> None:
    """Prints the draft (the dropped sentences, with why, on stderr); the DM keeps a summary with
    `memory add --kind "session summary"`, or in the app with F9."""
    session, draft = journal.draft_summary(args.session, args.seed, strict=True)
    if args.json:
        print(json.dumps({"session": session, "draft": draft.text, "dropped": draft.dropped}, indent=2))
        return
    for line in draft.dropped:
        print(f"dm-companion: {line}", file=sys.stderr)
    console.print(
        draft.text or f"(nothing in the model's draft agreed with session {session}'s notes)",
        highlight=False,
        markup=False,
    )
