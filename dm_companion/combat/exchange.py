"""Encounters to and from Improved Initiative's saved-encounter JSON (`Combatants`, each with its
`StatBlock`, `MaxHP`, `CurrentHP`, `TemporaryHP`, `Initiative`, `Alias` and `Tags`).

An exported encounter carries each combatant's stat block, so the other tool can run it; an
imported one becomes ordinary events (an `add` carrying the stat block whole, `temp_hp`,
`condition`), so the tracker checks every figure and a replay rebuilds it. The round trip keeps HP,
temporary HP, AC, initiative and conditions.
"""

from __future__ import annotations

import json
from pathlib import Path

from dm_companion.bestiary.formats import ImportFault, load_json, read_stat_blocks
from dm_companion.combat.state import Combatant, Encounter
from dm_companion.srd.tables import CONDITIONS

INTERFACE_VERSION = "3.0.0"


def _stat_block(c: Combatant) -> dict:
    def listed(records: list[dict]) -> list[dict]:
        return [{"Name": r["name"], "Content": str(r.get("desc", ""))} for r in records]

    return {
        "Name": c.name,
        "Id": c.monster or c.name.lower().replace(" ", "-"),
        "Source": "DM Companion",
        "Type": "",
        "HP": {"Value": c.max_hp, "Notes": ""},
        "AC": {"Value": c.ac, "Notes": ""},
        "InitiativeModifier": c.initiative_bonus,
        "Player": "player" if c.pc else "",
        "Saves": [{"Name": a.title(), "Modifier": b} for a, b in c.save_bonuses.items()],
        "DamageVulnerabilities": list(c.vulnerabilities),
        "DamageResistances": list(c.resistances),
        "DamageImmunities": list(c.immunities),
        "ConditionImmunities": list(c.condition_immunities),
        "Traits": listed(c.special_abilities),
        "Actions": listed(c.actions),
        "Reactions": listed(c.reactions),
        "LegendaryActions": listed(c.legendary_actions),
    }


def export(encounter: Encounter, name: str) -> dict:
    combatants = [
        {
            "Id": f"dmc-{n}",
            "StatBlock": _stat_block(c),
            "MaxHP": c.max_hp,
            "CurrentHP": c.hp,
            "TemporaryHP": c.temp_hp,
            "Initiative": c.initiative or 0,
            "Alias": c.name,
            "IndexLabel": 0,
            "Tags": [
                {
                    "Text": condition.title(),
                    "DurationRemaining": rounds or 0,
                    "DurationTiming": None,
                    "DurationCombatantId": "",
                }
                for condition, rounds in c.conditions.items()
            ],
            "Hidden": False,
            "InterfaceVersion": INTERFACE_VERSION,
        }
        for n, c in enumerate(encounter.in_order())
    ]
    active = next(
        (f"dmc-{n}" for n, c in enumerate(encounter.in_order()) if c.name == encounter.current), None
    )
    return {
        "Name": name,
        "Combatants": combatants,
        "RoundCounter": encounter.round,
        "ActiveCombatantId": active,
    }


def saved_encounter(data, path: Path, name: str | None = None) -> dict:
    """The encounter a file holds: the file itself ({"Combatants": [...]}), or one of the saved
    encounters of an Improved Initiative export (by `name` when it holds several)."""
    if isinstance(data, dict) and isinstance(data.get("Combatants"), list):
        return data
    saved = {}
    for key, value in data.items() if isinstance(data, dict) else ():
        if ".SavedEncounters." in f".{key}" or ".AutoSavedEncounters." in f".{key}":
            value = json.loads(value) if isinstance(value, str) and value.startswith("{") else value
            if isinstance(value, dict) and isinstance(value.get("Combatants"), list):
                saved[str(value.get("Name") or key.rsplit(".", 1)[-1])] = value
    if not saved:
        raise ImportFault(
            f'{path}: an Improved Initiative encounter is {{"Combatants": [...]}}; nothing was imported'
        )
    if name is not None and name not in saved:
        raise ImportFault(f"{path} has no saved encounter '{name}' (it has: {', '.join(saved)})")
    if name is None and len(saved) > 1:
        raise ImportFault(
            f"{path} holds {len(saved)} saved encounters ({', '.join(saved)}); choose one with --encounter"
        )
    return saved[name] if name is not None else next(iter(saved.values()))


def events_from(path: Path, encounter: str | None = None) -> list[dict]:
    """The events an Improved Initiative encounter (a file, or one saved in an export) stands
    for, checked: a fault names the file, the combatant and the field, and nothing is imported."""
    path = Path(path)
    data = saved_encounter(load_json(path), path, encounter)
    blocks = read_stat_blocks(
        [c.get("StatBlock") if isinstance(c, dict) else c for c in data["Combatants"]], path
    )
    events = []
    for number, (saved, block) in enumerate(zip(data["Combatants"], blocks), 1):
        name = str(saved.get("Alias") or block["name"]).strip()
        where = f"{path}: combatant {number} ('{name}')"
        figures = {}
        for field in ("MaxHP", "CurrentHP", "TemporaryHP", "Initiative"):
            value = saved.get(field, 0 if field in ("TemporaryHP", "Initiative") else block["hit_points"])
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ImportFault(f"{where}, field '{field}': a number, not {value!r}; nothing was imported")
            figures[field] = int(value)
        player = str(saved["StatBlock"].get("Player", "")).lower() == "player"
        events.append(
            {
                "op": "add",
                "name": name,
                "pc": player,
                "stat_block": block,
                "max_hp": figures["MaxHP"],
                "hp": figures["CurrentHP"],
                "ac": block["armor_class"][0]["value"],
                "initiative": figures["Initiative"],
            }
        )
        if figures["TemporaryHP"] > 0:
            events.append({"op": "temp_hp", "target": name, "amount": figures["TemporaryHP"]})
        for tag in saved.get("Tags") or []:
            text = str(tag.get("Text") if isinstance(tag, dict) else tag).strip().lower()
            if text in CONDITIONS:  # other tags ("Blessed", notes) are the DM's, not conditions
                rounds = tag.get("DurationRemaining") if isinstance(tag, dict) else None
                events.append(
                    {
                        "op": "condition",
                        "target": name,
                        "add": text,
                        **({"rounds": rounds} if isinstance(rounds, int) and rounds > 0 else {}),
                    }
                )
    return events
