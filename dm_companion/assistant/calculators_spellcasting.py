"""The calculator of a caster's prepared spells (`calculators`): "how many spells can a 5th-level
wizard with 18 Intelligence prepare" is the ability modifier plus the level, as each preparing
class's Spellcasting section says; the formula is read from that section, so the SRD keeps the
one copy of the rule (a paladin adds half the level, rounded down)."""

from __future__ import annotations

import functools
import re

from dm_companion.assistant.calculation import Calculation
from dm_companion.assistant.question_terms import ability_in, level_in, modifier_in, score_in
from dm_companion.srd.repository import srd
from dm_companion.srd.scores import ABILITIES, ABILITY_NAMES, modifier, signed

_PREPARING = "Preparing and Casting Spells"
_FORMULA = re.compile(r"equal to your (\w+) modifier \+ (half )?your \w+ level")


@functools.cache
def _formulas() -> dict[str, tuple[str, bool, str]]:
    """Each preparing class by its lowercase name: (the ability's abbreviation, whether half the
    level counts, the id of the section that says so)."""
    found = {}
    for entry in srd().classes.values():
        for section in (entry.data.get("spellcasting") or {}).get("info", []):
            match = _FORMULA.search(" ".join(section.get("desc", [])))
            if section["name"] == _PREPARING and match:
                ability = next(abbr for abbr in ABILITIES if ABILITY_NAMES[abbr] == match.group(1))
                source = f"class/{entry.index}#spellcasting-preparing-and-casting-spells"
                found[entry.name.lower()] = (ability, bool(match.group(2)), source)
    return found


def prepared_spells(q: str) -> Calculation | None:
    if not re.search(r"\bprepar", q):
        return None
    named = [name for name in _formulas() if re.search(rf"\b{name}s?\b", q)]
    level = level_in(q)
    if len(named) != 1 or level is None:
        return None
    ability, half, source = _formulas()[named[0]]
    score = score_in(q, f"(?P<ability>{ability}(?:{ABILITY_NAMES[ability].lower()[3:]})?)")
    mod = modifier(score[1]) if score else modifier_in(q)
    if mod is None or ability_in(q) not in (None, ability):  # "+2 Dex" is no spellcasting modifier
        return None
    how = f"{ABILITY_NAMES[ability]} {score[1]}" if score else "as given"
    counted = level // 2 if half else level
    total = max(1, mod + counted)
    levels = f"the {named[0]} level ({level})"
    if half:
        levels = f"half the {named[0]} level, rounded down ({counted})"
    return Calculation(
        f"{total}. A {named[0]} prepares a number of spells equal to the {ABILITY_NAMES[ability]} "
        f"modifier ({signed(mod)}, {how}) + {levels}, minimum one: {total}.",
        (source,),
        "prepared spells",
    )
