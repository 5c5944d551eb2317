"""The rules the tracker owns (SRD 5.1): each event is checked, then applied, or refused whole.

`resolve` turns dice and "roll" into numbers (so the log replays identically without dice);
`apply` checks a resolved event against the encounter and changes it, or raises Rejected with
the reason and changes nothing (it works on a copy the tracker keeps only on success).
"""

from __future__ import annotations

from collections.abc import Callable

from dm_companion.combat.state import Combatant, Encounter
from dm_companion.dice import Dice, is_dice
from dm_companion.errors import DMCError
from dm_companion.srd.entries import ABILITIES

CONDITIONS = ("blinded", "charmed", "deafened", "exhaustion", "frightened", "grappled",
              "incapacitated", "invisible", "paralyzed", "petrified", "poisoned", "prone",
              "restrained", "stunned", "unconscious")
OPS = ("add", "initiative", "start", "next_turn", "damage", "heal", "temp_hp", "condition",
       "concentrate", "save", "death_save", "remove", "undo", "redo")


class Rejected(Exception):
    """An event the rules refuse; its message says why, for the DM."""


MonsterLookup = Callable[[str], dict]  # SRD index or name -> stats for `add`
SpellLookup = Callable[[str], tuple[str, bool]]  # spell name -> (SRD name, needs concentration)


def _text(event: dict, key: str) -> str:
    value = event.get(key)
    if not isinstance(value, str) or not value.strip():
        raise Rejected(f"'{event.get('op')}' needs '{key}'")
    return value.strip()


def _number(event: dict, key: str, minimum: int = 0) -> int:
    value = event.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise Rejected(f"'{event.get('op')}' needs '{key}' as a whole number, not {value!r}")
    if value < minimum:
        raise Rejected(f"'{key}' must be at least {minimum}, not {value}")
    return value


def _target(encounter: Encounter, event: dict, key: str = "target") -> Combatant:
    name = _text(event, key)
    found = encounter.find(name)
    if found is None:
        known = ", ".join(c.name for c in encounter.combatants) or "none yet"
        raise Rejected(f"no combatant named '{name}' (in the fight: {known})")
    return found


def _alive(target: Combatant, doing: str) -> None:
    if target.dead:
        raise Rejected(f"{target.name} is dead and can't {doing}")


# --- resolving dice ----------------------------------------------------------------------------

def resolve(event: dict, encounter: Encounter, dice: Dice) -> dict:
    """The event with every die rolled, keeping the roll's detail for the log."""
    op = event.get("op")
    resolved = dict(event)
    try:
        if op in ("damage", "heal", "temp_hp") and is_dice(event.get("amount")):
            roll = dice.roll_twice(event["amount"]) if op == "damage" and event.get("critical") \
                else dice.roll(event["amount"])
            resolved.update(amount=roll.total, rolled=roll.detail)
        elif op == "initiative" and event.get("value") == "roll":
            target = _target(encounter, event, "name")
            roll = dice.roll(f"1d20{target.initiative_bonus:+d}")
            resolved.update(value=roll.total, rolled=roll.detail)
        elif op == "add" and event.get("initiative") == "roll":
            resolved["initiative"] = None  # rolled by `initiative` once the combatant exists
    except DMCError as exc:
        raise Rejected(str(exc)) from None
    return resolved


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
    name = _text(event, "name")
    if encounter.find(name):
        raise Rejected(f"there is already a combatant named '{name}'")
    stats: dict = {}
    if event.get("monster"):
        try:
            stats = monsters(str(event["monster"]))
        except DMCError as exc:
            raise Rejected(str(exc)) from None
    max_hp = event.get("max_hp", event.get("hp", stats.get("max_hp")))
    hp = event.get("hp", max_hp)
    ac = event.get("ac", stats.get("ac"))
    for key, value in (("max_hp", max_hp), ("hp", hp), ("ac", ac)):
        if isinstance(value, bool) or not isinstance(value, int) or value < (1 if key == "max_hp" else 0):
            raise Rejected(f"'add {name}' needs {key} as a number (or an SRD monster), not {value!r}")
    if hp > max_hp:
        raise Rejected(f"{name} can't start with {hp} HP above its maximum {max_hp}")
    initiative = event.get("initiative")
    if initiative is not None and (isinstance(initiative, bool) or not isinstance(initiative, int)):
        raise Rejected(f"initiative must be a number or 'roll', not {initiative!r}")
    combatant = Combatant(
        name=name, max_hp=max_hp, hp=hp, ac=ac, pc=bool(event.get("pc", False)), initiative=initiative,
        initiative_bonus=int(event.get("initiative_bonus", stats.get("initiative_bonus", 0))),
        resistances=[str(x).lower() for x in event.get("resistances", stats.get("resistances", []))],
        immunities=[str(x).lower() for x in event.get("immunities", stats.get("immunities", []))],
        vulnerabilities=[str(x).lower() for x in event.get("vulnerabilities", stats.get("vulnerabilities", []))],
        condition_immunities=list(stats.get("condition_immunities", [])),
        monster=stats.get("index"))
    encounter.combatants.append(combatant)
    if encounter.started:  # joins the order at its place (or last, with no initiative yet)
        encounter.order.append(name)
        _sort_order(encounter, keep_current=True)
    kind = "player character" if combatant.pc else (f"SRD {stats['name']}" if stats else "combatant")
    return [f"{name} joins the fight ({kind}, {hp}/{max_hp} HP, AC {ac})"]


