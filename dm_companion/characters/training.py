"""What a character is trained in (`builder` asks): proficiencies in weapons, armour and tools,
skills (granted first, then the class's picks and any free ones, for the best abilities) and
Expertise."""

from __future__ import annotations

import random

from dm_companion.characters import abilities
from dm_companion.characters.backgrounds import Background
from dm_companion.srd.entries import CharClass, Entry
from dm_companion.srd.repository import SRD


def proficiencies(
    klass: CharClass, traits: list[Entry], background: Background, ids: set[str], rng: random.Random
) -> set[str]:
    """Weapon, armour and tool proficiencies: the class's, the race's traits' (with their choices),
    the background's tools, and the Life domain's heavy armour."""
    found = {p for p in klass.proficiencies if not p.startswith("Skill:")}
    for entry in traits:
        trait = entry.data
        found.update(p["name"] for p in trait.get("proficiencies", []) if not p["name"].startswith("Skill:"))
        choice = trait.get("proficiency_choices")
        if choice and not any(o["item"]["name"].startswith("Skill:") for o in choice["from"]["options"]):
            found.update(
                abilities.pick(
                    rng, [o["item"]["name"] for o in choice["from"]["options"]], int(choice["choose"])
                )
            )
    if "bonus-proficiency" in ids:  # the Life domain's heavy armor
        found.add("Heavy Armor")
    found.update(background.tools)
    return found


def skills(
    klass: CharClass,
    traits: list[Entry],
    background: Background,
    ids: set[str],
    scores: dict[str, int],
    skill_ability: dict[str, str],
    rng: random.Random,
) -> set[str]:
    """Granted skills first (race, background), then the class's picks from its own list
    without repeating one, then any free picks (half-elf, College of Lore)."""
    skills = {
        p["name"].removeprefix("Skill: ")
        for trait in traits
        for p in trait.data.get("proficiencies", [])
        if p["name"].startswith("Skill:")
    }
    skills.update(background.skills)
    count, options = klass.skill_choices
    skills.update(best_skills([s for s in options if s not in skills], count, scores, skill_ability, rng))
    free = 2 if "skill-versatility" in ids else 0
    free += 3 if "bonus-proficiencies" in ids else 0
    if free:
        skills.update(
            best_skills(
                [s for s in sorted(skill_ability) if s not in skills], free, scores, skill_ability, rng
            )
        )
    return skills


def best_skills(
    options: list[str], count: int, scores: dict[str, int], skill_ability: dict[str, str], rng: random.Random
) -> list[str]:
    """`count` of the options, those of the highest abilities first (ties in a seeded order)."""
    shuffled = abilities.pick(rng, options, len(options))
    rng.shuffle(shuffled)
    return sorted(shuffled, key=lambda s: -scores[skill_ability[s]])[:count]


def expertise(
    book: SRD,
    klass: CharClass,
    level: int,
    skills: set[str],
    scores: dict[str, int],
    skill_ability: dict[str, str],
    rng: random.Random,
) -> set[str]:
    """Each Expertise feature (rogue 1 and 6, bard 3 and 10) doubles two skill proficiencies;
    the SRD data nests that "two" inside option sets, so it is counted per feature here."""
    count = sum(
        2
        for row in klass.levels
        if row["level"] <= level and not row.get("subclass")
        for ref in row.get("features", [])
        if "expertise_options" in (book.by_kind["feature"][ref["index"]].data.get("feature_specific") or {})
    )
    return set(best_skills(sorted(skills), count, scores, skill_ability, rng))


def skill_bonuses(
    skills: set[str],
    expertise: set[str],
    mods: dict[str, int],
    proficiency: int,
    skill_ability: dict[str, str],
) -> dict[str, int]:
    """Each proficient skill's bonus: its ability's modifier plus proficiency (doubled with Expertise)."""
    return {s: mods[skill_ability[s]] + proficiency * (2 if s in expertise else 1) for s in sorted(skills)}
