"""What gaining one of the SRD's conditions does to a combatant (DESIGN.md "Rules the engines
own"): shared by the `condition` event and the actions whose failed save imposes one.
"""

from __future__ import annotations

from dm_companion.combat.hit_points import end_concentration
from dm_companion.combat.state import Combatant
from dm_companion.srd.tables import FAILS_STR_DEX_SAVES, INCAPACITATING


def gain(target: Combatant, name: str, rounds: int | None) -> list[str]:
    """Gives the condition (the caller has checked immunity); returns the log lines."""
    target.conditions[name] = rounds
    lines = [
        f"{target.name} is {name}" + (f" for {rounds} round{'s' if rounds > 1 else ''}" if rounds else "")
    ]
    if name in INCAPACITATING:  # an incapacitated creature loses concentration
        lines += end_concentration(target, name)
    return lines


def fails_automatically(target: Combatant, ability: str) -> str | None:
    """Why the target fails a STR or DEX save whatever it rolls (SRD: paralyzed, petrified,
    stunned, unconscious; a character at 0 HP is unconscious), or None."""
    if ability not in ("str", "dex"):
        return None
    if target.down:
        return f"{target.name} is unconscious"
    return next((f"{target.name} is {c}" for c in FAILS_STR_DEX_SAVES if c in target.conditions), None)
