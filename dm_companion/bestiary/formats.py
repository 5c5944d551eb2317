"""Monster files as DMs keep them, read into the record the SRD gives (`srd.monster.Monster`'s
data): 5etools bestiary JSON, Open5e creature JSON (v1 and v2 field names) and Improved
Initiative stat blocks. A fault names the file, the entry and the field, and stops the whole
file: nothing is imported from a file that is not read whole.
"""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

from dm_companion.bestiary.actions import action_from_text
from dm_companion.errors import DMCError
from dm_companion.srd.scores import ABILITIES
from dm_companion.srd.tables import XP_BY_CR

FORMATS = ("5etools", "open5e", "improved-initiative")
_FIELDS = ("strength", "dexterity", "constitution", "intelligence", "wisdom", "charisma")


class ImportFault(DMCError):
    """A monster file that cannot be read whole."""


class _Entry:
    """Where a fault is: the file, the entry and the field, for one clear line."""

    def __init__(self, path: Path, number: int, name: str | None) -> None:
        self.path, self.number, self.name = path, number, name

    def fault(self, field: str, problem: str) -> ImportFault:
        who = f"entry {self.number}" + (f" ('{self.name}')" if self.name else "")
        return ImportFault(f"{self.path}: {who}, field '{field}': {problem}; nothing was imported")


