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

from dm_companion.combat.state import Encounter
from dm_companion.dice import is_dice
from dm_companion.errors import DMCError
from dm_companion.srd.scores import ABILITIES
from dm_companion.srd.stat_block import action_key, save_of
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
USAGE = {
    "add": "add MONSTER [xN] [group] | add NAME [pc] hp N ac N [init N]",
    "init": "init | init NAME N | init NAME roll",
    "hit": "hit NAME AMOUNT [TYPE] [crit] [magic]",
    "heal": "heal NAME AMOUNT",
    "temp": "temp NAME AMOUNT",
    "cond": "cond NAME +CONDITION [ROUNDS] | cond NAME -CONDITION",
    "conc": "conc NAME SPELL",
    "save": "save NAME ABILITY ROLL",
    "ds": "ds NAME ROLL",
    "rm": "rm NAME",
    "atk": "atk ATTACKER TARGET ACTION [adv|dis] [2h] [d20 N[,N]] "
    "| atk NAME TARGET +BONUS DICE [TYPE] [d20 N]",
    "multi": "multi ATTACKER TARGET [TARGET ...one per attack] [opt N] [xN] [adv|dis]",
    "aoe": "aoe ACTOR ACTION TARGET ... [NAME=SAVE ...] | aoe ACTOR dc N ABILITY [DICE [TYPE]] [half] "
    "[+CONDITION] TARGET ...",
    "leg": "leg ACTOR ACTION [TARGET ...] [adv|dis] [d20 N]",
    "lr": "lr NAME",
    "react": "react NAME [WHAT]",
    "recharge": "recharge NAME ACTION [D6]",
}


class CommandError(DMCError):
    """A line the command language cannot read; says what was meant or how to write it."""


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


def _name(args: list[str], encounter: Encounter) -> tuple[str, list[str]]:
    """The combatant a command names (the longest run of words that is one), and the rest."""
    if not args:
        raise IndexError
    names = [c.name for c in encounter.combatants]
    lowered = {n.lower(): n for n in names}
    for size in range(min(len(args), 4), 0, -1):
        phrase = " ".join(args[:size]).lower()
        if phrase in lowered:
            return lowered[phrase], args[size:]
    for size in range(min(len(args), 4), 0, -1):  # word-wise prefixes: "gob 2" is "Goblin 2"
        typed = [a.lower() for a in args[:size]]
        fits = [
            n
            for n in names
            if len(n.split()) == size and all(word.lower().startswith(t) for word, t in zip(n.split(), typed))
        ]
        if len(fits) == 1:
            return fits[0], args[size:]
        if len(fits) > 1 and size == 1:
            raise CommandError(f"'{args[0]}' could be {', '.join(fits)}; say which")
    typed = args[0].lower()  # one word of a longer name: "dragon" is the Adult Red Dragon
    within = [n for n in names if any(word.lower().startswith(typed) for word in n.split()[1:])]
    if len(within) == 1 and len(typed) >= 3 and not any(n.lower().startswith(typed) for n in names):
        return within[0], args[1:]
    prefix = [n for n in names if n.lower().startswith(args[0].lower())]
    if len(prefix) > 1:
        raise CommandError(f"'{args[0]}' could be {', '.join(prefix)}; say which")
    near = difflib.get_close_matches(args[0].lower(), list(lowered), n=1, cutoff=0.5)
    hint = f"; did you mean '{lowered[near[0]]}'?" if near else ""
    raise CommandError(f"no combatant '{args[0]}'{hint}" + ("" if names else " (add someone first)"))


def _amount(text: str) -> int | str:
    if re.fullmatch(r"\d+", text):
        return int(text)
    if is_dice(text) and re.fullmatch(r"[\dd+\-*() ]+", text.lower()):
        return text.lower()
    raise CommandError(f"'{text}' is not an amount (a number or dice like 2d6+3)")


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
    name, rest = _name(args, encounter)
    value = rest[0] if rest else "roll"
    return [{"op": "initiative", "name": name, "value": "roll" if value.lower() == "roll" else int(value)}]


