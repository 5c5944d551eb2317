"""`dm-companion doctor`: the settings in use and where each came from, then every check."""

from __future__ import annotations

import sys

from dm_companion.settings import Settings


def add_parser(commands) -> None:
    commands.add_parser("doctor", help="show the model, adapter, data and settings in use, and check them")


def run(args, settings: Settings) -> int:
    from rich.console import Console
    from rich.table import Table

    from dm_companion.sessions.doctor import run_checks, settings_rows

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
