"""What the runner reads from a stat block (the SRD's, or an imported monster's in the same
shape): the stats `add` gives a combatant, action names as a DM types them, recharge ranges,
legendary costs, and the saving throw an action, or a hit, calls for.

The SRD records sometimes disagree with their own text: five save actions carry
`success_type: "none"` while the text says "half as much damage on a successful one" (the adult
red dragon's Fire Breath, the lich's Disrupt Life, the winter wolf's and two other dragons'
breaths). The text is what the DM reads at the table,
so it wins: `SaveSpec.half` is true when either says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dm_companion.srd.scores import modifier
from dm_companion.srd.tables import CONDITIONS

LEGENDARY_POOL = 3  # SRD 5.1: "can take 3 legendary actions", the same for every SRD creature
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)")
_COSTS = re.compile(r"costs (\d+) actions", re.IGNORECASE)
_RECHARGE = re.compile(r"recharge (\d)(?:\s*-\s*(\d))?", re.IGNORECASE)
_SAVE = re.compile(
    r"DC (\d+) (Strength|Dexterity|Constitution|Intelligence|Wisdom|Charisma) saving throw", re.IGNORECASE
)
_CONDITION_AFTER_SAVE = re.compile(
    r"\b(?:or|and) (?:be |become |is |be knocked |is knocked )(" + "|".join(CONDITIONS) + r")\b"
    r"(?: for (1 minute|\d+ rounds?)| until the end of (?:its|the target's) next turn)?",
    re.IGNORECASE,
)


def plain_name(name: str) -> str:
    """An action's name without "(Recharge 5-6)" or "(Costs 2 Actions)"."""
    return _PARENTHETICAL.sub("", name).strip()


def action_key(name: str) -> str:
    """An action's name as matched: no case, no parenthetical."""
    return plain_name(name).lower()


def find(records: list[dict], name: str) -> dict | None:
    """The record whose name matches `name` without regard to case or parenthetical."""
    wanted = action_key(name)
    return next((r for r in records if action_key(r["name"]) == wanted), None)


def recharge_range(action: dict) -> int | None:
    """The lowest d6 face that recharges the action (5 for "Recharge 5-6"), or None."""
    usage = action.get("usage") or {}
    if usage.get("type") == "recharge on roll":
        return int(usage.get("min_value", 6))
    found = _RECHARGE.search(action.get("name", ""))
    return int(found.group(1)) if found else None


def usage_label(action: dict) -> str:
    """How often the record's ability can be used, as a stat block prints it beside its name
    ("3/Day", "Recharge 5-6"), where the record keeps it apart from the name; "" otherwise."""
    usage = action.get("usage") or {}
    if usage.get("type") == "per day" and usage.get("times"):
        return f"{usage['times']}/Day"
    if usage.get("type") == "recharge on roll":
        return f"Recharge {usage.get('min_value', 6)}-6" if usage.get("min_value", 6) < 6 else "Recharge 6"
    if usage.get("type") == "recharge after rest":
        return "Recharges after a Short or Long Rest"
    return ""


def labeled_name(action: dict) -> str:
    """The ability's name as a stat block prints it, with how often it can be used ("Fire Breath
    (Recharge 5-6)"), unless the name already says so."""
    name = action.get("name", "")
    usage = usage_label(action) if "(" not in name else ""
    return f"{name} ({usage})" if usage else name


def after_rest(action: dict) -> bool:
    """An action that comes back only with a rest (a knight's Leadership): once in a fight."""
    return (action.get("usage") or {}).get("type") == "recharge after rest"


def legendary_cost(action: dict) -> int:
    found = _COSTS.search(action.get("name", ""))
    return int(found.group(1)) if found else 1


def per_day(records: list[dict], name: str) -> int:
    """Uses a day of a special ability such as "Legendary Resistance (3/Day)"; 0 without it."""
    record = find(records, name)
    if record is None:
        return 0
    usage = record.get("usage") or {}
    if usage.get("times"):
        return int(usage["times"])
    found = re.search(r"(\d+)/day", record["name"], re.IGNORECASE)
    return int(found.group(1)) if found else 1


@dataclass(frozen=True)
class SaveSpec:
    """The saving throw an action calls for and what failing it costs."""

    dc: int
    ability: str  # str, dex, ...
    parts: tuple[tuple[str, str | None], ...]  # (dice, damage type) rolled once for all targets
    half: bool  # a success takes half the damage
    condition: str | None  # gained on a failure
    rounds: int | None  # how long the condition lasts, in the creature's own turns


def _save_sentence(text: str) -> str:
    """The sentence that calls for the save: its condition is the failure's ("or be paralyzed
    for 1 minute"), not one a later sentence imposes under other terms."""
    found = _SAVE.search(text)
    if not found:
        return ""
    start = text.rfind(". ", 0, found.start()) + 1
    end = text.find(". ", found.end())
    return text[start : end if end != -1 else len(text)]


def _condition_in(sentence: str) -> tuple[str | None, int | None]:
    condition = _CONDITION_AFTER_SAVE.search(sentence)
    if condition is None:
        return None, None
    rounds = None
    if condition.group(2):
        rounds = 10 if "minute" in condition.group(2) else int(condition.group(2).split()[0])
    elif "next turn" in condition.group(0):
        rounds = 1
    return condition.group(1).lower(), rounds


