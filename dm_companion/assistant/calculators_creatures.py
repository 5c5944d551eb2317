"""The calculators of a creature's numbers (`calculators`): concentration DC, ability modifier,
proficiency by CR, spell save DC and attack bonus, XP, death saves, instant death, passive
checks, a character's hit points by level."""

from __future__ import annotations

import re

from dm_companion.assistant.calculation import Calculation
from dm_companion.assistant.question_terms import (
    CR,
    cr_text,
    cr_value,
    level_in,
    modifier_in,
    number_before,
    score_in,
)
from dm_companion.characters.builder import hit_points
from dm_companion.srd.repository import srd
from dm_companion.srd.scores import ABILITIES, ABILITY_NAMES, modifier, proficiency_for, signed
from dm_companion.srd.tables import XP_BY_CR
from dm_companion.wording import join_words


def concentration_dc(q: str) -> Calculation | None:
    if "concentrat" not in q:
        return None
    damage = number_before(q, r"(?:damage|dmg|hp|hit points?)") or (
        int(m.group(1))
        if (m := re.search(r"\b(?:takes?|took|taking|hit(?:s|ting)? (?:\w+ )?for|deals?|dealt)\s+(\d+)\b", q))
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
    if re.search(r"how many [\w ]*(?:is that|does (?:it|that|this) (?:cause|give|count|make))", q):
        return None  # the failures one hit causes, not how many kill: the rule is quoted instead
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


_BY_OR_MORE = re.compile(
    r"\b(?P<how>fail|succeed|beat|pass|exceed|miss)\w*\s+"
    r"(?:(?:it|the (?:dc|save|saving throw|check|roll))(?:\s*\d+)?\s+)?"
    r"by\s+(?P<margin>\d{1,2})\s+or\s+more\b"
)


def margin(q: str) -> Calculation | None:
    """The totals that fail (or succeed) by a margin: a roll succeeds when its total equals or
    exceeds the DC, so "fails by 5 or more" against DC 15 is a total of 10 or lower (15 - 5),
    and "succeeds by 5 or more" is 20 or higher. Several SRD effects turn on such a margin (a
    basilisk's gaze, a ghoul's claws)."""
    found = _BY_OR_MORE.search(q)
    dc = re.search(r"\bdc\s*(\d{1,2})\b|\b(\d{1,2})\s*dc\b", q)
    if not found or not dc:
        return None
    target, by = int(dc.group(1) or dc.group(2)), int(found["margin"])
    roll = "saving throw" if re.search(r"\bsav(?:e|es|ing)\b", q) else "check"
    source = (
        "rule/saving-throws#saving-throws" if roll == "saving throw" else "rule/ability-checks#ability-checks"
    )
    if found["how"] in ("fail", "miss"):
        total, side, sign = target - by, "lower", "-"
    else:
        total, side, sign = target + by, "higher", "+"
    verb = "fails" if sign == "-" else "succeeds"
    return Calculation(
        f"{total}. A {roll} against DC {target} {verb} by {by} or more on a total of {total} or "
        f"{side} ({target} {sign} {by}); it succeeds when its total equals or exceeds the DC.",
        (source,),
        "margin",
    )


def class_hit_points(q: str) -> Calculation | None:
    """A character's hit point maximum from class, level and Constitution ("a level 1 fighter with
    14 con"), by the builder's own rule: the hit die's maximum at 1st level, its fixed average after."""
    if not re.search(r"\bhit points?\b|\bhp\b|\bhealth\b", q):
        return None
    level = level_in(q)
    book = srd()
    named = [c for c in book.all("class") if re.search(rf"\b{c.name.lower()}s?\b", q)]
    found = score_in(q, "(?P<ability>con(?:stitution)?)")
    con = modifier(found[1]) if found else modifier_in(q)
    if level is None or len(named) != 1 or con is None:
        return None
    klass, die = named[0], named[0].hit_die
    tough = [f for f, said in _TOUGHER.items() if re.search(said, q)]  # a hill dwarf: +1 a level
    total, plus = hit_points(die, level, con, tough), f"{'+' if con >= 0 else '-'} {abs(con)}"
    later = (
        f", then {die // 2 + 1} {plus} for each of the {level - 1} levels after (the d{die}'s fixed "
        f"average, or 1d{die} {plus} rolled)"
        if level > 1
        else ""
    )
    extra = f", and 1 more a level for {join_words(_TOUGHER_NAMES[f] for f in tough)}" if tough else ""
    return Calculation(
        f"{total} hit points. A level {level} {klass.name} (hit die d{die}) with a Constitution modifier "
        f"of {signed(con)} has {die} {plus} at 1st level (the d{die}'s maximum){later}{extra}; at least "
        "1 a level.",
        (f"class/{klass.index}",),
        "hit points by level",
    )


_TOUGHER = {"dwarven-toughness": r"\bhill dwarf", "draconic-resilience": r"\bdraconic"}
_TOUGHER_NAMES = {"dwarven-toughness": "Dwarven Toughness", "draconic-resilience": "Draconic Resilience"}
