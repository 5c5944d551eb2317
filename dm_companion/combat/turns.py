"""Initiative and turns (SRD 5.1): the order by initiative (ties by bonus, then as added), the
start of the fight, the next turn (the dead and the copies of a group skipped), and what a turn's
start refreshes (`economy.start_turn`)."""

from __future__ import annotations

from dm_companion.combat import beats
from dm_companion.combat.beats import Beat, LogLine
from dm_companion.combat.checks import Rejected, number_field, target_of
from dm_companion.combat.economy import start_turn
from dm_companion.combat.state import Combatant, Encounter


def set_initiative(encounter: Encounter, event: dict) -> list[str]:
    target = target_of(encounter, event, "name")
    value = number_field(event, "value", minimum=-10)
    for combatant in encounter.combatants:  # a group's copies share the roll
        if combatant is target or (target.group is not None and combatant.group == target.group):
            combatant.initiative = value
    if encounter.started:
        sort_order(encounter, keep_current=True)
    rolled = f" ({event['rolled']})" if event.get("rolled") else ""
    return [f"{target.group or target.name} has initiative {value}{rolled}"]


def sort_order(encounter: Encounter, keep_current: bool) -> None:
    current = encounter.current if keep_current else None
    ranked = sorted(
        encounter.combatants,
        key=lambda c: (
            -(c.initiative if c.initiative is not None else -99),
            -c.initiative_bonus,
            (c.group or c.name).lower(),
            c.name.lower(),
        ),
    )
    encounter.order = [c.name for c in ranked]
    if current is not None:
        encounter.turn = encounter.order.index(current)


def start(encounter: Encounter, event: dict) -> list[str]:
    if encounter.started:
        raise Rejected("the fight has already started")
    if not encounter.combatants:
        raise Rejected("add combatants before starting the fight")
    missing = [c.name for c in encounter.combatants if c.initiative is None]
    if missing:
        raise Rejected(f"no initiative yet for {', '.join(missing)} (roll with 'init')")
    sort_order(encounter, keep_current=False)
    encounter.round, encounter.turn = 1, 0
    _skip_the_dead(encounter)
    return [
        LogLine(f"Round 1 begins: {', '.join(encounter.order)}", Beat(beats.ROUND)),
        f"{_entry_name(turn_takers(encounter))}'s turn",
    ]


def _skip_the_dead(encounter: Encounter) -> None:
    by_name = {c.name: c for c in encounter.combatants}
    for _ in range(len(encounter.order)):
        if not by_name[encounter.current].dead:
            return
        encounter.turn = (encounter.turn + 1) % len(encounter.order)
        if encounter.turn == 0:
            encounter.round += 1


def turn_takers(encounter: Encounter) -> list[Combatant]:
    """Whoever's turn it is: the current combatant, or every living copy of its group."""
    current = encounter.find(encounter.current) if encounter.current else None
    if current is None:
        return []
    if current.group is None:
        return [current]
    return [c for c in encounter.in_order() if c.group == current.group and not c.dead]


def next_turn(encounter: Encounter, event: dict) -> list[str]:
    if not encounter.started:
        raise Rejected("the fight has not started (use 'start')")
    if all(c.dead for c in encounter.combatants):
        raise Rejected("everyone in the fight is dead")
    lines = []
    ending = turn_takers(encounter)
    for combatant in ending:  # durations count the affected creature's own turns
        for name, left in list(combatant.conditions.items()):
            if left is not None:
                if left <= 1:
                    del combatant.conditions[name]
                    lines.append(f"{combatant.name} is no longer {name}")
                else:
                    combatant.conditions[name] = left - 1
    done = {c.name for c in ending}
    for _ in range(len(encounter.order)):  # past the rest of a group, to the next entry
        encounter.turn = (encounter.turn + 1) % len(encounter.order)
        if encounter.turn == 0:
            encounter.round += 1
            lines.append(LogLine(f"Round {encounter.round} begins", Beat(beats.ROUND)))
            break
        if encounter.order[encounter.turn] not in done:
            break
    _skip_the_dead(encounter)
    starting = turn_takers(encounter)
    lines.append(f"{_entry_name(starting)}'s turn")
    rolls = event.get("recharge") or {}
    for combatant in starting:
        lines += start_turn(combatant, rolls.get(combatant.name, {}))
    return lines


def _entry_name(takers: list[Combatant]) -> str:
    return takers[0].group if takers and takers[0].group else takers[0].name if takers else "nobody"