def _initiative(encounter: Encounter, event: dict) -> list[str]:
    target = _target(encounter, event, "name")
    value = _number(event, "value", minimum=-10)
    target.initiative = value
    if encounter.started:
        _sort_order(encounter, keep_current=True)
    rolled = f" ({event['rolled']})" if event.get("rolled") else ""
    return [f"{target.name} has initiative {value}{rolled}"]


def _sort_order(encounter: Encounter, keep_current: bool) -> None:
    current = encounter.current if keep_current else None
    ranked = sorted(encounter.combatants, key=lambda c: (-(c.initiative if c.initiative is not None else -99),
                                                        -c.initiative_bonus, c.name.lower()))
    encounter.order = [c.name for c in ranked]
    if current is not None:
        encounter.turn = encounter.order.index(current)


def _start(encounter: Encounter, event: dict) -> list[str]:
    if encounter.started:
        raise Rejected("the fight has already started")
    if not encounter.combatants:
        raise Rejected("add combatants before starting the fight")
    missing = [c.name for c in encounter.combatants if c.initiative is None]
    if missing:
        raise Rejected(f"no initiative yet for {', '.join(missing)} (roll with 'init')")
    _sort_order(encounter, keep_current=False)
    encounter.round, encounter.turn = 1, 0
    _skip_the_dead(encounter)
    return [f"Round 1 begins: {', '.join(encounter.order)}", f"{encounter.current}'s turn"]


def _skip_the_dead(encounter: Encounter) -> None:
    by_name = {c.name: c for c in encounter.combatants}
    for _ in range(len(encounter.order)):
        if not by_name[encounter.current].dead:
            return
        encounter.turn = (encounter.turn + 1) % len(encounter.order)
        if encounter.turn == 0:
            encounter.round += 1


def _next_turn(encounter: Encounter, event: dict) -> list[str]:
    if not encounter.started:
        raise Rejected("the fight has not started (use 'start')")
    if all(c.dead for c in encounter.combatants):
        raise Rejected("everyone in the fight is dead")
    lines = []
    ending = encounter.find(encounter.current)
    if ending is not None:  # durations count the affected creature's own turns
        for name, left in list(ending.conditions.items()):
            if left is not None:
                if left <= 1:
                    del ending.conditions[name]
                    lines.append(f"{ending.name} is no longer {name}")
                else:
                    ending.conditions[name] = left - 1
    encounter.turn = (encounter.turn + 1) % len(encounter.order)
    if encounter.turn == 0:
        encounter.round += 1
        lines.append(f"Round {encounter.round} begins")
    _skip_the_dead(encounter)
    lines.append(f"{encounter.current}'s turn")
    return lines


def _affects(entries: list[str], damage_type: str | None, magical: bool) -> str | None:
    """The entry of a resistance/immunity list that covers this damage, if any ("... from
    nonmagical weapons" covers bludgeoning unless the attack is magical)."""
    if not damage_type:
        return None
    for entry in entries:
        if entry == damage_type or (damage_type in entry and "nonmagical" in entry and not magical):
            return entry
    return None


