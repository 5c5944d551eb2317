"""5etools bestiary entries (the 2014 and the 2024 shape, and homebrew) read into SRD records.

5etools writes rules text with tags: `{@atk mw}` (2024: `{@atkr m}`), `{@hit 4}`, `{@h}`,
`{@damage 2d6}`, `{@dc 13}` (2024: `{@actSave dex} {@dc 13}`, `{@actSaveFail}`), `{@recharge 5}`
(bare: 6), and display tags (`{@spell fireball}`, `{@variantrule Long Rest|XPHB}`). `untag` turns
them into the SRD's words, which `actions` reads. A legendary list may open with an unnamed
entry: that is the intro text, not an action. A `_copy` of an SRD monster from the 2014 Monster
Manual or the SRD is built from the SRD's record with its simple `_mod`s applied (text replaced,
entries appended); any other copy is skipped with why, never invented.
"""

from __future__ import annotations

import copy
import re

from dm_companion.bestiary import record as rec
from dm_companion.bestiary.actions import action_from_text
from dm_companion.srd.scores import ABILITIES

_SIZES = {"T": "Tiny", "S": "Small", "M": "Medium", "L": "Large", "H": "Huge", "G": "Gargantuan"}
_TAG = re.compile(r"\{@(\w+)\s*([^{}]*)\}")
_ATTACK_KINDS = {"mw": "Melee Weapon", "rw": "Ranged Weapon", "ms": "Melee Spell", "rs": "Ranged Spell",
                 "mw,rw": "Melee or Ranged Weapon", "ms,rs": "Melee or Ranged Spell", "m": "Melee",
                 "r": "Ranged", "m,r": "Melee or Ranged"}  # fmt: skip
_ABILITY_NAMES = {"str": "Strength", "dex": "Dexterity", "con": "Constitution", "int": "Intelligence",
                  "wis": "Wisdom", "cha": "Charisma"}  # fmt: skip
_WORDS = {"h": "Hit: ", "actSaveFail": "Failure:", "actSaveSuccess": "Success:", "actTrigger": "Trigger:",
          "actSaveSuccessOrFail": "Success or Failure:", "actResponse": "Response:",
          "hom": "Hit or Miss:"}  # fmt: skip
SRD_SOURCES = ("MM", "SRD", "SRD5", "5E SRD")  # a copy of these is the SRD's record
# 5etools' sections and the record's: a bonus action runs as an action does in the tracker
SECTIONS = (("trait", "special_abilities"), ("action", "actions"), ("bonus", "actions"),
            ("reaction", "reactions"), ("legendary", "legendary_actions"))  # fmt: skip


def _tag(match: re.Match) -> str:
    tag, body = match.group(1), match.group(2).strip()
    parts = body.split("|")
    if tag in _WORDS:
        return _WORDS[tag]
    if tag in ("atk", "atkr"):
        roll = " Attack Roll:" if tag == "atkr" else " Attack:"
        return _ATTACK_KINDS.get(body.replace(" ", ""), "") + roll
    if tag == "hit":
        return body if body.startswith(("+", "-")) else f"+{body}"
    if tag == "hitYourSpellAttack":
        return "your spell attack modifier"
    if tag == "dc":
        return f"DC {body}"
    if tag == "actSave":
        return f"{_ABILITY_NAMES.get(body.lower(), body)} Saving Throw:"
    if tag == "recharge":
        return f"(Recharge {body}-6)" if body and body != "6" else "(Recharge 6)"
    return parts[2] if len(parts) > 2 and parts[2] else parts[0]


def untag(text: str) -> str:
    """5etools' tagged text as the SRD words it (see the module docstring)."""
    while _TAG.search(text):
        text = _TAG.sub(_tag, text)
    return text


def text_of(entries) -> str:
    """The plain text of an entry list: strings, and the items and entries of nested lists."""
    parts = []
    for entry in entries if isinstance(entries, list) else [entries]:
        if isinstance(entry, str):
            parts.append(untag(entry))
        elif isinstance(entry, dict):
            name = untag(str(entry.get("name") or ""))
            inner = text_of(entry.get("entries") or entry.get("items") or entry.get("entry") or [])
            parts.append(f"{name}. {inner}" if name and entry.get("type") == "item" else inner)
    return " ".join(p for p in parts if p)


def _section(raw: dict, key: str, saves: bool, names: list[str]) -> list[dict]:
    items = raw.get(key) or []
    if not isinstance(items, list):
        raise rec.EntryFault(key, f"a list of actions, not {type(items).__name__}")
    out = []
    for item in items:
        if isinstance(item, str) or (isinstance(item, dict) and not item.get("name")):
            continue  # an unnamed first legendary entry is the intro, not an action
        if not isinstance(item, dict):
            raise rec.EntryFault(key, f"each entry is an object with a name, not {item!r}"[:120])
        out.append(action_from_text(untag(str(item["name"])), text_of(item.get("entries")), names, saves))
    return out


def _sections(raw: dict) -> dict[str, list[dict]]:
    """Every section's actions, a Multiattack reading the others' names."""
    names = [
        untag(str(i.get("name"))) for i in raw.get("action") or [] if isinstance(i, dict) and i.get("name")
    ]
    names = [n for n in names if n.lower() != "multiattack"]
    found: dict[str, list[dict]] = {}
    for key, field in SECTIONS:
        found.setdefault(field, []).extend(_section(raw, key, key != "trait", names))
    return found


