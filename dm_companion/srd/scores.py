"""Ability scores and the numbers every rule reads from them: the six abilities, the modifier
of a score, the proficiency bonus by level or CR, a bonus written with its sign."""

from __future__ import annotations

ABILITIES = ("str", "dex", "con", "int", "wis", "cha")
METHODS = ("standard-array", "point-buy", "4d6")  # the SRD's ways to make a character's scores
ABILITY_NAMES = {
    "str": "Strength",
    "dex": "Dexterity",
    "con": "Constitution",
    "int": "Intelligence",
    "wis": "Wisdom",
    "cha": "Charisma",
}


def modifier(score: int) -> int:
    return (score - 10) // 2


def proficiency_for(level_or_cr: float) -> int:
    """The proficiency bonus at a character level, or at a challenge rating (CR 0 to 4: +2)."""
    return 2 + (max(int(level_or_cr), 1) - 1) // 4


def signed(number: int) -> str:
    return f"+{number}" if number >= 0 else str(number)
