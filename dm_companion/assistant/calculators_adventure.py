"""The calculators of the world's rules (`calculators`): carrying capacity and push, drag or
lift, long and high jumps, falling damage, cover, holding breath, travel pace."""

from __future__ import annotations

import re

from dm_companion.assistant.calculation import Calculation
from dm_companion.assistant.question_terms import modifier_in, score_in
from dm_companion.srd.repository import srd
from dm_companion.srd.scores import modifier, signed

# A stat block's own word on its carrying size ("The mule is considered to be a Large animal for
# the purpose of determining its carrying capacity").
_CARRIES_AS = re.compile(
    r"considered to be an? (\w+) \w+ for the purpose of determining its carrying capacity"
)


# "how much can a mule carry", "how much weight can an ogre lift": a creature's own capacity asked.
_HOW_MUCH_IT_CARRIES = re.compile(
    r"\bhow (?:much|many pounds)(?: weight)? can (?:an? |the )?[a-z ]+? "
    r"(?:carry|lift|push|drag|pull)\b(?! over)"
)


def _creature_carrying(q: str) -> tuple[int, str, str] | None:
    """(Strength, size, monster id) of the one SRD creature the question names, its size as its
    stat block carries; None where it names none or several."""
    named = [m.entry for m in srd().mentions(q) if m.entry.kind == "monster" and m.exact]
    if len(named) != 1:
        return None
    monster = named[0]
    size = monster.data.get("size", "Medium")
    for trait in monster.abilities_named("special_abilities"):
        if said := _CARRIES_AS.search(trait.get("desc", "")):
            size = said.group(1)
    return monster.data["strength"], size.lower(), f"monster/{monster.index}"


def carrying(q: str) -> Calculation | None:
    if not re.search(r"\bcarry|carrying|\blift|\bpush|\bdrag\b|encumb", q):
        return None
    found = score_in(q, "(?P<ability>str(?:ength)?)") or score_in(q)
    creature_stats = _creature_carrying(q) if found is None and _HOW_MUCH_IT_CARRIES.search(q) else None
    if found is None and creature_stats is None:
        return None
    score = found[1] if found else creature_stats[0]
    size = re.search(r"\b(tiny|large|huge|gargantuan)\b", q if found else creature_stats[1])
    factor = {"tiny": 0.5, "large": 2, "huge": 4, "gargantuan": 8}.get(size.group(1), 1) if size else 1
    carry, heave = int(score * 15 * factor), int(score * 30 * factor)
    creature = f" for a {size.group(1).title()} creature (x{factor:g})" if size else ""
    sources = ("rule/using-each-ability#lifting-and-carrying",) + (
        (creature_stats[2],) if creature_stats else ()
    )
    if re.search(r"\blift|\bpush|\bdrag", q) and not re.search(r"\bcarry", q):
        return Calculation(
            f"{heave} lb. With Strength {score} you can push, drag or lift up to {heave} lb "
            f"(30 x Strength{creature}); past {carry} lb your speed drops to 5 feet.",
            sources,
            "push, drag or lift",
        )
    return Calculation(
        f"{carry} lb. Carrying capacity is 15 x Strength score{creature}: 15 x {score}"
        f"{f' x {factor:g}' if size else ''} = {carry} lb; you can push, drag or lift up to "
        f"{heave} lb.",
        sources,
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


_WHETHER_IN_COVER = re.compile(
    r"^(?:is|are|am|does|do|would|will|can)\b.*\b(?:in|have|has|gets?|counts? as)\s+"
    r"(?:half|three[- ]quarters?|3/4)\s+cover\b"
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
    if _WHETHER_IN_COVER.search(q):  # "is a creature behind another creature in half cover?"
        return None  # asks what gives cover, not what it gives: the rule's text answers
    return Calculation(
        f"+{bonus}. {degree.capitalize()} cover gives a +{bonus} bonus to AC and Dexterity saving throws.",
        ("rule/cover#cover",),
        "cover",
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
