"""What a DM works out at the table, computed exactly: the rule applied to the question's numbers.

"A wizard concentrating takes 30 damage: what DC?" is not a stat of the wizard and not a passage to
quote; it is max(10, 30 // 2). Each calculator recognises its kind of question by its topic words
(concentration, modifier, carrying capacity...) and the numbers it needs, answers with the result
first and the arithmetic after, and names the SRD section whose rule it applied as the source. A
question with the topic but without the numbers is left to the fact engine and the passages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from dm_companion.assistant.question_terms import (
    CR,
    cr_text,
    cr_value,
    level_in,
    modifier_in,
    number_before,
    score_in,
    with_digits,
)
from dm_companion.srd.scores import ABILITIES, ABILITY_NAMES, modifier, proficiency_for, signed
from dm_companion.srd.tables import XP_BY_CR


@dataclass(frozen=True)
class Calculation:
    text: str
    sources: tuple[str, ...]  # the SRD passages whose rule was applied ("rule/cover#cover",)
    calculator: str


# --- the calculators ---------------------------------------------------------------------------


def concentration_dc(q: str) -> Calculation | None:
    if "concentrat" not in q:
        return None
    damage = number_before(q, r"(?:damage|dmg|hp|hit points?)") or (
        int(m.group(1))
        if (m := re.search(r"\b(?:takes?|took|taking|hit for|deals?|dealt)\s+(\d+)\b", q))
        else None
    )
    if damage is None:
        return None
    dc = max(10, damage // 2)
    why = f"half of {damage} is {damage // 2}, below 10" if damage // 2 < 10 else f"half of {damage} is {dc}"
    return Calculation(
        f"DC {dc}. A creature concentrating that takes damage makes a Constitution saving "
        f"throw against DC 10 or half the damage, whichever is higher ({why}).",
        ("rule/casting-a-spell#concentration",),
        "concentration DC",
    )


def ability_modifier(q: str) -> Calculation | None:
    if not re.search(r"\bmod(ifier)?s?\b|\bscore bonus\b", q) or re.search(
        r"spell|save dc|attack|passive|carry|jump", q
    ):
        return None
    found = score_in(q)
    if found is None:
        match = re.search(r"\b(?:a|of|for|with|an?)\s+(\d{1,2})\b", q)
        if not match or not 1 <= int(match.group(1)) <= 30:
            return None
        found = ("", int(match.group(1)))
    ability, score = found
    label = f"{ABILITY_NAMES[ability]} " if ability in ABILITIES else ""
    return Calculation(
        f"{signed(modifier(score))}. A {label}score of {score} gives a modifier of "
        f"{signed(modifier(score))}: subtract 10 from the score and halve the result, rounding "
        f"down (({score} - 10) / 2).",
        ("rule/ability-scores-and-modifiers#ability-scores-and-modifiers",),
        "ability modifier",
    )


def proficiency_by_cr(q: str) -> Calculation | None:
    match = re.search(CR, q)
    if "proficiency" not in q or not match:
        return None
    cr = cr_value(match["cr"])
    bonus = proficiency_for(cr)
    return Calculation(
        f"+{bonus}. A creature of challenge {cr_text(cr)} has a proficiency bonus of +{bonus} "
        f"(+2 up to CR 4, then +1 for every 4 more: CR 5-8 +3, 9-12 +4, 13-16 +5, 17-20 +6, "
        f"21-24 +7, 25-28 +8, 29-30 +9).",
        ("rule/proficiency-bonus#proficiency-bonus",),
        "proficiency bonus by CR",
    )


def _caster_numbers(q: str) -> tuple[int, str, int, str] | None:
    """(proficiency bonus, how it was found, ability modifier, how it was found) from the question."""
    level = level_in(q)
    given = re.search(r"proficiency(?: bonus)?\s*(?:of|is)?\s*\+?(\d)\b|\+(\d)\s*proficiency", q)
    if given:
        proficiency, where = int(given.group(1) or given.group(2)), "the proficiency bonus given"
    elif level:
        proficiency, where = proficiency_for(level), f"+{proficiency_for(level)} at level {level}"
    else:
        return None
    score = score_in(q)
    if score is not None:
        ability, value = score
        label = ABILITY_NAMES.get(ability, "ability")
        return proficiency, where, modifier(value), f"{signed(modifier(value))} from {label} {value}"
    mod = modifier_in(q)
    if mod is None:
        return None
    return proficiency, where, mod, f"{signed(mod)} as given"


def spell_save_dc(q: str) -> Calculation | None:
    if not re.search(r"(spell )?save dc|spell ?save|dc (of|for) (my|their|his|her|a) spells?", q):
        return None
    numbers = _caster_numbers(q)
    if numbers is None:
        return None
    proficiency, where, mod, how = numbers
    dc = 8 + proficiency + mod
    return Calculation(
        f"DC {dc}. Spell save DC = 8 + proficiency bonus ({where}) + spellcasting ability "
        f"modifier ({how}) = 8 + {proficiency} + {mod} = {dc}.",
        ("rule/casting-a-spell#spell-saving-throws",),
        "spell save DC",
    )


def spell_attack(q: str) -> Calculation | None:
    if not re.search(r"spell ?attack", q):
        return None
    numbers = _caster_numbers(q)
    if numbers is None:
        return None
    proficiency, where, mod, how = numbers
    bonus = proficiency + mod
    return Calculation(
        f"{signed(bonus)}. Spell attack bonus = spellcasting ability modifier ({how}) + "
        f"proficiency bonus ({where}) = {mod} + {proficiency} = {signed(bonus)}.",
        ("rule/casting-a-spell#spell-attack-rolls",),
        "spell attack bonus",
    )


def experience(q: str) -> Calculation | None:
    if not re.search(r"\bxp\b|experience", q):
        return None
    groups = re.findall(
        r"(?:\b(\d+)\s*(?:x\s*)?(?:[a-z'-]+\s+){0,2}(?:of\s+)?\(?\s*)?"
        r"(?:cr|challenge(?: rating)?)\s*(\d+/\d+|\d+(?:\.\d+)?)",
        q,
    )
    if not groups:
        return None
    parts, total = [], 0
    for count_text, given in groups:
        cr = cr_value(given)
        if cr not in XP_BY_CR:
            return None
        count = int(count_text) if count_text else 1
        total += count * XP_BY_CR[cr]
        parts.append(
            f"{count} x CR {cr_text(cr)} ({XP_BY_CR[cr]:,} XP each)"
            if count > 1
            else f"CR {cr_text(cr)} ({XP_BY_CR[cr]:,} XP)"
        )
    if len(parts) == 1 and not groups[0][0]:
        text = (
            f"{total:,} XP. A creature of challenge {cr_text(cr_value(groups[0][1]))} is worth {total:,} XP."
        )
    else:
        text = f"{total:,} XP in all: " + " + ".join(parts) + "."
    return Calculation(text, _monsters_worth([cr_value(cr) for _, cr in groups]), "experience by CR")


def _monsters_worth(crs: list[float]) -> tuple[str, ...]:
    """An SRD monster of each challenge rating that is worth the table's XP: where the SRD states
    that XP (its monster chapter's table is not among the passages)."""
    from dm_companion.srd.repository import srd

    found = []
    for cr in dict.fromkeys(crs):
        example = next(
            (
                m
                for m in srd().monsters.values()
                if m.challenge_rating == cr and m.data.get("xp") == XP_BY_CR[cr]
            ),
            None,
        )
        if example is not None:
            found.append(f"monster/{example.index}")
    return tuple(found)


def carrying(q: str) -> Calculation | None:
    if not re.search(r"\bcarry|carrying|\blift|\bpush|\bdrag|encumb", q):
        return None
    found = score_in(q, "(?P<ability>str(?:ength)?)") or score_in(q)
    if found is None:
        return None
    score = found[1]
    size = re.search(r"\b(tiny|large|huge|gargantuan)\b", q)
    factor = {"tiny": 0.5, "large": 2, "huge": 4, "gargantuan": 8}.get(size.group(1), 1) if size else 1
    carry, heave = int(score * 15 * factor), int(score * 30 * factor)
    creature = f" for a {size.group(1).title()} creature (x{factor:g})" if size else ""
    if re.search(r"\blift|\bpush|\bdrag", q) and not re.search(r"\bcarry", q):
        return Calculation(
            f"{heave} lb. With Strength {score} you can push, drag or lift up to {heave} lb "
            f"(30 x Strength{creature}); past {carry} lb your speed drops to 5 feet.",
            ("rule/using-each-ability#lifting-and-carrying",),
            "push, drag or lift",
        )
    return Calculation(
        f"{carry} lb. Carrying capacity is 15 x Strength score{creature}: 15 x {score}"
        f"{f' x {factor:g}' if size else ''} = {carry} lb; you can push, drag or lift up to "
        f"{heave} lb.",
        ("rule/using-each-ability#lifting-and-carrying",),
        "carrying capacity",
    )


def jumping(q: str) -> Calculation | None:
    kind = (
        "high"
        if re.search(r"high jump|jump (how )?high|how high", q)
        else ("long" if re.search(r"long jump|jump (how )?far|how far", q) else None)
    )
    if kind is None or "jump" not in q:
        return None
    found = score_in(q, "(?P<ability>str(?:ength)?)") or score_in(q)
    if found is None:
        return None
    score = found[1]
    standing = re.search(r"standing|without (a )?(running )?start|no run", q)
    if kind == "long":
        feet = score // 2 if standing else score
        how = (
            f"from a standing start, half the Strength score ({score} / 2)"
            if standing
            else f"after a 10-foot run-up, up to the Strength score ({score}); from a standing start, half "
            f"that ({score // 2} feet)"
        )
        return Calculation(
            f"{feet} feet. A long jump covers, in feet, {how}.", ("rule/movement#jumping",), "long jump"
        )
    running = max(3 + modifier(score), 0)
    feet = running / 2 if standing else running
    how = (
        f"half of 3 + Strength modifier ({signed(modifier(score))}) from a standing start"
        if standing
        else f"3 + Strength modifier ({signed(modifier(score))}) with a 10-foot run-up; "
        f"{running / 2:g} feet standing"
    )
    unit = "foot" if feet == 1 else "feet"
    return Calculation(
        f"{feet:g} {unit}. A high jump reaches {how}.", ("rule/movement#jumping",), "high jump"
    )


def falling(q: str) -> Calculation | None:
    if not re.search(r"\b(fall|fell|drop)", q):
        return None
    match = re.search(r"(\d+)\s*(?:-\s*)?(?:feet|foot|ft)", q)
    if not match:
        return None
    height = int(match.group(1))
    dice = min(height // 10, 20)
    capped = " (the most is 20d6)" if height // 10 > 20 else ""
    return Calculation(
        f"{dice}d6 bludgeoning damage. A fall deals 1d6 bludgeoning damage for every 10 feet "
        f"fallen{capped}: {height} feet is {dice}d6, and the creature lands prone unless it "
        f"avoids taking damage from the fall.",
        ("rule/the-environment#falling",),
        "falling damage",
    )


def cover(q: str) -> Calculation | None:
    match = re.search(r"\b(half|three[- ]quarters?|3/4|total|full)\s+cover\b", q)
    if not match:
        return None
    degree = {"half": "half", "total": "total", "full": "total"}.get(match.group(1), "three-quarters")
    if degree == "total":
        return Calculation(
            "It can't be targeted directly. A target with total cover can't be targeted directly "
            "by an attack or a spell, although some spells can reach it by including it in an "
            "area of effect.",
            ("rule/cover#cover",),
            "cover",
        )
    bonus = 2 if degree == "half" else 5
    ac = re.search(r"\bac\s*(?:of\s*)?(\d{1,2})\b|\b(\d{1,2})\s*ac\b|armou?r class\s*(?:of\s*)?(\d{1,2})", q)
    if ac:
        base = int(ac.group(1) or ac.group(2) or ac.group(3))
        return Calculation(
            f"AC {base + bonus}. {degree.capitalize()} cover gives +{bonus} to AC and Dexterity saving "
            f"throws: {base} + {bonus} = {base + bonus}.",
            ("rule/cover#cover",),
            "cover",
        )
    return Calculation(
        f"+{bonus}. {degree.capitalize()} cover gives a +{bonus} bonus to AC and Dexterity saving throws.",
        ("rule/cover#cover",),
        "cover",
    )


def death_save(q: str) -> Calculation | None:
    if not re.search(r"death sav|death roll", q):
        return None
    roll = re.search(
        r"\b(?:rolls?|rolled|rolling|gets?|got)\s+(?:a\s+|an\s+)?(?:natural\s+|nat\s+)?(\d{1,2})\b", q
    )
    source = ("rule/damage-and-healing#death-saving-throws",)
    if roll and 1 <= int(roll.group(1)) <= 20:
        value = int(roll.group(1))
        if value == 20:
            text = (
                "They regain 1 hit point. On a natural 20 a death saving throw regains 1 hit point "
                "(and the creature wakes)."
            )
        elif value == 1:
            text = "Two failures. A natural 1 on a death saving throw counts as two failures."
        elif value >= 10:
            text = f"A success. A death saving throw of 10 or higher succeeds ({value})."
        else:
            text = f"A failure. A death saving throw below 10 fails ({value})."
        return Calculation(text, source, "death save")
    if re.search(r"how many", q) and re.search(r"success|stabili[sz]|stable", q):
        return Calculation(
            "Three. On your third success you become stable (successes and failures need not be "
            "consecutive; roll 10 or higher to succeed).",
            source,
            "death saves",
        )
    if re.search(r"how many", q) and re.search(r"fail|die|dead|death\b", q):
        return Calculation(
            "Three. On your third failure you die (a natural 1 counts as two, and damage at 0 hit "
            "points is a failure; a critical hit, two).",
            source,
            "death saves",
        )
    return None


def instant_death(q: str) -> Calculation | None:
    maximum = re.search(
        r"(?:max(?:imum)?|full)\s*(?:hp|hit points?)\s*(?:of|is)?\s*(\d+)"
        r"|(\d+)\s*max(?:imum)?\s*(?:hp|hit points?)",
        q,
    )
    damage = re.search(r"(\d+)\s*(?:points? of\s*)?(?:\w+\s)?damage|takes?\s+(\d+)", q)
    if not maximum or not damage:
        return None
    top = int(maximum.group(1) or maximum.group(2))
    hit = int(damage.group(1) or damage.group(2))
    current = re.search(r"(?:at|has|with|on)\s+(\d+)\s*(?:hp|hit points?)(?!\s*max)", q)
    now = (
        0
        if re.search(r"\bat 0\b|\b0 hp\b|unconscious|dying", q)
        else (int(current.group(1)) if current else top)
    )
    remainder = hit - now
    source = ("rule/damage-and-healing#instant-death",)
    if remainder >= top:
        return Calculation(
            f"Yes, it dies outright. Damage that reduces you to 0 hit points with damage left over "
            f"equal to or more than your hit point maximum kills you: {hit} - {now} = {remainder} "
            f"left over, at least the maximum of {top}.",
            source,
            "instant death",
        )
    return Calculation(
        f"No, not outright. {hit} - {now} = {remainder} left over, less than the hit point maximum of "
        f"{top}; it "
        + (
            "falls to 0 hit points and makes death saving throws."
            if remainder >= 0
            else f"drops to {now - hit} hit points."
        ),
        source,
        "instant death",
    )


def passive(q: str) -> Calculation | None:
    if "passive" not in q:
        return None
    mod = modifier_in(q)
    score = score_in(q)
    if mod is None and score is None:
        return None
    mod = modifier(score[1]) if mod is None else mod
    proficient = re.search(r"proficien|\+(\d) prof", q)
    bonus = 0
    if proficient:
        level = level_in(q)
        given = re.search(r"proficiency(?: bonus)?\s*(?:of|is)?\s*\+?(\d)\b|\+(\d)\s*prof", q)
        bonus = int(given.group(1) or given.group(2)) if given else (proficiency_for(level) if level else 0)
    edge = 5 if "advantage" in q and "disadvantage" not in q else (-5 if "disadvantage" in q else 0)
    total = 10 + mod + bonus + edge
    parts = (
        [f"10 + {mod} (modifier)"]
        + ([f"{bonus} (proficiency)"] if bonus else [])
        + ([f"{edge:+d} ({'advantage' if edge > 0 else 'disadvantage'})"] if edge else [])
    )
    return Calculation(
        f"{total}. A passive check is 10 + all modifiers that normally apply to the check, +5 with "
        f"advantage, -5 with disadvantage: {' + '.join(parts)} = {total}.",
        ("rule/ability-checks#passive-checks",),
        "passive check",
    )


def hold_breath(q: str) -> Calculation | None:
    if not re.search(r"hold (?:\w+ )?breath|suffocat|without air|underwater for", q):
        return None
    found = score_in(q, "(?P<ability>con(?:stitution)?)") or score_in(q)
    mod = modifier(found[1]) if found else modifier_in(q)
    if mod is None:
        return None
    minutes = 1 + mod
    held = (
        f"{minutes} minutes" if minutes > 1 else ("1 minute" if minutes == 1 else "30 seconds (the minimum)")
    )
    return Calculation(
        f"{held}. A creature can hold its breath for 1 + its Constitution modifier minutes "
        f"(1 {'+' if mod >= 0 else '-'} {abs(mod)}), at least 30 seconds; then it survives a number "
        f"of rounds equal to its Constitution modifier (at least 1) before it drops to 0 hit points.",
        ("rule/the-environment#suffocating",),
        "holding breath",
    )


_PACES = {
    "fast": (4, 30, "a fast pace costs -5 to passive Wisdom (Perception) scores"),
    "normal": (3, 24, "a normal pace has no other effect"),
    "slow": (2, 18, "a slow pace allows stealth"),
}


def travel(q: str) -> Calculation | None:
    if not re.search(r"\btravel|\bmarch|\bpace|\bmiles?\b", q):
        return None
    pace = next((p for p in _PACES if re.search(rf"\b{p}\b", q)), None)
    hours = re.search(r"(\d+)\s*hours?", q)
    days = re.search(r"(\d+)\s*days?|\ba day\b|\bper day\b|\bin a day\b", q)
    if pace is None and not (hours or days):
        return None
    pace = pace or "normal"
    per_hour, per_day, effect = _PACES[pace]
    if hours:
        n = int(hours.group(1))
        miles = per_hour * n
        return Calculation(
            f"{miles} miles. At a {pace} pace a group covers {per_hour} miles an hour: {per_hour} x {n} = "
            f"{miles} ({per_day} miles in an 8-hour day); {effect}.",
            ("rule/movement#travel-pace",),
            "travel pace",
        )
    n = int(days.group(1)) if days and days.group(1) else 1
    miles = per_day * n
    return Calculation(
        f"{miles} miles. At a {pace} pace a group covers {per_day} miles a day, {per_hour} an hour for "
        f"8 hours{f': {per_day} x {n} = {miles}' if n > 1 else ''}; {effect}.",
        ("rule/movement#travel-pace",),
        "travel pace",
    )


def critical_damage(q: str) -> Calculation | None:
    if not re.search(r"\bcrit", q):
        return None
    dice = re.search(r"\b(\d*)d(\d+)\s*(?:([+-])\s*(\d+))?", q)
    if not dice:
        return None
    count = int(dice.group(1) or 1)
    sides = int(dice.group(2))
    bonus = f" {dice.group(3)} {dice.group(4)}" if dice.group(3) else ""
    return Calculation(
        f"{2 * count}d{sides}{bonus.replace(' ', '')}. A critical hit rolls all of the attack's damage "
        f"dice twice and adds them together, then adds any modifiers as normal: {count}d{sides} "
        f"becomes {2 * count}d{sides}{bonus}.",
        ("rule/damage-and-healing#critical-hits",),
        "critical hit",
    )


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
    ability_modifier,
)


def calculate(question: str) -> Calculation | None:
    """The first calculator that finds its topic and its numbers in the question, or None."""
    lowered = with_digits(" ".join(question.lower().replace("’", "'").split()))
    for calculator in CALCULATORS:
        result = calculator(lowered)
        if result is not None:
            return result
    return None
