"""Characters saved in the campaign: one JSON sheet per file in `<campaign>/characters/`."""

from __future__ import annotations

import json
import re
from pathlib import Path

from dm_companion.characters.sheet import Sheet, to_markdown
from dm_companion.errors import DMCError
from dm_companion.paths import write_atomically


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "unnamed"


class CharacterStore:
    def __init__(self, campaign_dir: Path) -> None:
        self.folder = Path(campaign_dir) / "characters"

    def save(self, sheet: Sheet, path: Path | None = None) -> Path:
        """Writes the sheet (atomically); a new character never overwrites another's file."""
        if path is None:
            path = self.folder / f"{_slug(sheet.name)}.json"
            number = 2
            while path.exists():
                path = self.folder / f"{_slug(sheet.name)}-{number}.json"
                number += 1
        write_atomically(path, json.dumps(sheet.to_dict(), indent=2) + "\n")
        return path

    def list(self) -> list[tuple[Path, Sheet]]:
        found = []
        for path in sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []:
            found.append((path, self.load(path)))
        return found

    def load(self, path: Path) -> Sheet:
        try:
            return Sheet.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, TypeError) as exc:
            raise DMCError(f"character file {path} is not a readable sheet: {exc}") from None
        except DMCError as exc:
            raise DMCError(f"character file {path}: {exc}") from None

    def find(self, name: str) -> tuple[Path, Sheet]:
        wanted = name.strip().lower()
        sheets = self.list()
        for match in (lambda p, s: p.stem == _slug(name), lambda p, s: s.name.lower() == wanted):
            for path, sheet in sheets:
                if match(path, sheet):
                    return path, sheet
        known = ", ".join(sheet.name or path.stem for path, sheet in sheets) or "none saved yet"
        raise DMCError(f"no character '{name}' in this campaign (characters: {known})")


def export_markdown(sheet: Sheet, path: Path) -> None:
    write_atomically(path, to_markdown(sheet))
