"""Attacks rolled from stat blocks (DESIGN.md "Monsters act"): the `attack` event.

A monster attacks with one of its SRD actions (to-hit bonus, damage parts with their types); a
player character or custom combatant gives `bonus` and `damage_dice` (and `type`). Conditions
set advantage and disadvantage by the SRD without being told, and the log says why; explicit
`advantage`/`disadvantage` add to them, and both at once cancel. The d20 is the natural face: an
int, or two faces (the higher counts with advantage, the lower with disadvantage, else the
first). A natural 20 hits and is a critical, a natural 1 misses, else d20 + bonus >= AC hits; a
melee hit on a paralyzed or unconscious target is a critical. Each damage part goes through the
damage rules with its own type.

`resolve_attack` rolls what the DM did not give (seeded), so the stored event replays exactly;
`apply_attack` judges the event from its numbers alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from dm_companion.combat import beats
from dm_companion.combat.beats import Beat, LogLine
from dm_companion.combat.checks import Rejected, require_alive, target_of
from dm_companion.combat.hit_points import damage
from dm_companion.combat.recharge import spend
from dm_companion.combat.saves import roll_save, save_outcome
from dm_companion.combat.state import Combatant, Encounter
from dm_companion.dice import Dice, is_dice
from dm_companion.errors import DMCError
from dm_companion.srd.stat_block import SaveSpec, find, rider_of

ATTACKER_DISADVANTAGE = ("blinded", "frightened", "poisoned", "prone", "restrained")
TARGET_ADVANTAGE = ("blinded", "paralyzed", "restrained", "stunned", "unconscious")
MELEE_CRITICAL = ("paralyzed", "unconscious")
ROLLED = ("d20", "damage", "rolled", "rider_save", "rider_roll", "rider_damage")  # what resolving adds


@dataclass(frozen=True)
class Weapon:
    """What one attack rolls: its name, to-hit bonus, damage parts (dice, type) and reach."""

    name: str
    bonus: int
    parts: tuple[tuple[str, str | None], ...]
    melee: bool
    record: dict | None = None  # the stat block's action, when it is one
    rider: SaveSpec | None = None  # the save a hit forces (the ghoul's paralysis, the assassin's poison)


def weapon_for(event: dict, attacker: Combatant, records: list[dict] | None = None) -> Weapon:
    """The attacker's stat-block action named in the event (among `records`, its actions unless
    told), or the bonus and dice the event gives for a character; refused with the choices
    when neither is there."""
    if "bonus" in event or "damage_dice" in event:
        bonus, dice = event.get("bonus"), event.get("damage_dice")
        if isinstance(bonus, bool) or not isinstance(bonus, int) or not is_dice(str(dice or "")):
            raise Rejected(
                f"'attack' by {attacker.name} needs 'bonus' (a number) and 'damage_dice' (like 1d8+3)"
            )
        kind = str(event.get("type") or "").strip().lower() or None
        return Weapon(
            str(event.get("action") or "an attack"),
            bonus,
            ((str(dice), kind),),
            bool(event.get("melee", True)),
        )
    attacks = [
        a for a in (attacker.actions if records is None else records) if a.get("attack_bonus") is not None
    ]
    action = find(attacks, str(event.get("action") or ""))
    if action is not None:
        rider = rider_of(action)
        parts = tuple(
            part
            for part in (_part(p, bool(event.get("two_handed"))) for p in action.get("damage", []))
            if rider is None or part not in rider.parts
        )  # the rider's damage waits on its save
        return Weapon(
            action["name"],
            int(action["attack_bonus"]),
            parts,
            str(action.get("desc", "")).lower().startswith("melee"),
            action,
            rider,
        )
    choices = ", ".join(a["name"] for a in attacks) or "none: give 'bonus' and 'damage_dice'"
    raise Rejected(f"{attacker.name} has no attack '{event.get('action')}' (its attacks: {choices})")


def _part(part: dict, two_handed: bool) -> tuple[str, str | None]:
    """(dice, type) of one damage part; a versatile weapon's part offers one- and two-handed
    options: the one-handed unless the event says `two_handed`."""
    if "choose" in part:
        options = part["from"]["options"]
        wanted = [o for o in options if "two" in str(o.get("notes", "")).lower()] if two_handed else []
        part = (wanted or options)[0]
    return str(part["damage_dice"]).replace(" ", ""), part.get("damage_type", {}).get("index")


def advantage(
    event: dict, attacker: Combatant, target: Combatant, weapon: Weapon
) -> tuple[bool, bool, list[str]]:
    """(advantage, disadvantage, why) from the conditions and the event's own flags."""
    ups, downs = [], []
    downs += [f"{attacker.name} is {c}" for c in ATTACKER_DISADVANTAGE if c in attacker.conditions]
    ups += [f"{target.name} is {c}" for c in TARGET_ADVANTAGE if c in target.conditions]
    if "prone" in target.conditions:
        (ups if weapon.melee else downs).append(f"{target.name} is prone")
    if event.get("advantage"):
        ups.append("the DM says so")
    if event.get("disadvantage"):
        downs.append("the DM says so")
    why = ([f"advantage: {'; '.join(ups)}"] if ups else []) + (
        [f"disadvantage: {'; '.join(downs)}"] if downs else []
    )
    return bool(ups), bool(downs), why


