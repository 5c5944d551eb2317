"""Campaigns on disk: one folder each in the campaigns dir, with a manifest, the memory database,
characters, backgrounds and encounters. Create, open, rename, delete (to a trash folder, so
nothing is ever lost), export to a portable folder (JSONL + Markdown, no binary index) and import
(re-embedding every memory).

    <campaigns dir>/<name>/campaign.json     {"format": 1, "name": ..., "created": ..., "session": n}
                          /memory/           LanceDB
                          /characters/*.json, /backgrounds/*.json, /encounters/*.jsonl
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from dm_companion.errors import DMCError
from dm_companion.memory.records import Memory
from dm_companion.memory.store import Embed, MemoryStore
from dm_companion.paths import REPO_ROOT, write_atomically

FORMAT = 1
MANIFEST = "campaign.json"
MEMORIES = "memories.jsonl"
COPIED = ("characters", "backgrounds", "encounters", "bestiary")  # plain files, exported as they are
EXAMPLE = REPO_ROOT / "campaigns" / "example"
EXAMPLE_MARKER = ".example-imported"  # so a DM who deletes the example does not get it back
TRASH = ".trash"


def _check_name(name: str) -> str:
    name = " ".join(str(name).split())
    if not name or name.startswith(".") or any(c in name for c in "/\\:") or len(name) > 80:
        raise DMCError(
            f"'{name}' cannot be a campaign name (no slashes, not starting with a dot, at most 80 characters)"
        )
    return name


def list_campaigns(campaigns_dir: Path) -> list[str]:
    folder = Path(campaigns_dir)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def _read_manifest(path: Path, what: str) -> dict:
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DMCError(
            f"{what} at {path} has no {MANIFEST}: it is half-written or not a campaign; nothing was changed"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DMCError(
            f"{what} at {path} has an unreadable {MANIFEST} ({exc}); nothing was changed"
        ) from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("format"), int):
        raise DMCError(f"{what} at {path}: {MANIFEST} lacks a format number; nothing was changed")
    if manifest["format"] > FORMAT:
        raise DMCError(
            f"{what} at {path} was written by a newer DM Companion (format "
            f"{manifest['format']}; this one reads {FORMAT}); update to open it"
        )
    return manifest


@dataclass
class Campaign:
    path: Path
    manifest: dict
    embed: Embed | None = None
    _memory: MemoryStore | None = None

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def session(self) -> int:
        return int(self.manifest.get("session", 1))

    @property
    def memory(self) -> MemoryStore:
        if self._memory is None:
            self._memory = MemoryStore(self.path / "memory", self.embed)
        return self._memory

    def next_session(self) -> int:
        self.manifest["session"] = self.session + 1
        write_atomically(self.path / MANIFEST, json.dumps(self.manifest, indent=2) + "\n")
        return self.session


def _new_manifest(name: str) -> dict:
    return {"format": FORMAT, "name": name, "created": round(time.time(), 3), "session": 1}


def open_campaign(campaigns_dir: Path, name: str, embed: Embed | None = None) -> Campaign:
    """An existing campaign. A folder from before campaigns had manifests (only characters or
    encounters in it, no memory) is adopted; anything else without one is refused."""
    name = _check_name(name)
    path = Path(campaigns_dir) / name
    if not path.is_dir():
        known = ", ".join(list_campaigns(campaigns_dir)) or "none yet"
        raise DMCError(
            f"no campaign '{name}' in {campaigns_dir} (campaigns: {known}); "
            f'create it with: dm-companion campaign new "{name}"'
        )
    if not (path / MANIFEST).exists() and not (path / "memory").exists():
        write_atomically(path / MANIFEST, json.dumps(_new_manifest(name), indent=2) + "\n")
    return Campaign(path, _read_manifest(path, f"campaign '{name}'"), embed)


def create_campaign(campaigns_dir: Path, name: str, embed: Embed | None = None) -> Campaign:
    name = _check_name(name)
    path = Path(campaigns_dir) / name
    if path.exists():
        raise DMCError(f"a campaign '{name}' already exists in {campaigns_dir}")
    path.mkdir(parents=True)
    write_atomically(path / MANIFEST, json.dumps(_new_manifest(name), indent=2) + "\n")
    return Campaign(path, _read_manifest(path, f"campaign '{name}'"), embed)


def open_or_create(campaigns_dir: Path, name: str, embed: Embed | None = None) -> tuple[Campaign, bool]:
    """The app's way in: a campaign the settings name is made if it does not exist yet."""
    if (Path(campaigns_dir) / _check_name(name)).is_dir():
        return open_campaign(campaigns_dir, name, embed), False
    return create_campaign(campaigns_dir, name, embed), True


def rename_campaign(campaigns_dir: Path, old: str, new: str) -> Path:
    source = open_campaign(campaigns_dir, old).path
    target = Path(campaigns_dir) / _check_name(new)
    if target.exists():
        raise DMCError(f"a campaign '{new}' already exists")
    source.rename(target)
    manifest = _read_manifest(target, f"campaign '{new}'") | {"name": target.name}
    write_atomically(target / MANIFEST, json.dumps(manifest, indent=2) + "\n")
    return target


def delete_campaign(campaigns_dir: Path, name: str) -> Path:
    """Moves the campaign into the campaigns dir's trash folder (the caller asks first)."""
    source = Path(campaigns_dir) / _check_name(name)
    if not source.is_dir():
        raise DMCError(f"no campaign '{name}' to delete")
    trash = Path(campaigns_dir) / TRASH / f"{source.name}-{time.strftime('%Y%m%d-%H%M%S')}"
    trash.parent.mkdir(parents=True, exist_ok=True)
    source.rename(trash)
    return trash


