"""The `dm-companion` command: the TUI by default, subcommands for scripts. Errors are one line."""

from __future__ import annotations

import argparse
import difflib
import sys

from dm_companion import __version__
from dm_companion.errors import DMCError
from dm_companion.settings import SPECS, Settings, load_settings


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors and a 'did you mean' for mistyped subcommands."""

    def error(self, message: str) -> None:  # type: ignore[override]
        choices = [c for a in self._actions if isinstance(a, argparse._SubParsersAction) for c in a.choices]
        if "invalid choice" in message and choices and not message.startswith("argument -"):
            given = message.split("'")[1] if "'" in message else ""
            close = difflib.get_close_matches(given, choices, n=1)
            message = f"unknown command '{given}'" + (f"; did you mean '{close[0]}'?" if close else "")
            message += f" (commands: {', '.join(choices)})"
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dm-companion", description="An offline companion for the D&D 5e dungeon master. "
                     "With no command, opens the terminal app.")
    parser.add_argument("--version", action="version", version=f"dm-companion {__version__}")
    for spec in SPECS:
        parser.add_argument(spec.flag, dest=spec.name, default=None, metavar=spec.name.upper(),
                            help=f"{spec.help} (env {spec.env})")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    commands.add_parser("doctor", help="show the model, adapter, data and settings in use, and check them")
    from dm_companion.assistant import commands as assistant_commands

    assistant_commands.add_parsers(commands)
    combat = commands.add_parser("combat", help="the combat tracker from the command line")
    combat_commands = combat.add_subparsers(dest="combat_command", parser_class=_Parser, required=True)
    replay = combat_commands.add_parser("replay", help="apply a JSONL file of DM events and print the final encounter")
    replay.add_argument("file", help="one JSON event per line (see the README)")
    replay.add_argument("--json", action="store_true", help="print the final encounter as JSON")
    replay.add_argument("--seed", type=int, default=None, help="seed for dice and initiative rolls")
    export = combat_commands.add_parser("export", help="write the campaign's encounter for another tool")
    export.add_argument("file")
    export.add_argument("--format", choices=["improved-initiative"], default="improved-initiative")
    imported = combat_commands.add_parser("import", help="start the campaign's encounter from another tool's file")
    imported.add_argument("file")
    for sub in (export, imported):
        _campaign_option(sub)
    _character_parsers(commands)
    from dm_companion.bestiary import commands as bestiary_commands

    bestiary_commands.add_parsers(commands, _Parser, _campaign_option)
    from dm_companion.memory import commands as memory_commands

    memory_commands.add_parsers(commands, _Parser, _campaign_option)
    return parser


def _campaign_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--campaign", dest="campaign_here", metavar="NAME", default=None,
                        help="the campaign to use (else the configured one)")


def _character_parsers(commands) -> None:
    from dm_companion.characters.abilities import METHODS

    character = commands.add_parser("character", help="build, list and show character sheets")
    sub = character.add_subparsers(dest="character_command", parser_class=_Parser, required=True)
    new = sub.add_parser("new", help="build a legal sheet; the model adds name, looks and story")
    new.add_argument("--race", help="an SRD race (default: a seeded pick)")
    new.add_argument("--subrace", help="a subrace of that race")
    new.add_argument("--class", dest="char_class", help="an SRD class (default: a seeded pick)")
    new.add_argument("--level", type=int, default=1, help="1-20 (default 1)")
    new.add_argument("--method", choices=METHODS, default="standard-array", help="how ability scores are made")
    new.add_argument("--scores", help="base scores STR,DEX,CON,INT,WIS,CHA, checked against the method")
    new.add_argument("--background", help="the SRD's Acolyte or one of the campaign's own")
    new.add_argument("--alignment", help='e.g. "lawful good" (default: a seeded pick)')
    new.add_argument("--name", default="", help="the character's name (else the model names them)")
    new.add_argument("--pronouns", default="", help="she/her, he/him, they/them or your own pair (else the story's)")
    new.add_argument("--seed", type=int, default=None, help="seed for every choice and roll")
    new.add_argument("--no-story", action="store_true", help="rules only: no model, no name or story")
    new.add_argument("--json", action="store_true", help="print the sheet as JSON")
    new.add_argument("--save", action="store_true", help="save the sheet in the campaign")
    new.add_argument("--markdown", metavar="FILE", help="also write the sheet as Markdown")
    _campaign_option(new)
    listing = sub.add_parser("list", help="the campaign's saved characters")
    listing.add_argument("--json", action="store_true")
    _campaign_option(listing)
    show = sub.add_parser("show", help="one saved character")
    show.add_argument("name")
    show.add_argument("--json", action="store_true", help="print the sheet as JSON")
    show.add_argument("--markdown", action="store_true", help="print the sheet as Markdown")
    _campaign_option(show)


def _fail(message: str) -> int:
    print(f"dm-companion: error: {message}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        chosen = {spec.name: getattr(args, spec.name) for spec in SPECS}
        if getattr(args, "campaign_here", None):
            chosen["campaign"] = args.campaign_here
        settings = load_settings(chosen)
        if args.command == "doctor":
            return _doctor(settings)
        if args.command in ("ask", "chat"):
            from dm_companion.assistant import commands as assistant_commands

            if args.command == "chat":
                return assistant_commands.run_chat(settings, args.json)
            return assistant_commands.run_ask(settings, " ".join(args.question), args.json)
        if args.command == "combat" and args.combat_command == "replay":
            return _combat_replay(args.file, args.json, args.seed)
        if args.command == "combat":
            from dm_companion.combat import exchange

            return exchange.run(args, settings)
        if args.command == "monster":
            from dm_companion.bestiary import commands as bestiary_commands

            return bestiary_commands.run(args, settings)
        if args.command in ("memory", "campaign"):
            from dm_companion.memory import commands as memory_commands

            return memory_commands.run(args, settings)
        if args.command == "character":
            from dm_companion.characters import commands as character_commands

            return character_commands.run(args, settings)
        return _run_app(settings)
    except DMCError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130


def _doctor(settings: Settings) -> int:
    from rich.console import Console
    from rich.table import Table

    from dm_companion.doctor import run_checks, settings_rows

    console = Console()
    table = Table(title="Settings", title_justify="left")
    for column in ("setting", "value", "from"):
        table.add_column(column, overflow="fold")
    for row in settings_rows(settings):
        table.add_row(*row)
    console.print(table)
    checks = run_checks(settings)
    report = Table(title="Checks", title_justify="left")
    for column in ("", "what", "detail"):
        report.add_column(column, overflow="fold")
    for check in checks:
        report.add_row("[green]ok[/]" if check.ok else "[red]FAIL[/]", check.name, check.detail)
    console.print(report)
    failed = [check for check in checks if not check.ok]
    for check in failed:
        print(f"dm-companion: error: {check.name}: {check.detail}", file=sys.stderr)
    return 1 if failed else 0


def _combat_replay(path: str, as_json: bool, seed: int | None) -> int:
    import json
    from pathlib import Path

    from dm_companion.combat.tracker import replay_lines

    file = Path(path)
    if not file.is_file():
        raise DMCError(f"no such events file: {file}")
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise DMCError(f"{file} is not a UTF-8 text file of JSON events") from None
    summary = replay_lines(lines, seed=seed).summary()
    if as_json:
        print(json.dumps(summary, indent=2))
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Round {summary['round']}, {summary['turn'] or 'not started'}", title_justify="left")
    for column in ("name", "HP", "temp", "AC", "conditions", "concentration", "death saves"):
        table.add_column(column)
    for c in summary["combatants"]:
        saves = c["death_saves"]
        state = "dead" if c["dead"] else ("stable" if c["stable"] else f"{saves['successes']}✓ {saves['failures']}✗")
        table.add_row(c["name"], f"{c['hp']}/{c['max_hp']}", str(c["temp_hp"] or ""), str(c["ac"]),
                      ", ".join(c["conditions"]), c["concentration"] or "", state)
    console = Console()
    console.print(table)
    for item in summary["rejected"]:
        console.print(f"[red]line {item['line']} rejected:[/] {item['reason']}", markup=True, highlight=False)
    return 0


def _run_app(settings: Settings) -> int:
    from dm_companion.runtime import Runtime

    runtime = Runtime(settings)  # fast header checks: a wrong model path fails here, before the screen opens
    from dm_companion.tui.app import DMCompanionApp

    DMCompanionApp(runtime).run()
    return 0
