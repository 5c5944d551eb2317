"""Stat questions answered straight from the SRD record: the numbers never pass through the model.

A question that names an SRD entry and asks for one of its known attributes ("lich AC", "does
hold person need concentration", "wizard hit die") gets a sentence built from the record. Each
attribute is a pattern over the question and a function that words the answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from dm_companion.srd.entries import (ABILITIES, ABILITY_NAMES, CharClass, Entry, Equipment, Feature,
                                      Monster, Race, Spell, Subrace, Trait, modifier,
                                      proficiency_for, signed)
from dm_companion.srd.repository import Mention

Answerer = Callable[[Entry, str], "str | None"]


@dataclass(frozen=True)
class Attribute:
    name: str
    kinds: tuple[str, ...]
    pattern: re.Pattern
    answer: Answerer


def join_words(items: list[str]) -> str:
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


_SLOT_LEVEL = re.compile(r"\b(\d)(?:st|nd|rd|th)?[- ]level (?:spell )?slots?\b|\blevel (\d) (?:spell )?slots?\b")


def _level_in(question: str) -> int | None:
    """The character level a question is about ("level 5", "5th-level", "lvl 5"), not a slot level."""
    question = _SLOT_LEVEL.sub(" ", question)
    match = re.search(r"\b(?:level|lvl|lv)\s*(\d{1,2})\b|\b(\d{1,2})(?:st|nd|rd|th)?[- ]level\b", question)
    if not match:
        return None
    number = int(match.group(1) or match.group(2))
    return number if 1 <= number <= 20 else None


def _slot_level_in(question: str) -> int | None:
    match = _SLOT_LEVEL.search(question)
    return int(match.group(1) or match.group(2)) if match else None


def _a(name: str) -> str:
    return f"{'An' if name[0].lower() in 'aeiou' else 'A'} {name}"


def _ordinal(number: int) -> str:
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number if number < 20 else number % 10, 'th')}"


def _ability_in(question: str) -> str | None:
    for abbr in ABILITIES:
        if re.search(rf"\b({abbr}|{ABILITY_NAMES[abbr].lower()})\b", question):
            return abbr
    return None


# --- monsters ---------------------------------------------------------------------------------

def m_hp(m: Monster, q: str) -> str:
    return f"{_a(m.name)} has {m.hit_points} hit points ({m.hit_dice})."


def m_ac(m: Monster, q: str) -> str:
    return f"{_a(m.name)} has Armor Class {m.armor_class_text}."


def m_cr(m: Monster, q: str) -> str:
    return f"{_a(m.name)} is challenge {m.challenge_text}."


def m_speed(m: Monster, q: str) -> str:
    for mode in ("fly", "swim", "climb", "burrow"):
        if re.search(rf"\b{mode}", q):
            value = m.speed.get(mode)
            return (f"{_a(m.name)} has a {mode} speed of {value.rstrip('.')}." if value else
                    f"{_a(m.name)} has no {mode} speed (its speed is {m.speed_text}).")
    return f"{_a(m.name)} has speed {m.speed_text}."


def m_immune(m: Monster, q: str) -> str:
    parts = []
    if m.damage_immunities:
        parts.append(f"damage immunities: {'; '.join(m.damage_immunities)}")
    if m.condition_immunities:
        parts.append(f"condition immunities: {', '.join(m.condition_immunities)}")
    if not parts:
        return f"{_a(m.name)} has no damage or condition immunities."
    return f"{_a(m.name)} has {', and '.join(parts)}."


def _damage_list(m: Monster, label: str, values: list[str]) -> str:
    if not values:
        return f"{_a(m.name)} has no {label}."
    return f"{_a(m.name)} has {label}: {'; '.join(values)}."


def m_resist(m: Monster, q: str) -> str:
    return _damage_list(m, "damage resistances", m.damage_resistances)


def m_vulnerable(m: Monster, q: str) -> str:
    return _damage_list(m, "damage vulnerabilities", m.damage_vulnerabilities)


def m_save(m: Monster, q: str) -> str:
    ability = _ability_in(q)
    if ability:
        bonus = m.saving_throws.get(ability.upper())
        if bonus is None:
            bonus = modifier(m.ability_scores[ability])
        return f"{_a(m.name)}'s {ABILITY_NAMES[ability]} saving throw is {signed(bonus)}."
    if not m.saving_throws:
        return f"{_a(m.name)} has no saving throw proficiencies; it uses its ability modifiers."
    return f"{_a(m.name)}'s saving throws: " + ", ".join(f"{k.title()} {signed(v)}" for k, v in m.saving_throws.items()) + "."


def m_ability(m: Monster, q: str) -> str | None:
    ability = _ability_in(q)
    if not ability:
        return None
    score = m.ability_scores[ability]
    return f"{_a(m.name)} has {ABILITY_NAMES[ability]} {score} ({signed(modifier(score))})."


def m_senses(m: Monster, q: str) -> str:
    return f"{_a(m.name)} has {m.senses}."


def m_languages(m: Monster, q: str) -> str:
    return f"{_a(m.name)} speaks: {m.languages}."


def m_size_type(m: Monster, q: str) -> str:
    return f"{_a(m.name)} is a {m.data.get('size')} {m.data.get('type')}, {m.data.get('alignment')}."


def m_xp(m: Monster, q: str) -> str:
    return f"{_a(m.name)} is worth {m.data.get('xp', 0):,} XP (challenge {m.challenge_text.split(' ')[0]})."


def m_initiative(m: Monster, q: str) -> str:
    dex = m.ability_scores["dex"]
    return f"{_a(m.name)} rolls initiative at {signed(modifier(dex))} (Dexterity {dex})."


def m_legendary(m: Monster, q: str) -> str:
    actions = m.abilities_named("legendary_actions")
    if not actions:
        return f"{_a(m.name)} has no legendary actions."
    return f"{_a(m.name)}'s legendary actions: {join_words([a['name'] for a in actions])}."


def m_actions(m: Monster, q: str) -> str:
    actions = m.abilities_named("actions")
    return f"{_a(m.name)}'s actions: {join_words([a['name'] for a in actions])}."


# --- spells -----------------------------------------------------------------------------------

def s_level(s: Spell, q: str) -> str:
    return f"{s.name} is a {s.level_text} spell." if s.level else f"{s.name} is a {s.level_text}."


def s_school(s: Spell, q: str) -> str:
    return f"{s.name} is a {s.school.lower()} spell ({s.level_text})."


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
    found = [sentence.strip() for sentence in re.split(r"(?<=[.!?])\s+", s.description)
             if re.search(pattern, sentence, re.IGNORECASE)]
    return f"{s.name}: " + " ".join(found[:2]) if found else None


def s_save(s: Spell, q: str) -> str:
    if not s.saving_throw:
        return _described(s, r"saving throw") or f"{s.name} calls for no saving throw."
    effect = {"half": " (half damage on a success)", "none": " (no effect on a success)"}.get(s.save_effect or "", "")
    return f"{s.name} calls for a {s.saving_throw} saving throw{effect}."


def s_damage(s: Spell, q: str) -> str | None:
    if s.base_damage and s.damage_type:
        return f"{s.name} deals {s.base_damage} {s.damage_type} damage" + (
            f" at its base level; {s.higher_levels}" if s.higher_levels else ".")
    if s.heal_at_slot:
        first = sorted(s.heal_at_slot, key=int)[0]
        return f"{s.name} heals {s.heal_at_slot[first]} at level {first}."
    return _described(s, r"\d+d\d+") or f"{s.name} deals no damage by itself. {s.description.split('.')[0]}."


def s_classes(s: Spell, q: str) -> str:
    return f"{s.name} is on the spell list of: {join_words(s.classes)}."


# --- classes ----------------------------------------------------------------------------------

def c_hit_die(c: CharClass, q: str) -> str:
    return (f"{_a(c.name)} has a d{c.hit_die} hit die: {c.hit_die} + Constitution modifier hit points "
            f"at 1st level, then 1d{c.hit_die} (or {c.hit_die // 2 + 1}) + Constitution modifier per level.")


def c_saves(c: CharClass, q: str) -> str:
    return f"{_a(c.name)} is proficient in {join_words(c.saving_throws)} saving throws."


def c_proficiencies(c: CharClass, q: str) -> str:
    return f"{_a(c.name)} is proficient with: {', '.join(c.proficiencies)}."


def c_skills(c: CharClass, q: str) -> str:
    count, skills = c.skill_choices
    return f"{_a(c.name)} chooses {count} skills from {join_words(skills)}."


def c_features(c: CharClass, q: str) -> str | None:
    level = _level_in(q)
    if level is None:
        return None
    features = c.features_at(level)
    text = (f"At level {level} a {c.name} gains {join_words(features)}." if features else
            f"{_a(c.name)} gains no new class features at level {level}.")
    return text


def c_slots(c: CharClass, q: str) -> str | None:
    level = _level_in(q)
    if level is None:
        return None
    slots = c.spell_slots_at(level)
    wanted = _slot_level_in(q)
    if wanted is not None:
        count = slots.get(wanted, 0)
        return f"A level {level} {c.name} has {count} {_ordinal(wanted)}-level spell slot{'s' if count != 1 else ''}."
    if not slots:
        return f"A level {level} {c.name} has no spell slots."
    return f"A level {level} {c.name} has spell slots: " + ", ".join(
        f"{n} {_ordinal(s)}-level" for s, n in slots.items()) + "."


def c_casting(c: CharClass, q: str) -> str:
    if not c.spellcasting_ability:
        return f"{_a(c.name)} has no Spellcasting feature in the SRD."
    return f"{_a(c.name)}'s spellcasting ability is {c.spellcasting_ability}."


def c_subclasses(c: CharClass, q: str) -> str:
    return f"The SRD's {c.name} subclass: {join_words(c.subclasses)}."


def c_multiclass(c: CharClass, q: str) -> str:
    return f"To multiclass into or out of {c.name} you need {join_words(c.multiclass_prerequisites)}."


def proficiency_bonus(entry: Entry, q: str) -> str | None:
    level = _level_in(q)
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
    return f"{_a(r.name)} gets {bonuses}{extra}."


def r_speed(r: Race | Subrace, q: str) -> str:
    return f"{_a(r.name)} has a base walking speed of {r.speed} feet." if isinstance(r, Race) else None


def r_size(r: Race, q: str) -> str:
    return f"{_a(r.name)} is {r.size}. {r.data.get('size_description', '')}".strip()


def r_languages(r: Race, q: str) -> str:
    return f"{r.name}: {r.languages}"


def r_traits(r: Race | Subrace, q: str) -> str:
    return f"{r.name} traits: {join_words(r.traits)}."


def r_darkvision(r: Race | Subrace, q: str) -> str:
    has = "Darkvision" in r.traits
    return f"{'Yes' if has else 'No'}, {_a(r.name).lower()[0]}{_a(r.name)[1:]} {'has' if has else 'does not have'} darkvision" + (
        " (60 feet)." if has else ".")


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
    return f"{_a(e.name)} " + join_words(bits) + "."


def _p(*alternatives: str) -> re.Pattern:
    return re.compile("|".join(alternatives))


ATTRIBUTES: tuple[Attribute, ...] = (
    # Order matters: the first attribute whose pattern matches wins for an entry's kind.
    Attribute("proficiency bonus", ("class",), _p(r"proficiency bonus"), proficiency_bonus),
    Attribute("spell slots", ("class",), _p(r"\bspell slots?\b", r"\bslots?\b"), c_slots),
    Attribute("legendary", ("monster",), _p(r"legendary"), m_legendary),
    Attribute("immunities", ("monster",), _p(r"immun", r"\bimmune\b", r"can'?t be (poisoned|charmed|frightened)"), m_immune),
    Attribute("resistances", ("monster",), _p(r"resist"), m_resist),
    Attribute("vulnerabilities", ("monster",), _p(r"vulnerab", r"weak(ness|nesses)? (to|against)", r"\bweakness"), m_vulnerable),
    Attribute("saving throws", ("monster",), _p(r"sav(e|ing)( throw)?s?\b"), m_save),
    Attribute("hp", ("monster",), _p(r"\bhp\b", r"hit ?points?", r"\bhealth\b", r"how (much|many) (damage|hits?)", r"hit dice"), m_hp),
    Attribute("ac", ("monster",), _p(r"\bac\b", r"armou?r class", r"armou?r", r"how hard (is it )?to hit"), m_ac),
    Attribute("xp", ("monster",), _p(r"\bxp\b", r"experience"), m_xp),
    Attribute("cr", ("monster",), _p(r"\bcr\b", r"challenge", r"how (tough|dangerous|strong)"), m_cr),
    Attribute("initiative", ("monster",), _p(r"initiative"), m_initiative),
    Attribute("speed", ("monster",), _p(r"speed", r"how fast", r"\bmove", r"\bfly", r"\bswim", r"\bclimb", r"\bburrow"), m_speed),
    Attribute("abilities", ("monster",), _p(r"\b(str|dex|con|int|wis|cha)\b", r"strength|dexterity|constitution|intelligence|wisdom|charisma"), m_ability),
    Attribute("senses", ("monster",), _p(r"\bsens", r"darkvision", r"blindsight", r"truesight", r"tremorsense", r"passive perception", r"\bsee in"), m_senses),
    Attribute("languages", ("monster",), _p(r"language", r"\bspeak", r"\btalk"), m_languages),
    Attribute("actions", ("monster",), _p(r"\bactions?\b", r"\battacks?\b", r"multiattack"), m_actions),
    Attribute("size/type", ("monster",), _p(r"\bsize\b", r"how (big|large)", r"what (type|kind) of (creature|monster)", r"alignment", r"creature type"), m_size_type),
    Attribute("concentration", ("spell",), _p(r"concentrat"), s_concentration),
    Attribute("ritual", ("spell",), _p(r"\britual"), s_ritual),
    Attribute("save", ("spell",), _p(r"sav(e|ing)"), s_save),
    Attribute("casting time", ("spell",), _p(r"casting time", r"how long (does it take )?to cast", r"bonus action", r"\breaction\b", r"(an|one|1) action"), s_casting_time),
    Attribute("range", ("spell",), _p(r"\brange\b", r"how far", r"\barea\b", r"radius"), s_range),
    Attribute("components", ("spell",), _p(r"component", r"material", r"verbal", r"somatic"), s_components),
    Attribute("duration", ("spell",), _p(r"duration", r"how long does .* last", r"how long .* last", r"\blast\b"), s_duration),
    Attribute("damage", ("spell",), _p(r"damage", r"\bheal", r"how (much|many)"), s_damage),
    Attribute("school", ("spell",), _p(r"school"), s_school),
    Attribute("level", ("spell",), _p(r"\blevel\b", r"\bcantrip\b", r"what level", r"spell level"), s_level),
    Attribute("classes", ("spell",), _p(r"which class", r"what class", r"who can cast", r"classes", r"spell list"), s_classes),
    Attribute("hit die", ("class",), _p(r"hit ?di(e|ce)", r"\bhd\b", r"hit points?", r"\bhp\b"), c_hit_die),
    Attribute("saving throws", ("class",), _p(r"sav(e|ing)"), c_saves),
    Attribute("features by level", ("class",), _p(r"level \d", r"\d+(st|nd|rd|th)?[- ]level", r"\blvl\b"), c_features),
    Attribute("spellcasting", ("class",), _p(r"spellcasting", r"casting (ability|stat)", r"cast(s|ing)? with"), c_casting),
    Attribute("skills", ("class",), _p(r"skill"), c_skills),
    Attribute("proficiencies", ("class",), _p(r"proficien", r"armou?r", r"weapons?", r"can .* use"), c_proficiencies),
    Attribute("subclasses", ("class",), _p(r"subclass", r"archetype", r"tradition", r"domain", r"college", r"circle", r"oath", r"patron", r"origin", r"path"), c_subclasses),
    Attribute("multiclass", ("class",), _p(r"multiclass", r"multi-class"), c_multiclass),
    Attribute("ability bonuses", ("race", "subrace"), _p(r"abilit", r"score", r"bonus", r"increase", r"\basi\b", r"\+\d", r"\bstats?\b"), r_bonuses),
    Attribute("darkvision", ("race", "subrace"), _p(r"darkvision", r"see in the dark"), r_darkvision),
    Attribute("speed", ("race",), _p(r"speed", r"how fast", r"\bmove", r"walk"), r_speed),
    Attribute("size", ("race",), _p(r"\bsize\b", r"how (tall|big)"), r_size),
    Attribute("languages", ("race",), _p(r"language", r"speak"), r_languages),
    Attribute("subraces", ("race",), _p(r"subrace"), r_subraces),
    Attribute("traits", ("race", "subrace"), _p(r"trait", r"what do .* get", r"features?"), r_traits),
    Attribute("feature level", ("feature",), _p(r"what level", r"which level", r"when do", r"at what level"), f_level),
    Attribute("equipment", ("equipment",), _p(r"damage", r"armou?r class", r"\bac\b", r"cost", r"weigh", r"how much", r"properties", r"\bstats?\b"), e_stats),
    Attribute("describe", ("condition", "feature", "trait", "skill", "damage-type"), _p(r"."), describe),
)


@dataclass(frozen=True)
class Fact:
    text: str
    entry: Entry | None  # None for rules that belong to no entry (proficiency bonus by level)
    attribute: str


_GENERAL = (Attribute("proficiency bonus", (), _p(r"proficiency bonus"), proficiency_bonus),)


def _relevant(mentions: list[Mention]) -> list[Mention]:
    """Drops class features of classes the question does not name when one it names has it
    ("rogue ... evasion" is the rogue's Evasion, not the monk's)."""
    named = {m.entry.name for m in mentions if m.entry.kind == "class"}
    features = [m for m in mentions if isinstance(m.entry, Feature)]
    owned = [m for m in features if m.entry.owner.split(" (")[0] in named]
    if not owned:
        return mentions
    return [m for m in mentions if not isinstance(m.entry, Feature) or m in owned]


def answer_fact(question: str, mentions: list[Mention]) -> Fact | None:
    """The record-based answer to a stat question, or None when the question is not one."""
    lowered = question.lower()
    mentions = _relevant(mentions)
    ordered = [m for m in mentions if m.entry.kind != "class"] + [m for m in mentions if m.entry.kind == "class"]
    if any(m.entry.kind == "class" for m in mentions) and _level_in(lowered):
        ordered = [m for m in mentions if m.entry.kind == "class"] + [m for m in mentions if m.entry.kind != "class"]
    for mention in ordered:
        entry = mention.entry
        for attribute in ATTRIBUTES:
            if entry.kind not in attribute.kinds or not attribute.pattern.search(lowered):
                continue
            text = attribute.answer(entry, lowered)
            if text:
                return Fact(text, entry, attribute.name)
    for attribute in _GENERAL:
        if attribute.pattern.search(lowered) and (text := attribute.answer(None, lowered)):
            return Fact(text, None, attribute.name)
    return None
