"""`dm-companion character new|list|show`: the CLI over the builder, flavour and store."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rich.console import Console

from dm_companion.characters.builder import Builder, Request
from dm_companion.characters.panel import sheet_panel
from dm_companion.characters.sheet import Sheet, to_markdown
from dm_companion.characters.store import CharacterStore, export_markdown
from dm_companion.errors import DMCError
from dm_companion.paths import campaign_dir
from dm_companion.settings import Settings
from dm_companion.srd.scores import ABILITIES


def parse_scores(text: str) -> dict[str, int]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 6 or not all(p.lstrip("-").isdigit() for p in parts):
        raise DMCError(f"--scores takes six numbers STR,DEX,CON,INT,WIS,CHA, not '{text}'")
    return dict(zip(ABILITIES, map(int, parts)))


def run(args, settings: Settings) -> int:
    campaign = campaign_dir(settings)
    store = CharacterStore(campaign)
    console = Console()
    if args.character_command == "new":
        return _new(args, settings, campaign, store, console)
    if args.character_command == "list":
        sheets = store.list()
        if args.json:
            print(json.dumps([s.to_dict() for _, s in sheets], indent=2))
        elif not sheets:
            console.print(f"No characters saved in campaign '{settings.campaign}' yet.")
        for _, sheet in sheets if not args.json else []:
            console.print(f"{sheet.title}  AC {sheet.armor_class}  HP {sheet.max_hp}", highlight=False)
        return 0
    _, sheet = store.find(args.name)
    if args.json:
        print(json.dumps(sheet.to_dict(), indent=2))
    elif args.markdown:
        print(to_markdown(sheet), end="")
    else:
        console.print(sheet_panel(sheet))
    return 0


def _new(args, settings: Settings, campaign: Path, store: CharacterStore, console: Console) -> int:
    request = Request(race=args.race, subrace=args.subrace, char_class=args.char_class, level=args.level,
                      method=args.method, seed=args.seed, background=args.background,
                      alignment=args.alignment, name=args.name.strip(), pronouns=args.pronouns,
                      scores=parse_scores(args.scores) if args.scores else None)
    sheet = Builder(campaign_dir=campaign).build(request)
    if not args.no_story:
        _add_flavour(sheet, settings, console, stream=not args.json)
    if args.json:
        print(json.dumps(sheet.to_dict(), indent=2))
    else:
        console.print(sheet_panel(sheet))
    if args.markdown:
        export_markdown(sheet, Path(args.markdown))
    if args.save:
        path = store.save(sheet)
        print(f"saved {path}", file=sys.stderr)
    return 0


def _add_flavour(sheet: Sheet, settings: Settings, console: Console, stream: bool) -> None:
    """Name and story from the model; the sheet stands without them if the model cannot load."""
    from dm_companion.characters import flavour
    from dm_companion.llm.engines import engine_for, load_engine

    try:
        engine = load_engine(engine_for(settings))
    except DMCError as exc:
        print(f"dm-companion: note: no name or story ({exc})", file=sys.stderr)
        return
    shown = [""]

    def show(text: str) -> None:
        if not text.startswith(shown[0]):  # a second try, after the check dropped the first's
            console.print("\n(written again: the first try contradicted the sheet)", highlight=False)
            shown[0] = ""
        console.print(text[len(shown[0]):], end="", highlight=False, markup=False)
        shown[0] = text

    found = flavour.write(engine, sheet, seed=sheet.seed, on_text=show if stream else None)
    if stream:
        console.print()
    for dropped in found.removed:
        print(f"dm-companion: dropped from the story: {dropped}", file=sys.stderr)
    flavour.apply(sheet, found)
