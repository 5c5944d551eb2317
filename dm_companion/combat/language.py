"""The DM's command language, short lines typed mid-fight (in the spirit of Avrae's `!init`).

    add goblin x3 | add Mira pc hp 27 ac 16 [init 15] | add "Big Bob" hp 30 ac 12
    init | init Mira 15 | init Goblin 1 roll
    start | next | undo | redo
    hit Mira 7 fire [crit] [magic] | heal Mira 1d4+3 | temp Mira 5
    atk Goblin 1 Mira scimitar [adv|dis] [d20 14] | atk Mira Goblin 1 +5 1d8+3 slashing
    multi Dragon Mira [Tor Tor] [opt 2] [x5] | aoe Dragon fire breath Mira Tor [Mira=14]
    aoe Wiz dc 15 dex 8d6 fire half Goblin 1 Goblin 2 | leg Dragon tail attack Mira | lr Dragon
    react Knight parry | recharge Dragon fire breath [5] | add goblin x4 group
    cond Mira +poisoned [10] | cond Mira -poisoned
    conc Wiz bless | save Wiz con 12 | ds Tor 14 | rm Goblin 2

Each line becomes one or more events for the tracker. A mistyped command or name is refused
with the nearest valid one suggested; nothing is guessed.
"""

from __future__ import annotations

import difflib
import re
import shlex

from dm_companion.combat import language_actions
from dm_companion.combat.command_words import USAGE, CommandError, amount_of, combatant_named
from dm_companion.combat.state import Encounter
from dm_companion.srd.scores import ABILITIES
from dm_companion.srd.tables import CONDITIONS, DAMAGE_TYPES

ALIASES = {
    "add": "add",
    "init": "init",
    "initiative": "init",
    "start": "start",
    "next": "next",
    "n": "next",
    "hit": "hit",
    "dmg": "hit",
    "damage": "hit",
    "heal": "heal",
    "temp": "temp",
    "thp": "temp",
    "cond": "cond",
    "condition": "cond",
    "conc": "conc",
    "concentrate": "conc",
    "save": "save",
    "ds": "ds",
    "deathsave": "ds",
    "rm": "rm",
    "remove": "rm",
    "undo": "undo",
    "redo": "redo",
    "atk": "atk",
    "attack": "atk",
    "multi": "multi",
    "ma": "multi",
    "multiattack": "multi",
    "aoe": "aoe",
    "leg": "leg",
    "legendary": "leg",
    "lr": "lr",
    "react": "react",
    "reaction": "react",
    "recharge": "recharge",
    "rc": "recharge",
}


_SENTENCE_STARTS = frozenset("the a an he she it they we i you then and his her their its our".split())


def looks_like_command(line: str) -> bool:
    """A line whose first word is a command, or a near miss of one (a typo to report rather
    than a sentence for the model): one letter off, or two letters swapped."""
    first = line.strip().split(" ", 1)[0].lower()
    if first in ALIASES:
        return True
    if first in _SENTENCE_STARTS or len(first) < 3:
        return False
    return any(_one_edit(first, alias) for alias in ALIASES if len(alias) >= 3)


def _one_edit(a: str, b: str) -> bool:
    if sorted(a) == sorted(b) and sum(x != y for x, y in zip(a, b)) == 2:
        return True  # a transposition: "hti" for "hit"
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def parse(line: str, encounter: Encounter, monsters=None) -> list[dict]:
    """The events a command line stands for. `monsters` finds SRD names (for `add`)."""
    try:
        words = shlex.split(line.strip())
    except ValueError as exc:
        raise CommandError(f"can't read that line: {exc}") from None
    if not words:
        raise CommandError("empty command")
    first = words[0].lower()
    command = ALIASES.get(first)
    if command is None:
        near = difflib.get_close_matches(first, ALIASES, n=1, cutoff=0.6)
        hint = f"; did you mean '{near[0]}'?" if near else ""
        raise CommandError(
            f"unknown command '{words[0]}'{hint} (commands: {', '.join(sorted(set(ALIASES.values())))})"
        )
    args = words[1:]
    try:
        return _PARSERS[command](args, encounter, monsters)
    except CommandError:
        raise
    except (IndexError, ValueError):
        raise CommandError(f"usage: {USAGE.get(command, command)}") from None


