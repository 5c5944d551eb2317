"""Actions that call for saving throws (DESIGN.md "Monsters act": `save_action`): a breath
weapon, a frightful presence, a wing attack, or a character's spell on many targets.

The action is one of the actor's stat-block actions with a DC (read by `stat_block.save_of`,
where the text wins over a record that disagrees with it), or the event's own `dc`, `ability`,
`damage` (a number or dice), `type`, `half` and `condition`. Damage is rolled once for all
targets. Each target's total is the DM's (`saves`) or rolled with its own save bonus (a
restrained creature rolls Dexterity saves twice and keeps the lower); a paralyzed, petrified,
stunned or unconscious target fails Strength and Dexterity saves whatever it rolled. A failure
takes the full damage and the condition, a success half (rounded down) where the action says so,
else nothing; then resistances and the rest of the damage rules. A target named in
`legendary_resistance` turns its failure into a success with one of its day's uses.
"""

from __future__ import annotations

from dm_companion.combat import beats
from dm_companion.combat.beats import Beat, LogLine
from dm_companion.combat.checks import Rejected, require_alive, target_of
from dm_companion.combat.conditions import fails_automatically, gain
from dm_companion.combat.hit_points import damage
from dm_companion.combat.recharge import spend
from dm_companion.combat.state import Combatant, Encounter
from dm_companion.dice import Dice, is_dice
from dm_companion.errors import DMCError
from dm_companion.srd.scores import ABILITIES
from dm_companion.srd.stat_block import SaveSpec, find, save_of
from dm_companion.srd.tables import CONDITIONS


def _actor(encounter: Encounter, event: dict) -> Combatant:
    actor = target_of(encounter, event, "actor")
    require_alive(actor, "act")
    if actor.hp == 0:
        raise Rejected(f"{actor.name} is at 0 HP and can't act")
    return actor


def spec_for(
    event: dict, actor: Combatant, records: list[dict] | None = None
) -> tuple[str, SaveSpec, dict | None]:
    """(the action's name, its save, its record) from the stat block or the event's own fields."""
    if event.get("action") and "dc" not in event:
        pool = actor.actions + actor.special_abilities if records is None else records
        record = find(pool, str(event["action"]))
        spec = save_of(record) if record else None
        if spec is None:
            choices = ", ".join(r["name"] for r in pool if save_of(r)) or "none: give 'dc' and 'ability'"
            raise Rejected(
                f"{actor.name} has no action with a saving throw named '{event['action']}' "
                f"(its save actions: {choices})"
            )
        return record["name"], spec, record
    dc, ability = event.get("dc"), str(event.get("ability") or "").strip().lower()[:3]
    if isinstance(dc, bool) or not isinstance(dc, int) or not 1 <= dc <= 30 or ability not in ABILITIES:
        raise Rejected(
            f"'save_action' needs an SRD 'action' or 'dc' (1-30) and 'ability' ({', '.join(ABILITIES)})"
        )
    amount = event.get("damage")
    parts = (
        ()
        if amount is None
        else (
            (
                str(amount[0] if isinstance(amount, list) else amount),
                str(event.get("type") or "").strip().lower() or None,
            ),
        )
    )
    condition = str(event.get("condition") or "").strip().lower() or None
    if condition is not None and condition not in CONDITIONS:
        raise Rejected(f"'{condition}' is not a condition (conditions: {', '.join(CONDITIONS)})")
    rounds = event.get("rounds")
    if rounds is not None and (isinstance(rounds, bool) or not isinstance(rounds, int) or rounds < 1):
        raise Rejected(f"'rounds' is a whole number of rounds, not {rounds!r}")
    return (
        str(event.get("action") or "a spell"),
        SaveSpec(dc, ability, parts, bool(event.get("half")), condition, rounds),
        None,
    )


def _targets(encounter: Encounter, event: dict) -> list[Combatant]:
    names = event.get("targets")
    if not isinstance(names, list) or not names:
        raise Rejected("'save_action' needs 'targets', a list of names")
    targets = [target_of(encounter, {"op": "save_action", "target": name}) for name in names]
    if len({t.name for t in targets}) != len(targets):
        raise Rejected("a creature is named twice in 'targets'")
    for target in targets:
        if target.dead:
            raise Rejected(f"{target.name} is already dead")
    return targets


def resolve_save_action(
    event: dict, encounter: Encounter, dice: Dice, records: list[dict] | None = None
) -> dict:
    """The event with the damage and every missing save rolled."""
    actor = _actor(encounter, event)
    _, spec, _ = spec_for(event, actor, records)
    targets = _targets(encounter, event)
    resolved = dict(event)
    try:
        amount = event.get("damage")
        if spec.parts and (amount is None or is_dice(amount)):
            rolls = [dice.roll(amount if is_dice(amount) else part) for part, _ in spec.parts]
            resolved.update(damage=[r.total for r in rolls], rolled=[r.detail for r in rolls])
        given = event.get("saves") if isinstance(event.get("saves"), dict) else {}
        saves, details = dict(given), {}
        for target in targets:
            if target.name not in given:
                saves[target.name], details[target.name] = roll_save(target, spec.ability, dice)
    except DMCError as exc:
        raise Rejected(str(exc)) from None
    resolved.update(saves=saves, save_rolls=details)
    return resolved


