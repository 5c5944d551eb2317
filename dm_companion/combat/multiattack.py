"""A stat block's Multiattack (DESIGN.md "Monsters act": `multiattack`): the attacks its record
lists, each an `attack` event of its own, against one `target` or one of `targets` per attack.

Where the record offers options ("three melee attacks, or two ranged attacks") `option` picks
one (1-based, the first unless told); a count the record leaves to the creature (the hydra's
"Number of Heads") is the event's `count`. A listed ability that is not an attack (a dragon's
Frightful Presence) is named in the log for the DM to run as a `save_action`. An attack whose
target died earlier in the same multiattack is lost, as at the table.
"""

from __future__ import annotations

from dm_companion.combat import beats
from dm_companion.combat.attacks import ROLLED, apply_attack, resolve_attack
from dm_companion.combat.beats import Beat, LogLine
from dm_companion.combat.checks import Rejected, target_of
from dm_companion.combat.state import Combatant, Encounter
from dm_companion.dice import Dice
from dm_companion.srd.stat_block import find

_PASSED_ON = ("advantage", "disadvantage", "two_handed")


def _items(record: dict, event: dict) -> list[dict]:
    if record.get("multiattack_type") != "action_options":
        return list(record.get("actions", []))
    options = record["action_options"]["from"]["options"]
    option = event.get("option", 1)
    if isinstance(option, bool) or not isinstance(option, int) or not 1 <= option <= len(options):
        raise Rejected(f"'option' is 1..{len(options)} for this multiattack: {record['desc']}")
    chosen = options[option - 1]
    return list(chosen["items"]) if chosen.get("option_type") == "multiple" else [chosen]


def plan(event: dict, attacker: Combatant) -> tuple[list[str], list[str]]:
    """(the attacks in order, by action name; the listed abilities that are not attacks)."""
    record = find(attacker.actions, "Multiattack")
    if record is None:
        raise Rejected(f"{attacker.name} has no Multiattack (attack with one action instead)")
    attacks, abilities = [], []
    for item in _items(record, event):
        action = find(attacker.actions, item["action_name"])
        if action is None or action.get("attack_bonus") is None:
            abilities.append(item["action_name"])
            continue
        count = item.get("count", 1)
        if not isinstance(count, int) or isinstance(count, bool):
            count = event.get("count")
            if isinstance(count, bool) or not isinstance(count, int) or count < 1:
                raise Rejected(
                    f"how many {action['name']} attacks? The stat block says "
                    f"'{item.get('count')}': give 'count'"
                )
        attacks += [action["name"]] * count
    if not attacks:
        raise Rejected(f"{attacker.name}'s Multiattack lists no attacks ({record['desc']})")
    return attacks, abilities


def _targets(event: dict, encounter: Encounter, attacks: list[str]) -> list[str]:
    names = event.get("targets")
    if names is None:
        return [target_of(encounter, event).name] * len(attacks)
    if not isinstance(names, list) or len(names) != len(attacks):
        raise Rejected(f"'targets' names one target per attack ({len(attacks)}: {', '.join(attacks)})")
    return [target_of(encounter, {"op": "multiattack", "target": name}).name for name in names]


def _attack_events(event: dict, encounter: Encounter) -> tuple[list[dict], list[str]]:
    """One `attack` event per attack, with the rolls the event holds; refused when a target is
    dead before the first swing."""
    attacker = target_of(encounter, event, "attacker")
    attacks, abilities = plan(event, attacker)
    targets = _targets(event, encounter, attacks)
    given = event.get("attacks") or [{} for _ in attacks]
    if (
        not isinstance(given, list)
        or len(given) != len(attacks)
        or not all(isinstance(g, dict) for g in given)
    ):
        raise Rejected(f"'attacks' holds one object per attack ({len(attacks)}: {', '.join(attacks)})")
    for name in dict.fromkeys(targets):
        if encounter.find(name).dead:
            raise Rejected(f"{name} is already dead")
    shared = {key: event[key] for key in _PASSED_ON if key in event}
    events = [
        {**shared, **rolls, "op": "attack", "attacker": attacker.name, "action": action, "target": target}
        for action, target, rolls in zip(attacks, targets, given)
    ]
    return events, abilities


def resolve_multiattack(event: dict, encounter: Encounter, dice: Dice) -> dict:
    """Each attack rolled in turn on a working copy, so a target killed by the first bite is
    not bitten again."""
    events, _ = _attack_events(event, encounter)
    work = encounter.copy()
    work.log = []
    rolled = []
    for attack in events:
        if work.find(attack["target"]).dead:
            rolled.append({k: attack[k] for k in ("action", "target")})
            continue
        resolved = resolve_attack(attack, work, dice)
        apply_attack(work, resolved)
        rolled.append({k: resolved[k] for k in ("action", "target", *ROLLED) if k in resolved})
    return {**event, "attacks": rolled}


def apply_multiattack(encounter: Encounter, event: dict) -> list[str]:
    events, abilities = _attack_events(event, encounter)
    attacker = events[0]["attacker"]
    also = f" (also {', '.join(abilities)}: run it on its own)" if abilities else ""
    lines: list[str] = [
        LogLine(
            f"{attacker} makes its Multiattack: {', '.join(e['action'] for e in events)}{also}",
            Beat(beats.MULTIATTACK, who=attacker),
        )
    ]
    for attack in events:
        if encounter.find(attack["target"]).dead:
            lines.append(f"{attack['target']} is already dead: the {attack['action']} attack is lost")
            continue
        if attack.get("d20") is None:
            raise Rejected(f"no d20 for the {attack['action']} attack on {attack['target']}")
        lines += apply_attack(encounter, attack)
    return lines
