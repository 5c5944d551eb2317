"""The commands that run a stat block (`language` reads the rest): `atk`, `multi`, `aoe`, `leg`,
`recharge` and `react`, each to the events the tracker rolls."""

from __future__ import annotations

import re

from dm_companion.combat.command_words import (
    USAGE,
    CommandError,
    action_named,
    amount_of,
    combatant_named,
    flags_of,
    targets_named,
)
from dm_companion.srd.stat_block import save_of
from dm_companion.srd.tables import DAMAGE_TYPES


def attack(args, encounter, monsters):
    attacker, rest = combatant_named(args, encounter)
    target, rest = combatant_named(rest, encounter)
    event = {"op": "attack", "attacker": attacker, "target": target}
    words = flags_of(rest, event)
    if words and re.fullmatch(r"[+-]\d+", words[0]):  # a character's own bonus and dice
        event.update(bonus=int(words[0]), damage_dice=str(amount_of(words[1])))
        if len(words) > 2:
            event["type"] = words[2].lower()
        return [event]
    attacks = [a for a in encounter.find(attacker).actions if a.get("attack_bonus") is not None]
    if not attacks and not words:
        raise CommandError(f"{attacker} has no stat-block attacks: give +BONUS DICE")
    event["action"], extra = action_named(words, attacks, attacker, "attack")
    if extra:
        raise CommandError(f"usage: {USAGE['atk']}")
    return [event]


def multiattack(args, encounter, monsters):
    attacker, rest = combatant_named(args, encounter)
    event = {"op": "multiattack", "attacker": attacker}
    words, kept = flags_of(rest, event), []
    while words:
        word = words.pop(0)
        if word.lower() in ("opt", "option"):
            event["option"] = int(words.pop(0))
        elif re.fullmatch(r"x\d+", word.lower()):
            event["count"] = int(word[1:])
        else:
            kept.append(word)
    targets, _ = targets_named(kept, encounter)
    if not targets:
        raise IndexError
    event.update({"target": targets[0]} if len(targets) == 1 else {"targets": targets})
    return [event]


def save_action(args, encounter, monsters):
    actor, rest = combatant_named(args, encounter)
    event = {"op": "save_action", "actor": actor}
    lowered = [w.lower() for w in rest]
    if "dc" in lowered:  # a character's spell: [NAME] dc N ABILITY [DICE [TYPE]] [half] [+CONDITION]
        at = lowered.index("dc")
        if at:
            event["action"] = " ".join(rest[:at])
        event.update(dc=int(rest[at + 1]), ability=rest[at + 2].lower()[:3])
        words = rest[at + 3 :]
        if words and re.fullmatch(r"\d+|\d*d\d+([+-]\d+)?", words[0].lower()):
            event["damage"] = amount_of(words.pop(0))
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
        event["action"], words = action_named(rest, records, actor, "save action")
    targets, saves = targets_named(words, encounter)
    if not targets:
        raise CommandError(f"name the targets: {USAGE['aoe']}")
    event["targets"] = targets
    if saves:
        event["saves"] = saves
    return [event]


def legendary(args, encounter, monsters):
    actor, rest = combatant_named(args, encounter)
    event = {"op": "legendary", "actor": actor}
    event["action"], words = action_named(
        flags_of(rest, event), encounter.find(actor).legendary_actions, actor, "legendary action"
    )
    targets, saves = targets_named(words, encounter)
    if len(targets) == 1:
        event["target"] = targets[0]  # an attack's one target, or a save's only one
    if targets:
        event["targets"] = targets
    if saves:
        event["saves"] = saves
    return [event]


def recharge(args, encounter, monsters):
    name, rest = combatant_named(args, encounter)
    roll = int(rest.pop()) if rest and rest[-1].isdigit() else None
    combatant = encounter.find(name)
    action, extra = action_named(rest, combatant.actions + combatant.legendary_actions, name, "action")
    if extra:
        raise IndexError
    return [
        {"op": "recharge", "name": name, "action": action, **({"roll": roll} if roll is not None else {})}
    ]


def reaction(args, encounter, monsters):
    name, rest = combatant_named(args, encounter)
    return [{"op": "reaction", "name": name, **({"what": " ".join(rest)} if rest else {})}]
