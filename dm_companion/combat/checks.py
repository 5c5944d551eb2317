"""What every event is checked for before the rules apply it: its fields (text, whole numbers),
a target that is in the fight, a target alive enough to act. A failed check raises `Rejected`
with the reason, for the DM, and the event changes nothing.
"""

from __future__ import annotations

from dm_companion.combat.state import Combatant, Encounter


class Rejected(Exception):
    """An event the rules refuse; its message says why, for the DM."""


def text_field(event: dict, key: str) -> str:
    value = event.get(key)
    if not isinstance(value, str) or not value.strip():
        raise Rejected(f"'{event.get('op')}' needs '{key}'")
    return value.strip()


def number_field(event: dict, key: str, minimum: int = 0) -> int:
    value = event.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise Rejected(f"'{event.get('op')}' needs '{key}' as a whole number, not {value!r}")
    if value < minimum:
        raise Rejected(f"'{key}' must be at least {minimum}, not {value}")
    return value


def target_of(encounter: Encounter, event: dict, key: str = "target") -> Combatant:
    name = text_field(event, key)
    found = encounter.find(name)
    if found is None:
        known = ", ".join(c.name for c in encounter.combatants) or "none yet"
        raise Rejected(f"no combatant named '{name}' (in the fight: {known})")
    return found


def require_alive(target: Combatant, doing: str) -> None:
    if target.dead:
        raise Rejected(f"{target.name} is dead and can't {doing}")
