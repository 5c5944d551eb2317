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

    def add(self, records: list[dict], source: str, replace: bool = False) -> tuple[int, int, list[str]]:
        """Adds a file's monsters: (added, updated, why each other one was left out). A name the
        campaign already has is updated with `replace`, else refused with the others; a name
        given twice in the file keeps its first."""
        present = {r["name"].lower(): n for n, r in enumerate(self.records())}
        kept, left_out, seen = self.records(), [], set()
        added = updated = 0
        for record in records:
            key, where = record["name"].lower(), record.get("origin", "an entry")
            if key in seen:
                left_out.append(
                    f"{source}: {where} ('{record['name']}'), field 'name': named twice in the file; "
                    "kept the first"
                )
                continue
            seen.add(key)
            if key in present and not replace:
                raise DMCError(
                    f"{source}: {where} ('{record['name']}'), field 'name': the campaign already has "
                    "a monster named so; nothing was imported (--replace updates them)"
                )
            if key in present:
                kept[present[key]] = record
                updated += 1
            else:
                kept.append(record)
                added += 1
        write_atomically(self.path, json.dumps(kept, indent=1, ensure_ascii=False) + "\n")
        return added, updated, left_out


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