def natural(d20, up: bool, down: bool) -> int:
    """The face that counts: with advantage the higher of two, with disadvantage the lower."""
    faces = d20 if isinstance(d20, list) else [d20]
    if (
        not faces
        or any(isinstance(f, bool) or not isinstance(f, int) or not 1 <= f <= 20 for f in faces)
        or len(faces) > 2
    ):
        raise Rejected(f"'d20' is the natural face (1-20) or two of them, not {d20!r}")
    if up and not down:
        return max(faces)
    if down and not up:
        return min(faces)
    return faces[0]


def _sides(encounter: Encounter, event: dict) -> tuple[Combatant, Combatant]:
    attacker = target_of(encounter, event, "attacker")
    require_alive(attacker, "attack")
    if attacker.hp == 0:
        raise Rejected(f"{attacker.name} is at 0 HP and can't attack")
    target = target_of(encounter, event)
    if target.dead:
        raise Rejected(f"{target.name} is already dead")
    return attacker, target


def _outcome(face: int, bonus: int, target: Combatant, weapon: Weapon) -> tuple[bool, bool]:
    """(hit, critical)."""
    hit = face == 20 or (face != 1 and face + bonus >= target.ac)
    critical = hit and (face == 20 or (weapon.melee and any(c in target.conditions for c in MELEE_CRITICAL)))
    return hit, critical


def resolve_attack(event: dict, encounter: Encounter, dice: Dice, records: list[dict] | None = None) -> dict:
    """The event with its d20 and damage rolled where the DM gave none."""
    attacker, target = _sides(encounter, event)
    weapon = weapon_for(event, attacker, records)
    up, down, _ = advantage(event, attacker, target, weapon)
    resolved = dict(event)
    try:
        if event.get("d20") is None:
            faces = [dice.roll("1d20").total for _ in range(2 if up != down else 1)]
            resolved["d20"] = faces if len(faces) == 2 else faces[0]
        hit, critical = _outcome(natural(resolved["d20"], up, down), weapon.bonus, target, weapon)
        if hit and event.get("damage") is None:
            rolls = [(dice.roll_twice(d) if critical else dice.roll(d)) for d, _ in weapon.parts]
            resolved["damage"] = [r.total for r in rolls]
            resolved["rolled"] = [r.detail for r in rolls]
        if hit and weapon.rider is not None:
            if event.get("rider_save") is None:
                resolved["rider_save"], resolved["rider_roll"] = roll_save(target, weapon.rider.ability, dice)
            if event.get("rider_damage") is None and weapon.rider.parts:
                rolls = [dice.roll(d) for d, _ in weapon.rider.parts]
                resolved["rider_damage"] = [r.total for r in rolls]
    except DMCError as exc:
        raise Rejected(str(exc)) from None
    return resolved


def apply_attack(encounter: Encounter, event: dict, records: list[dict] | None = None) -> list[str]:
    attacker, target = _sides(encounter, event)
    weapon = weapon_for(event, attacker, records)
    spend(attacker, weapon.record)
    up, down, why = advantage(event, attacker, target, weapon)
    face = natural(event.get("d20"), up, down)
    hit, critical = _outcome(face, weapon.bonus, target, weapon)
    faces = event["d20"] if isinstance(event["d20"], list) else [event["d20"]]
    shown = f"d20 {face}" + (f" (rolled {faces[0]} and {faces[1]})" if len(faces) == 2 else "")
    verdict = "critical hit" if critical else "hit" if hit else "miss"
    lines = [
        LogLine(
            f"{attacker.name} attacks {target.name} with {weapon.name}: {shown} {weapon.bonus:+d} = "
            f"{face + weapon.bonus} vs AC {target.ac}: {verdict}" + (f" ({'; '.join(why)})" if why else ""),
            Beat(beats.ATTACK, who=attacker.name, whom=target.name, what=weapon.name, how=verdict),
        )
    ]
    if not hit:
        return lines
    amounts = event.get("damage")
    if (
        not isinstance(amounts, list)
        or len(amounts) != len(weapon.parts)
        or any(isinstance(a, bool) or not isinstance(a, int) or a < 0 for a in amounts)
    ):
        raise Rejected(
            f"'damage' is one whole number per damage part of {weapon.name} ({len(weapon.parts)}), "
            f"not {amounts!r}"
        )
    rolled = event.get("rolled") if isinstance(event.get("rolled"), list) else [None] * len(amounts)
    for number, (amount, (_, kind), detail) in enumerate(zip(amounts, weapon.parts, rolled)):
        if target.dead:  # an earlier part killed it
            break
        lines += damage(
            encounter,
            {
                "op": "damage",
                "target": target.name,
                "amount": amount,
                "type": kind,
                "critical": critical,
                "rolled": detail,
                "same_hit": number > 0,
            },
        )
    if weapon.rider is not None and not target.dead:
        extra = event.get("rider_damage") or []
        if len(extra) != len(weapon.rider.parts):
            raise Rejected(
                f"'rider_damage' is one number per damage part of the save ({len(weapon.rider.parts)})"
            )
        lines.append(f"{weapon.name} calls for a DC {weapon.rider.dc} {weapon.rider.ability.upper()} save")
        lines += save_outcome(
            encounter, target, weapon.rider, extra, event.get("rider_save"), event.get("rider_roll")
        )
    return lines
