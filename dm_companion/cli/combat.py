"""`dm-companion combat replay|import|export`: the campaign's encounter from the command line,
through the `CombatSession` the Combat pane holds (the campaign's own monsters included)."""

from __future__ import annotations

import json
from pathlib import Path

from dm_companion.cli.parsing import campaign_option, subcommands
from dm_companion.errors import DMCError
from dm_companion.paths import campaign_dir
from dm_companion.settings import Settings


def add_parser(commands) -> None:
    combat = commands.add_parser("combat", help="the combat tracker from the command line")
    sub = subcommands(combat, "combat_command")
    replay = sub.add_parser("replay", help="apply a JSONL file of DM events and print the final encounter")
    replay.add_argument("file", help="one JSON event per line (see the README)")
    replay.add_argument("--json", action="store_true", help="print the final encounter as JSON")
    replay.add_argument("--seed", type=int, default=None, help="seed for dice and initiative rolls")
    export = sub.add_parser("export", help="write the campaign's encounter for another tool")
    export.add_argument("file")
    export.add_argument("--format", choices=["improved-initiative"], default="improved-initiative")
    imported = sub.add_parser("import", help="start the campaign's encounter from another tool's file")
    imported.add_argument("file")
    imported.add_argument("--encounter", help="which saved encounter of an Improved Initiative export")
    for parser in (replay, export, imported):
        campaign_option(parser)


def run(args, settings: Settings) -> int:
    from dm_companion.sessions.combat import CombatSession

    if args.combat_command == "replay":  # the campaign need not exist: then the SRD's monsters only
        return _replay(CombatSession(campaign_dir(settings)), args.file, args.json, args.seed)
    from dm_companion.memory.campaign import open_campaign

    campaign = open_campaign(Path(settings.campaigns_dir), settings.campaign)
    session = CombatSession(campaign.path)
    if args.combat_command == "export":
        count = session.export_encounter(Path(args.file), campaign.name)
        print(f"exported {count} combatants to {args.file}")
        return 0
    archived = session.import_encounter(Path(args.file), args.encounter)
    if archived is not None:
        print(f"archived the encounter in progress to {archived}")
    print(f"imported {len(session.encounter.combatants)} combatants into campaign '{campaign.name}'")
    return 0


def _replay(session, path: str, as_json: bool, seed: int | None) -> int:
    file = Path(path)
    if not file.is_file():
        raise DMCError(f"no such events file: {file}")
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise DMCError(f"{file} is not a UTF-8 text file of JSON events") from None
    summary = session.replay(lines, seed=seed).summary()
    if as_json:
        print(json.dumps(summary, indent=2))
        return 0
    _print_encounter(summary)
    return 0


def _print_encounter(summary: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Round {summary['round']}, {summary['turn'] or 'not started'}", title_justify="left")
    for column in ("name", "HP", "temp", "AC", "conditions", "concentration", "death saves"):
        table.add_column(column)
    for c in summary["combatants"]:
        saves = c["death_saves"]
        state = (
            "dead"
            if c["dead"]
            else ("stable" if c["stable"] else f"{saves['successes']}✓ {saves['failures']}✗")
        )
        table.add_row(
            c["name"],
            f"{c['hp']}/{c['max_hp']}",
            str(c["temp_hp"] or ""),
            str(c["ac"]),
            ", ".join(c["conditions"]),
            c["concentration"] or "",
            state,
        )
    console = Console()
    console.print(table)
    for item in summary["rejected"]:
        console.print(f"[red]line {item['line']} rejected:[/] {item['reason']}", markup=True, highlight=False)
