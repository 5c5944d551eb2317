"""What a DM works out at the table, computed exactly: the rule applied to the question's numbers.

"A wizard concentrating takes 30 damage: what DC?" is not a stat of the wizard and not a passage to
quote; it is max(10, 30 // 2). Each calculator recognises its kind of question by its topic words
(concentration, modifier, carrying capacity...) and the numbers it needs, answers with the result
first and the arithmetic after, and names the SRD section whose rule it applied as the source. A
question with the topic but without the numbers is left to the fact engine and the passages.
The calculators of a creature's numbers are in `calculators_creatures`, those of the world's
(carrying, jumping, falling, cover, breath, travel) in `calculators_adventure`, a caster's
prepared spells in `calculators_spellcasting`, a paladin's smite and aura in `calculators_paladin`,
an unarmored class's AC and a weapon's critical-hit dice in `calculators_equipment`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dm_companion.assistant.calculation import Calculation
from dm_companion.assistant.calculators_adventure import (
    carrying,
    cover,
    falling,
    hold_breath,
    jumping,
    travel,
)
from dm_companion.assistant.calculators_creatures import (
    ability_modifier,
    class_hit_points,
    concentration_dc,
    death_save,
    experience,
    instant_death,
    margin,
    passive,
    proficiency_by_cr,
    spell_attack,
    spell_save_dc,
)
from dm_companion.assistant.calculators_equipment import critical_damage, unarmored_defense
from dm_companion.assistant.calculators_paladin import aura_of_protection, divine_smite
from dm_companion.assistant.calculators_spellcasting import prepared_spells
from dm_companion.assistant.question_terms import with_digits

CALCULATORS: tuple[Callable[[str], Calculation | None], ...] = (
    concentration_dc,
    spell_save_dc,
    spell_attack,
    passive,
    carrying,
    jumping,
    hold_breath,
    falling,
    instant_death,
    death_save,
    cover,
    critical_damage,
    experience,
    proficiency_by_cr,
    travel,
    class_hit_points,
    prepared_spells,
    divine_smite,
    aura_of_protection,
    unarmored_defense,
    ability_modifier,
    margin,
)


# What the sentence that asks must say for a calculator's result to be what it asks for: a long
# question's own numbers around it ("my rogue has +3 Dex... do I add it twice?") are not a request
# to compute from them.
ASKED_FOR = {
    "concentration DC": r"concentrat|\bdc\b",
    "ability modifier": r"\bmod(ifier)?s?\b",
    "proficiency bonus by CR": r"proficien",
    "spell save DC": r"save dc|spell ?save|\bdc\b",
    "spell attack bonus": r"spell ?attack|to.hit",
    "experience by CR": r"\bxp\b|experience",
    "death save": r"death sav|death roll",
    "death saves": r"death sav|death roll|stabili|how many",
    "instant death": r"instant|outright|massive|\bdie|dead|kill",
    "passive check": r"passive",
    "critical hit": r"\bcrit|\b\d*d\d+\b",  # "is it 2d4+1 or 2d4+2?" asks for the dice
    "carrying capacity": r"carry|lift|push|drag|encumb",
    "push, drag or lift": r"push|drag|lift|heave",
    "long jump": r"jump",
    "high jump": r"jump",
    "falling damage": r"\bfall|\bfell|\bdrop",
    "cover": r"\bcover",
    "holding breath": r"breath|suffocat|underwater",
    "travel pace": r"travel|march|\bpace|miles",
    "hit points by level": r"\bhit points?\b|\bhp\b|\bhealth\b",
    "prepared spells": r"prepar",
    "divine smite": r"\bsmit|\bd8|\bdice|damage|how (?:much|many)",
    "aura of protection": r"\bsav(?:e|es|ing)\b|\bbonus\b|how (?:much|many)",
    "unarmored defense": r"\bac\b|armou?r class",
    "margin": r"\bby \d+ or more|\bat \d+|\bwhat (?:roll|total|number)|which (?:roll|total|number)",
}


def asked_for(calculation: Calculation, asked: str) -> bool:
    """Whether `asked` (the sentences that ask) asks for what `calculation` computes."""
    return re.search(ASKED_FOR[calculation.calculator], asked.lower()) is not None


def calculate(question: str) -> Calculation | None:
    """The first calculator that finds its topic and its numbers in the question, or None."""
    lowered = with_digits(" ".join(question.lower().replace("’", "'").split()))
    for calculator in CALCULATORS:
        result = calculator(lowered)
        if result is not None:
            return result
    return None
