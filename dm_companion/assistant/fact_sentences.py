"""The sentence for each attribute of an SRD record: "A Lich has Armor Class 17 (natural).",
"Hold Person requires concentration, up to 1 minute." Built from the record's own fields, so
the numbers never pass through the model. `facts.py` decides which attribute a question asks for.
Monsters, spells, conditions and equipment here; classes, races and features in
`fact_sentences_characters`.
"""

from __future__ import annotations

import re

from dm_companion.assistant.question_terms import ability_in, level_in, slot_level_in, with_digits
from dm_companion.srd.entries import Entry, Equipment, Feature, Spell, Trait
from dm_companion.srd.monster import Monster
from dm_companion.srd.scores import ABILITY_NAMES, modifier, signed
from dm_companion.srd.stat_block import LEGENDARY_POOL, action_key, usage_label
from dm_companion.srd.tables import DAMAGE_TYPES
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
    elsewhere = _listed_elsewhere(m, q, "immun")
    if not parts:
        return f"{with_article(m.name)} has no damage or condition immunities.{elsewhere}"
    return f"{with_article(m.name)} has {', and '.join(parts)}.{elsewhere}"


def _damage_list(m: Monster, label: str, values: list[str], q: str) -> str:
    elsewhere = _listed_elsewhere(m, q, label)
    if not values:
        return f"{with_article(m.name)} has no {label}.{elsewhere}"
    return f"{with_article(m.name)} has {label}: {'; '.join(values)}.{elsewhere}"


def _listed_elsewhere(m: Monster, q: str, asked: str) -> str:
    """Where a damage type the question names stands in another of the monster's lists: "does a
    ghost have resistance to necrotic damage?" is answered by its resistances, which lack
    necrotic, and a DM reading only that would deal it in full to a creature immune to it."""
    lists = {
        "damage immunities": m.damage_immunities,
        "damage resistances": m.damage_resistances,
        "damage vulnerabilities": m.damage_vulnerabilities,
    }
    said = []
    for damage in (d for d in DAMAGE_TYPES if re.search(rf"\b{d}\b", q)):
        if any(damage in v.lower() for label, values in lists.items() if asked in label for v in values):
            continue
        said += [
            f" Its {label} include {v}."
            for label, values in lists.items()
            if asked not in label
            for v in values
            if damage in v.lower()
        ]
    return "".join(dict.fromkeys(said))


def m_resist(m: Monster, q: str) -> str:
    return _damage_list(m, "damage resistances", m.damage_resistances, q)


def m_vulnerable(m: Monster, q: str) -> str:
    return _damage_list(m, "damage vulnerabilities", m.damage_vulnerabilities, q)


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
    return (
        f"{with_article(m.name)} can take {LEGENDARY_POOL} legendary actions a round, choosing from: "
        f"{join_words([a['name'] for a in actions])}."
    )


_ABILITY_LISTS = ("special_abilities", "actions", "reactions", "legendary_actions")
_SPELLCASTING = re.compile(r"spellcasting ability is (\w+) \(spell save DC (\d+)(?:, ([+-]\d+) to hit)?")


def m_spell_dc(m: Monster, q: str) -> str | None:
    """A spellcaster's spell save DC and attack bonus, from its Spellcasting trait."""
    for trait in m.abilities_named("special_abilities"):
        said = _SPELLCASTING.search(trait["desc"])
        if trait["name"].startswith("Spellcasting") and said:
            ability, dc, hit = said.groups()
            to_hit = f" and {hit} to hit with spell attacks" if hit else ""
            return f"{with_article(m.name)}'s spell save DC is {dc}{to_hit} ({trait['name']}, {ability})."
    return None


def m_own_ability(m: Monster, q: str) -> str:
    """The monster's abilities the question names, each in its record's words ("does the ancient
    red dragon have legendary resistance?": Legendary Resistance (3/Day) and what it does), or ""
    when it names none: the name carries what the description leaves out (3/Day, Recharge 5-6)."""
    for own in (m.name.lower(), m.name.lower().split(",")[0]):  # "giant spider climb" names no Spider Climb
        q = re.sub(rf"\b{re.escape(own)}s?\b", " ", q)
    said = []
    for key in _ABILITY_LISTS:
        for ability in m.abilities_named(key):
            name = ability.get("name", "")
            plain = action_key(name)
            if (" " in plain or len(plain) >= 6) and re.search(rf"\b{re.escape(plain)}(?:s|es)?\b", q):
                usage = usage_label(ability) if "(" not in name else ""
                label = f"{name} ({usage})" if usage else name
                said.append(f"{label}: {' '.join(ability.get('desc', '').split())}")
    return f"{with_article(m.name)}'s {'; '.join(said)}" if said else ""


