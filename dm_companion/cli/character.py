"""`dm-companion character new|list|show`: the CLI over the `CharactersSession` the Characters
pane holds (the rules engine, the model's name and story, the campaign's saved sheets)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from dm_companion.cli.parsing import campaign_option, note, subcommands
from dm_companion.errors import DMCError
from dm_companion.paths import campaign_dir
from dm_companion.settings import Settings
from dm_companion.srd.scores import ABILITIES, METHODS

if TYPE_CHECKING:  # the rules engine loads when a command runs (`cli/__init__`)
    from dm_companion.characters.sheet import Sheet
    from dm_companion.sessions.characters import CharactersSession


def add_parser(commands) -> None:
    character = commands.add_parser("character", help="build, list and show character sheets")
    sub = subcommands(character, "character_command")
    new = sub.add_parser("new", help="build a legal sheet; the model adds name, looks and story")
    new.add_argument("--race", help="an SRD race (default: a seeded pick)")
    new.add_argument("--subrace", help="a subrace of that race")
    new.add_argument("--class", dest="char_class", help="an SRD class (default: a seeded pick)")
    new.add_argument("--level", type=int, default=1, help="1-20 (default 1)")
    new.add_argument(
        "--method", choices=METHODS, default="standard-array", help="how ability scores are made"
    )
    new.add_argument("--scores", help="base scores STR,DEX,CON,INT,WIS,CHA, checked against the method")
    new.add_argument("--background", help="the SRD's Acolyte or one of the campaign's own")
    new.add_argument("--alignment", help='e.g. "lawful good" (default: a seeded pick)')
    new.add_argument("--name", default="", help="the character's name (else the model names them)")
    new.add_argument(
        "--pronouns", default="", help="she/her, he/him, they/them or your own pair (else the story's)"
    )
    new.add_argument("--seed", type=int, default=None, help="seed for every choice and roll")
    new.add_argument("--no-story", action="store_true", help="rules only: no model, no name or story")
    new.add_argument("--json", action="store_true", help="print the sheet as JSON")
    new.add_argument("--save", action="store_true", help="save the sheet in the campaign")
    new.add_argument("--markdown", metavar="FILE", help="also write the sheet as Markdown")
    listing = sub.add_parser("list", help="the campaign's saved characters")
    listing.add_argument("--json", action="store_true")
    show = sub.add_parser("show", help="one saved character")
    show.add_argument("name")
    show.add_argument("--json", action="store_true", help="print the sheet as JSON")
    show.add_argument("--markdown", action="store_true", help="print the sheet as Markdown")
    for parser in (new, listing, show):
        campaign_option(parser)


def parse_scores(text: str) -> dict[str, int]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 6 or not all(p.lstrip("-").isdigit() for p in parts):
        raise DMCError(f"--scores takes six numbers STR,DEX,CON,INT,WIS,CHA, not '{text}'")
    return dict(zip(ABILITIES, map(int, parts)))


def run(args, settings: Settings) -> int:
    from dm_companion.characters.panel import sheet_panel
    from dm_companion.characters.sheet import to_markdown
    from dm_companion.sessions.characters import CharactersSession

    console = Console()
    if args.character_command == "new":
        return _new(args, settings, console)
    session = CharactersSession(campaign_dir(settings))
    if args.character_command == "list":
        sheets = session.saved()
        if args.json:
            print(json.dumps([s.to_dict() for _, s in sheets], indent=2))
        elif not sheets:
            console.print(f"No characters saved in campaign '{settings.campaign}' yet.")
        for _, sheet in sheets if not args.json else []:
            console.print(f"{sheet.title}  AC {sheet.armor_class}  HP {sheet.max_hp}", highlight=False)
        return 0
    _, sheet = session.find(args.name)
    if args.json:
        print(json.dumps(sheet.to_dict(), indent=2))
    elif args.markdown:
        print(to_markdown(sheet), end="")
    else:
        console.print(sheet_panel(sheet))
    return 0


def _new(args, settings: Settings, console: Console) -> int:
    from dm_companion.characters.builder import Request
    from dm_companion.characters.panel import sheet_panel
    from dm_companion.characters.store import export_markdown
    from dm_companion.sessions.characters import CharactersSession

    request = Request(
        race=args.race,
        subrace=args.subrace,
        char_class=args.char_class,
        level=args.level,
        method=args.method,
        seed=args.seed,
        background=args.background,
        alignment=args.alignment,
        name=args.name.strip(),
        pronouns=args.pronouns,
        scores=parse_scores(args.scores) if args.scores else None,
    )
    session = CharactersSession(campaign_dir(settings), None if args.no_story else _runtime(settings))
    sheet = session.build(request)
    if session.runtime is not None:
        _add_flavour(session, sheet, console, stream=not args.json)
    if args.json:
        print(json.dumps(sheet.to_dict(), indent=2))
    else:
        console.print(sheet_panel(sheet))
    if args.markdown:
        export_markdown(sheet, Path(args.markdown))
    if args.save:
        path = session.save(sheet)
        print(f"saved {path}", file=sys.stderr)
    return 0


def _runtime(settings: Settings):
    """The model's runtime, or None (said on stderr) when the settings name no usable model."""
    from dm_companion.sessions.runtime import Runtime

    try:
        return Runtime(settings)
    except DMCError as exc:
        note(f"note: no name or story ({exc})")
        return None


def _add_flavour(session: CharactersSession, sheet: Sheet, console: Console, stream: bool) -> None:
    """Name and story from the model; the sheet stands without them if the model cannot load."""
    from dm_companion.characters import flavour

    session.runtime.load_model()
    shown = [""]

    def show(text: str) -> None:
        if not text.startswith(shown[0]):  # a second try, after the check dropped the first's
            console.print("\n(written again: the first try contradicted the sheet)", highlight=False)
            shown[0] = ""
        console.print(text[len(shown[0]) :], end="", highlight=False, markup=False)
        shown[0] = text

    try:
        found = session.write_flavour(sheet, seed=sheet.seed, on_text=show if stream else None)
    except DMCError as exc:
        note(f"note: no name or story ({exc})")
        return
    if stream:
        console.print()
    for dropped in found.removed:
        print(f"dm-companion: dropped from the story: {dropped}", file=sys.stderr)
    flavour.apply(sheet, found)
