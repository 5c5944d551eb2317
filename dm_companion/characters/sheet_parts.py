"""The parts of a character sheet that follow from choices already made: languages, the
spellcasting numbers, and a personality from the background's tables (`builder` makes the
choices)."""

from __future__ import annotations

import random

from dm_companion.characters import abilities
from dm_companion.characters.backgrounds import Background
from dm_companion.srd.entries import CharClass, Race, Subrace
from dm_companion.srd.repository import SRD


def languages(
    book: SRD, race: Race, subrace: Subrace | None, background: Background, rng: random.Random
) -> list[str]:
    """The race's languages, then the extra ones race, subrace and background give: standard
    languages first, exotic ones when those run out."""
    known = [lang["name"] for lang in race.data.get("languages", [])]
    extra = int((race.data.get("language_options") or {}).get("choose", 0))
    traits = book.by_kind["trait"]
    for ref in subrace.data.get("racial_traits", []) if subrace else []:
        extra += int((traits[ref["index"]].data.get("language_options") or {}).get("choose", 0))
    extra += background.languages
    table = book.table("languages")
    standard = [lang["name"] for lang in table.values() if lang.get("type") == "Standard"]
    exotic = [lang["name"] for lang in table.values() if lang.get("type") != "Standard"]
    for pool in (standard, exotic):
        options = [name for name in pool if name not in known]
        take = abilities.pick(rng, options, min(extra, len(options)))
        known += take
        extra -= len(take)
    return known


def spellcasting(klass: CharClass, level: int, mods: dict[str, int], proficiency: int) -> dict | None:
    """The class's spellcasting at this level: ability, save DC, attack bonus, spells known."""
    casting = klass.data.get("spellcasting")
    row = klass.level(level).get("spellcasting") or {}
    if not casting or casting.get("level", 1) > level:
        return None
    ability = casting["spellcasting_ability"]["index"]
    info = {
        "ability": ability.upper(),
        "save_dc": 8 + proficiency + mods[ability],
        "attack_bonus": proficiency + mods[ability],
    }
    for key in ("cantrips_known", "spells_known"):
        if row.get(key):
            info[key] = int(row[key])
    return info


def personality(background: Background, alignment: str, rng: random.Random) -> dict[str, str]:
    """Traits, an ideal that fits the alignment, a bond and a flaw from the background's tables."""
    found = {}
    if background.traits:
        found["traits"] = " ".join(abilities.pick(rng, list(background.traits), 2))
    axis = alignment.replace(" ", "-") if alignment != "neutral" else "neutral"
    ideals = [text for text, fits in background.ideals if not fits or axis in fits]
    if ideals:
        found["ideal"] = rng.choice(ideals)
    if background.bonds:
        found["bond"] = rng.choice(background.bonds)
    if background.flaws:
        found["flaw"] = rng.choice(background.flaws)
    return found
