"""The campaign's monsters, kept as one JSON file in its `bestiary/` folder (exported and
imported with the campaign like its characters and encounters), and the lookup the combat
tracker uses: the campaign's monster by name first, then the SRD's. A campaign monster may share
an SRD name ("Goblin", the DM's own); the SRD's stays reachable as "srd:goblin".
"""

from __future__ import annotations

import json
from pathlib import Path

from dm_companion.errors import DMCError
from dm_companion.memory.records import MAX_TEXT, Memory
from dm_companion.paths import write_atomically
from dm_companion.srd.monster import Monster
from dm_companion.srd.render import monster as render_monster
from dm_companion.srd.repository import srd
from dm_companion.srd.stat_block import monster_stats

FOLDER = "bestiary"
FILE = "monsters.json"
SRD_PREFIX = "srd:"


class Bestiary:
    def __init__(self, campaign_path: Path) -> None:
        self.path = Path(campaign_path) / FOLDER / FILE

    def records(self) -> list[dict]:
        if not self.path.exists():
            return []
        try:
            records = json.loads(self.path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DMCError(f"{self.path} is damaged ({exc}); restore it from a campaign export") from None
        return records if isinstance(records, list) else []

    def monsters(self) -> list[Monster]:
        return [Monster("monster", r["index"], r["name"], r) for r in self.records()]

    def find(self, name: str) -> Monster | None:
        key = name.strip().lower()
        return next((m for m in self.monsters() if key in (m.name.lower(), m.index)), None)

    def add(self, records: list[dict], source: str) -> int:
        """Adds a file's monsters, all or none: a name already in the campaign, or twice in the
        file, refuses the whole file."""
        present = {r["name"].lower() for r in self.records()}
        seen: set[str] = set()
        for number, record in enumerate(records, 1):
            key = record["name"].lower()
            if key in present:
                raise DMCError(
                    f"{source}: entry {number} ('{record['name']}'), field 'name': the campaign already "
                    f"has a monster named so; nothing was imported"
                )
            if key in seen:
                raise DMCError(
                    f"{source}: entry {number} ('{record['name']}'), field 'name': named twice in the "
                    f"file; nothing was imported"
                )
            seen.add(key)
        write_atomically(self.path, json.dumps(self.records() + records, indent=1, ensure_ascii=False) + "\n")
        return len(records)


def lookup(bestiary: Bestiary | None):
    """name -> tracker stats: the campaign's monster, else the SRD's ("srd:goblin" for the SRD's
    when the campaign has its own goblin)."""

    def find(name: str) -> dict:
        if name.lower().startswith(SRD_PREFIX):
            return monster_stats(srd().require(name[len(SRD_PREFIX) :], "monster"))
        own = bestiary.find(name) if bestiary is not None else None
        return monster_stats(own if own is not None else srd().require(name, "monster"))

    return find


def notes_for(bestiary: Bestiary, present: set[str]) -> list[Memory]:
    """Memories for the campaign's monsters its memory does not hold yet (one note each, tagged
    "monster", its stat block as the text), so memory search and recall find them too."""
    return [
        Memory(
            render_monster(m)[:MAX_TEXT],
            kind="note",
            title=f"{m.name} (campaign monster)",
            tags=["monster"],
            id=f"monster-{m.index}",
        )
        for m in bestiary.monsters()
        if f"monster-{m.index}" not in present
    ]
