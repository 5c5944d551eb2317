"""`dm-companion memory ...` and `dm-companion campaign ...`: the CLI over the campaign store."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dm_companion.errors import DMCError
from dm_companion.memory import campaign as campaigns
from dm_companion.memory.records import KINDS, Memory
from dm_companion.settings import Settings


def add_parsers(commands, parser_class, campaign_option) -> None:
    memory = commands.add_parser("memory", help="the campaign's memories: add, search, list, export, import")
    sub = memory.add_subparsers(dest="memory_command", parser_class=parser_class, required=True)
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
    summary = sub.add_parser("summary", help="the model's draft of a session's summary, checked against its notes")
    summary.add_argument("--session", type=int, default=None, help="session number (default: the current one)")
    summary.add_argument("--seed", type=int, default=0)
    summary.add_argument("--json", action="store_true")
    for parser in (add, search, listing, delete, export, imported, summary):
        campaign_option(parser)

    campaign = commands.add_parser("campaign", help="list, create, rename or delete campaigns")
    csub = campaign.add_subparsers(dest="campaign_command", parser_class=parser_class, required=True)
    csub.add_parser("list", help="the campaigns in the campaigns dir")
    new = csub.add_parser("new", help="create an empty campaign")
    new.add_argument("name")
    rename = csub.add_parser("rename", help="rename a campaign")
    rename.add_argument("old")
    rename.add_argument("new")
    remove = csub.add_parser("delete", help="move a campaign to the trash folder")
    remove.add_argument("name")
    remove.add_argument("--yes", action="store_true", help="confirm")


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
    folder = Path(settings.campaigns_dir)
    console = Console()
    if campaigns.ensure_example(folder):
        print(f"imported the example campaign into {folder / 'example'}", file=sys.stderr)
    if args.command == "campaign":
        return _campaign(args, folder, settings, console)
    command = args.memory_command
    if command == "import":
        campaign, added = campaigns.import_campaign(Path(args.dir), folder, settings.campaign)
        console.print(f"imported {added} memories into campaign '{campaign.name}' ({campaign.memory.count()} in all)")
        return 0
    campaign = campaigns.open_campaign(folder, settings.campaign)
    store = campaign.memory
    if command == "add":
        memory = store.add(Memory(" ".join(args.text), kind=args.kind, title=args.title, tags=args.tags,
                                  session=campaign.session if args.session is None else args.session))
        print(json.dumps(memory.to_dict(), indent=2) if args.json else f"saved {memory.id}: {memory.title}")
    elif command == "search":
        if args.limit < 1:
            raise DMCError("--limit must be 1 or more")
        found = store.search(" ".join(args.query), args.limit, kinds=args.kind)
        if args.json:
            print(json.dumps([f.memory.to_dict() | {"score": round(f.score, 5),
                                                     "similarity": round(f.similarity, 4)} for f in found], indent=2))
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
        count = campaigns.export_campaign(campaign, Path(args.dir))
        console.print(f"exported campaign '{campaign.name}' ({count} memories) to {args.dir}")
    elif command == "summary":
        _summary(args, campaign, settings, console)
    return 0


def _summary(args, campaign, settings: Settings, console: Console) -> None:
    """Prints the draft (the dropped sentences, with why, on stderr); the DM keeps a summary with
    `memory add --kind "session summary"`, or in the app with F9."""
    from dm_companion.assistant.session_summary import draft_summary, session_memories
    from dm_companion.llm.engines import engine_for, load_engine

    session = campaign.session if args.session is None else args.session
    if not session_memories(campaign.memory, session):
        raise DMCError(f"nothing is noted for session {session} of campaign '{campaign.name}'")
    draft = draft_summary(load_engine(engine_for(settings)), campaign.memory, session, args.seed)
    if args.json:
        print(json.dumps({"session": session, "draft": draft.text, "dropped": draft.dropped}, indent=2))
        return
    for line in draft.dropped:
        print(f"dm-companion: {line}", file=sys.stderr)
    console.print(draft.text or f"(nothing in the model's draft agreed with session {session}'s notes)",
                  highlight=False, markup=False)


def _campaign(args, folder: Path, settings: Settings, console: Console) -> int:
    command = args.campaign_command
    if command == "list":
        names = campaigns.list_campaigns(folder)
        for name in names:
            console.print(("* " if name == settings.campaign else "  ") + name, highlight=False)
        if not names:
            console.print(f"No campaigns in {folder} yet.")
    elif command == "new":
        console.print(f"created {campaigns.create_campaign(folder, args.name).path}")
    elif command == "rename":
        console.print(f"renamed to {campaigns.rename_campaign(folder, args.old, args.new)}")
    elif command == "delete":
        if not args.yes:
            raise DMCError(f"this moves campaign '{args.name}' to {folder / campaigns.TRASH}; "
                           "add --yes to confirm")
        console.print(f"moved to {campaigns.delete_campaign(folder, args.name)}")
    return 0