def read_file(path: Path, fmt: str | None = None) -> list[dict]:
    """The SRD-shaped records of every monster in the file."""
    path = Path(path)
    if not path.is_file():
        raise ImportFault(f"no such monster file: {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ImportFault(f"{path} is not UTF-8 text; nothing was imported") from None
    except json.JSONDecodeError as exc:
        raise ImportFault(
            f"{path} is not JSON (line {exc.lineno}: {exc.msg}); nothing was imported"
        ) from None
    fmt = fmt or detect(data, path)
    if fmt not in FORMATS:
        raise ImportFault(f"unknown format '{fmt}' (formats: {', '.join(FORMATS)})")
    return read_entries(_entries(data, fmt, path), fmt, path)


def read_entries(entries: list, fmt: str, path: Path) -> list[dict]:
    """The SRD-shaped records of a list of one format's monster entries."""
    reader = {"5etools": _fivetools, "open5e": _open5e, "improved-initiative": _improved_initiative}[fmt]
    records = []
    for number, raw in enumerate(entries, 1):
        if not isinstance(raw, dict):
            raise _Entry(path, number, None).fault(
                "(entry)", f"a monster is a JSON object, not {type(raw).__name__}"
            )
        where = _Entry(path, number, str(raw.get("name") or raw.get("Name") or "") or None)
        records.append(reader(raw, where))
    return records


def detect(data, path: Path) -> str:
    """The format a file's JSON is in, by the fields only that format uses."""
    sample = (
        data.get("monster", [None])[0]
        if isinstance(data, dict) and "monster" in data
        else (
            data[0]
            if isinstance(data, list) and data
            else data.get("results", [data])[0]
            if isinstance(data, dict) and "results" in data
            else data
        )
    )
    if isinstance(data, dict) and isinstance(data.get("monster"), list):
        return "5etools"
    if isinstance(sample, dict) and ("Name" in sample and ("HP" in sample or "AC" in sample)):
        return "improved-initiative"
    if isinstance(sample, dict) and ("hit_points" in sample or "armor_class" in sample):
        return "open5e"
    raise ImportFault(
        f'{path}: can\'t tell the format (a 5etools {{"monster": [...]}}, Open5e creatures '
        f"or Improved Initiative stat blocks); give --format {'|'.join(FORMATS)}"
    )


def _entries(data, fmt: str, path: Path) -> list:
    if fmt == "5etools":
        if not isinstance(data, dict) or not isinstance(data.get("monster"), list):
            raise ImportFault(f'{path}: a 5etools bestiary is {{"monster": [...]}}; nothing was imported')
        return data["monster"]
    if isinstance(data, dict) and isinstance(data.get("results"), list):  # an Open5e API page
        return data["results"]
    return data if isinstance(data, list) else [data]


# --- shared pieces -------------------------------------------------------------------------


def _number(value, where: _Entry, field: str, minimum: int = 0) -> int:
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise where.fault(
            field,
            f"expected a whole number{' of at least ' + str(minimum) if minimum else ''}, not {value!r}",
        )
    return value


def _cr(value, where: _Entry, field: str) -> float:
    if isinstance(value, dict):
        value = value.get("cr")
    try:
        return float(Fraction(str(value).strip()))
    except (ValueError, ZeroDivisionError):
        raise where.fault(field, f"a challenge rating like 1/4 or 5, not {value!r}") from None


def _index(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _record(
    name: str, ac: int, hp: int, scores: dict[str, int], saves: dict[str, int], where: _Entry, **rest
) -> dict:
    """The SRD's shape: what `Monster` and the combat tracker read."""
    if not name.strip():
        raise where.fault("name", "a monster needs a name")
    record = {
        "index": _index(name),
        "name": name.strip(),
        "armor_class": [{"type": "natural", "value": ac}],
        "hit_points": hp,
        "hit_dice": rest.pop("hit_dice", ""),
        "size": rest.pop("size", ""),
        "type": rest.pop("type", ""),
        "alignment": rest.pop("alignment", ""),
        "proficiencies": [
            {
                "value": bonus,
                "proficiency": {
                    "index": f"saving-throw-{ability}",
                    "name": f"Saving Throw: {ability.upper()}",
                },
            }
            for ability, bonus in saves.items()
        ],
        "speed": {},
        "senses": {},
        "languages": "",
        "source": "campaign",
    }
    record.update({field: scores[ability] for ability, field in zip(ABILITIES, _FIELDS)})
    record["xp"] = XP_BY_CR.get(rest.get("challenge_rating", 0), 0)
    for key in ("damage_resistances", "damage_immunities", "damage_vulnerabilities"):
        record[key] = rest.pop(key, [])
    record["condition_immunities"] = [
        {"index": c.lower(), "name": c.title()} for c in rest.pop("conditions", [])
    ]
    record.update(rest)
    return record


def _actions(items, where: _Entry, field: str, text_of, name_of) -> list[dict]:
    """Actions from a list of `{name, text}`-like entries, a Multiattack read last (it names the others)."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise where.fault(field, f"a list of actions, not {type(items).__name__}")
    named = []
    for item in items:
        if not isinstance(item, dict) or not name_of(item):
            raise where.fault(field, f"each action needs a name and a text, not {item!r}"[:160])
        named.append((name_of(item), text_of(item)))
    plain = [action_from_text(name, text) for name, text in named if name.lower() != "multiattack"]
    attacks = [a["name"] for a in plain if a.get("attack_bonus") is not None]
    multi = [action_from_text(name, text, attacks) for name, text in named if name.lower() == "multiattack"]
    return multi + plain


def _label(value) -> str:
    """A size or type: a string, or v2's {"name": ...}."""
    return str(value.get("name", "") if isinstance(value, dict) else value or "")


def _damage_list(value, where: _Entry, field: str) -> list[str]:
    """ "fire; bludgeoning, piercing, and slashing from nonmagical attacks" or a list of strings."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [part.strip().lower() for part in value.split(";") if part.strip()]
    if isinstance(value, list):
        return [str(v.get("name") if isinstance(v, dict) else v).strip().lower() for v in value]
    raise where.fault(field, f"a list or a string of damage types, not {type(value).__name__}")


# --- 5etools -------------------------------------------------------------------------------

_SIZES = {"T": "Tiny", "S": "Small", "M": "Medium", "L": "Large", "H": "Huge", "G": "Gargantuan"}
_TAG = re.compile(r"\{@(\w+)\s*([^{}]*)\}")
_ATTACK_KINDS = {
    "mw": "Melee Weapon Attack:",
    "rw": "Ranged Weapon Attack:",
    "ms": "Melee Spell Attack:",
    "rs": "Ranged Spell Attack:",
    "mw,rw": "Melee or Ranged Weapon Attack:",
    "ms,rs": "Melee or Ranged Spell Attack:",
}


def _untag(text: str) -> str:
    """5etools' tagged text as the SRD words it: {@hit 4} is "+4", {@h} "Hit: ", {@dc 13} "DC 13"."""

    def one(match: re.Match) -> str:
        tag, body = match.group(1), match.group(2).split("|")[0].strip()
        if tag == "atk":
            return _ATTACK_KINDS.get(body.replace(" ", ""), "Attack:")
        if tag == "hit":
            return f"+{body}" if not body.startswith(("+", "-")) else body
        if tag == "h":
            return "Hit: "
        if tag == "dc":
            return f"DC {body}"
        if tag == "recharge":
            return f"(Recharge {body or 6}-6)" if body != "6" else "(Recharge 6)"
        return body

    while _TAG.search(text):
        text = _TAG.sub(one, text)
    return text


def _fivetools_text(entries) -> str:
    parts = []
    for entry in entries if isinstance(entries, list) else [entries]:
        if isinstance(entry, str):
            parts.append(_untag(entry))
        elif isinstance(entry, dict):
            parts.append(_fivetools_text(entry.get("entries") or entry.get("items") or []))
    return " ".join(p for p in parts if p)


def _fivetools_damage(value, where: _Entry, field: str) -> list[str]:
    out = []
    for item in value or []:
        if isinstance(item, str):
            out.append(item.lower())
        elif isinstance(item, dict):
            inner = item.get(field) or []
            note = (" " + _untag(item.get("note", ""))) if item.get("note") else ""
            out += [f"{str(x).lower()}{note}" for x in inner if isinstance(x, str)]
            if not inner and "special" in item:
                out.append(_untag(str(item["special"])).lower())
        else:
            raise where.fault(field, f"strings or objects with '{field}', not {item!r}")
    return out


def _fivetools(raw: dict, where: _Entry) -> dict:
    name = str(raw.get("name") or "")
    ac_field = raw.get("ac")
    first = ac_field[0] if isinstance(ac_field, list) and ac_field else ac_field
    ac = _number(first.get("ac") if isinstance(first, dict) else first, where, "ac", 1)
    hp_field = raw.get("hp")
    if not isinstance(hp_field, dict) or "average" not in hp_field:
        raise where.fault("hp", "an object {average, formula}")
    hp = _number(hp_field["average"], where, "hp.average", 1)
    scores = {a: _number(raw.get(a, 10), where, a, 1) for a in ABILITIES}
    saves = {}
    for ability, bonus in (raw.get("save") or {}).items():
        saves[ability[:3].lower()] = _number(str(bonus).replace("+", ""), where, f"save.{ability}", -10)
    conditions = [
        c if isinstance(c, str) else str(c.get("conditionImmune", [""])[0])
        for c in raw.get("conditionImmune") or []
    ]
    legendary = _actions(
        raw.get("legendary"),
        where,
        "legendary",
        lambda e: _fivetools_text(e.get("entries")),
        lambda e: _untag(str(e.get("name") or "")),
    )
    sizes = raw.get("size") if isinstance(raw.get("size"), list) else [raw.get("size") or ""]
    kind = raw.get("type")
    return _record(
        name,
        ac,
        hp,
        scores,
        saves,
        where,
        hit_dice=str(hp_field.get("formula", "")),
        size=_SIZES.get(str(sizes[0]), str(sizes[0])),
        type=str(kind.get("type") if isinstance(kind, dict) else kind or ""),
        damage_resistances=_fivetools_damage(raw.get("resist"), where, "resist"),
        damage_immunities=_fivetools_damage(raw.get("immune"), where, "immune"),
        damage_vulnerabilities=_fivetools_damage(raw.get("vulnerable"), where, "vulnerable"),
        conditions=conditions,
        challenge_rating=_cr(raw.get("cr", 0), where, "cr"),
        actions=_actions(
            raw.get("action"),
            where,
            "action",
            lambda e: _fivetools_text(e.get("entries")),
            lambda e: _untag(str(e.get("name") or "")),
        ),
        special_abilities=_actions(
            raw.get("trait"),
            where,
            "trait",
            lambda e: _fivetools_text(e.get("entries")),
            lambda e: _untag(str(e.get("name") or "")),
        ),
        reactions=_actions(
            raw.get("reaction"),
            where,
            "reaction",
            lambda e: _fivetools_text(e.get("entries")),
            lambda e: _untag(str(e.get("name") or "")),
        ),
        legendary_actions=legendary,
    )


# --- Open5e --------------------------------------------------------------------------------


def _open5e(raw: dict, where: _Entry) -> dict:
    scores_v2 = raw.get("ability_scores") if isinstance(raw.get("ability_scores"), dict) else {}
    scores = {a: _number(scores_v2.get(f, raw.get(f, 10)), where, f, 1) for a, f in zip(ABILITIES, _FIELDS)}
    saves_v2 = raw.get("saving_throws") if isinstance(raw.get("saving_throws"), dict) else {}
    saves = {}
    for ability, field in zip(ABILITIES, _FIELDS):
        value = saves_v2.get(field, raw.get(f"{field}_save"))
        if value not in (None, ""):
            saves[ability] = _number(value, where, f"{field}_save", -10)
    if "hit_points" not in raw:
        raise where.fault("hit_points", "missing: a monster needs its hit points")
    if "armor_class" not in raw:
        raise where.fault("armor_class", "missing: a monster needs its armor class")
    immunities = (
        raw.get("resistances_and_immunities")
        if isinstance(raw.get("resistances_and_immunities"), dict)
        else raw
    )
    by_type: dict[str, list[dict]] = {}
    for action in raw.get("actions") or []:
        kind = str(action.get("action_type", "ACTION")).upper() if isinstance(action, dict) else "ACTION"
        by_type.setdefault(kind, []).append(action)

    def listed(key: str, v2_kind: str | None = None) -> list[dict]:
        return (raw.get(key) or []) + (by_type.get(v2_kind, []) if v2_kind else [])

    name_of, text_of = (lambda e: str(e.get("name") or "")), (lambda e: str(e.get("desc") or ""))
    conditions = immunities.get("condition_immunities") or ""
    return _record(
        str(raw.get("name") or ""),
        _number(raw["armor_class"], where, "armor_class", 1),
        _number(raw["hit_points"], where, "hit_points", 1),
        scores,
        saves,
        where,
        hit_dice=str(raw.get("hit_dice") or ""),
        size=_label(raw.get("size")),
        type=_label(raw.get("type")),
        damage_resistances=_damage_list(immunities.get("damage_resistances"), where, "damage_resistances"),
        damage_immunities=_damage_list(immunities.get("damage_immunities"), where, "damage_immunities"),
        damage_vulnerabilities=_damage_list(
            immunities.get("damage_vulnerabilities"), where, "damage_vulnerabilities"
        ),
        conditions=_damage_list(conditions, where, "condition_immunities"),
        challenge_rating=_cr(
            raw.get("challenge_rating_decimal", raw.get("challenge_rating", 0)), where, "challenge_rating"
        ),
        actions=_actions(
            [
                a
                for a in (raw.get("actions") or [])
                if not isinstance(a, dict) or str(a.get("action_type", "ACTION")).upper() == "ACTION"
            ],
            where,
            "actions",
            text_of,
            name_of,
        ),
        special_abilities=_actions(
            listed("special_abilities") + (raw.get("traits") or []),
            where,
            "special_abilities",
            text_of,
            name_of,
        ),
        reactions=_actions(listed("reactions", "REACTION"), where, "reactions", text_of, name_of),
        legendary_actions=_actions(
            listed("legendary_actions", "LEGENDARY_ACTION"), where, "legendary_actions", text_of, name_of
        ),
    )


# --- Improved Initiative -------------------------------------------------------------------


def _value(raw: dict, key: str, where: _Entry) -> int:
    field = raw.get(key)
    if not isinstance(field, dict) or "Value" not in field:
        raise where.fault(key, "missing: an object {Value, Notes}")
    return _number(field["Value"], where, f"{key}.Value", 1)


def _improved_initiative(raw: dict, where: _Entry) -> dict:
    abilities = raw.get("Abilities") if isinstance(raw.get("Abilities"), dict) else {}
    scores = {a: _number(abilities.get(a.title(), 10), where, f"Abilities.{a.title()}", 1) for a in ABILITIES}
    saves = {}
    for save in raw.get("Saves") or []:
        if not isinstance(save, dict) or str(save.get("Name", ""))[:3].lower() not in ABILITIES:
            raise where.fault("Saves", f"each save is {{Name, Modifier}}, not {save!r}")
        saves[str(save["Name"])[:3].lower()] = _number(save.get("Modifier"), where, "Saves.Modifier", -10)
    name_of, text_of = (lambda e: str(e.get("Name") or "")), (lambda e: str(e.get("Content") or ""))
    initiative = raw.get("InitiativeModifier")
    record = _record(
        str(raw.get("Name") or ""),
        _value(raw, "AC", where),
        _value(raw, "HP", where),
        scores,
        saves,
        where,
        hit_dice=str((raw.get("HP") or {}).get("Notes") or "").strip("() "),
        type=str(raw.get("Type") or ""),
        damage_resistances=_damage_list(raw.get("DamageResistances"), where, "DamageResistances"),
        damage_immunities=_damage_list(raw.get("DamageImmunities"), where, "DamageImmunities"),
        damage_vulnerabilities=_damage_list(raw.get("DamageVulnerabilities"), where, "DamageVulnerabilities"),
        conditions=_damage_list(raw.get("ConditionImmunities"), where, "ConditionImmunities"),
        challenge_rating=_cr(raw.get("Challenge", 0), where, "Challenge"),
        actions=_actions(raw.get("Actions"), where, "Actions", text_of, name_of),
        special_abilities=_actions(raw.get("Traits"), where, "Traits", text_of, name_of),
        reactions=_actions(raw.get("Reactions"), where, "Reactions", text_of, name_of),
        legendary_actions=_actions(raw.get("LegendaryActions"), where, "LegendaryActions", text_of, name_of),
    )
    if initiative is not None:
        record["initiative_modifier"] = _number(initiative, where, "InitiativeModifier", -10)
    return record
