"""Monster files as DMs keep them, read into the record the SRD gives (`srd.monster.Monster`'s
data): 5etools bestiaries (`fivetools`), Open5e creatures, list pages and fixtures (`open5e`),
and Improved Initiative stat blocks, libraries and browser exports (`improved_initiative`).

One entry that cannot be read no longer sinks a file: the others come in, and each skipped one is
reported with the file, the entry, the field and why (`Imported.skipped`). With `strict`, any
skip refuses the whole file, as before. Each record keeps where in the file it came from
(`origin`: "monster[3]", "results[0]", "Creatures.abc"), for the report and for the DM.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dm_companion.bestiary import fivetools, improved_initiative, open5e
from dm_companion.bestiary.record import EntryFault
from dm_companion.errors import DMCError

FORMATS = ("5etools", "open5e", "improved-initiative")
_V2_ROWS = ("CreatureAction", "CreatureActionAttack")  # a v2 fixture's sibling files of rows


class ImportFault(DMCError):
    """A monster file that cannot be read at all (or, with `strict`, not whole)."""


@dataclass(frozen=True)
class Skipped:
    file: str
    entry: str
    field: str
    why: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}, field '{self.field}': {self.why}"


@dataclass
class Imported:
    records: list[dict] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def load_json(path: Path):
    """A file's JSON, or one clear ImportFault."""
    path = Path(path)
    if not path.is_file():
        raise ImportFault(f"no such monster file: {path}")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ImportFault(f"{path} is not UTF-8 text; nothing was imported") from None
    except json.JSONDecodeError as exc:
        raise ImportFault(
            f"{path} is not JSON (line {exc.lineno}: {exc.msg}); nothing was imported"
        ) from None


def read_file(path: Path, fmt: str | None = None, strict: bool = False, srd_monster=None) -> Imported:
    """The SRD-shaped records of every monster in the file that can be read, and what was skipped.
    `srd_monster(name)` gives the SRD's record a 5etools `_copy` names."""
    path = Path(path)
    data = load_json(path)
    fmt = fmt or detect(data, path)
    if fmt not in FORMATS:
        raise ImportFault(f"unknown format '{fmt}' (formats: {', '.join(FORMATS)})")
    imported = Imported()
    for where, name, make in _entries(data, fmt, path, srd_monster):
        try:
            record = make()
        except EntryFault as fault:
            imported.skipped.append(
                Skipped(str(path), f"{where}" + (f" ('{name}')" if name else ""), fault.field, fault.why)
            )
            continue
        imported.records.append({**record, "origin": where})
    if strict and imported.skipped:
        raise ImportFault(f"{imported.skipped[0]}; nothing was imported (--strict)")
    if imported.skipped and not imported.records:
        more = f" (and {len(imported.skipped) - 1} more)" if len(imported.skipped) > 1 else ""
        raise ImportFault(f"{imported.skipped[0]}{more}; no monster in the file could be read")
    if not imported.records and not imported.skipped:
        raise ImportFault(f"{path} holds no monsters in the {fmt} format; nothing was imported")
    return imported


def detect(data, path: Path) -> str:
    """The format a file's JSON is in, by the fields only that format uses."""
    if isinstance(data, dict) and isinstance(data.get("monster"), list):
        return "5etools"
    if improved_initiative.looks_like(data):
        return "improved-initiative"
    sample = data.get("results", [data])[0] if isinstance(data, dict) and data.get("results") else data
    sample = sample[0] if isinstance(sample, list) and sample else sample
    sample = sample.get("fields", sample) if isinstance(sample, dict) else sample
    if isinstance(sample, dict) and ("hit_points" in sample or "armor_class" in sample):
        return "open5e"
    raise ImportFault(
        f'{path}: can\'t tell the format (a 5etools {{"monster": [...]}}, Open5e creatures '
        f"or Improved Initiative stat blocks); give --format {'|'.join(FORMATS)}"
    )


