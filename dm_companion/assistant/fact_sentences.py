"""The sentence for each attribute of an SRD record: "A Lich has Armor Class 17 (natural).",
"Hold Person requires concentration, up to 1 minute." Built from the record's own fields, so
the numbers never pass through the model. `facts.py` decides which attribute a question asks for.
"""

from __future__ import annotations

import re

from dm_companion.assistant.question_terms import ability_in, level_in, slot_level_in
from dm_companion.srd.entries import (
    CharClass,
    Entry,
    Equipment,
    Feature,
    Monster,
    Race,
    Spell,
    Subrace,
    Trait,
)
from dm_companion.srd.scores import ABILITY_NAMES, modifier, proficiency_for, signed
from dm_companion.wording import SENTENCE_END, join_words, ordinal, with_article

# --- monsters ---------------------------------------------------------------------------------


def m_hp(m: Monster, q: str) -> str:
    return f"{with_article(m.name)} has {m.hit_points} hit points ({m.hit_dice})."


def m_ac(m: Monster, q: str) -> str:
    return f"{with_article(m.name)} has Armor Class {m.armor_class_text}."


def m_cr(m: Monster, q: str) -> str:
    return f"{with_article(m.name)} is challenge {m.challenge_text}."


def m_speed(m: Monster, q: str) -> str:
    for mode in ("fly", "swim", "climb", "burrow"):
        if re.search(rf"\b{mode}", q):
            value = m.speed.get(mode)
            return (
                f"{with_article(m.name)} has a {mode} speed of {value.rstrip('.')}."
                if value
                else f"{with_article(m.name)} has no {mode} speed (its speed is {m.speed_text})."
            )
    return f"{with_article(m.name)} has speed {m.speed_text}."


def m_immune(m: Monster, q: str) -> str:
    parts = []
    if m.damage_immunities:
        parts.append(f"damage immunities: {'; '.join(m.damage_immunities)}")
    if m.condition_immunities:
        parts.append(f"condition immunities: {', '.join(m.condition_immunities)}")
    if not parts:
        return f"{with_article(m.name)} has no damage or condition immunities."
    return f"{with_article(m.name)} has {', and '.join(parts)}."


def _damage_list(m: Monster, label: str, values: list[str]) -> str:
    if not values:
        return f"{with_article(m.name)} has no {label}."
    return f"{with_article(m.name)} has {label}: {'; '.join(values)}."


def m_resist(m: Monster, q: str) -> str:
    return _damage_list(m, "damage resistances", m.damage_resistances)


def m_vulnerable(m: Monster, q: str) -> str:
    return _damage_list(m, "damage vulnerabilities", m.damage_vulnerabilities)


def m_save(m: Monster, q: str) -> str:
    ability = ability_in(q)
    if ability:
        bonus = m.saving_throws.get(ability.upper())
        if bonus is None:
            bonus = modifier(m.ability_scores[ability])
        return f"{with_article(m.name)}'s {ABILITY_NAMES[ability]} saving throw is {signed(bonus)}."
    if not m.saving_throws:
        return f"{with_article(m.name)} has no saving throw proficiencies; it uses its ability modifiers."
    return (
        f"{with_article(m.name)}'s saving throws: "
        + ", ".join(f"{k.title()} {signed(v)}" for k, v in m.saving_throws.items())
        + "."
    )


def m_ability(m: Monster, q: str) -> str | None:
    ability = ability_in(q)
    if not ability:
        return None
    score = m.ability_scores[ability]
    return f"{with_article(m.name)} has {ABILITY_NAMES[ability]} {score} ({signed(modifier(score))})."


def m_senses(m: Monster, q: str) -> str:
    return f"{with_article(m.name)} has {m.senses}."


def m_languages(m: Monster, q: str) -> str:
    return f"{with_article(m.name)} speaks: {m.languages}."