def save_of(action: dict) -> SaveSpec | None:
    """The action's save (from its `dc` record, else its text), or None when it calls for none."""
    text = str(action.get("desc", ""))
    record = action.get("dc") or {}
    found = _SAVE.search(text)
    if record:  # an imported action's DC may be unknown ("your spell save DC"): the DM gives it
        if record.get("dc_value") is None or not record.get("dc_type"):
            return None
        dc, ability = int(record["dc_value"]), record["dc_type"]["index"]
    elif found and action.get("attack_bonus") is None and not action.get("attack_roll"):
        dc, ability = (
            int(found.group(1)),
            found.group(2)[:3].lower(),
        )  # a hit's rider is not the action's save
    else:
        return None
    parts = tuple(
        (str(p["damage_dice"]), p.get("damage_type", {}).get("index"))
        for p in action.get("damage", [])
        if "damage_dice" in p
    )
    half = record.get("success_type") == "half" or "half as much damage" in text.lower()
    return SaveSpec(dc, ability, parts, half, *_condition_in(_save_sentence(text)))


_RIDER_DAMAGE = re.compile(
    r"taking \d+ \((\d+d\d+(?: ?[+-] ?\d+)?)\) (\w+) damage on a failed save", re.IGNORECASE
)


def rider_of(action: dict) -> SaveSpec | None:
    """The save a hit forces ("Hit: 6 (1d6 + 3) piercing damage, and the target must make a DC 15
    Constitution saving throw, taking 24 (7d6) poison damage on a failed save, or half as much
    damage on a successful one"; the ghoul's "or be paralyzed for 1 minute"), or None."""
    if action.get("attack_bonus") is None:
        return None
    text = str(action.get("desc", ""))
    if action.get("rider"):  # an imported monster's, read when it was imported
        record = action["rider"]
        if record.get("dc_value") is None or not record.get("dc_type"):
            return None
        half = record.get("success_type") == "half"
        return SaveSpec(int(record["dc_value"]), record["dc_type"]["index"], (), half, *_condition_in(text))
    after_hit = text[text.find("Hit:") :] if "Hit:" in text else ""
    found = _SAVE.search(after_hit)
    if not found:
        return None
    sentence = _save_sentence(after_hit)
    parts = tuple((dice.replace(" ", ""), kind.lower()) for dice, kind in _RIDER_DAMAGE.findall(sentence))
    return SaveSpec(
        int(found.group(1)),
        found.group(2)[:3].lower(),
        parts,
        "half as much damage" in sentence.lower(),
        *_condition_in(sentence),
    )


def uses_action(legendary: dict, actions: list[dict]) -> dict | None:
    """The regular action a legendary action stands for ("Tail Attack": "The dragon makes a
    tail attack." is its Tail; "The lich uses its Paralyzing Touch."), or None. The longest
    name is tried first, so "Tail" never shadows a "Tail Swipe"."""
    name = action_key(legendary["name"])
    text = str(legendary.get("desc", "")).lower()
    for action in sorted(actions, key=lambda a: -len(a["name"])):
        key = action_key(action["name"])
        pattern = rf"\b{re.escape(key)}\b"
        if key and key != "multiattack" and (re.search(pattern, name) or re.search(pattern, text)):
            return action
    return None


def legendary_runs(legendary: dict, actions: list[dict]) -> dict | None:
    """The record a legendary action rolls as: its own when it has an attack bonus or a save,
    else the attack or save action it names; None when it rolls nothing (Detect, Cantrip)."""
    runs = (
        legendary
        if legendary.get("attack_bonus") is not None or save_of(legendary)
        else uses_action(legendary, actions)
    )
    return runs if runs is not None and (runs.get("attack_bonus") is not None or save_of(runs)) else None


def monster_stats(monster) -> dict:
    """What `add` reads from a stat block (an SRD `Monster`, or a campaign's in the same shape)."""
    return {
        "index": monster.index,
        "name": monster.name,
        "max_hp": monster.hit_points,
        "ac": monster.armor_class,
        "initiative_bonus": int(monster.data.get("initiative_modifier", monster.initiative_bonus)),
        "resistances": monster.damage_resistances,
        "immunities": monster.damage_immunities,
        "vulnerabilities": monster.damage_vulnerabilities,
        "condition_immunities": monster.condition_immunities,
        "actions": monster.abilities_named("actions"),
        "legendary_actions": monster.abilities_named("legendary_actions"),
        "reactions": monster.abilities_named("reactions"),
        "special_abilities": monster.abilities_named("special_abilities"),
        "save_bonuses": {
            ability: monster.saving_throws.get(ability.upper(), modifier(score))
            for ability, score in monster.ability_scores.items()
        },
        "source": monster.data.get("source", "SRD"),
        "legendary_count": monster.data.get("legendary_count"),  # an imported monster's own pool
        "notes": {"max_hp": monster.data.get("hit_points_notes"), "ac": monster.data.get("armor_notes")},
    }