def _hit(args, encounter, monsters):
    name, rest = _name(args, encounter)
    event = {"op": "damage", "target": name, "amount": _amount(rest[0])}
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
        name, rest = _name(args, encounter)
        return [{"op": op, "target": name, "amount": _amount(rest[0])}]

    return parse


def _cond(args, encounter, monsters):
    name, rest = _name(args, encounter)
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
    name, rest = _name(args, encounter)
    if not rest:
        raise IndexError
    return [{"op": "concentrate", "target": name, "spell": " ".join(rest)}]


def _save(args, encounter, monsters):
    name, rest = _name(args, encounter)
    ability = rest[0].lower()[:3]
    if ability not in ABILITIES:
        raise CommandError(f"'{rest[0]}' is not an ability ({', '.join(ABILITIES)})")
    return [{"op": "save", "target": name, "ability": ability, "roll": int(rest[1])}]


def _ds(args, encounter, monsters):
    name, rest = _name(args, encounter)
    return [{"op": "death_save", "target": name, "roll": int(rest[0])}]


def _rm(args, encounter, monsters):
    name, _ = _name(args, encounter)
    return [{"op": "remove", "name": name}]


def _flags(words: list[str], event: dict) -> list[str]:
    """Moves adv/dis/2h/"d20 N[,N]" from the words into the event; returns the other words."""
    rest, words = [], list(words)
    while words:
        word = words.pop(0)
        lowered = word.lower()
        if lowered in ("adv", "advantage"):
            event["advantage"] = True
        elif lowered in ("dis", "disadv", "disadvantage"):
            event["disadvantage"] = True
        elif lowered in ("2h", "two-handed", "twohanded"):
            event["two_handed"] = True
        elif lowered == "d20":
            faces = [int(face) for face in words.pop(0).split(",")]
            event["d20"] = faces if len(faces) > 1 else faces[0]
        else:
            rest.append(word)
    return rest


def _action(words: list[str], records: list[dict], who: str, what: str) -> tuple[str, list[str]]:
    """The action named by the longest run of leading words, and the words after it; a name
    that is none of them is refused with the nearest one and the list."""
    known = {action_key(r["name"]): r["name"] for r in records}
    for size in range(len(words), 0, -1):
        key = action_key(" ".join(words[:size]))
        if key in known:
            return known[key], words[size:]
    typed = " ".join(words).lower()
    near = next(
        (
            found
            for size in range(min(len(words), 4), 0, -1)
            for found in difflib.get_close_matches(action_key(" ".join(words[:size])), list(known), 1, 0.6)
        ),
        None,
    )
    hint = f"did you mean '{known[near]}'? " if near else ""
    raise CommandError(
        f"{who} has no {what} '{typed}'; {hint}(its {what}s: {', '.join(known.values()) or 'none'})"
    )


def _targets(words: list[str], encounter: Encounter) -> tuple[list[str], dict[str, int]]:
    """Combatants named one after another, and NAME=TOTAL saving throws given by the DM."""
    names, saves = [], {}
    while words:
        if "=" in words[0]:
            who, total = words.pop(0).rsplit("=", 1)
            name, _ = _name(who.split(), encounter)
            saves[name] = int(total)
            continue
        name, words = _name(words, encounter)
        names.append(name)
    return names, saves


def _atk(args, encounter, monsters):
    attacker, rest = _name(args, encounter)
    target, rest = _name(rest, encounter)
    event = {"op": "attack", "attacker": attacker, "target": target}
    words = _flags(rest, event)
    if words and re.fullmatch(r"[+-]\d+", words[0]):  # a character's own bonus and dice
        event.update(bonus=int(words[0]), damage_dice=str(_amount(words[1])))
        if len(words) > 2:
            event["type"] = words[2].lower()
        return [event]
    attacks = [a for a in encounter.find(attacker).actions if a.get("attack_bonus") is not None]
    if not attacks and not words:
        raise CommandError(f"{attacker} has no stat-block attacks: give +BONUS DICE")
    event["action"], extra = _action(words, attacks, attacker, "attack")
    if extra:
        raise CommandError(f"usage: {USAGE['atk']}")
    return [event]