# -- export and import --------------------------------------------------------------------------
def export_campaign(campaign: Campaign, dest: Path) -> int:
    """Writes the campaign as a portable folder; returns the number of memories. The folder is
    assembled beside `dest` and renamed into place, so it is whole or absent."""
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise DMCError(f"{dest} is not empty; export into a new folder")
    memories = sorted(campaign.memory.list(), key=lambda m: (m.created, m.id))
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}."))
    try:
        manifest = {
            "format": FORMAT,
            "name": campaign.name,
            "created": campaign.manifest.get("created"),
            "session": campaign.session,
            "memories": len(memories),
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        (staging / MEMORIES).write_text(
            "".join(json.dumps(m.to_dict(), ensure_ascii=False) + "\n" for m in memories), encoding="utf-8"
        )
        (staging / "memories.md").write_text(_markdown(campaign.name, memories), encoding="utf-8")
        for folder in COPIED:
            if (campaign.path / folder).is_dir():
                shutil.copytree(campaign.path / folder, staging / folder, ignore=shutil.ignore_patterns(".*"))
        if dest.exists():
            dest.rmdir()
        staging.rename(dest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(memories)


def _markdown(name: str, memories: list[Memory]) -> str:
    lines = [f"# {name}", "", "A readable copy of the campaign's memories; import reads memories.jsonl.", ""]
    for m in memories:
        stamp = time.strftime("%Y-%m-%d", time.gmtime(m.created))
        tags = f" · tags: {', '.join(m.tags)}" if m.tags else ""
        lines += [f"## {m.title}", f"*{m.kind} · session {m.session} · {stamp}{tags}*", "", m.text, ""]
    return "\n".join(lines)


def read_export(source: Path) -> tuple[dict, list[Memory]]:
    """Checks a whole export before anything is written: one clear message for the first fault."""
    source = Path(source)
    if not source.is_dir():
        raise DMCError(f"no campaign export folder at {source}")
    manifest = _read_manifest(source, "the export")
    path = source / MEMORIES
    if not path.is_file():
        raise DMCError(f"the export at {source} lacks {MEMORIES}")
    memories, seen = [], set()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise DMCError(f"{path} is not UTF-8 text") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            memory = Memory.from_dict(json.loads(line))
        except json.JSONDecodeError as exc:
            raise DMCError(f"{path} line {number} is not JSON ({exc.msg}); nothing was imported") from None
        except (DMCError, TypeError) as exc:
            raise DMCError(f"{path} line {number}: {exc}; nothing was imported") from None
        if memory.id in seen:
            raise DMCError(f"{path} line {number}: id {memory.id} appears twice; nothing was imported")
        seen.add(memory.id)
        memories.append(memory)
    for folder in COPIED:
        for item in (source / folder).glob("*.json") if (source / folder).is_dir() else []:
            try:
                json.loads(item.read_text(encoding="utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise DMCError(f"{item} is not valid JSON ({exc}); nothing was imported") from None
    return manifest, memories


def import_campaign(
    source: Path, campaigns_dir: Path, name: str | None = None, embed: Embed | None = None
) -> tuple[Campaign, int]:
    """Imports an export. Into a new campaign: assembled in a hidden folder and renamed into
    place, so a failed import leaves nothing. Into an existing one: memories whose id is already
    there are skipped (importing twice changes nothing) and files are copied only if absent.
    Returns the campaign and how many memories were added."""
    manifest, memories = read_export(source)
    name = _check_name(name or manifest.get("name") or Path(source).name)
    target = Path(campaigns_dir) / name
    if target.is_dir():
        campaign = open_campaign(campaigns_dir, name, embed)
        present = {m.id for m in campaign.memory.list()}
        fresh = [m for m in memories if m.id not in present]
        campaign.memory.add_many(fresh)
        _copy_files(Path(source), target)
        return campaign, len(fresh)
    Path(campaigns_dir).mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=campaigns_dir, prefix=f".import-{name}."))
    try:
        (staging / MANIFEST).write_text(
            json.dumps(
                {
                    "format": FORMAT,
                    "name": name,
                    "created": manifest.get("created") or round(time.time(), 3),
                    "session": int(manifest.get("session", 1)),
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        MemoryStore(staging / "memory", embed).add_many(memories)
        _copy_files(Path(source), staging)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return open_campaign(campaigns_dir, name, embed), len(memories)


def _copy_files(source: Path, target: Path) -> None:
    for folder in COPIED:
        for item in sorted((source / folder).iterdir()) if (source / folder).is_dir() else []:
            destination = target / folder / item.name
            if item.is_file() and not item.name.startswith(".") and not destination.exists():
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(item, destination)


def ensure_example(campaigns_dir: Path, embed: Embed | None = None) -> bool:
    """On first run, imports the example campaign shipped in the repo; returns whether it did.
    Never again after that, even if the DM deletes it."""
    folder = Path(campaigns_dir)
    marker = folder / EXAMPLE_MARKER
    if marker.exists() or not EXAMPLE.is_dir():
        return False
    import_campaign(EXAMPLE, folder, EXAMPLE.name, embed)
    marker.write_text("the example campaign was imported once\n", encoding="utf-8")
    return True
