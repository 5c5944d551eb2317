"""The hit-point rules (SRD 5.1): damage through immunity, resistance and vulnerability,
temporary hit points, dropping to 0 (a monster dies, a character falls unconscious), massive
damage, concentration saves, healing, and death saves.
"""

from __future__ import annotations

from dm_companion.combat import beats
from dm_companion.combat.beats import Beat, LogLine
from dm_companion.combat.checks import Rejected, number_field, require_alive, target_of
from dm_companion.combat.state import Combatant, Encounter


def _affects(entries: list[str], damage_type: str | None, magical: bool) -> str | None:
    """The entry of a resistance/immunity list that covers this damage, if any ("... from
    nonmagical weapons" covers bludgeoning unless the attack is magical)."""
    if not damage_type:
        return None
    for entry in entries:
        if entry == damage_type or (damage_type in entry and "nonmagical" in entry and not magical):
            return entry
    return None


def damage(encounter: Encounter, event: dict) -> list[str]:
    target = target_of(encounter, event)
    require_alive(target, "take more damage")
    amount = number_field(event, "amount")
    kind = (event.get("type") or "").strip().lower() or None
    magical = bool(event.get("magical", False))
    critical = bool(event.get("critical", False))
    rolled = f" ({event['rolled']})" if event.get("rolled") else ""
    note = ""
    if entry := _affects(target.immunities, kind, magical):
        amount, note = 0, f" (immune: {entry})"
    elif entry := _affects(target.resistances, kind, magical):
        amount, note = amount // 2, f" (resistant: {entry}; halved)"
    elif entry := _affects(target.vulnerabilities, kind, magical):
        amount, note = amount * 2, f" (vulnerable: {entry}; doubled)"
    what = f"{amount} {kind} damage" if kind else f"{amount} damage"
    lines = [
        LogLine(
            f"{target.name} takes {what}{rolled}{note}",
            Beat(beats.DAMAGE, whom=target.name, amount=amount, damage_type=kind or ""),
        )
    ]
    if amount == 0:
        return lines
    if target.hp == 0:  # a character already down: each hit is a failed death save
        return lines + _damage_while_down(target, amount, critical, bool(event.get("same_hit")))
    absorbed = min(target.temp_hp, amount)
    target.temp_hp -= absorbed
    remainder = amount - absorbed
    if absorbed:
        lines.append(f"{absorbed} absorbed by temporary hit points ({target.temp_hp} left)")
    overflow = remainder - target.hp
    target.hp = max(0, target.hp - remainder)
    if target.hp > 0:
        return lines + _still_up(target, remainder)
    if not target.pc:
        return lines + die(target, "dropped to 0 HP")
    if overflow >= target.max_hp:
        return lines + die(target, f"massive damage ({overflow} past 0, max HP {target.max_hp})")
    lines += end_concentration(target, "fell unconscious")
    target.conditions["unconscious"] = None
    target.successes = target.failures = 0
    target.stable = False
    lines.append(
        LogLine(
            f"{target.name} falls unconscious at 0 HP and starts making death saves",
            Beat(beats.FALLS, whom=target.name),
        )
    )
    return lines


