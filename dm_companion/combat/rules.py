"""The rules the tracker owns (SRD 5.1): each event is checked, then applied, or refused whole.

`resolve` turns dice and "roll" into numbers (so the log replays identically without dice);
`apply` checks a resolved event against the encounter and changes it, or raises Rejected with
the reason and changes nothing (it works on a copy the tracker keeps only on success). The
hit-point rules live in `hit_points.py`, initiative and turns in `turns.py`, the field checks in
`checks.py`.
"""

from __future__ import annotations

from collections.abc import Callable

from dm_companion.combat.attacks import apply_attack, resolve_attack
from dm_companion.combat.checks import Rejected, number_field, require_alive, target_of, text_field
from dm_companion.combat.conditions import gain
from dm_companion.combat.economy import (
    apply_legendary,
    legendary_resistance,
    reaction,
    resolve_legendary,
    rolls_for_turn,
)
from dm_companion.combat.hit_points import damage, death_save, end_concentration, heal, temp_hp
from dm_companion.combat.multiattack import apply_multiattack, resolve_multiattack
from dm_companion.combat.recharge import due, recharge
from dm_companion.combat.saves import apply_save_action, resolve_save_action
from dm_companion.combat.state import Combatant, Encounter
from dm_companion.combat.turns import next_turn, set_initiative, sort_order, start, turn_takers
from dm_companion.dice import Dice, is_dice
from dm_companion.errors import DMCError
from dm_companion.srd.monster import Monster
from dm_companion.srd.scores import ABILITIES
from dm_companion.srd.stat_block import LEGENDARY_POOL, monster_stats, per_day
from dm_companion.srd.tables import CONDITIONS

OPS = (
    "add",
    "initiative",
    "start",
    "next_turn",
    "damage",
    "heal",
    "temp_hp",
    "condition",
    "attack",
    "multiattack",
    "save_action",
    "legendary",
    "legendary_resistance",
    "reaction",
    "recharge",
    "concentrate",
    "save",
    "death_save",
    "remove",
    "undo",
    "redo",
)
MAX_COPIES = 20


MonsterLookup = Callable[[str], dict]  # SRD index or name -> stats for `add`


def stat_block_stats(record: dict) -> dict:
    """The stats `add` reads from a monster record in the SRD's shape."""
    try:
        return monster_stats(
            Monster("monster", str(record.get("index", "")), str(record.get("name", "")), record)
        )
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise Rejected(f"'stat_block' is not a monster record ({exc!r})") from None


SpellLookup = Callable[[str], tuple[str, bool]]  # spell name -> (SRD name, needs concentration)


# --- resolving dice ----------------------------------------------------------------------------


def resolve(event: dict, encounter: Encounter, dice: Dice, monsters: MonsterLookup | None = None) -> dict:
    """The event with every die rolled, keeping the roll's detail for the log."""
    op = event.get("op")
    resolved = dict(event)
    try:
        if op in ("damage", "heal", "temp_hp") and is_dice(event.get("amount")):
            roll = (
                dice.roll_twice(event["amount"])
                if op == "damage" and event.get("critical")
                else dice.roll(event["amount"])
            )
            resolved.update(amount=roll.total, rolled=roll.detail)
        elif op == "initiative" and event.get("value") == "roll":
            target = target_of(encounter, event, "name")
            roll = dice.roll(f"1d20{target.initiative_bonus:+d}")
            resolved.update(value=roll.total, rolled=roll.detail)
        elif op in _RESOLVERS:
            return _RESOLVERS[op](event, encounter, dice)
        elif op == "recharge" and event.get("roll") is None:
            resolved["roll"] = dice.roll("1d6").total
        elif op == "next_turn" and "recharge" not in event:
            rolls = _recharge_rolls(encounter, dice)
            if rolls:
                resolved["recharge"] = rolls
        elif op == "add" and event.get("initiative") == "roll":
            resolved.update(_initiative_rolls(event, dice, monsters))
    except DMCError as exc:
        raise Rejected(str(exc)) from None
    return resolved


def _recharge_rolls(encounter: Encounter, dice: Dice) -> dict[str, dict[str, int]]:
    """The d6 for each spent action of whoever's turn the next `next_turn` starts."""
    if not any(c.spent for c in encounter.combatants):
        return {}
    work = encounter.copy()
    work.log = []
    next_turn(work, {"op": "next_turn"})
    return {c.name: rolls_for_turn(c, dice) for c in turn_takers(work) if due(c)}


