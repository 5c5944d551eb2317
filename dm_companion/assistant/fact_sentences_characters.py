"""The sentence for each attribute of a class, race, subrace or class feature (`fact_sentences`
has the rest): "A Wizard's hit die is d6.", "Dwarves have darkvision"."""

from __future__ import annotations

import re

from dm_companion.assistant.question_terms import cr_text, level_in, slot_level_in
from dm_companion.srd.entries import CharClass, Entry, Feature, Race, Subrace
from dm_companion.srd.repository import srd
from dm_companion.srd.scores import ABILITY_NAMES, proficiency_for
from dm_companion.wording import join_words, ordinal, with_article

# --- classes ----------------------------------------------------------------------------------


def c_hit_die(c: CharClass, q: str) -> str:
    return (
        f"{with_article(c.name)} has a d{c.hit_die} hit die: {c.hit_die} + Constitution modifier hit points "
        f"at 1st level, then 1d{c.hit_die} (or {c.hit_die // 2 + 1}) + Constitution modifier per level."
    )


def c_saves(c: CharClass, q: str) -> str:
    return f"{with_article(c.name)} is proficient in {join_words(c.saving_throws)} saving throws."


def c_proficiencies(c: CharClass, q: str) -> str | None:
    if re.search(r"\bcast", q):  # "can a wizard cast in armor it isn't proficient with": the armor rule
        return None
    return f"{with_article(c.name)} is proficient with: {', '.join(c.proficiencies)}."


def c_skills(c: CharClass, q: str) -> str:
    count, skills = c.skill_choices
    return f"{with_article(c.name)} chooses {count} skills from {join_words(skills)}."


def c_features(c: CharClass, q: str) -> str | None:
    level = level_in(q)
    if level is None:
        return None
    features = c.features_at(level)
    # an answer only to what the class gets: "how many spells can it prepare" asks else
    asks = re.search(r"\b(?:gets?|gains?|features?|abilit\w*|learns?|unlocks?|new)\b", q)
    if not features or (not asks and re.search(r"\bhow (?:many|much)\b", q)):
        return f"{with_article(c.name)} gains no new class features at level {level}." if asks else None
    text = f"At level {level} a {c.name} gains {join_words(features)}."
    if len(features) == 1:  # what it does, in its sentence for this level, else its first ("attack twice")
        index = c.level(level)["features"][0]["index"]
        feature = srd().by_kind["feature"].get(index)
        sentences = re.split(r"(?<=[.!?])\s", feature.description.strip()) if feature else []
        said = next(
            (s for s in sentences if f"{ordinal(level)} level" in s), sentences[0] if sentences else ""
        )
        text = f"{text[:-1]}: {said}" if said else text
    return text


def c_known(c: CharClass, q: str) -> str | None:
    """Cantrips and spells known at a level, from the class table ("a 1st level sorcerer": 4 and 2)."""
    level = level_in(q)
    casting = c.level(level).get("spellcasting") or {} if level else {}
    counts = [(casting.get(f"{kind}_known"), kind) for kind in ("cantrips", "spells")]
    said = [f"{n} {kind if n != 1 else kind[:-1]}" for n, kind in counts if n]
    return f"A level {level} {c.name} knows {join_words(said)}." if said else None


def _dice(value: dict) -> str:
    return f"{value['dice_count']}d{value['dice_value']}"


# A class table's own columns, by the words a DM asks them with: (words, column, what it says).
_COLUMNS = (
    (r"\brage damage|\brage bonus|damage\b.*\brag(?:e|ing)\b", "rage_damage_bonus", "has +{} rage damage"),
    (r"\brag(?:e|es|ing)\b", "rage_count", "has {} rages"),
    (r"\bsneak attack\b", "sneak_attack", "has a Sneak Attack of {}"),
    (r"\bki\b", "ki_points", "has {} ki points"),
    (r"\bmartial arts\b", "martial_arts", "has a Martial Arts die of {}"),
    (r"\bsorcery points?\b", "sorcery_points", "has {} sorcery points"),
    (r"\bmetamagic\b", "metamagic_known", "knows {} Metamagic options"),
    (r"\bbardic inspiration\b", "bardic_inspiration_die", "has a Bardic Inspiration die of d{}"),
    (r"\bchannel divinity\b", "channel_divinity_charges", "has {} Channel Divinity uses between rests"),
    (r"\bwild shape\b", "wild_shape_max_cr", "can Wild Shape into beasts of challenge rating up to {}"),
    (r"\baction surges?\b", "action_surges", "has {} Action Surge uses between rests"),
    (r"\binvocations?\b", "invocations_known", "knows {} Eldritch Invocations"),
    (
        r"\bunarmored movement\b|\bspeed\b|\bhow fast\b",
        "unarmored_movement",
        "has +{} feet of Unarmored Movement",
    ),
    (r"\bbrutal critical\b", "brutal_critical_dice", "has {} extra Brutal Critical dice"),
    (r"\bindomitable\b", "indomitable_uses", "has {} Indomitable uses between long rests"),
    (r"\bdestroy undead\b", "destroy_undead_cr", "can Destroy Undead of challenge rating {} or lower"),
)


def c_table(c: CharClass, q: str) -> str | None:
    """A number of the class's own table at a level ("how many times can a barbarian rage at level
    3": 3 rages; "sneak attack at 5th level": 3d6); None where the class has no such column or
    nothing in it yet."""
    level = level_in(q)
    numbers = (c.level(level).get("class_specific") or {}) if level else {}
    for words, column, says in _COLUMNS:
        value = numbers.get(column)
        if value and re.search(words, q):
            told = _dice(value) if isinstance(value, dict) else cr_text(value) if "_cr" in column else value
            return f"A level {level} {c.name} {says.format(told)}{_wild_shape_limits(c, numbers, column)}."
    return None