def m_size_type(m: Monster, q: str) -> str:
    return (
        f"{with_article(m.name)} is a {m.data.get('size')} {m.data.get('type')}, {m.data.get('alignment')}."
    )


def m_xp(m: Monster, q: str) -> str:
    challenge = m.challenge_text.split(" ")[0]
    return f"{with_article(m.name)} is worth {m.data.get('xp', 0):,} XP (challenge {challenge})."


def m_initiative(m: Monster, q: str) -> str:
    dex = m.ability_scores["dex"]
    return f"{with_article(m.name)} rolls initiative at {signed(modifier(dex))} (Dexterity {dex})."


def m_legendary(m: Monster, q: str) -> str:
    actions = m.abilities_named("legendary_actions")
    if not actions:
        return f"{with_article(m.name)} has no legendary actions."
    return f"{with_article(m.name)}'s legendary actions: {join_words([a['name'] for a in actions])}."


def m_actions(m: Monster, q: str) -> str:
    actions = m.abilities_named("actions")
    return f"{with_article(m.name)}'s actions: {join_words([a['name'] for a in actions])}."


# --- spells -----------------------------------------------------------------------------------


def s_level(s: Spell, q: str) -> str:
    return f"{s.name} is {with_article(s.level_text, capital=False)}" + (" spell." if s.level else ".")


def s_school(s: Spell, q: str) -> str:
    return f"{s.name} is {with_article(s.school.lower(), capital=False)} spell ({s.level_text})."


def s_concentration(s: Spell, q: str) -> str:
    if s.concentration:
        return f"Yes, {s.name} requires concentration (duration: concentration, {s.duration})."
    return f"No, {s.name} does not require concentration (duration: {s.duration})."


def s_ritual(s: Spell, q: str) -> str:
    return f"{'Yes' if s.ritual else 'No'}, {s.name} {'can' if s.ritual else 'cannot'} be cast as a ritual."


def s_casting_time(s: Spell, q: str) -> str:
    return f"{s.name} has a casting time of {s.casting_time}."


def s_range(s: Spell, q: str) -> str:
    area = f"; area: {s.area}" if s.area else ""
    text = f"{s.name} has a range of {s.range}{area}."
    if s.range.lower().startswith("self"):
        text += " " + s.description.split("\n")[0]
    return text


def s_components(s: Spell, q: str) -> str:
    return f"{s.name} needs components {s.components}."


def s_duration(s: Spell, q: str) -> str:
    return f"{s.name} lasts {'concentration, ' if s.concentration else ''}{s.duration}."


def _described(s: Spell, pattern: str) -> str | None:
    """The description's sentences matching `pattern`: the record's own words where its
    structured fields are silent (Web has no `dc` field, yet its text calls for a save)."""
    found = [
        sentence.strip()
        for sentence in SENTENCE_END.split(s.description)
        if re.search(pattern, sentence, re.IGNORECASE)
    ]
    return f"{s.name}: " + " ".join(found[:2]) if found else None


def s_save(s: Spell, q: str) -> str:
    if not s.saving_throw:
        return _described(s, r"saving throw") or f"{s.name} calls for no saving throw."
    effect = {"half": " (half damage on a success)", "none": " (no effect on a success)"}.get(
        s.save_effect or "", ""
    )
    return f"{s.name} calls for a {s.saving_throw} saving throw{effect}."


_PER_UNIT = re.compile(r"\b(?:per|each|every|a single|one)\s+([a-z]+)")


def _per_unit(s: Spell, q: str) -> str | None:
    """What one of the spell's parts deals when the question asks per part ("damage per dart",
    "each ray"): the description's sentence naming that part with a die, or the die sentence
    right after it ("... for each ray. On a hit, the target takes 2d6 fire damage.")."""
    unit = _PER_UNIT.search(q)
    if not unit:
        return None
    part = unit.group(1)[:4]
    sentences = [sentence.strip() for sentence in SENTENCE_END.split(s.description)]
    for i, sentence in enumerate(sentences):
        if re.search(rf"\b{part}", sentence, re.IGNORECASE):
            for said in sentences[i : i + 2]:
                if re.search(r"\d+d\d+", said):
                    return said
    return None