def _initiative_rolls(event: dict, dice: Dice, monsters: MonsterLookup | None) -> dict:
    """`add` with `initiative: "roll"`: one roll, or one per copy unless they are a `group`."""
    bonus = event.get("initiative_bonus")
    if bonus is None:
        bonus = (
            monsters(str(event["monster"])).get("initiative_bonus", 0)
            if event.get("monster") and monsters
            else 0
        )
    count = event.get("count", 1)
    copies = count if isinstance(count, int) and not isinstance(count, bool) and not event.get("group") else 1
    rolls = [dice.roll(f"1d20{int(bonus):+d}") for _ in range(max(1, min(copies, MAX_COPIES)))]
    if len(rolls) == 1:
        return {"initiative": rolls[0].total, "rolled": rolls[0].detail}
    return {"initiative": [r.total for r in rolls], "rolled": [r.detail for r in rolls]}


# --- applying ----------------------------------------------------------------------------------


def apply(encounter: Encounter, event: dict, monsters: MonsterLookup, spells: SpellLookup) -> list[str]:
    """Applies one resolved event to `encounter` (a copy); returns the log lines it adds."""
    op = event.get("op")
    handler = _HANDLERS.get(op)
    if handler is None:
        raise Rejected(f"unknown op {op!r} (ops: {', '.join(OPS)})")
    if op == "add":
        return _add(encounter, event, monsters)
    if op == "concentrate":
        return _concentrate(encounter, event, spells)
    return handler(encounter, event)


def _add(encounter: Encounter, event: dict, monsters: MonsterLookup) -> list[str]:
    name = text_field(event, "name")
    count = event.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_COPIES:
        raise Rejected(f"'count' is 1..{MAX_COPIES}, not {count!r}")
    names = [name] if count == 1 else [f"{name} {n}" for n in range(1, count + 1)]
    for each in names:
        if encounter.find(each):
            raise Rejected(f"there is already a combatant named '{each}'")
    stats: dict = {}
    if isinstance(event.get("stat_block"), dict):  # a stat block carried whole (an imported encounter)
        stats = stat_block_stats(event["stat_block"])
    elif event.get("monster"):
        try:
            stats = monsters(str(event["monster"]))
        except DMCError as exc:
            raise Rejected(str(exc)) from None
    max_hp = event.get("max_hp", event.get("hp", stats.get("max_hp")))
    hp = event.get("hp", max_hp)
    ac = event.get("ac", stats.get("ac"))
    for key, value in (("max_hp", max_hp), ("hp", hp), ("ac", ac)):
        if value is None and stats:  # an imported summon: "14 + the level of the spell"
            said = stats.get("notes", {}).get(key) or "no number"
            typed = "ac" if key == "ac" else "hp"
            said = f"{stats['name']}'s stat block gives its {typed} as {said!r}"
            raise Rejected(f"{said}: add it with {typed} N")
        if isinstance(value, bool) or not isinstance(value, int) or value < (1 if key == "max_hp" else 0):
            raise Rejected(f"'add {name}' needs {key} as a number (or an SRD monster), not {value!r}")
    if hp > max_hp:
        raise Rejected(f"{name} can't start with {hp} HP above its maximum {max_hp}")
    initiatives = _initiatives(event, len(names))
    group = name if event.get("group") and count > 1 else None
    lines = []
    for each, initiative in zip(names, initiatives):
        combatant = _combatant(each, event, stats, hp, max_hp, ac, initiative, group)
        encounter.combatants.append(combatant)
        if encounter.started:  # joins the order at its place (or last, with no initiative yet)
            encounter.order.append(each)
        kind = (
            "player character"
            if combatant.pc
            else (f"{stats.get('source', 'SRD')} {stats['name']}" if stats else "combatant")
        )
        lines.append(f"{each} joins the fight ({kind}, {hp}/{max_hp} HP, AC {ac})")
    if encounter.started:
        sort_order(encounter, keep_current=True)
    if event.get("rolled"):
        rolled = event["rolled"] if isinstance(event["rolled"], list) else [event["rolled"]] * len(names)
        who = [group] if group else names
        lines += [f"{n} has initiative {i} ({r})" for n, i, r in zip(who, initiatives, rolled)]
    return lines


def _initiatives(event: dict, copies: int) -> list[int | None]:
    """One initiative per copy: the event's number (or list of them), or none yet."""
    value = event.get("initiative")
    values = value if isinstance(value, list) else [value] * copies
    if len(values) != copies or any(
        v is not None and (isinstance(v, bool) or not isinstance(v, int)) for v in values
    ):
        raise Rejected(f"initiative must be a number, one per copy, or 'roll', not {value!r}")
    return values


