"""What a creature may spend outside its own actions (DESIGN.md "Monsters act"): legendary
actions from a pool refilled at the start of its turn, Legendary Resistance uses a day, one
reaction a round, and the start-of-turn bookkeeping that refreshes them and rolls recharges.

A legendary action runs as the attack or save action it stands for: its own record when it has
an attack bonus or a DC (an adult dragon's Wing Attack), else the regular action its name or
text names (the dragon's "Tail Attack" is its Tail, the lich's "Paralyzing Touch (Costs 2
Actions)" its Paralyzing Touch). One that is neither (Detect, Cantrip) spends the pool and is
logged for the DM to run.
"""

from __future__ import annotations

from dm_companion.combat import beats
from dm_companion.combat.attacks import ROLLED, apply_attack, resolve_attack
from dm_companion.combat.beats import Beat, LogLine
from dm_companion.combat.checks import Rejected, require_alive, target_of, text_field
from dm_companion.combat.recharge import due, roll_back
from dm_companion.combat.saves import apply_save_action, resolve_save_action
from dm_companion.combat.state import Combatant, Encounter
from dm_companion.dice import Dice
from dm_companion.srd.stat_block import find, legendary_cost, legendary_runs
from dm_companion.srd.tables import INCAPACITATING

_ROLLED = (*ROLLED, "saves", "save_rolls")


def start_turn(combatant: Combatant, recharge_rolls: dict[str, int]) -> list[str]:
    """The start of the creature's own turn: legendary actions refill, the reaction returns,
    and each spent "Recharge X-Y" action gets its d6 (`recharge_rolls`, rolled when resolved)."""
    combatant.legendary_left = combatant.legendary_max
    combatant.reaction_used = False
    lines = []
    for name in due(combatant):
        if name in recharge_rolls:
            lines += roll_back(combatant, name, recharge_rolls[name])
    return lines


def rolls_for_turn(combatant: Combatant, dice: Dice) -> dict[str, int]:
    """The d6 for each action the creature has waiting to recharge."""
    return {name: dice.roll("1d6").total for name in due(combatant)}


def _legendary(encounter: Encounter, event: dict) -> tuple[Combatant, dict, str, dict | None]:
    """(the actor, the legendary action, what it runs as: attack/save/none, the sub-event)."""
    actor = target_of(encounter, event, "actor")
    require_alive(actor, "act")
    if actor.hp == 0:
        raise Rejected(f"{actor.name} is at 0 HP and can't act")
    wanted = text_field(event, "action")
    record = find(actor.legendary_actions, wanted)
    if record is None:
        choices = ", ".join(a["name"] for a in actor.legendary_actions) or "none"
        raise Rejected(f"{actor.name} has no legendary action '{wanted}' (its legendary actions: {choices})")
    runs = legendary_runs(record, actor.actions)
    if runs is None:
        return actor, record, "none", None
    if runs.get("attack_bonus") is not None:
        return (
            actor,
            record,
            "attack",
            {**event, "op": "attack", "attacker": actor.name, "action": runs["name"], "records": [runs]},
        )
    return actor, record, "save", {**event, "op": "save_action", "action": runs["name"], "records": [runs]}


def resolve_legendary(event: dict, encounter: Encounter, dice: Dice) -> dict:
    _, _, kind, sub = _legendary(encounter, event)
    if sub is None:
        return dict(event)
    records = sub.pop("records")
    resolved = (resolve_attack if kind == "attack" else resolve_save_action)(sub, encounter, dice, records)
    return {**event, **{key: resolved[key] for key in _ROLLED if key in resolved}}


def apply_legendary(encounter: Encounter, event: dict) -> list[str]:
    actor, record, kind, sub = _legendary(encounter, event)
    if actor.legendary_max == 0:
        raise Rejected(f"{actor.name} has no legendary actions")
    if encounter.current is not None and _turn_of(encounter, actor):
        raise Rejected(f"{actor.name} takes legendary actions only at the end of another creature's turn")
    cost = legendary_cost(record)
    if cost > actor.legendary_left:
        raise Rejected(
            f"{record['name']} costs {cost} legendary action{'s' if cost > 1 else ''}; "
            f"{actor.name} has {actor.legendary_left} of {actor.legendary_max} left this round"
        )
    actor.legendary_left -= cost
    lines = [
        LogLine(
            f"{actor.name} takes a legendary action: {record['name']} "
            f"({actor.legendary_left}/{actor.legendary_max} left)",
            Beat(beats.LEGENDARY, who=actor.name, what=record["name"]),
        )
    ]
    if sub is None:
        return lines + [f"{record['name']}: {record.get('desc', '')}"]
    records = sub.pop("records")
    return lines + (apply_attack if kind == "attack" else apply_save_action)(encounter, sub, records)


def _turn_of(encounter: Encounter, actor: Combatant) -> bool:
    current = encounter.find(encounter.current)
    return current is actor or (
        actor.group is not None and current is not None and current.group == actor.group
    )


def legendary_resistance(encounter: Encounter, event: dict) -> list[str]:
    """Spends one of the day's Legendary Resistance uses (the creature chose to succeed)."""
    actor = target_of(encounter, event, "name")
    require_alive(actor, "resist")
    if actor.resistance_max == 0:
        raise Rejected(f"{actor.name} has no Legendary Resistance")
    if actor.resistance_left == 0:
        raise Rejected(f"{actor.name} has used all {actor.resistance_max} Legendary Resistances today")
    actor.resistance_left -= 1
    return [
        f"{actor.name} uses Legendary Resistance and succeeds instead "
        f"({actor.resistance_left}/{actor.resistance_max} left today)"
    ]


def reaction(encounter: Encounter, event: dict) -> list[str]:
    """One reaction a round, back at the start of the creature's own turn."""
    actor = target_of(encounter, event, "name")
    require_alive(actor, "react")
    if actor.hp == 0 or any(c in actor.conditions for c in INCAPACITATING):
        raise Rejected(f"{actor.name} is incapacitated and can't take reactions")
    if actor.reaction_used:
        raise Rejected(f"{actor.name} has already used its reaction this round")
    actor.reaction_used = True
    what = str(event.get("what") or "").strip()
    record = find(actor.reactions, what) if what else None
    shown = record["name"] if record else what or "a reaction"
    return [f"{actor.name} uses its reaction: {shown}" + (f" ({record['desc']})" if record else "")]
