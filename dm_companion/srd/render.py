"""SRD entries as short readable passages: a stat block, a spell card, a rule section by heading.

These passages are what retrieval indexes, what the model reads, and what the DM opens as a
source, so they read like the book ("AC 17 (natural armor)"), never like JSON. Bump
RENDER_VERSION whenever the output changes: the retrieval index is rebuilt when it does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dm_companion.srd.entries import CharClass, Entry, Equipment, Feature, Race, Spell, Subrace, Trait
from dm_companion.srd.monster import Monster
from dm_companion.srd.repository import SRD
from dm_companion.srd.scores import ABILITIES, ABILITY_NAMES, modifier, signed
from dm_companion.srd.stat_block import labeled_name

RENDER_VERSION = 5


@dataclass(frozen=True)
class Passage:
    id: str  # "monster/lich", "rule/the-order-of-combat#surprise"
    kind: str  # the source kind shown to the user (monster, spell, class, race, condition, rule)
    name: str  # the source name shown to the user
    text: str


def _list(items: list[str]) -> str:
    return ", ".join(items) if items else "none"


def monster(entry: Monster) -> str:
    scores = entry.ability_scores
    kind = (
        f"{entry.data.get('size') or ''} {entry.data.get('type') or ''}".strip()
    )  # a campaign's may lack them
    lines = [
        f"{entry.name}. " + ", ".join(part for part in (kind, entry.data.get("alignment")) if part) + ".",
        f"Armor Class {entry.armor_class_text}. Hit Points {entry.hit_points} ({entry.hit_dice})."
        + (f" Speed {entry.speed_text}." if entry.speed_text else ""),
        " ".join(f"{a.upper()} {scores[a]} ({signed(modifier(scores[a]))})" for a in ABILITIES) + ".",
    ]
    if entry.saving_throws:
        lines.append(
            "Saving Throws "
            + ", ".join(f"{k.title()} {signed(v)}" for k, v in entry.saving_throws.items())
            + "."
        )
    if entry.skills:
        lines.append("Skills " + ", ".join(f"{k} {signed(v)}" for k, v in entry.skills.items()) + ".")
    for label, values in (
        ("Damage Vulnerabilities", entry.damage_vulnerabilities),
        ("Damage Resistances", entry.damage_resistances),
        ("Damage Immunities", entry.damage_immunities),
        ("Condition Immunities", entry.condition_immunities),
    ):
        if values:
            lines.append(f"{label} {'; '.join(values)}.")
    lines.append(
        (f"Senses {entry.senses}. " if entry.senses else "")
        + f"Languages {entry.languages}. Challenge {entry.challenge_text}."
    )
    for key, title in (
        ("special_abilities", None),
        ("actions", "Actions"),
        ("legendary_actions", "Legendary Actions"),
        ("reactions", "Reactions"),
    ):
        items = entry.abilities_named(key)
        if items and title:
            lines.append(f"{title}:")
        for item in items:
            lines.append(f"{labeled_name(item)}. {item.get('desc', '')}")
    return "\n".join(lines)


def spell(entry: Spell) -> str:
    tags = [entry.level_text.capitalize()] + (["ritual"] if entry.ritual else [])
    lines = [
        f"{entry.name}. {' '.join(tags)}.",
        f"Casting Time: {entry.casting_time}. Range: {entry.range}. Components: {entry.components}. "
        f"Duration: {'Concentration, ' if entry.concentration else ''}{entry.duration}.",
        f"Concentration: {'yes' if entry.concentration else 'no'}. Ritual: {'yes' if entry.ritual else 'no'}."
        + (f" Saving throw: {entry.saving_throw}." if entry.saving_throw else " Saving throw: none.")
        + (
            f" Damage: {entry.base_damage} {entry.damage_type}."
            if entry.base_damage and entry.damage_type
            else ""
        ),
        entry.description,
    ]
    if entry.higher_levels:
        lines.append(f"At Higher Levels. {entry.higher_levels}")
    lines.append(f"Classes: {_list(entry.classes)}.")
    return "\n".join(lines)


def char_class(entry: CharClass) -> str:
    count, skills = entry.skill_choices
    lines = [
        f"{entry.name} (class). Hit Die: d{entry.hit_die}. Hit points at 1st level: {entry.hit_die} + "
        f"Constitution modifier; later levels 1d{entry.hit_die} (or {entry.hit_die // 2 + 1}) + "
        "Constitution modifier per level.",
        f"Saving Throws: {_list(entry.saving_throws)}. Proficiencies: {_list(entry.proficiencies)}.",
        f"Skills: choose {count} from {_list(skills)}.",
    ]
    if entry.spellcasting_ability:
        lines.append(f"Spellcasting ability: {entry.spellcasting_ability}.")
    if entry.multiclass_prerequisites:
        lines.append(f"Multiclassing prerequisite: {_list(entry.multiclass_prerequisites)}.")
    lines.append(f"Subclasses in the SRD: {_list(entry.subclasses)}.")
    for level in range(1, 21):
        features = entry.features_at(level)
        slots = entry.spell_slots_at(level)
        row = entry.level(level)
        if not row:
            continue
        text = f"Level {level}: proficiency bonus +{row.get('prof_bonus')}; features: {_list(features)}"
        if slots:
            text += "; spell slots " + ", ".join(f"{n}x level {s}" for s, n in slots.items())
        lines.append(text + ".")
    return "\n".join(lines)


def spellcasting(entry: CharClass) -> list[Passage]:
    """A caster class's Spellcasting sections, one passage each ("Spellcasting: Wizard: Preparing
    and Casting Spells"): how many spells a wizard prepares, a cleric's ritual casting, a bard's
    focus. The SRD's feature entry holds only the opening sentence; the rules are here."""
    sections = (entry.data.get("spellcasting") or {}).get("info", [])
    return [
        Passage(
            f"class/{entry.index}#spellcasting-{_slug(section['name'])}",
            "class",
            f"Spellcasting: {entry.name}: {section['name']}",
            f"{section['name']}. " + " ".join(section.get("desc", [])),
        )
        for section in sections
        if section.get("desc")
    ]