def roll_save(target: Combatant, ability: str, dice: Dice) -> tuple[int, str]:
    """(total, detail) of the target's save with its own bonus; a restrained creature rolls a
    Dexterity save twice and keeps the lower."""
    bonus = target.save_bonuses.get(ability, 0)
    twice = ability == "dex" and "restrained" in target.conditions
    kept = min((dice.roll(f"1d20{bonus:+d}") for _ in range(2 if twice else 1)), key=lambda r: r.total)
    return kept.total, kept.detail + (" (lower of two: restrained)" if twice else "")


def _amounts(event: dict, spec: SaveSpec) -> list[int]:
    given = event.get("damage")
    amounts = [] if given is None else given if isinstance(given, list) else [given]
    if len(amounts) != len(spec.parts) or any(
        isinstance(a, bool) or not isinstance(a, int) or a < 0 for a in amounts
    ):
        raise Rejected(f"'damage' is one whole number per damage part ({len(spec.parts)}), not {given!r}")
    return amounts


def apply_save_action(encounter: Encounter, event: dict, records: list[dict] | None = None) -> list[str]:
    actor = _actor(encounter, event)
    name, spec, record = spec_for(event, actor, records)
    targets = _targets(encounter, event)
    amounts = _amounts(event, spec)
    saves = event.get("saves") or {}
    resisting = set(event.get("legendary_resistance") or [])
    spend(actor, record)
    rolled = event.get("rolled") or [None] * len(amounts)
    hurt = ", ".join(
        f"{a} {kind or ''} damage".replace("  ", " ") + (f" ({r})" if r else "")
        for a, (_, kind), r in zip(amounts, spec.parts, rolled)
    )
    lines = [
        LogLine(
            f"{actor.name} uses {name}: DC {spec.dc} {spec.ability.upper()} save"
            + (f", {hurt}" + (", half on a success" if spec.half else "") if amounts else "")
            + (f", {spec.condition} on a failure" if spec.condition else ""),
            Beat(beats.USES, who=actor.name, what=name, ability=spec.ability),
        )
    ]
    details = event.get("save_rolls") or {}
    for target in targets:
        lines += save_outcome(
            encounter,
            target,
            spec,
            amounts,
            saves.get(target.name),
            details.get(target.name),
            target.name in resisting,
        )
    return lines


def save_outcome(
    encounter: Encounter,
    target: Combatant,
    spec: SaveSpec,
    amounts: list[int],
    total,
    detail: str | None,
    resists: bool = False,
) -> list[str]:
    """One target's save against `spec`: the verdict, then the damage (`amounts`, one per part)
    and the condition a failure brings."""
    if isinstance(total, bool) or not isinstance(total, int):
        raise Rejected(f"no save total for {target.name} (a whole number in 'saves')")
    auto = fails_automatically(target, spec.ability)
    success = total >= spec.dc and auto is None
    how = f" ({detail})" if detail else ""
    line = f"{target.name}: {spec.ability.upper()} save {total}{how} vs DC {spec.dc}: " + (
        "succeeds" if success else f"fails automatically ({auto})" if auto else "fails"
    )
    if resists and not success:
        if target.resistance_left == 0:
            raise Rejected(f"{target.name} has no Legendary Resistance left")
        target.resistance_left -= 1
        success, line = (
            True,
            line
            + (
                f", then succeeds by Legendary Resistance "
                f"({target.resistance_left}/{target.resistance_max} left)"
            ),
        )
    elif resists:
        raise Rejected(f"{target.name} succeeded on its own; Legendary Resistance is for a failed save")
    said = Beat(beats.SAVE, whom=target.name, how="succeeds" if success else "fails", ability=spec.ability)
    lines = [LogLine(line, said)]
    for number, (amount, (_, kind)) in enumerate(zip(amounts, spec.parts)):
        taken = amount if not success else amount // 2 if spec.half else 0
        if taken and not target.dead:
            lines += damage(
                encounter,
                {
                    "op": "damage",
                    "target": target.name,
                    "amount": taken,
                    "type": kind,
                    "same_hit": number > 0,
                },
            )
    if not success and spec.condition and not target.dead and not target.down:
        if spec.condition in target.condition_immunities:
            lines.append(f"{target.name} is immune to being {spec.condition}")
        else:
            lines += gain(target, spec.condition, spec.rounds)
    return lines
