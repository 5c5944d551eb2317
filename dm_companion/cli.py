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
        if "invalid choice" in message:
            given = message.split("'")[1] if "'" in message else ""
            choices = [c for a in self._actions if isinstance(a, argparse._SubParsersAction) for c in a.choices]
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
    return parser


def _fail(message: str) -> int:
    print(f"dm-companion: error: {message}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings({spec.name: getattr(args, spec.name) for spec in SPECS})
        if args.command == "doctor":
            return _doctor(settings)
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


def _run_app(settings: Settings) -> int:
    from dm_companion.llm.discovery import choose

    choice = choose(settings)  # fast header checks: a wrong path fails here, before the screen opens
    from dm_companion.tui.app import DMCompanionApp

    DMCompanionApp(settings, choice).run()
    return 0
