"""Changing one part of a built sheet: the words directly, a rules choice by rebuilding, and
nothing the rules derive (HP, AC, ...) by hand, so an edited sheet is as legal as a new one."""

from __future__ import annotations

import random

from dm_companion.characters import abilities, pronouns
from dm_companion.characters.builder import ALIGNMENTS, Builder, rebuild
from dm_companion.characters.sheet import Sheet
from dm_companion.dice import Dice
from dm_companion.errors import DMCError
from dm_companion.srd.scores import ABILITIES

WORDS = ("name", "pronouns", "appearance", "backstory")
CHOICES = {
    "race": "race",
    "subrace": "subrace",
    "class": "char_class",
    "level": "level",
    "background": "background",
    "alignment": "alignment",
    "method": "method",
}
DERIVED = {
    "max_hp": "hit die + CON per level",
    "hp": "hit die + CON per level",
    "ac": "armor and DEX",
    "armor_class": "armor and DEX",
    "speed": "race and class",
    "proficiency_bonus": "level",
    "skills": "race, background and class",
    "modifiers": "ability scores",
    "saving_throws": "class",
    "spell_slots": "class and level",
    "features": "class and level",
}
EDITABLE = (*WORDS, *CHOICES, *ABILITIES)


def edit(sheet: Sheet, builder: Builder, field: str, value: str) -> Sheet:
    """The sheet with `field` set to `value`, or one DMCError saying why not."""
    key = field.strip().lower().replace(" ", "_")
    value = value.strip()
    if key in WORDS:
        if key == "name" and not value:
            raise DMCError("a name cannot be empty")
        if key == "pronouns":
            value = pronouns.parse(value)
        updated = Sheet.from_dict(sheet.to_dict())
        setattr(updated, key, value)
        return updated
    if key in DERIVED:
        raise DMCError(f"{key} is worked out by the rules from {DERIVED[key]}; change those instead")
    if key in ABILITIES:
        if not value.lstrip("-").isdigit():
            raise DMCError(f"{key} takes a number, not '{value}'")
        scores = dict(sheet.base_scores) | {key: int(value)}
        return rebuild(sheet, builder, scores=scores)
    if key not in CHOICES:
        raise DMCError(f"cannot set '{field}'; editable: {', '.join(EDITABLE)}")
    if key == "level":
        if not value.isdigit():
            raise DMCError(f"level takes a number 1-20, not '{value}'")
        return rebuild(sheet, builder, level=int(value))
    if key == "alignment" and value.lower() not in ALIGNMENTS and value.lower() != "true neutral":
        raise DMCError(f"no alignment '{value}' (choose from {', '.join(ALIGNMENTS)})")
    changes: dict = {CHOICES[key]: value}
    if key == "race":
        changes["subrace"] = None  # the old subrace belongs to the old race
    if key in ("race", "subrace", "class", "method"):
        # New bonuses or a new primary ability: assign the scores afresh (4d6 keeps its dice).
        changes["scores"] = _reassigned(sheet, builder, changes) if key != "method" else None
    return rebuild(sheet, builder, **changes)


def _reassigned(sheet: Sheet, builder: Builder, changes: dict) -> dict[str, int] | None:
    if sheet.ability_method != "4d6":
        return None  # the array and the point-buy spread are regenerated, and fit any class
    draft = rebuild(sheet, builder, **changes, scores=None)
    values = sorted(sheet.base_scores.values(), reverse=True)
    return abilities.assign(values, _class_index(builder, draft.char_class), draft.racial_bonuses)


def _class_index(builder: Builder, name: str) -> str:
    return next(index for index, klass in builder.book.classes.items() if klass.name == name)


def reroll_scores(sheet: Sheet, builder: Builder, seed: int | None = None) -> Sheet:
    """New 4d6 rolls, placed for the class; the array and point buy have nothing to reroll."""
    if sheet.ability_method != "4d6":
        raise DMCError(
            f"{sheet.ability_method} scores are fixed; set method 4d6 to roll, or set a score directly"
        )
    seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    values = abilities.roll_4d6(Dice(seed))
    scores = abilities.assign(values, _class_index(builder, sheet.char_class), sheet.racial_bonuses)
    return rebuild(sheet, builder, scores=scores)