def _add(args, encounter, monsters):
    lowered = [a.lower() for a in args]
    if "hp" in lowered:
        stats_at = min(i for i, a in enumerate(lowered) if a in ("hp", "ac", "pc", "init"))
        name = " ".join(args[:stats_at])
        if not name:
            raise IndexError
        event = {"op": "add", "name": name, "pc": "pc" in lowered}
        for key, field in (("hp", "hp"), ("ac", "ac"), ("init", "initiative")):
            if key in lowered:
                value = args[lowered.index(key) + 1]
                event[field] = "roll" if value.lower() == "roll" else int(value)
        event["max_hp"] = event["hp"]
        if "ac" not in event:
            raise CommandError(f"'add {name}' needs ac N (or name an SRD monster)")
        return [event]
    group = bool(args) and args[-1].lower() == "group"
    args = args[:-1] if group else args
    count = 1
    if args and re.fullmatch(r"x?\d+", args[-1].lower()) and len(args) > 1:
        count = int(args[-1].lower().lstrip("x"))
        args = args[:-1]
    if not 1 <= count <= 20:
        raise CommandError("add between 1 and 20 at a time")
    monster_name = " ".join(args)
    if not monster_name:
        raise IndexError
    label = monsters(monster_name)["name"] if monsters else monster_name.title()
    if group and count > 1:  # one event: copies "Label 1".."Label N" sharing a turn
        return [{"op": "add", "name": label, "monster": monster_name, "count": count, "group": True}]
    taken = {c.name.lower() for c in encounter.combatants}
    numbered = count > 1 or label.lower() in taken or any(n.startswith(label.lower() + " ") for n in taken)
    events, number = [], 1
    for _ in range(count):
        if numbered:
            while f"{label} {number}".lower() in taken:
                number += 1
            name = f"{label} {number}"
            taken.add(name.lower())
        else:
            name = label
        events.append({"op": "add", "name": name, "monster": monster_name})
    return events


def _init(args, encounter, monsters):
    if not args:
        waiting, groups = [], set()
        for c in encounter.combatants:
            if c.initiative is None and (c.group is None or c.group not in groups):  # one roll a group
                waiting.append(c.name)
                groups.add(c.group)
        if not waiting:
            raise CommandError("everyone has initiative already (init NAME N to change one)")
        return [{"op": "initiative", "name": n, "value": "roll"} for n in waiting]
    name, rest = combatant_named(args, encounter)
    value = rest[0] if rest else "roll"
    return [{"op": "initiative", "name": name, "value": "roll" if value.lower() == "roll" else int(value)}]


def _hit(args, encounter, monsters):
    name, rest = combatant_named(args, encounter)
    event = {"op": "damage", "target": name, "amount": amount_of(rest[0])}
    for word in (w.lower() for w in rest[1:]):
        if word in ("crit", "critical"):
            event["critical"] = True
        elif word in ("magic", "magical"):
            event["magical"] = True
        elif word in DAMAGE_TYPES:
            event["type"] = word
        else:
            near = difflib.get_close_matches(word, DAMAGE_TYPES, n=1, cutoff=0.6)
            raise CommandError(
                f"'{word}' is not a damage type" + (f"; did you mean '{near[0]}'?" if near else "")
            )
    return [event]


def _amount_command(op):
    def parse(args, encounter, monsters):
        name, rest = combatant_named(args, encounter)
        return [{"op": op, "target": name, "amount": amount_of(rest[0])}]

    return parse


def _cond(args, encounter, monsters):
    name, rest = combatant_named(args, encounter)
    sign, condition = rest[0][0], rest[0][1:].lower()
    if sign not in "+-" or not condition:
        raise IndexError
    if condition not in CONDITIONS:
        near = difflib.get_close_matches(condition, CONDITIONS, n=1, cutoff=0.6)
        raise CommandError(
            f"'{condition}' is not a condition" + (f"; did you mean '{near[0]}'?" if near else "")
        )
    event = {"op": "condition", "target": name, ("add" if sign == "+" else "remove"): condition}
    if sign == "+" and len(rest) > 1:
        event["rounds"] = int(rest[1])
    return [event]


def _conc(args, encounter, monsters):
    name, rest = combatant_named(args, encounter)
    if not rest:
        raise IndexError
    return [{"op": "concentrate", "target": name, "spell": " ".join(rest)}]


def _save(args, encounter, monsters):
    name, rest = combatant_named(args, encounter)
    ability = rest[0].lower()[:3]
    if ability not in ABILITIES:
        raise CommandError(f"'{rest[0]}' is not an ability ({', '.join(ABILITIES)})")
    return [{"op": "save", "target": name, "ability": ability, "roll": int(rest[1])}]


def _ds(args, encounter, monsters):
    name, rest = combatant_named(args, encounter)
    return [{"op": "death_save", "target": name, "roll": int(rest[0])}]


def _rm(args, encounter, monsters):
    name, _ = combatant_named(args, encounter)
    return [{"op": "remove", "name": name}]


_PARSERS = {
    "add": _add,
    "init": _init,
    "start": lambda a, e, m: [{"op": "start"}],
    "next": lambda a, e, m: [{"op": "next_turn"}],
    "undo": lambda a, e, m: [{"op": "undo"}],
    "redo": lambda a, e, m: [{"op": "redo"}],
    "hit": _hit,
    "heal": _amount_command("heal"),
    "temp": _amount_command("temp_hp"),
    "cond": _cond,
    "conc": _conc,
    "save": _save,
    "ds": _ds,
    "rm": _rm,
    "atk": language_actions.attack,
    "multi": language_actions.multiattack,
    "aoe": language_actions.save_action,
    "leg": language_actions.legendary,
    "recharge": language_actions.recharge,
    "react": language_actions.reaction,
    "lr": lambda a, e, m: [{"op": "legendary_resistance", "name": combatant_named(a, e)[0]}],
}
