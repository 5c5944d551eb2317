"""The actions a DM can run right now, numbered, for the combat pane's action bar and the
`N [TARGET ...]` shorthand: the current creature's stat-block actions (to-hit and damage, DC and
save, recharge ready or spent), then the legendary actions other creatures may take at the end
of this turn. Each choice becomes an ordinary command line, so a key press does exactly what the
typed line would, and lands in the log as that line.
"""

from __future__ import annotations

from dataclasses import dataclass

from dm_companion.combat.checks import Rejected
from dm_companion.combat.multiattack import plan
from dm_companion.combat.recharge import is_spent
from dm_companion.combat.state import Combatant, Encounter
from dm_companion.errors import DMCError
from dm_companion.srd.stat_block import legendary_cost, legendary_runs, plain_name, recharge_range, save_of


@dataclass(frozen=True)
class Choice:
    number: int
    actor: str
    action: str
    kind: str  # attack, multiattack, save or legendary
    label: str  # "Scimitar +4, 1d6+2 slashing"
    ready: bool  # false while a recharge is spent or the legendary pool is short
    needs_target: bool = True  # a legendary Detect does not

    def command(self, targets: str) -> str:
        """The command line this choice runs against `targets`, names as the DM types them."""
        actor = f'"{self.actor}"'
        if self.kind == "attack":
            return f'atk {actor} {targets} "{self.action}"'
        if self.kind == "multiattack":
            return f"multi {actor} {targets}"
        if self.kind == "save":
            return f'aoe {actor} "{self.action}" {targets}'
        return f'leg {actor} "{self.action}" {targets}'


def _damage(record: dict) -> str:
    parts = []
    for part in record.get("damage", []):
        if "choose" in part:
            part = part["from"]["options"][0]
        if "damage_dice" in part:
            parts.append(f"{part['damage_dice']} {part.get('damage_type', {}).get('index', '')}".strip())
    return " + ".join(parts)


def _describe(record: dict) -> str:
    save = save_of(record)
    if record.get("attack_bonus") is not None:
        text = f"{plain_name(record['name'])} {int(record['attack_bonus']):+d}"
    elif save:
        text = f"{plain_name(record['name'])} DC {save.dc} {save.ability.upper()}"
    else:
        text = plain_name(record["name"])
    damage = _damage(record)
    return (
        text + (f", {damage}" if damage else "") + (f", {save.condition}" if save and save.condition else "")
    )


def _multiattack(c: Combatant) -> str:
    try:
        attacks, abilities = plan({}, c)
    except Rejected:  # a count the stat block leaves open (the hydra's heads): its own words
        return f"Multiattack ({next(a['desc'] for a in c.actions if a['name'] == 'Multiattack')})"
    return "Multiattack: " + ", ".join(abilities + attacks)


def _own(c: Combatant, start: int) -> list[Choice]:
    choices = []
    for record in c.actions:
        multi = record.get("multiattack_type") is not None
        if not (multi or record.get("attack_bonus") is not None or save_of(record)):
            continue
        kind = "multiattack" if multi else "attack" if record.get("attack_bonus") is not None else "save"
        label = _multiattack(c) if multi else _describe(record)
        low, spent = recharge_range(record), is_spent(c, record["name"])
        if low:
            label += f" (recharge {low}-6: {'spent' if spent else 'ready'})"
        elif spent:
            label += " (spent until a rest)"
        choices.append(Choice(start + len(choices), c.name, record["name"], kind, label, not spent))
    return choices


def choices(encounter: Encounter) -> list[Choice]:
    """What can be run now, numbered from 1."""
    current = encounter.find(encounter.current) if encounter.current else None
    found = _own(current, 1) if current and not current.dead else []
    for c in encounter.in_order():
        if c is current or c.dead or c.hp == 0 or not c.legendary_max:
            continue
        for record in c.legendary_actions:
            cost = legendary_cost(record)
            label = f"{c.name}: {_describe(record)} (legendary, costs {cost})"
            found.append(
                Choice(
                    len(found) + 1,
                    c.name,
                    record["name"],
                    "legendary",
                    label,
                    cost <= c.legendary_left,
                    legendary_runs(record, c.actions) is not None,
                )
            )
    return found


def pools(c: Combatant) -> str:
    """ "Legendary ●●○ · Resistance 2/3 · reaction used": what the creature has left to spend."""
    parts = []
    if c.legendary_max:
        parts.append("Legendary " + "●" * c.legendary_left + "○" * (c.legendary_max - c.legendary_left))
    if c.resistance_max:
        parts.append(f"Legendary Resistance {c.resistance_left}/{c.resistance_max}")
    parts.append("reaction used" if c.reaction_used else "reaction ready")
    return f"{c.name}: " + " · ".join(parts)


def command_line(line: str, encounter: Encounter, selected: str | None) -> str | None:
    """The command a line "N [TARGET ...]" stands for (choice N against the targets, or the
    selected row when none are typed); None when the line is not a choice number."""
    words = line.split(maxsplit=1)
    if not words or not words[0].isdigit():
        return None
    found = choices(encounter)
    number = int(words[0])
    if not 1 <= number <= len(found):
        raise DMCError(
            f"no action {number} now"
            + (f" (1-{len(found)})" if found else " (no creature with stat-block actions has the turn)")
        )
    choice = found[number - 1]
    if len(words) > 1:
        return choice.command(words[1])
    if not choice.needs_target:
        return choice.command("").rstrip()
    if selected is None or selected == choice.actor:
        raise DMCError(f"{choice.label}: against whom? Type '{number} NAME' or select the target's row")
    return choice.command(f'"{selected}"')