def _multi(args, encounter, monsters):
    attacker, rest = _name(args, encounter)
    event = {"op": "multiattack", "attacker": attacker}
    words, kept = _flags(rest, event), []
    while words:
        word = words.pop(0)
        if word.lower() in ("opt", "option"):
            event["option"] = int(words.pop(0))
        elif re.fullmatch(r"x\d+", word.lower()):
            event["count"] = int(word[1:])
        else:
            kept.append(word)
    targets, _ = _targets(kept, encounter)
    if not targets:
        raise IndexError
    event.update({"target": targets[0]} if len(targets) == 1 else {"targets": targets})
    return [event]


def _aoe(args, encounter, monsters):
    actor, rest = _name(args, encounter)
    event = {"op": "save_action", "actor": actor}
    lowered = [w.lower() for w in rest]
    if "dc" in lowered:  # a character's spell: [NAME] dc N ABILITY [DICE [TYPE]] [half] [+CONDITION]
        at = lowered.index("dc")
        if at:
            event["action"] = " ".join(rest[:at])
        event.update(dc=int(rest[at + 1]), ability=rest[at + 2].lower()[:3])
        words = rest[at + 3 :]
        if words and re.fullmatch(r"\d+|\d*d\d+([+-]\d+)?", words[0].lower()):
            event["damage"] = _amount(words.pop(0))
            if words and words[0].lower() in DAMAGE_TYPES:
                event["type"] = words.pop(0).lower()
        if words and words[0].lower() == "half":
            event["half"] = bool(words.pop(0))
        if words and words[0].startswith("+"):
            event["condition"] = words.pop(0)[1:].lower()
    else:
        combatant = encounter.find(actor)
        records = [a for a in combatant.actions + combatant.special_abilities if save_of(a)]
        if not records:
            raise CommandError(f"{actor} has no save actions; give dc N ABILITY [DICE [TYPE]] [half] targets")
        event["action"], words = _action(rest, records, actor, "save action")
    targets, saves = _targets(words, encounter)
    if not targets:
        raise CommandError(f"name the targets: {USAGE['aoe']}")
    event["targets"] = targets
    if saves:
        event["saves"] = saves
    return [event]


def _leg(args, encounter, monsters):
    actor, rest = _name(args, encounter)
    event = {"op": "legendary", "actor": actor}
    event["action"], words = _action(
        _flags(rest, event), encounter.find(actor).legendary_actions, actor, "legendary action"
    )
    targets, saves = _targets(words, encounter)
    if len(targets) == 1:
        event["target"] = targets[0]  # an attack's one target, or a save's only one
    if targets:
        event["targets"] = targets
    if saves:
        event["saves"] = saves
    return [event]


def _recharge(args, encounter, monsters):
    name, rest = _name(args, encounter)
    roll = int(rest.pop()) if rest and rest[-1].isdigit() else None
    combatant = encounter.find(name)
    action, extra = _action(rest, combatant.actions + combatant.legendary_actions, name, "action")
    if extra:
        raise IndexError
    return [
        {"op": "recharge", "name": name, "action": action, **({"roll": roll} if roll is not None else {})}
    ]


def _react(args, encounter, monsters):
    name, rest = _name(args, encounter)
    return [{"op": "reaction", "name": name, **({"what": " ".join(rest)} if rest else {})}]


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
    "atk": _atk,
    "multi": _multi,
    "aoe": _aoe,
    "leg": _leg,
    "recharge": _recharge,
    "react": _react,
    "lr": lambda a, e, m: [{"op": "legendary_resistance", "name": _name(a, e)[0]}],
}