def m_actions(m: Monster, q: str) -> str:
    actions = m.abilities_named("actions")
    return f"{with_article(m.name)}'s actions: {join_words([a['name'] for a in actions])}."


# --- spells -----------------------------------------------------------------------------------


def s_level(s: Spell, q: str) -> str:
    if at_level := _at_level(s, q):  # "what does lightning bolt do at 4th level"
        return at_level
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


# "upcast it at 5th level", "with a 5th-level slot", "fireball at 5th level": the slot a spell is
# cast with (not "a 5th-level character").
_CAST_AT = re.compile(
    r"\b(?:at|to|with an?|using an?|in an?) (\d)(?:st|nd|rd|th)?[- ]level\b"
    r"(?![- ](?:character|[a-z]+ (?:character|caster)))"
)


def _at_level(s: Spell, q: str) -> str | None:
    """The dice at the slot or character level asked, from the record's table, where they change."""
    table, by_character = s.dice_by_level
    if len(set(table.values())) < 2:
        return None  # Eldritch Blast is 1d10 a beam at every level: its beams are what grow
    if by_character:
        level = level_in(q)
        known = [n for n in table if level is not None and n <= level]
        if not known:
            return None
        dice, said = table[max(known)], f"for a level {level} caster"
    else:
        cast_at = slot_level_in(q) or (int(m.group(1)) if (m := _CAST_AT.search(q)) else None)
        if cast_at not in table:
            return None
        dice, said = table[cast_at], f"with a {ordinal(cast_at)}-level slot"
    first = min(table)
    does = f"deals {dice} {s.damage_type} damage" if s.damage_type else f"heals {dice}"
    base = f"at level {first}" if by_character else f"at its base level, {ordinal(first)}"
    return f"{s.name} {does} {said} ({table[first]} {base})."


def s_damage(s: Spell, q: str) -> str | None:
    if re.search(r"\b(?:resist|immun|vulnerab)", q):
        return None  # "is a tiefling resistant to her own hellish rebuke": the creature's, not the dice
    if at_level := _at_level(s, q):
        return at_level
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


# --- features, traits, conditions, equipment --------------------------------------------------


def describe(entry: Entry, q: str) -> str:
    body = entry.description.replace("\n", " ")
    owner = ""
    if isinstance(entry, Feature):
        owner = f" ({entry.owner} feature, level {entry.level})"
    elif isinstance(entry, Trait):
        owner = f" (racial trait of {join_words(entry.races)})"
    return f"{entry.name}{owner}: {body}"


_LEVEL_OF = re.compile(
    r"\b([1-6])(?:st|nd|rd|th)? (?:levels?|points?|stacks?)\b"
    r"|\blevels? ([1-6])\b|exhaustion (?:of )?([1-6])\b"
)


def exhaustion_level(c: Entry, q: str) -> str | None:
    """What a level of exhaustion does, with the levels below it ("3 levels of exhaustion"): the
    condition's own table, read row by row."""
    match = _LEVEL_OF.search(with_digits(q))
    if c.index != "exhaustion" or match is None:
        return None
    level = int(next(group for group in match.groups() if group))
    rows = {
        int(n): effect.strip().lower() for n, effect in re.findall(r"^([1-6]) - (.+)$", c.description, re.M)
    }
    if level not in rows:
        return None
    below = "; ".join(f"{rows[n]} ({n})" for n in range(1, level))
    return f"Exhaustion level {level}: {rows[level]}" + (
        f", and the lower levels' effects too: {below}." if below else "."
    )


def e_stats(e: Equipment, q: str) -> str:
    kind = e.category.lower()  # "martial ranged weapon", "heavy armor", "adventuring gear"
    bits = [f"is a {kind}"] if kind.endswith(" weapon") else [f"is {kind}"] if kind.endswith(" armor") else []
    if e.reach:
        normal, long, thrown = e.reach
        reach = f"a range of {normal}/{long} feet ({normal} normal, {long} long)"
        bits.append(f"can be thrown to {reach}" if thrown else f"has {reach}")
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
    return f"{with_article(e.said_name)} " + join_words(bits) + "."
