"""Monster files from real tools, imported as a DM would, against what a person read in them.

Every file under `../shared/interchange/` (5etools, Open5e and Improved Initiative, its README)
is read by the importer (`bestiary.formats.read_file`), and each monster it holds is compared
with its line in `expected.jsonl`, field by field, as the tracker will run it: AC, HP, CR, each
attack's bonus and damage parts (and a versatile weapon's two-handed damage), save actions and
the saves a hit forces (DC and ability), recharges, the legendary count, resistances,
immunities and vulnerabilities. A monster is right when every field is. Prints JSON: monsters
right by format and by field, entries the importer skipped, and every difference. The files are
other people's data: read from ../shared, never copied here; without that folder this says so.

    .venv/bin/python benchmarks/interchange_import.py [--interchange ../shared/interchange] [--show N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dm_companion.bestiary.formats import read_file
from dm_companion.errors import DMCError
from dm_companion.sessions.combat import srd_record
from dm_companion.srd.stat_block import recharge_range

INTERCHANGE = Path(__file__).resolve().parent.parent.parent / "shared" / "interchange"
FIELDS = (
    "ac",
    "hp",
    "cr",
    "attacks",
    "save_actions",
    "riders",
    "recharge",
    "legendary_count",
    "resist",
    "immune",
    "vulnerable",
)
SECTIONS = ("special_abilities", "actions", "bonus_actions", "reactions", "legendary_actions", "lair_actions")
ABILITY = {
    "str": "strength",
    "dex": "dexterity",
    "con": "constitution",
    "int": "intelligence",
    "wis": "wisdom",
    "cha": "charisma",
}
_RECHARGE_NOTE = re.compile(
    r"\s*\((?:recharge|recarga)[^)]*\)|\s*\(\d\s*[-–]\s*6\)$|;\s*Recharges? after [^)]*(?=\))"
    r"|\s+Recharge \d(?:\s*[-–]\s*\d)?(?=\))",
    re.IGNORECASE,
)


def _cr(value) -> str | None:
    if value in (None, ""):
        return None
    fraction = Fraction(str(value)).limit_denominator(8)
    return (
        str(fraction.numerator)
        if fraction.denominator == 1
        else f"{fraction.numerator}/{fraction.denominator}"
    )


def _parts(parts: list[dict]) -> list[str]:
    out = []
    for part in parts:
        if "choose" in part:
            part = part["from"]["options"][0]
        kind = (part.get("damage_type") or {}).get("index")
        out.append(f"{part['damage_dice']} {kind}".strip() if kind else str(part["damage_dice"]))
    return out


def _alt(parts: list[dict]) -> list[str] | None:
    if not any("choose" in p for p in parts):
        return None
    chosen = [p["from"]["options"][-1] if "choose" in p else p for p in parts]
    return _parts(chosen)


def _ability(spec_ability: str | None) -> str | None:
    if spec_ability is None:
        return None
    return " or ".join(ABILITY.get(a, a) for a in spec_ability.split("|"))


def _dc_view(name: str, record: dict) -> dict:
    """One save as `expected.jsonl` writes it: the DC (None: "your spell save DC") and the ability
    ("strength or dexterity" for a target's choice)."""
    choice = record.get("choice") or ([record["dc_type"]["index"]] if record.get("dc_type") else [])
    return {
        "action": name,
        "dc": record.get("dc_value"),
        "ability": " or ".join(ABILITY[a] for a in choice) or None,
    }


def view(record: dict) -> dict:
    """The record as the tracker will run it, in `expected.jsonl`'s terms."""
    entries = [e for section in SECTIONS for e in record.get(section) or []]
    attacks, saves, riders, recharge = [], [], [], {}
    for entry in entries:
        name = _RECHARGE_NOTE.sub("", entry["name"]).strip()
        if entry.get("attack_bonus") is not None or entry.get("attack_roll"):
            attack = {
                "action": name,
                "bonus": entry.get("attack_bonus"),
                "damage": _parts(entry.get("damage", [])),
            }
            if (alt := _alt(entry.get("damage", []))) is not None:
                attack["alt_damage"] = alt
            attacks.append(attack)
        elif entry.get("dc"):
            saves += [_dc_view(name, dc) for dc in [entry["dc"], *entry.get("dc_alternatives", [])]]
        riders += [_dc_view(name, entry["rider"])] if entry.get("rider") else []  # a Multiattack's too
        low = recharge_range(entry)
        rest = (entry.get("usage") or {}).get("rest")
        if low is not None:
            recharge[name] = "6" if low == 6 else f"{low}-6"
        elif rest:
            recharge[name] = rest
    return {
        "ac": (record.get("armor_class") or [{}])[0].get("value"),
        "hp": record.get("hit_points"),
        "cr": _cr(record.get("challenge_rating")),
        "attacks": attacks,
        "save_actions": saves,
        "riders": riders,
        "recharge": recharge,
        "legendary_count": record.get("legendary_count"),
        "resist": record.get("damage_resistances", []),
        "immune": record.get("damage_immunities", []),
        "vulnerable": record.get("damage_vulnerabilities", []),
    }


def _same(field: str, got, want) -> bool:
    if field in ("attacks", "save_actions", "riders"):
        key = json.dumps
        return sorted(map(key, got or [])) == sorted(map(key, want or []))
    if field in ("resist", "immune", "vulnerable"):
        return sorted(x.lower() for x in got or []) == sorted(x.lower() for x in want or [])
    return got == want


def compare(record: dict | None, row: dict, fields_right: Counter) -> list[str]:
    """The fields of `row` the imported record gets wrong (a copy: wrong only when invented)."""
    if row.get("copy_of"):  # right when skipped, or built from the SRD's record
        return [] if record is None or record.get("copied_from") else ["an unresolved copy imported"]
    got = view(record) if record else {}
    wrong = [f for f in FIELDS if not _same(f, got.get(f), row.get(f))]
    for f in FIELDS:
        fields_right[f] += f not in wrong
    return [f"{f}: got {got.get(f)!r}, want {row.get(f)!r}" for f in wrong]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interchange", type=Path, default=INTERCHANGE)
    parser.add_argument("--show", type=int, default=200, help="differences listed at most")
    args = parser.parse_args()
    expected_file = args.interchange / "expected.jsonl"
    if not expected_file.is_file():
        print(f"no real monster files at {args.interchange} (they live in the workplace's shared folder)")
        return
    by_file = defaultdict(list)
    for line in expected_file.read_text(encoding="utf-8").splitlines():
        if line:
            by_file[json.loads(line)["file"]].append(json.loads(line))
    right, totals, fields_right, skipped, differences, failed = Counter(), Counter(), Counter(), [], [], []
    for file, rows in sorted(by_file.items()):
        fmt = file.split("/")[0]
        totals[fmt] += len(rows)
        try:
            imported = read_file(args.interchange / file, srd_monster=srd_record)
        except DMCError as exc:
            failed.append(f"{file}: {exc}")
            continue
        skipped += [str(s) for s in imported.skipped]
        found = {r.get("origin"): r for r in imported.records}
        for row in rows:
            wrong = compare(found.get(row["where"]), row, fields_right)
            right[fmt] += not wrong
            differences += [f"{file} {row['where']} {row['name']} {why}" for why in wrong]
    report = {
        "monsters": sum(totals.values()),
        "right": sum(right.values()),
        "right_share": round(sum(right.values()) / max(sum(totals.values()), 1), 3),
        "by_format": {fmt: f"{right[fmt]}/{totals[fmt]}" for fmt in sorted(totals)},
        "by_field": {f: fields_right[f] for f in FIELDS},
        "files_refused": failed,
        "skipped": skipped,
        "differences": differences[: args.show],
    }
    print(json.dumps(report, indent=2, default=str))


if __name__ == "__main__":
    main()