def _still_up(target: Combatant, lost: int) -> list[str]:
    """The HP left after a hit that did not drop the target, and the concentration save it calls for."""
    lines: list[str] = [
        LogLine(f"{target.name} is at {target.hp}/{target.max_hp} HP", Beat(beats.HP_LEFT, whom=target.name))
    ]
    if target.concentration:
        target.concentration_dc = max(10, lost // 2) if lost else target.concentration_dc
        if lost:
            lines.append(
                f"{target.name} must make a DC {target.concentration_dc} Constitution save "
                f"to keep concentrating on {target.concentration}"
            )
    return lines


def _damage_while_down(target: Combatant, amount: int, critical: bool, same_hit: bool) -> list[str]:
    """A hit on a character at 0 HP: a failed death save (two on a critical), or death outright
    when it is at least the character's max HP. A later damage part of one hit counts once."""
    if amount >= target.max_hp:
        return die(target, "massive damage while down")
    if same_hit:
        return []
    target.stable = False
    target.failures = min(3, target.failures + (2 if critical else 1))
    lines = [
        f"{target.name} suffers {'two death save failures' if critical else 'a death save failure'} "
        f"({target.failures}/3)"
    ]
    if target.failures >= 3:
        lines += die(target, "three failed death saves")
    return lines


def die(target: Combatant, why: str) -> list[str]:
    lines = end_concentration(target, "died")
    target.hp, target.temp_hp, target.dead, target.stable = 0, 0, True, False
    target.conditions = {}
    if target.pc:
        target.failures = max(target.failures, 3) if "death save" in why else target.failures
    return lines + [LogLine(f"{target.name} dies ({why})", Beat(beats.DIES, whom=target.name))]


def end_concentration(target: Combatant, why: str) -> list[str]:
    if not target.concentration:
        return []
    spell, target.concentration, target.concentration_dc = target.concentration, None, None
    return [f"{target.name} loses concentration on {spell} ({why})"]


def heal(encounter: Encounter, event: dict) -> list[str]:
    target = target_of(encounter, event)
    if target.dead:
        raise Rejected(f"{target.name} is dead; healing can't bring back the dead")
    amount = number_field(event, "amount")
    before = target.hp
    target.hp = min(target.max_hp, target.hp + amount)
    rolled = f" ({event['rolled']})" if event.get("rolled") else ""
    gained = target.hp - before
    capped = f", capped at max {target.max_hp}" if gained < amount else ""
    lines = [f"{target.name} regains {gained} HP{rolled}{capped}: {target.hp}/{target.max_hp}"]
    if before == 0 and target.hp > 0 and target.pc:
        target.conditions.pop("unconscious", None)
        target.successes = target.failures = 0
        target.stable = False
        lines.append(f"{target.name} regains consciousness")
    return lines


def temp_hp(encounter: Encounter, event: dict) -> list[str]:
    target = target_of(encounter, event)
    require_alive(target, "gain temporary hit points")
    amount = number_field(event, "amount")
    if amount <= target.temp_hp:
        return [
            f"{target.name} keeps {target.temp_hp} temporary HP "
            f"(temporary HP don't stack; {amount} is not more)"
        ]
    target.temp_hp = amount
    return [f"{target.name} has {amount} temporary HP"]


def death_save(encounter: Encounter, event: dict) -> list[str]:
    target = target_of(encounter, event)
    require_alive(target, "make death saves")
    if not target.pc:
        raise Rejected(f"{target.name} is a monster: monsters die at 0 HP and make no death saves")
    if target.hp > 0:
        raise Rejected(f"{target.name} is at {target.hp} HP, not dying")
    if target.stable:
        raise Rejected(f"{target.name} is stable and makes no more death saves")
    roll = number_field(event, "roll", minimum=1)
    if roll > 20:
        raise Rejected(f"a death save is a d20 roll (1-20), not {roll}")
    if roll == 20:
        target.hp, target.successes, target.failures = 1, 0, 0
        target.conditions.pop("unconscious", None)
        return [f"{target.name} rolls a natural 20: back up with 1 HP"]
    if roll == 1:
        target.failures = min(3, target.failures + 2)
        line = f"{target.name} rolls a natural 1: two failures ({target.failures}/3)"
    elif roll >= 10:
        target.successes += 1
        line = f"{target.name} succeeds on a death save ({target.successes}/3)"
    else:
        target.failures += 1
        line = f"{target.name} fails a death save ({target.failures}/3)"
    if target.failures >= 3:
        return [line] + die(target, "three failed death saves")
    if target.successes >= 3:
        target.stable = True
        return [line, f"{target.name} is stable"]
    return [line]