def s_damage(s: Spell, q: str) -> str | None:
    if s.base_damage and s.damage_type:
        at_base = f"{s.base_damage} {s.damage_type} damage" + (
            f" at its base level; {s.higher_levels}" if s.higher_levels else "."
        )
        part = _per_unit(s, q)  # the record's figure is per ray for some spells, in all for others
        return f"{s.name}: {part} Its damage entry: {at_base}" if part else f"{s.name} deals {at_base}"
    if s.heal_at_slot:
        first = sorted(s.heal_at_slot, key=int)[0]
        return f"{s.name} heals {s.heal_at_slot[first]} at level {first}."
    return _described(s, r"\d+d\d+") or f"{s.name} deals no damage by itself. {s.description.split('.')[0]}."


def s_classes(s: Spell, q: str) -> str:
    return f"{s.name} is on the spell list of: {join_words(s.classes)}."


# --- classes ----------------------------------------------------------------------------------


def c_hit_die(c: CharClass, q: str) -> str:
    return (
        f"{with_article(c.name)} has a d{c.hit_die} hit die: {c.hit_die} + Constitution modifier hit points "
        f"at 1st level, then 1d{c.hit_die} (or {c.hit_die // 2 + 1}) + Constitution modifier per level."
    )


def c_saves(c: CharClass, q: str) -> str:
    return f"{with_article(c.name)} is proficient in {join_words(c.saving_throws)} saving throws."


def c_proficiencies(c: CharClass, q: str) -> str:
    return f"{with_article(c.name)} is proficient with: {', '.join(c.proficiencies)}."


def c_skills(c: CharClass, q: str) -> str:
    count, skills = c.skill_choices
    return f"{with_article(c.name)} chooses {count} skills from {join_words(skills)}."


def c_features(c: CharClass, q: str) -> str | None:
    level = level_in(q)
    if level is None:
        return None
    features = c.features_at(level)
    text = (
        f"At level {level} a {c.name} gains {join_words(features)}."
        if features
        else f"{with_article(c.name)} gains no new class features at level {level}."
    )
    return text


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


# --- features, traits, conditions, equipment --------------------------------------------------


def f_level(f: Feature, q: str) -> str:
    return f"{f.name} is a {f.owner} feature gained at level {f.level}." if f.level else None


def describe(entry: Entry, q: str) -> str:
    body = entry.description.replace("\n", " ")
    owner = ""
    if isinstance(entry, Feature):
        owner = f" ({entry.owner} feature, level {entry.level})"
    elif isinstance(entry, Trait):
        owner = f" (racial trait of {join_words(entry.races)})"
    return f"{entry.name}{owner}: {body}"


def e_stats(e: Equipment, q: str) -> str:
    bits = []
    if e.damage_text:
        props = [p["name"] for p in e.data.get("properties", [])]
        bits.append(f"deals {e.damage_text} damage" + (f" ({', '.join(props).lower()})" if props else ""))
        if e.data.get("two_handed_damage"):
            two = e.data["two_handed_damage"]
            bits.append(f"{two['damage_dice']} when used with two hands")
    if e.armor_class_text:
        bits.append(f"gives Armor Class {e.armor_class_text}")
        if e.data.get("str_minimum"):
            bits.append(f"needs Strength {e.data['str_minimum']}")
        if e.data.get("stealth_disadvantage"):
            bits.append("imposes disadvantage on Stealth")
    if e.cost:
        bits.append(f"costs {e.cost}")
    if e.data.get("weight") is not None:
        bits.append(f"weighs {e.data['weight']:g} lb")
    return f"{with_article(e.name)} " + join_words(bits) + "."
