"""The calculators of what a spell slot buys (`calculators`): a caster's prepared spells ("how many
spells can a 5th-level wizard with 18 Intelligence prepare" is the ability modifier plus the
level, as each preparing class's Spellcasting section says) and a paladin's Divine Smite dice by
the slot spent. Each formula is read from the SRD's own text, so the SRD keeps the one copy of the
rule (a paladin adds half the level, rounded down; a smite is 2d8 and 1d8 a slot level more)."""

from __future__ import annotations

import functools
import re

from dm_companion.assistant.calculation import Calculation
from dm_companion.assistant.question_terms import ability_in, level_in, modifier_in, score_in, slot_level_in
from dm_companion.srd.repository import srd
from dm_companion.srd.scores import ABILITIES, ABILITY_NAMES, modifier, signed
from dm_companion.wording import ordinal, with_article

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


# Divine Smite's rule in its own words: the dice of a 1st-level slot, the die a level higher adds,
# the cap, and the kinds of target that take a die more.
_SMITE_RULE = re.compile(
    r"(\d+)d(\d+) for a 1st-level spell slot, plus 1d\d+ for each spell level higher than 1st, "
    r"to a maximum of (\d+)d\d+\. The damage increases by 1d\d+ if the target is an? (\w+) or an? (\w+)"
)
_SMITE = re.compile(r"\bsmit(?:e|es|ing)\b")
# The slot a smite spends, said of the smite ("a 3rd level smite", "smite at 2nd level").
_SMITE_LEVEL = re.compile(
    r"\b(\d)(?:st|nd|rd|th)?[- ]level (?:divine )?smite"
    r"|\bsmit\w* (?:at|with) (?:an? )?(\d)(?:st|nd|rd|th)?[- ]level\b"
)


def divine_smite(q: str) -> Calculation | None:
    """A smite's radiant dice: "smites with a 2nd level slot against a zombie" is 3d8, and 4d8
    because the SRD's Zombie is undead. A smite without its slot is left to the feature's text."""
    said = _SMITE_LEVEL.search(q) if _SMITE.search(q) else None
    slot = slot_level_in(q) or (int(said.group(1) or said.group(2)) if said else None)
    feature = srd().get("feature", "divine-smite")
    rule = _SMITE_RULE.search(feature.description) if feature and slot else None
    if rule is None or not _SMITE.search(q) or not 1 <= slot <= 9:
        return None
    first, die, most, *kinds = rule.groups()
    dice = min(int(first) + slot - 1, int(most))
    sources = ["feature/divine-smite"]
    target = next((kind for kind in kinds if re.search(rf"\b{kind}s?\b", q)), None)
    for mention in srd().mentions(q) if target is None else ():
        if mention.entry.kind == "monster" and mention.entry.data.get("type") in kinds:
            target = mention.entry.data["type"]
            sources.append(f"monster/{mention.entry.index}")
            break
    capped = f", capped at {most}d{die}" if int(first) + slot - 1 > int(most) else ""
    extra = f" + 1d{die}, the target being {with_article(target, capital=False)}" if target else ""
    total = f"{dice + bool(target)}d{die}"
    return Calculation(
        f"{total} radiant damage, on top of the weapon's. Divine Smite with a {ordinal(slot)}-level slot: "
        f"{first}d{die} for a 1st-level slot + 1d{die} for each level above it ({dice}d{die}{capped})"
        f"{extra}{f' = {total}' if target else ''}.",
        tuple(sources),
        "divine smite",
    )