def _combatant(
    name: str,
    event: dict,
    stats: dict,
    hp: int,
    max_hp: int,
    ac: int,
    initiative: int | None,
    group: str | None,
) -> Combatant:
    def listed(key: str) -> list[str]:
        return [str(x).lower() for x in event.get(key, stats.get(key, []))]

    legendary = list(stats.get("legendary_actions", []))
    pool = int(stats.get("legendary_count") or LEGENDARY_POOL)  # an imported stat block may say otherwise
    resistances = per_day(stats.get("special_abilities", []), "Legendary Resistance")
    saves = event.get("save_bonuses", stats.get("save_bonuses", {}))
    return Combatant(
        name=name,
        max_hp=max_hp,
        hp=hp,
        ac=ac,
        pc=bool(event.get("pc", False)),
        initiative=initiative,
        initiative_bonus=int(event.get("initiative_bonus", stats.get("initiative_bonus", 0))),
        resistances=listed("resistances"),
        immunities=listed("immunities"),
        vulnerabilities=listed("vulnerabilities"),
        condition_immunities=list(stats.get("condition_immunities", [])),
        monster=stats.get("index"),
        actions=list(stats.get("actions", [])),
        legendary_actions=legendary,
        reactions=list(stats.get("reactions", [])),
        special_abilities=list(stats.get("special_abilities", [])),
        save_bonuses={str(k).lower()[:3]: int(v) for k, v in saves.items()},
        legendary_max=pool if legendary else 0,
        legendary_left=pool if legendary else 0,
        resistance_max=resistances,
        resistance_left=resistances,
        group=group,
    )


def _condition(encounter: Encounter, event: dict) -> list[str]:
    target = target_of(encounter, event)
    require_alive(target, "gain or lose conditions")
    adding, removing = event.get("add"), event.get("remove")
    if bool(adding) == bool(removing):
        raise Rejected("'condition' needs exactly one of 'add' or 'remove'")
    name = str(adding or removing).strip().lower()
    if name not in CONDITIONS:
        raise Rejected(f"'{name}' is not a condition (conditions: {', '.join(CONDITIONS)})")
    if removing:
        if name not in target.conditions:
            raise Rejected(f"{target.name} is not {name}")
        del target.conditions[name]
        return [f"{target.name} is no longer {name}"]
    if name in target.condition_immunities:
        raise Rejected(f"{target.name} is immune to being {name}")
    rounds = event.get("rounds")
    if rounds is not None:
        rounds = number_field(event, "rounds", minimum=1)
    return gain(target, name, rounds)


def _concentrate(encounter: Encounter, event: dict, spells: SpellLookup) -> list[str]:
    target = target_of(encounter, event)
    require_alive(target, "concentrate")
    if target.hp == 0:
        raise Rejected(f"{target.name} is unconscious and can't concentrate")
    try:
        spell, needs = spells(text_field(event, "spell"))
    except DMCError as exc:
        raise Rejected(str(exc)) from None
    if not needs:
        raise Rejected(f"{spell} does not require concentration")
    lines = end_concentration(target, f"started {spell}")
    target.concentration, target.concentration_dc = spell, None
    return lines + [f"{target.name} concentrates on {spell}"]


def _save(encounter: Encounter, event: dict) -> list[str]:
    target = target_of(encounter, event)
    require_alive(target, "make saving throws")
    ability = str(event.get("ability", "")).strip().lower()[:3]
    if ability not in ABILITIES:
        raise Rejected(f"'save' needs an ability ({', '.join(ABILITIES)}), not {event.get('ability')!r}")
    roll = number_field(event, "roll", minimum=-5)
    line = f"{target.name} rolls {roll} on a {ability.upper()} save"
    if ability == "con" and target.concentration and target.concentration_dc:
        dc, target.concentration_dc = target.concentration_dc, None
        if roll >= dc:
            return [f"{line}: keeps concentrating on {target.concentration} (DC {dc})"]
        return [f"{line} (DC {dc})"] + end_concentration(target, f"failed the DC {dc} save")
    return [line]


def _remove(encounter: Encounter, event: dict) -> list[str]:
    target = target_of(encounter, event, "name")
    current = encounter.current
    encounter.combatants.remove(target)
    if target.name in encounter.order:
        index = encounter.order.index(target.name)
        encounter.order.remove(target.name)
        if not encounter.order:
            encounter.turn, encounter.round = None, 0
        elif current == target.name:
            encounter.turn = index % len(encounter.order)
        else:
            encounter.turn = encounter.order.index(current)
    return [f"{target.name} leaves the fight"]


_RESOLVERS = {
    "attack": resolve_attack,
    "multiattack": resolve_multiattack,
    "save_action": resolve_save_action,
    "legendary": resolve_legendary,
}
_HANDLERS = {
    "add": _add,
    "initiative": set_initiative,
    "start": start,
    "next_turn": next_turn,
    "damage": damage,
    "heal": heal,
    "temp_hp": temp_hp,
    "condition": _condition,
    "concentrate": _concentrate,
    "save": _save,
    "death_save": death_save,
    "remove": _remove,
    "attack": apply_attack,
    "multiattack": apply_multiattack,
    "save_action": apply_save_action,
    "legendary": apply_legendary,
    "legendary_resistance": legendary_resistance,
    "reaction": reaction,
    "recharge": recharge,
}