def _damage(encounter: Encounter, event: dict) -> list[str]:
    target = _target(encounter, event)
    _alive(target, "take more damage")
    amount = _number(event, "amount")
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
    lines = [f"{target.name} takes {what}{rolled}{note}"]
    if amount == 0:
        return lines

    if target.hp == 0:  # a character already down: each hit is a failed death save
        if amount >= target.max_hp:
            return lines + _die(target, "massive damage while down")
        target.stable = False
        target.failures = min(3, target.failures + (2 if critical else 1))
        lines.append(f"{target.name} suffers {'two death save failures' if critical else 'a death save failure'} "
                     f"({target.failures}/3)")
        if target.failures >= 3:
            lines += _die(target, "three failed death saves")
        return lines

    absorbed = min(target.temp_hp, amount)
    target.temp_hp -= absorbed
    remainder = amount - absorbed
    if absorbed:
        lines.append(f"{absorbed} absorbed by temporary hit points ({target.temp_hp} left)")
    overflow = remainder - target.hp
    target.hp = max(0, target.hp - remainder)
    if target.hp > 0:
        lines.append(f"{target.name} is at {target.hp}/{target.max_hp} HP")
        if target.concentration:
            target.concentration_dc = max(10, remainder // 2) if remainder else target.concentration_dc
            if remainder:
                lines.append(f"{target.name} must make a DC {target.concentration_dc} Constitution save "
                             f"to keep concentrating on {target.concentration}")
        return lines
    if not target.pc:
        return lines + _die(target, "dropped to 0 HP")
    if overflow >= target.max_hp:
        return lines + _die(target, f"massive damage ({overflow} past 0, max HP {target.max_hp})")
    lines += _end_concentration(target, "fell unconscious")
    target.conditions["unconscious"] = None
    target.successes = target.failures = 0
    target.stable = False
    lines.append(f"{target.name} falls unconscious at 0 HP and starts making death saves")
    return lines


def _die(target: Combatant, why: str) -> list[str]:
    lines = _end_concentration(target, "died")
    target.hp, target.temp_hp, target.dead, target.stable = 0, 0, True, False
    target.conditions = {}
    if target.pc:
        target.failures = max(target.failures, 3) if "death save" in why else target.failures
    return lines + [f"{target.name} dies ({why})"]


def _end_concentration(target: Combatant, why: str) -> list[str]:
    if not target.concentration:
        return []
    spell, target.concentration, target.concentration_dc = target.concentration, None, None
    return [f"{target.name} loses concentration on {spell} ({why})"]


def _heal(encounter: Encounter, event: dict) -> list[str]:
    target = _target(encounter, event)
    if target.dead:
        raise Rejected(f"{target.name} is dead; healing can't bring back the dead")
    amount = _number(event, "amount")
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


def _temp_hp(encounter: Encounter, event: dict) -> list[str]:
    target = _target(encounter, event)
    _alive(target, "gain temporary hit points")
    amount = _number(event, "amount")
    if amount <= target.temp_hp:
        return [f"{target.name} keeps {target.temp_hp} temporary HP (temporary HP don't stack; {amount} is not more)"]
    target.temp_hp = amount
    return [f"{target.name} has {amount} temporary HP"]


def _condition(encounter: Encounter, event: dict) -> list[str]:
    target = _target(encounter, event)
    _alive(target, "gain or lose conditions")
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
        rounds = _number(event, "rounds", minimum=1)
    target.conditions[name] = rounds
    lines = [f"{target.name} is {name}" + (f" for {rounds} round{'s' if rounds > 1 else ''}" if rounds else "")]
    if name in ("incapacitated", "paralyzed", "petrified", "stunned", "unconscious"):
        lines += _end_concentration(target, f"{name}")
    return lines


def _concentrate(encounter: Encounter, event: dict, spells: SpellLookup) -> list[str]:
    target = _target(encounter, event)
    _alive(target, "concentrate")
    if target.hp == 0:
        raise Rejected(f"{target.name} is unconscious and can't concentrate")
    try:
        spell, needs = spells(_text(event, "spell"))
    except DMCError as exc:
        raise Rejected(str(exc)) from None
    if not needs:
        raise Rejected(f"{spell} does not require concentration")
    lines = _end_concentration(target, f"started {spell}")
    target.concentration, target.concentration_dc = spell, None
    return lines + [f"{target.name} concentrates on {spell}"]


def _save(encounter: Encounter, event: dict) -> list[str]:
    target = _target(encounter, event)
    _alive(target, "make saving throws")
    ability = str(event.get("ability", "")).strip().lower()[:3]
    if ability not in ABILITIES:
        raise Rejected(f"'save' needs an ability ({', '.join(ABILITIES)}), not {event.get('ability')!r}")
    roll = _number(event, "roll", minimum=-5)
    line = f"{target.name} rolls {roll} on a {ability.upper()} save"
    if ability == "con" and target.concentration and target.concentration_dc:
        dc, target.concentration_dc = target.concentration_dc, None
        if roll >= dc:
            return [f"{line}: keeps concentrating on {target.concentration} (DC {dc})"]
        return [f"{line} (DC {dc})"] + _end_concentration(target, f"failed the DC {dc} save")
    return [line]


def _death_save(encounter: Encounter, event: dict) -> list[str]:
    target = _target(encounter, event)
    _alive(target, "make death saves")
    if not target.pc:
        raise Rejected(f"{target.name} is a monster: monsters die at 0 HP and make no death saves")
    if target.hp > 0:
        raise Rejected(f"{target.name} is at {target.hp} HP, not dying")
    if target.stable:
        raise Rejected(f"{target.name} is stable and makes no more death saves")
    roll = _number(event, "roll", minimum=1)
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
        return [line] + _die(target, "three failed death saves")
    if target.successes >= 3:
        target.stable = True
        return [line, f"{target.name} is stable"]
    return [line]


def _remove(encounter: Encounter, event: dict) -> list[str]:
    target = _target(encounter, event, "name")
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


_HANDLERS = {"add": _add, "initiative": _initiative, "start": _start, "next_turn": _next_turn,
             "damage": _damage, "heal": _heal, "temp_hp": _temp_hp, "condition": _condition,
             "concentrate": _concentrate, "save": _save, "death_save": _death_save, "remove": _remove}
