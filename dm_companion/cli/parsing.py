"""What every command group's parser shares: one-line errors with a "did you mean", and the
`--campaign` option."""

from __future__ import annotations

import argparse
import difflib
import sys


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors and a 'did you mean' for mistyped subcommands."""

    def error(self, message: str) -> None:  # type: ignore[override]
        choices = [
            name
            for action in self._actions
            if isinstance(action.choices, dict)  # the subcommands
            for name in action.choices
        ]
        if "invalid choice" in message and choices and not message.startswith("argument -"):
            given = message.split("'")[1] if "'" in message else ""
            close = difflib.get_close_matches(given, choices, n=1)
            message = f"unknown command '{given}'" + (f"; did you mean '{close[0]}'?" if close else "")
            message += f" (commands: {', '.join(choices)})"
        self.exit(2, f"{self.prog}: error: {message}\n")


def subcommands(parser: argparse.ArgumentParser, dest: str):
    """A required choice of subcommands whose parsers are `Parser`s."""
    return parser.add_subparsers(dest=dest, parser_class=Parser, required=True)


def campaign_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--campaign",
        dest="campaign_here",
        metavar="NAME",
        default=None,
        help="the campaign to use (else the configured one)",
    )


def note(message: str) -> None:
    """A line for the DM on stderr, beside the command's output."""
    print(f"dm-companion: {message}", file=sys.stderr)
