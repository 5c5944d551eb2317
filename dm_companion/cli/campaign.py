"""`dm-companion campaign list|new|rename|delete`: the campaigns in the campaigns dir."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from dm_companion.cli.parsing import note, subcommands
from dm_companion.errors import DMCError
from dm_companion.settings import Settings


def add_parser(commands) -> None:
    campaign = commands.add_parser("campaign", help="list, create, rename or delete campaigns")
    csub = subcommands(campaign, "campaign_command")
    csub.add_parser("list", help="the campaigns in the campaigns dir")
    new = csub.add_parser("new", help="create an empty campaign")
    new.add_argument("name")
    rename = csub.add_parser("rename", help="rename a campaign")
    rename.add_argument("old")
    rename.add_argument("new")
    remove = csub.add_parser("delete", help="move a campaign to the trash folder")
    remove.add_argument("name")
    remove.add_argument("--yes", action="store_true", help="confirm")


def run(args, settings: Settings) -> int:
    from dm_companion.memory import campaign as campaigns  # loaded when run (`cli/__init__`)

    folder = Path(settings.campaigns_dir)
    if campaigns.ensure_example(folder):
        note(f"imported the example campaign into {folder / 'example'}")
    return _campaign(args, folder, settings, Console())


def _campaign(args, folder: Path, settings: Settings, console: Console) -> int:
    from dm_companion.memory import campaign as campaigns

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
            raise DMCError(
                f"this moves campaign '{args.name}' to {folder / campaigns.TRASH}; add --yes to confirm"
            )
        console.print(f"moved to {campaigns.delete_campaign(folder, args.name)}")
    return 0