def _ac(value) -> tuple[int | None, str]:
    """The first plain AC and the others as notes for the DM ("16 with shield")."""
    entries = value if isinstance(value, list) else [value]
    plain, notes = None, []
    for entry in entries:
        number = entry.get("ac") if isinstance(entry, dict) else entry
        if isinstance(entry, dict) and "special" in entry:
            notes.append(untag(str(entry["special"])))
        elif plain is None and isinstance(number, int | float | str):
            plain = rec.first_number(number, "ac")
        elif number is not None:
            notes.append(f"{number} {untag(str(entry.get('condition', '')))}".strip())
    return plain, "; ".join(notes)


def read(raw: dict, srd_monster=None) -> dict:
    """An SRD record for a 5etools monster; `srd_monster(name)` gives the SRD's record a `_copy`
    names (None when it has none)."""
    if "_copy" in raw:
        return _copied(raw, srd_monster)
    name = untag(str(raw.get("name") or ""))
    ac, ac_notes = _ac(raw.get("ac"))
    hp_field = raw.get("hp")
    if not isinstance(hp_field, dict) or not ({"average", "special"} & set(hp_field)):
        raise rec.EntryFault("hp", "an object {average, formula} or {special}")
    hp = rec.first_number(hp_field.get("average"), "hp") if "average" in hp_field else None
    scores = {a: rec.number(raw.get(a, 10), a, 0) for a in ABILITIES}
    saves = {}
    for ability, bonus in (raw.get("save") or {}).items():
        if re.fullmatch(r"\s*[+-]?\d+\s*", str(bonus)):  # "+1 + PB" is no number
            saves[ability[:3].lower()] = rec.number(str(bonus).replace("+", ""), f"save.{ability}", None)
    sizes = raw.get("size") if isinstance(raw.get("size"), list) else [raw.get("size") or ""]
    kind = raw.get("type")
    sections = _sections(raw)
    intro = " ".join(untag(str(i)) for i in raw.get("legendaryHeader") or [])
    intro += " ".join(
        text_of(i.get("entries"))
        for i in raw.get("legendary") or []
        if isinstance(i, dict) and not i.get("name")
    )
    conditions = [str(c if isinstance(c, str) else (c.get("conditionImmune") or [""])[0]).split("|")[0]
                  for c in raw.get("conditionImmune") or []]  # fmt: skip
    return rec.build(
        name, ac, hp, scores, saves,
        hit_dice=str(hp_field.get("formula", "")),
        size=_SIZES.get(str(sizes[0]), str(sizes[0])),
        type=str(kind.get("type") if isinstance(kind, dict) else kind or ""),
        damage_resistances=rec.damage_list(raw.get("resist"), "resist"),
        damage_immunities=rec.damage_list(raw.get("immune"), "immune"),
        damage_vulnerabilities=rec.damage_list(raw.get("vulnerable"), "vulnerable"),
        conditions=conditions,
        challenge_rating=rec.challenge(raw.get("cr"), "cr"),
        legendary_count=rec.legendary_count(raw.get("legendaryActions"), intro)
        if sections["legendary_actions"] else None,
        armor_notes=ac_notes or None,
        hit_points_notes=untag(str(hp_field["special"])) if "special" in hp_field else None,
        **sections,
    )  # fmt: skip


def _copied(raw: dict, srd_monster) -> dict:
    """A `_copy` of an SRD monster, built from the SRD's record with its simple `_mod`s applied."""
    source = raw["_copy"]
    wanted = f"{source.get('name')}|{source.get('source')}"
    base = (
        srd_monster(str(source.get("name"))) if srd_monster and source.get("source") in SRD_SOURCES else None
    )
    if base is None:
        raise rec.EntryFault("_copy", f"copies {wanted}, which is neither in this file nor the SRD")
    built = copy.deepcopy(base)
    for key, mods in (source.get("_mod") or {}).items():
        for mod in mods if isinstance(mods, list) else [mods]:
            _apply(built, key, mod, wanted)
    index = re.sub(r"[^a-z0-9]+", "-", str(raw["name"]).lower()).strip("-")
    built.update(name=untag(str(raw["name"])), index=index, source="campaign", copied_from=wanted)
    return built


def _apply(built: dict, key: str, mod: dict, wanted: str) -> None:
    mode = mod.get("mode")
    if key == "*" and mode == "replaceTxt":
        pattern, said = (
            re.compile(mod["replace"], re.IGNORECASE if "i" in mod.get("flags", "i") else 0),
            mod["with"],
        )
        for field in ("special_abilities", "actions", "reactions", "legendary_actions"):
            for action in built.get(field, []):
                action["desc"] = pattern.sub(said, action.get("desc", ""))
        return
    field = dict(SECTIONS).get(key)
    if field and mode == "appendArr":
        items = mod["items"] if isinstance(mod["items"], list) else [mod["items"]]
        built.setdefault(field, []).extend(
            action_from_text(untag(i["name"]), text_of(i.get("entries")), saves=key != "trait") for i in items
        )
        return
    raise rec.EntryFault("_copy._mod", f"copies {wanted} with a change it can't apply ({key}: {mode})")
