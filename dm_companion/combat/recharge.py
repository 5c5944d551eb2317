"""Actions that must recharge (DESIGN.md "Monsters act"): "Recharge 5-6" is spent when used and
refused until a d6 at the start of its owner's turn (or a `recharge` event) shows 5 or 6; an
action that recharges only after a rest is used once in a fight.
"""

from __future__ import annotations

from dm_companion.combat.checks import Rejected, number_field, target_of, text_field
from dm_companion.combat.state import Combatant, Encounter
from dm_companion.srd.stat_block import action_key, after_rest, find, recharge_range


def spend(actor: Combatant, action: dict | None) -> None:
    """Marks a recharging action spent, or refuses it when it already is."""
    if action is None or (recharge_range(action) is None and not after_rest(action)):
        return
    if is_spent(actor, action["name"]):
        low = recharge_range(action)
        when = f"recharges on a d6 of {low}-6" if low else "comes back after a rest"
        raise Rejected(f"{actor.name}'s {action['name']} is spent ({when})")
    actor.spent = (*actor.spent, action["name"])


def is_spent(actor: Combatant, name: str) -> bool:
    return any(action_key(spent) == action_key(name) for spent in actor.spent)


def due(actor: Combatant) -> list[str]:
    """The spent actions a d6 can recharge at the start of the actor's turn."""
    return [
        name
        for name in actor.spent
        if recharge_range(find(actor.actions + actor.legendary_actions, name) or {}) is not None
    ]


def roll_back(actor: Combatant, name: str, roll: int) -> list[str]:
    """One recharge roll for a spent action: back on the range's faces, else still spent."""
    action = find(actor.actions + actor.legendary_actions, name) or {"name": name}
    low = recharge_range(action)
    if roll >= (low or 7):
        actor.spent = tuple(n for n in actor.spent if action_key(n) != action_key(name))
        return [f"{actor.name}'s {action['name']} recharges (d6 {roll})"]
    return [f"{actor.name}'s {action['name']} stays spent (d6 {roll}, needs {low}-6)"]


def recharge(encounter: Encounter, event: dict) -> list[str]:
    """The `recharge` event: the DM's d6 for one spent action."""
    actor = target_of(encounter, event, "name")
    wanted = text_field(event, "action")
    action = find(actor.actions + actor.legendary_actions, wanted)
    if action is None or not is_spent(actor, action["name"]):
        spent = ", ".join(actor.spent) or "none"
        raise Rejected(f"{actor.name} has no spent action '{wanted}' (spent: {spent})")
    if recharge_range(action) is None:
        raise Rejected(f"{actor.name}'s {action['name']} comes back only after a rest, not on a d6")
    roll = number_field(event, "roll", minimum=1)
    if roll > 6:
        raise Rejected(f"a recharge roll is a d6 (1-6), not {roll}")
    return roll_back(actor, action["name"], roll)