def _wild_shape_limits(c: CharClass, numbers: dict, column: str) -> str:
    """A druid's Wild Shape limits beside its CR: the movement the beast may not have yet, and the
    level the table first allows it ("no flying speed until level 8")."""
    if column != "wild_shape_max_cr":
        return ""
    limits = []
    for kind, word in (("wild_shape_swim", "swimming"), ("wild_shape_fly", "flying")):
        if numbers.get(kind) is False:
            allowed = next((n for n in range(1, 21) if c.level(n).get("class_specific", {}).get(kind)), None)
            limits.append(f"no {word} speed" + (f" until level {allowed}" if allowed else ""))
    return f", with {' or '.join(limits)}" if limits else ""


def f_table(f: Feature, q: str) -> str | None:
    """A number of the feature's class table at a level asked ("Sneak Attack at 7th level": the
    Rogue's 4d6), where the class is not named beside it."""
    owner = srd().classes.get(f.owner.split(" (")[0].lower())
    return c_table(owner, q) if owner else None


def c_slots(c: CharClass, q: str) -> str | None:
    level = level_in(q)
    if level is None:
        return None
    slots = c.spell_slots_at(level)
    wanted = slot_level_in(q)
    if wanted is not None:
        count = slots.get(wanted, 0)
        slots = "spell slot" if count == 1 else "spell slots"
        return f"A level {level} {c.name} has {count} {ordinal(wanted)}-level {slots}."
    if not slots:
        return f"A level {level} {c.name} has no spell slots."
    return (
        f"A level {level} {c.name} has spell slots: "
        + ", ".join(f"{n} {ordinal(s)}-level" for s, n in slots.items())
        + "."
    )


def c_casting(c: CharClass, q: str) -> str:
    if not c.spellcasting_ability:
        return f"{with_article(c.name)} has no Spellcasting feature in the SRD."
    return f"{with_article(c.name)}'s spellcasting ability is {c.spellcasting_ability}."


def c_subclasses(c: CharClass, q: str) -> str:
    return f"The SRD's {c.name} subclass: {join_words(c.subclasses)}."


def c_multiclass(c: CharClass, q: str) -> str:
    return f"To multiclass into or out of {c.name} you need {join_words(c.multiclass_prerequisites)}."


def proficiency_bonus(entry: Entry, q: str) -> str | None:
    level = level_in(q)
    if level is None:
        return None
    return f"At level {level} the proficiency bonus is +{proficiency_for(level)}."


# --- races ------------------------------------------------------------------------------------


def r_bonuses(r: Race | Subrace, q: str) -> str:
    bonuses = join_words([f"{ABILITY_NAMES[a]} +{b}" for a, b in r.ability_bonuses.items()])
    extra = ""
    if isinstance(r, Race):
        count, _ = r.ability_bonus_options
        extra = f", plus +1 to {count} other abilities of your choice" if count else ""
    else:
        extra = f" (on top of the {r.race}'s own increases)"
    return f"{with_article(r.name)} gets {bonuses}{extra}."


def r_speed(r: Race | Subrace, q: str) -> str:
    return (
        f"{with_article(r.name)} has a base walking speed of {r.speed} feet." if isinstance(r, Race) else None
    )


def r_size(r: Race, q: str) -> str:
    return f"{with_article(r.name)} is {r.size}. {r.data.get('size_description', '')}".strip()


def r_languages(r: Race, q: str) -> str:
    return f"{r.name}: {r.languages}"


def r_traits(r: Race | Subrace, q: str) -> str:
    """The race's list of traits; or, where the question names a spell one trait gives ("a
    tiefling's hellish rebuke from their racial trait"), that trait in the SRD's words."""
    book = srd()
    spells = [m.entry.name.lower() for m in book.mentions(q) if m.entry.kind == "spell" and m.exact]
    for name in r.traits if spells else ():
        trait = book.find(name, "trait")
        text = trait.description.lower() if trait else ""
        if any(re.search(rf"\b{re.escape(spell)}\b", q) and spell in text for spell in spells):
            return f"{trait.name} (racial trait of {r.name}): {' '.join(trait.description.split())}"
    return f"{r.name} traits: {join_words(r.traits)}."


def r_resist(r: Race | Subrace, q: str) -> str:
    """The race's traits that give a resistance, each in the SRD's own words."""
    from dm_companion.srd.repository import srd

    book = srd()
    found = []
    for name in r.traits:
        trait = book.find(name, "trait")
        sentences = (
            [s for s in re.split(r"(?<=\.)\s+", trait.description) if "resistance" in s] if trait else []
        )
        if sentences:
            found.append(f"{name}: {' '.join(sentences)}")
    if not found:
        return f"The SRD's {r.name} has no trait that gives a damage resistance."
    return f"{r.name} traits with a resistance: " + " ".join(found)


def r_darkvision(r: Race | Subrace, q: str) -> str:
    has = "Darkvision" in r.traits
    return (
        f"{'Yes' if has else 'No'}, {with_article(r.name, capital=False)} "
        f"{'has' if has else 'does not have'} darkvision" + (" (60 feet)." if has else ".")
    )


def r_subraces(r: Race, q: str) -> str:
    return f"The SRD {r.name} subraces: {join_words(r.subraces) or 'none'}."


def f_level(f: Feature, q: str) -> str:
    return f"{f.name} is a {f.owner} feature gained at level {f.level}." if f.level else None
