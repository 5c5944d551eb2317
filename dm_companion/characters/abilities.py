"""Ability scores: the three generation methods, the DM's own scores checked against them, and
the assignment of a set of scores to abilities so the class's primary ability comes out highest.
"""

from __future__ import annotations

import random

from dm_companion.dice import Dice
from dm_companion.errors import DMCError
from dm_companion.srd.scores import ABILITIES, METHODS

STANDARD_ARRAY = (15, 14, 13, 12, 10, 8)
POINT_BUY_BUDGET = 27
POINT_BUY_COST = {8: 0, 9: 1, 10: 2, 11: 3, 12: 4, 13: 5, 14: 7, 15: 9}
# A point-buy spread that spends all 27 points and differs from the standard array: two
# abilities at 15 for classes that lean on two (paladin STR and CHA, monk DEX and WIS).
POINT_BUY_SPREAD = (15, 15, 13, 10, 10, 8)

# Abilities in the order each class wants them: the first is the primary ability.
PRIORITIES = {
    "barbarian": ("str", "con", "dex", "wis", "cha", "int"),
    "bard": ("cha", "dex", "con", "wis", "int", "str"),
    "cleric": ("wis", "con", "str", "dex", "cha", "int"),
    "druid": ("wis", "con", "dex", "int", "cha", "str"),
    "fighter": ("str", "con", "dex", "wis", "int", "cha"),
    "monk": ("dex", "wis", "con", "str", "int", "cha"),
    "paladin": ("str", "cha", "con", "wis", "dex", "int"),
    "ranger": ("dex", "wis", "con", "str", "int", "cha"),
    "rogue": ("dex", "con", "int", "wis", "cha", "str"),
    "sorcerer": ("cha", "con", "dex", "wis", "int", "str"),
    "warlock": ("cha", "con", "dex", "wis", "int", "str"),
    "wizard": ("int", "con", "dex", "wis", "cha", "str"),
}
MAX_SCORE = 20


def point_buy_cost(scores: list[int] | tuple[int, ...]) -> int:
    """The points a set of base scores costs; a score outside 8-15 cannot be bought at all."""
    for score in scores:
        if score not in POINT_BUY_COST:
            raise DMCError(
                f"point buy allows scores 8-15 only, not {score} "
                f"(costs: {', '.join(f'{s}:{c}' for s, c in POINT_BUY_COST.items())})"
            )
    return sum(POINT_BUY_COST[s] for s in scores)


def roll_4d6(dice: Dice) -> list[int]:
    """Six scores, each the highest three of four six-sided dice, highest first."""
    return sorted((dice.roll("4d6kh3").total for _ in ABILITIES), reverse=True)


def generate(method: str, dice: Dice) -> list[int]:
    if method == "standard-array":
        return list(STANDARD_ARRAY)
    if method == "point-buy":
        return list(POINT_BUY_SPREAD)
    if method == "4d6":
        return roll_4d6(dice)
    raise DMCError(f"unknown ability method '{method}'; choose one of {', '.join(METHODS)}")


def check_scores(method: str, scores: dict[str, int]) -> None:
    """Refuses base scores the method could not have produced, saying which rule they break."""
    if set(scores) != set(ABILITIES):
        raise DMCError(f"base scores need all six abilities ({', '.join(ABILITIES)})")
    values = [scores[a] for a in ABILITIES]
    if method == "standard-array":
        if sorted(values, reverse=True) != list(STANDARD_ARRAY):
            raise DMCError(
                "the standard array is 15, 14, 13, 12, 10, 8, each used once; got "
                + ", ".join(map(str, values))
            )
    elif method == "point-buy":
        cost = point_buy_cost(values)
        if cost > POINT_BUY_BUDGET:
            raise DMCError(f"those scores cost {cost} points; point buy has {POINT_BUY_BUDGET}")
    elif method == "4d6":
        bad = [v for v in values if not 3 <= v <= 18]
        if bad:
            raise DMCError(f"4d6 drop lowest gives 3-18, not {bad[0]}")
    else:
        raise DMCError(f"unknown ability method '{method}'; choose one of {', '.join(METHODS)}")


def assign(values: list[int], class_index: str, bonuses: dict[str, int]) -> dict[str, int]:
    """Puts the highest value on the primary ability, then fills the class's other abilities in
    order with the highest value that does not lift them (with their racial bonus) above the
    primary: a dwarf wizard gets INT 15 and CON 13+2, not CON 14+2 over INT 15."""
    order = PRIORITIES[class_index]
    left = sorted(values, reverse=True)
    primary = order[0]
    result = {primary: left.pop(0)}
    ceiling = result[primary] + bonuses.get(primary, 0)
    for ability in order[1:]:
        fitting = [v for v in left if v + bonuses.get(ability, 0) <= ceiling]
        value = fitting[0] if fitting else left[-1]
        left.remove(value)
        result[ability] = value
    return {a: result[a] for a in ABILITIES}


def half_elf_choices(class_index: str, choose: int, options: list[str]) -> list[str]:
    """The half-elf's free +1s go to the class's most wanted abilities the race allows."""
    return [a for a in PRIORITIES[class_index] if a in options][:choose]


def improvements(count: int, scores: dict[str, int], class_index: str) -> dict[str, int]:
    """Ability Score Improvements (+2 each) spent down the class's priorities, none above 20."""
    added = dict.fromkeys(ABILITIES, 0)
    points = 2 * count
    for ability in PRIORITIES[class_index]:
        room = MAX_SCORE - scores[ability]
        step = min(room, points)
        added[ability] += step
        points -= step
        if not points:
            break
    return {a: v for a, v in added.items() if v}


def pick(rng: random.Random, options: list, count: int = 1) -> list:
    """A seeded choice that keeps the options' order (so sheets read naturally)."""
    chosen = set(rng.sample(range(len(options)), min(count, len(options))))
    return [option for i, option in enumerate(options) if i in chosen]
