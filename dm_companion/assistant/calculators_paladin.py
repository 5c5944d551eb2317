"""The calculators of a paladin's features (`calculators`): Divine Smite's dice by the slot spent
and Aura of Protection's bonus to saves. Each formula is read from the feature's own text, so the
SRD keeps the one copy of the rule (a smite is 2d8 and 1d8 a slot level more; the aura adds the
Charisma modifier, at least +1)."""

from __future__ import annotations

import re

from dm_companion.assistant.calculation import Calculation
from dm_companion.assistant.question_terms import modifier_in, score_in, slot_level_in
from dm_companion.srd.repository import srd
from dm_companion.srd.scores import ABILITY_NAMES, modifier, signed
from dm_companion.wording import ordinal, with_article

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
    if not _SMITE.search(q):
        return None
    said = _SMITE_LEVEL.search(q)
    slot = slot_level_in(q) or (int(said.group(1) or said.group(2)) if said else None)
    feature = srd().get("feature", "divine-smite") if slot else None
    rule = _SMITE_RULE.search(feature.description) if feature else None
    if rule is None or not 1 <= slot <= 9:
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


# Aura of Protection's rule in its own words: the ability whose modifier is the bonus, and its least.
_AURA_RULE = re.compile(
    r"bonus to the saving throw equal to your (\w+) modifier \(with a minimum bonus of \+(\d+)\)"
)


def aura_of_protection(q: str) -> Calculation | None:
    """The aura's bonus to saves from the Charisma the question gives ("Aura of Protection with 16
    Charisma": +3); a question without the score or modifier is left to the feature's text."""
    feature = srd().get("feature", "aura-of-protection") if re.search(r"\baura of protection\b", q) else None
    rule = _AURA_RULE.search(feature.description) if feature else None
    if rule is None:
        return None
    ability = next(abbr for abbr, name in ABILITY_NAMES.items() if name == rule.group(1))
    score = score_in(q, f"(?P<ability>{ability}(?:{ABILITY_NAMES[ability].lower()[3:]})?)")
    mod = modifier(score[1]) if score else modifier_in(q)
    if mod is None:
        return None
    least = int(rule.group(2))
    bonus = max(least, mod)
    how = f"{rule.group(1)} {score[1]}" if score else "as given"
    return Calculation(
        f"{signed(bonus)} to saving throws. Aura of Protection adds the paladin's {rule.group(1)} modifier "
        f"({signed(mod)}, {how}), at least {signed(least)}, to the saves of the paladin and each friendly "
        "creature in the aura, while the paladin is conscious.",
        ("feature/aura-of-protection",),
        "aura of protection",
    )