Entry = tuple[str, str, Callable[[], dict]]  # where, name, read it


def _entries(data, fmt: str, path: Path, srd_monster) -> Iterator[Entry]:
    if fmt == "5etools":
        if not isinstance(data, dict) or not isinstance(data.get("monster"), list):
            raise ImportFault(f'{path}: a 5etools bestiary is {{"monster": [...]}}; nothing was imported')
        for number, raw in enumerate(data["monster"]):
            yield (
                f"monster[{number}]",
                _name(raw, "name"),
                _reader(raw, lambda r: fivetools.read(r, srd_monster)),
            )
    elif fmt == "open5e":
        yield from _open5e_entries(data, path)
    else:
        for where, block, holder in improved_initiative.stat_blocks(data):
            yield (
                where,
                _name(block, "Name"),
                _reader(block, lambda b, h=holder: improved_initiative.read(b, h)),
            )


def _name(raw, key: str) -> str:
    return str(raw.get(key) or "") if isinstance(raw, dict) else ""


def _reader(raw, read: Callable[[dict], dict]) -> Callable[[], dict]:
    def make() -> dict:
        if not isinstance(raw, dict):
            raise EntryFault("(entry)", f"a monster is a JSON object, not {type(raw).__name__}")
        return read(raw)

    return make


def _open5e_entries(data, path: Path) -> Iterator[Entry]:
    if isinstance(data, dict) and isinstance(data.get("results"), list):  # an API list page
        for number, raw in enumerate(data["results"]):
            yield f"results[{number}]", _name(raw, "name"), _reader(raw, open5e.read)
        return
    if isinstance(data, dict):  # one creature's detail
        yield "$", _name(data, "name"), _reader(data, open5e.read)
        return
    rows = (
        _v2_rows(path)
        if any(isinstance(r, dict) and r.get("model") == "api_v2.creature" for r in data)
        else {}
    )
    for number, raw in enumerate(data):
        if isinstance(raw, dict) and "fields" in raw:  # a Django fixture: {model, pk, fields}
            if raw.get("model") in ("api.monster", "api_v2.creature"):
                fields, pk = raw["fields"], raw.get("pk")
                yield (
                    f"pk={pk}",
                    _name(fields, "name"),
                    _reader(fields, lambda f, k=pk: open5e.read(f, rows.get(k))),
                )
        else:
            yield f"[{number}]", _name(raw, "name"), _reader(raw, open5e.read)


def _v2_rows(path: Path) -> dict[str, list[dict]]:
    """A v2 fixture's action rows, read from its sibling files (`…-CreatureAction.json`), each with
    its structured attacks, by the creature they belong to."""
    siblings = {kind: path.with_name(path.name.replace("Creature", kind, 1)) for kind in _V2_ROWS}
    if not siblings["CreatureAction"].is_file():
        return {}
    attacks: dict[str, list[dict]] = {}
    if siblings["CreatureActionAttack"].is_file():
        for row in load_json(siblings["CreatureActionAttack"]):
            attacks.setdefault(row["fields"]["parent"], []).append(row["fields"])
    by_creature: dict[str, list[dict]] = {}
    for row in load_json(siblings["CreatureAction"]):
        fields = {**row["fields"], "attacks": attacks.get(row.get("pk"), [])}
        by_creature.setdefault(fields["parent"], []).append(fields)
    return by_creature


def read_stat_blocks(blocks: list, path: Path) -> list[dict]:
    """Improved Initiative stat blocks (an encounter's combatants), all or none."""
    records = []
    for number, block in enumerate(blocks):
        try:
            if not isinstance(block, dict):
                raise EntryFault("StatBlock", f"a stat block is a JSON object, not {type(block).__name__}")
            records.append(improved_initiative.read(block))
        except EntryFault as fault:
            raise ImportFault(f"{path}: combatant {number + 1}, {fault}; nothing was imported") from None
    return records
