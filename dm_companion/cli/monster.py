"""`dm-companion monster import|list|show`: the campaign's own monsters from the command line,
through the `CombatSession` (the Combat pane's `monsters` command does the same)."""

from __future__ import annotations

import json
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dm_companion.bestiary.formats import FORMATS
from dm_companion.cli.parsing import campaign_option, note, subcommands
from dm_companion.errors import DMCError
from dm_companion.settings import Settings


def add_parser(commands) -> None:
    monster = commands.add_parser("monster", help="the campaign's own monsters: import, list, show")
    sub = subcommands(monster, "monster_command")
    imported = sub.add_parser("import", help="import a 5etools, Open5e or Improved Initiative monster file")
    imported.add_argument("file")
    imported.add_argument("--format", choices=FORMATS, default=None, help="else detected from the file")
    imported.add_argument(
        "--strict", action="store_true", help="all or nothing: one bad entry refuses the file"
    )
    imported.add_argument("--replace", action="store_true", help="update monsters the campaign already has")
    listing = sub.add_parser("list", help="the campaign's monsters")
    listing.add_argument("--json", action="store_true")
    show = sub.add_parser("show", help="one monster's stat block")
    show.add_argument("monster", nargs="+")
    show.add_argument("--json", action="store_true")
    for parser in (imported, listing, show):
        campaign_option(parser)


def run(args, settings: Settings) -> int:
    from dm_companion.memory.campaign import open_campaign
    from dm_companion.sessions.combat import CombatSession

    campaign = open_campaign(Path(settings.campaigns_dir), settings.campaign)
    session = CombatSession(campaign.path)
    bestiary = session.bestiary
    console = Console()
    if args.monster_command == "import":
        started = time.perf_counter()
        done = session.import_monsters(args.file, args.format, args.strict, args.replace)
        updated = f", updated {done.updated}" if done.updated else ""
        console.print(
            f"imported {done.added} monsters{updated} into campaign '{campaign.name}' "
            f"in {time.perf_counter() - started:.2f} s",
            highlight=False,
        )
        for line in done.left_out:
            note(f"left out: {line}")
        return 0
    if args.monster_command == "list":
        _list(bestiary, campaign.name, args.json, console)
        return 0
    name = " ".join(args.monster)
    found = bestiary.find(name)
    if found is None:
        known = ", ".join(m.name for m in bestiary.monsters()) or "none"
        raise DMCError(f"campaign '{campaign.name}' has no monster '{name}' (its monsters: {known})")
    if args.json:
        print(json.dumps(found.data, indent=2))
        return 0
    from dm_companion.srd.render import monster

    console.print(monster(found), highlight=False, markup=False)
    return 0


def _list(bestiary, campaign_name: str, as_json: bool, console: Console) -> None:
    """The campaign's monsters, as JSON or a table."""
    monsters = bestiary.monsters()
    if as_json:
        print(
            json.dumps(
                [
                    {"name": m.name, "cr": m.challenge_text, "ac": m.armor_class, "hp": m.hit_points}
                    for m in monsters
                ],
                indent=2,
            )
        )
    elif not monsters:
        console.print(
            f"Campaign '{campaign_name}' has no monsters of its own; import some with "
            f"'dm-companion monster import FILE'."
        )
    else:
        table = Table(box=None)
        for column in ("name", "CR", "AC", "HP", "actions"):
            table.add_column(column)
        for m in monsters:
            table.add_row(
                m.name,
                m.challenge_text,
                str(m.armor_class),
                str(m.hit_points),
                ", ".join(a["name"] for a in m.abilities_named("actions")),
            )
        console.print(table)
