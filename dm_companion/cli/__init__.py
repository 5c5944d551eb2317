"""The `dm-companion` command: the TUI by default, subcommands for scripts. Errors are one line.

One module per command group, each with `add_parser(commands)` and `run(args, settings)`; a
runner only reads its arguments, calls the session the matching pane holds, and prints. Every
call builds the whole parser (`--help` lists every group), so a group module imports at its top
only what its parser needs, and its runner imports the sessions and engines it calls: a command
loads only what it uses (`benchmarks/cli_latency.py`).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from dm_companion import __version__
from dm_companion.cli.parsing import Parser
from dm_companion.errors import DMCError
from dm_companion.settings import SPECS, Settings, load_settings

# command -> the module of its group (`ask` and `chat` share one; so do `memory` and `campaign`)
GROUPS = {
    "doctor": "doctor",
    "ask": "ask",
    "chat": "ask",
    "combat": "combat",
    "character": "character",
    "monster": "monster",
    "memory": "memory",
    "campaign": "campaign",
}


def _group(command: str):
    return importlib.import_module(f"dm_companion.cli.{GROUPS[command]}")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="dm-companion",
        description="An offline companion for the D&D 5e dungeon master. "
        "With no command, opens the terminal app.",
    )
    parser.add_argument("--version", action="version", version=f"dm-companion {__version__}")
    for spec in SPECS:
        parser.add_argument(
            spec.flag,
            dest=spec.name,
            default=None,
            metavar=spec.name.upper(),
            help=f"{spec.help} (env {spec.env})",
        )
    commands = parser.add_subparsers(dest="command", parser_class=Parser)
    for module in dict.fromkeys(GROUPS.values()):
        _group(module).add_parser(commands)
    return parser


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
        if args.command is None:
            return _run_app(settings)
        return _group(args.command).run(args, settings)
    except DMCError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130


def _run_app(settings: Settings) -> int:
    from dm_companion.llm.engines import engine_for
    from dm_companion.sessions.runtime import Runtime

    engine = engine_for(
        settings
    )  # fast header checks: a wrong model path fails here, before the screen opens
    from dm_companion.tui.app import DMCompanionApp

    DMCompanionApp(Runtime(settings, engine=engine)).run()
    return 0
