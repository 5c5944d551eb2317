"""Improved Initiative stat blocks read into SRD records, and its files walked for them.

A stat block is `{Name, HP: {Value, Notes}, AC: {Value, Notes}, Challenge, Abilities, Saves,
Damage…, Traits/Actions/Reactions/LegendaryActions: [{Name, Content}]}`; its libraries hold
them as a bare list, and a user's browser export (localStorage) as keys whose values are often
JSON inside strings: `Creatures.<id>` (or with the prefix repeated, "Creatures.Creatures.<id>"),
`PersistentCharacters.<id>` (a character with its `StatBlock`), `SavedEncounters.<id>` and
`AutoSavedEncounters.<id>` (combatants, each with its `StatBlock`). The stat blocks carry the
locations `expected.jsonl` and the import report name them by.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from dm_companion.bestiary import record as rec
from dm_companion.bestiary.actions import action_from_text
from dm_companion.bestiary.words import ability
from dm_companion.srd.scores import ABILITIES

_HOLDERS = ("Creatures", "PersistentCharacters", "SavedEncounters", "AutoSavedEncounters")
_SECTIONS = (("Traits", "special_abilities"), ("Actions", "actions"), ("BonusActions", "actions"),
             ("Reactions", "reactions"), ("LegendaryActions", "legendary_actions"))  # fmt: skip


def looks_like(data) -> bool:
    """Whether JSON is Improved Initiative's: stat blocks, or an export's keys."""
    if isinstance(data, list):
        return (
            bool(data)
            and isinstance(data[0], dict)
            and "Name" in data[0]
            and ("HP" in data[0] or "AC" in data[0])
        )
    return isinstance(data, dict) and any(_holder(key) for key in data)


def _holder(key: str) -> str | None:
    """The kind of record an export key holds ("Creatures.Creatures.abc" -> "Creatures")."""
    parts = key.split(".")
    parts = parts[1:] if parts[0] == "ImprovedInitiative" else parts
    return parts[0] if len(parts) > 1 and parts[0] in _HOLDERS else None


def _value(text):
    """A value that may be JSON inside a string, and whether it was."""
    if isinstance(text, str) and text[:1] in "{[":
        try:
            return json.loads(text), True
        except json.JSONDecodeError:
            return text, False
    return text, False


def stat_blocks(data) -> Iterator[tuple[str, dict, dict]]:
    """(where, stat block, the record holding it) for every stat block in a file."""
    if isinstance(data, list):
        for number, block in enumerate(data):
            yield f"[{number}]", block, block
        return
    for key, raw in data.items():
        holder = _holder(key)
        value, was_string = _value(raw)
        where = key + (" (JSON string)" if was_string else "")
        if holder is None or not isinstance(value, dict):
            continue
        if holder == "Creatures":
            yield where, value, value
        elif holder == "PersistentCharacters":
            yield f"{where}/StatBlock", value.get("StatBlock") or {}, value
        else:
            for number, combatant in enumerate(value.get("Combatants") or []):
                if isinstance(combatant, dict):
                    yield (
                        f"{where}/Combatants[{number}]/StatBlock",
                        combatant.get("StatBlock") or {},
                        combatant,
                    )


def _number_of(field, key: str) -> int | None:
    if not isinstance(field, dict) or "Value" not in field:
        raise rec.EntryFault(key.split(".")[0], "missing: an object {Value, Notes}")
    value = field["Value"]
    return rec.first_number(value, key)


def _section(block: dict, key: str, names: list[str]) -> list[dict]:
    items = block.get(key) or []
    if not isinstance(items, list):
        raise rec.EntryFault(key, f"a list of {{Name, Content}}, not {type(items).__name__}")
    return [
        action_from_text(str(i.get("Name") or ""), str(i.get("Content") or ""), names, key != "Traits")
        for i in items
        if isinstance(i, dict) and str(i.get("Name") or "").strip()
    ]


def read(block: dict, holder: dict | None = None) -> dict:
    """An SRD record for a stat block; `holder` (a character or a combatant) may give its current HP."""
    if not str(block.get("Name") or "").strip():
        raise rec.EntryFault("Name", "a stat block without a name")
    abilities = block.get("Abilities") if isinstance(block.get("Abilities"), dict) else {}
    scores = {a: rec.number(abilities.get(a.title(), 10), f"Abilities.{a.title()}", 0) for a in ABILITIES}
    saves = {}
    for save in block.get("Saves") or []:
        said = ability(str(save.get("Name", ""))) if isinstance(save, dict) else None
        if said is not None:  # Pathfinder's Fort/Ref/Will are no 5e saves
            saves[said] = rec.number(save.get("Modifier"), "Saves.Modifier", None)
    names = [str(i.get("Name")) for i in block.get("Actions") or [] if isinstance(i, dict) and i.get("Name")]
    names = [n for n in names if not re.match(r"multi", n, re.IGNORECASE)]
    sections: dict[str, list[dict]] = {}
    for key, field in _SECTIONS:
        sections.setdefault(field, []).extend(_section(block, key, names))
    prose = " ".join(
        str(i.get("Content", "")) for i in block.get("LegendaryActions") or [] if isinstance(i, dict)
    )
    current = (holder or {}).get("CurrentHP")
    record = rec.build(
        str(block["Name"]),
        _number_of(block.get("AC"), "AC.Value"),
        _number_of(block.get("HP"), "HP.Value"),
        scores, saves,
        hit_dice=str((block.get("HP") or {}).get("Notes") or "").strip("() "),
        type=str(block.get("Type") or ""),
        damage_resistances=rec.damage_list(block.get("DamageResistances"), "DamageResistances"),
        damage_immunities=rec.damage_list(block.get("DamageImmunities"), "DamageImmunities"),
        damage_vulnerabilities=rec.damage_list(block.get("DamageVulnerabilities"), "DamageVulnerabilities"),
        conditions=[str(c) for c in block.get("ConditionImmunities") or []],
        challenge_rating=rec.challenge(block.get("Challenge"), "Challenge"),
        legendary_count=rec.legendary_count(None, prose) if sections["legendary_actions"] else None,
        player=str(block.get("Player", "")).lower() == "player" or None,
        current_hp=rec.first_number(current, "CurrentHP") if current is not None else None,
        **sections,
    )  # fmt: skip
    if block.get("InitiativeModifier") is not None:
        record["initiative_modifier"] = rec.number(block["InitiativeModifier"], "InitiativeModifier", None)
    return record