def race(entry: Race, srd: SRD) -> str:
    bonuses = ", ".join(f"{ABILITY_NAMES[a]} +{b}" for a, b in entry.ability_bonuses.items())
    count, _options = entry.ability_bonus_options
    if count:
        bonuses += f", and +1 to {count} other abilities of your choice"
    lines = [
        f"{entry.name} (race). Ability Score Increase: {bonuses}. Size: {entry.size}. "
        f"Speed: {entry.speed} feet.",
        f"Languages: {entry.languages}",
        f"Traits: {_list(entry.traits)}. Subraces: {_list(entry.subraces)}.",
        f"Age: {entry.data.get('age', '')}",
    ]
    return "\n".join(lines)


def subrace(entry: Subrace) -> str:
    bonuses = ", ".join(f"{ABILITY_NAMES[a]} +{b}" for a, b in entry.ability_bonuses.items())
    return (
        f"{entry.name} (subrace of {entry.race}). Ability Score Increase: {bonuses}. "
        f"Traits: {_list(entry.traits)}.\n{entry.description}"
    )


def equipment(entry: Equipment) -> str:
    parts = [f"{entry.name} ({entry.category.lower()})."]
    if entry.cost:
        parts.append(f"Cost {entry.cost}.")
    if entry.data.get("weight") is not None:
        parts.append(f"Weight {entry.data['weight']:g} lb.")
    if entry.damage_text:
        parts.append(f"Damage {entry.damage_text}.")
        if entry.range_text:
            parts.append(f"Range {entry.range_text}")
        props = [p["name"] for p in entry.data.get("properties", [])]
        if props:
            parts.append(f"Properties: {', '.join(props)}.")
    if entry.armor_class_text:
        parts.append(f"Armor Class {entry.armor_class_text}.")
        if entry.data.get("str_minimum"):
            parts.append(f"Strength {entry.data['str_minimum']} required.")
        if entry.data.get("stealth_disadvantage"):
            parts.append("Disadvantage on Stealth checks.")
    if entry.description:
        parts.append(entry.description)
    return " ".join(parts)


_HEADING = re.compile(r"^(#{1,4})\s+(.*)$", re.MULTILINE)


def rule_sections(entry: Entry) -> list[tuple[str, str]]:
    """A rule section split at its headings: (heading, text) pairs of readable prose."""
    markdown = entry.data.get("desc", "")
    pieces = []
    matches = list(_HEADING.finditer(markdown))
    for number, match in enumerate(matches):
        end = matches[number + 1].start() if number + 1 < len(matches) else len(markdown)
        body = markdown[match.end() : end].strip()
        body = re.sub(r"\*\*|\*|\|", "", body)
        if body:
            pieces.append((match.group(2).strip(), body))
    if not pieces and markdown.strip():
        pieces.append((entry.name, markdown.strip()))
    return pieces


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def passage_for(entry: Entry, srd: SRD) -> Passage:
    """The single passage that stands for an entry (a rule section's is its full text)."""
    if entry.kind == "rule":
        text = "\n\n".join(f"{heading}. {body}" for heading, body in rule_sections(entry))
        return Passage(f"rule/{entry.index}", "rule", entry.name, text)
    return next(iter(passages_for(entry, srd)))


def passages_for(entry: Entry, srd: SRD) -> list[Passage]:
    kind, name = entry.kind, entry.name
    if isinstance(entry, Monster):
        text = monster(entry)
    elif isinstance(entry, Spell):
        text = spell(entry)
    elif isinstance(entry, CharClass):
        return [Passage(f"class/{entry.index}", kind, name, char_class(entry)), *spellcasting(entry)]
    elif isinstance(entry, Race):
        text = race(entry, srd)
    elif isinstance(entry, Subrace):
        text, kind = subrace(entry), "race"
    elif isinstance(entry, Equipment):
        text, kind = equipment(entry), "rule"
    elif isinstance(entry, Feature):
        level = f" (level {entry.level})" if entry.level else ""
        text, kind = f"{name}: {entry.owner} feature{level}. {entry.description}", "class"
    elif isinstance(entry, Trait):
        text, kind = f"{name}: racial trait of {_list(entry.races)}. {entry.description}", "race"
    elif entry.kind == "condition":
        text = f"{name} (condition).\n{entry.description}"
    elif entry.kind == "weapon-property":  # "Heavy" alone says nothing of what it is
        name = f"{name} (weapon property)"
        text, kind = f"{name}. {entry.description}", "rule"
    elif entry.kind == "rule":
        return [
            Passage(
                f"rule/{entry.index}#{_slug(heading)}",
                "rule",
                name if heading == name else f"{name}: {heading}",
                f"{heading}. {body}",
            )
            for heading, body in rule_sections(entry)
        ]
    else:
        text, kind = f"{name}. {entry.description}", "rule"
    return [Passage(f"{entry.kind}/{entry.index}", kind, name, text)]


INDEXED_KINDS = (
    "monster",
    "spell",
    "class",
    "race",
    "subrace",
    "condition",
    "rule",
    "feature",
    "trait",
    "equipment",
    "magic-item",
    "damage-type",
    "skill",
    "weapon-property",
)


def all_passages(srd: SRD) -> list[Passage]:
    return [
        passage for kind in INDEXED_KINDS for entry in srd.all(kind) for passage in passages_for(entry, srd)
    ]
