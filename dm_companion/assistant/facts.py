"""Stat questions answered straight from the SRD record: the numbers never pass through the model.

A question that names an SRD entry and asks for one of its known attributes ("lich AC", "does
hold person need concentration", "wizard hit die") gets a sentence built from the record. Each
attribute is a pattern over the question (here) and a function that words the answer
(`fact_sentences.py`); which of the named things it asks about is read in `fact_mentions.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from dm_companion.assistant import fact_sentences as sentences
from dm_companion.assistant import fact_sentences_characters as class_sentences
from dm_companion.assistant import fact_sentences_spells as spells
from dm_companion.assistant.fact_mentions import owned_features, widest, without_names
from dm_companion.assistant.question_terms import CAST_FROM_AN_ITEM, FRAME_STEMS, content_stems, level_in
from dm_companion.assistant.yes_no import is_yes_no
from dm_companion.srd.entries import Entry
from dm_companion.srd.repository import Mention, said_kinds

Answerer = Callable[[Entry, str], "str | None"]


@dataclass(frozen=True)
class Attribute:
    name: str
    kinds: tuple[str, ...]
    pattern: re.Pattern
    answer: Answerer
    beside: tuple[str, ...] = ()  # where given, it answers only beside a named thing of these kinds


# Not the asker's own actions ("can I hold my action"), not attacks made at or by someone else
# ("advantage on attacks against it", "attacks from an invisible stalker"), not an action anyone
# takes ("the Dodge action"): rules, not a stat block's list.
_THEIRS = "my|our|your|his|her|their|dodge|dash|disengage|help|hide|ready|search|advantage on".split("|")
_NOT_THEIRS = "".join(f"(?<!{word} )" for word in _THEIRS)
_NOT_AT = r"(?! (?:against|from|on|at|targeting|made against|rolls? against|it|him|her|them|me|us|you)\b)"


def _p(*alternatives: str) -> re.Pattern:
    return re.compile("|".join(alternatives))


ATTRIBUTES: tuple[Attribute, ...] = (
    # Order matters: the first attribute whose pattern matches wins for an entry's kind.
    Attribute("proficiency bonus", ("class",), _p(r"proficiency bonus"), class_sentences.proficiency_bonus),
    Attribute("spell slots", ("class",), _p(r"\bspell slots?\b", r"\bslots?\b"), class_sentences.c_slots),
    Attribute(
        "ability", ("monster",), _p(r"."), sentences.m_own_ability
    ),  # one it names: "legendary resistance"
    Attribute("legendary", ("monster",), _p(r"legendary"), sentences.m_legendary),
    Attribute(
        "immunities",
        ("monster",),
        _p(r"immun", r"\bimmune\b", r"can'?t be (poisoned|charmed|frightened)"),
        sentences.m_immune,
    ),
    Attribute("resistances", ("monster",), _p(r"resist"), sentences.m_resist),
    Attribute(
        "vulnerabilities",
        ("monster",),
        _p(r"vulnerab", r"weak(ness|nesses)? (to|against)", r"\bweakness"),
        sentences.m_vulnerable,
    ),
    Attribute("spell save dc", ("monster",), _p(r"spell save dc", r"spell dc"), sentences.m_spell_dc),
    Attribute(
        "saving throws", ("monster",), _p(r"(?<!spell )sav(e|ing)( throw)?s?\b(?! dc)"), sentences.m_save
    ),
    Attribute(
        "hp",
        ("monster",),
        _p(
            r"\bhp\b", r"hit ?points?", r"\bhealth\b", r"how (much|many) (damage|hits?)(?! does)", r"hit dice"
        ),
        sentences.m_hp,
    ),
    Attribute(
        "ac",
        ("monster",),
        _p(r"\bac\b", r"armou?r class", r"armou?r", r"how hard .{0,30}to hit"),
        sentences.m_ac,
    ),
    Attribute("xp", ("monster",), _p(r"\bxp\b", r"experience"), sentences.m_xp),
    Attribute(
        "cr", ("monster",), _p(r"\bcr\b", r"challenge", r"how (tough|dangerous|strong)"), sentences.m_cr
    ),
    Attribute("initiative", ("monster",), _p(r"initiative"), sentences.m_initiative),
    Attribute(
        "speed",
        ("monster",),
        _p(r"speed", r"how fast", r"\bmove", r"\bfly", r"\bswim", r"\bclimb", r"\bburrow"),
        sentences.m_speed,
    ),
    Attribute(
        "abilities",
        ("monster",),
        _p(r"\b(str|dex|con|int|wis|cha)\b", r"strength|dexterity|constitution|intelligence|wisdom|charisma"),
        sentences.m_ability,
    ),
    Attribute(
        "senses",
        ("monster",),
        _p(
            r"\bsens",
            r"darkvision",
            r"blindsight",
            r"truesight",
            r"tremorsense",
            r"passive perception",
            r"\bsee in",
        ),
        sentences.m_senses,
    ),
    Attribute("languages", ("monster",), _p(r"language", r"\bspeak", r"\btalk"), sentences.m_languages),
    Attribute(  # the asker's own action ("can I hold my action until the goblin...") is not the monster's
        "actions",
        ("monster",),
        _p(rf"{_NOT_THEIRS}\bactions?\b", rf"{_NOT_THEIRS}\battacks?\b{_NOT_AT}", r"multiattack"),
        sentences.m_actions,
    ),
    Attribute(
        "size/type",
        ("monster",),
        _p(
            r"\bsize\b",
            r"how (big|large)",
            r"what (type|kind) of (creature|monster)",
            r"alignment",
            r"creature type",
        ),
        sentences.m_size_type,
    ),
    Attribute("concentration", ("spell",), _p(r"concentrat"), spells.s_concentration),
    Attribute("ritual", ("spell",), _p(r"\britual"), spells.s_ritual),
    Attribute("save", ("spell",), _p(r"sav(e|ing)"), spells.s_save),
    Attribute(
        "casting time",
        ("spell",),
        _p(
            r"casting time",
            r"how long (does it take )?to cast",
            r"(minutes?|hours?|time) to cast",
            r"bonus action",
            r"\breaction\b",
            r"(an|one|1) action",
        ),
        spells.s_casting_time,
    ),
    Attribute("range", ("spell",), _p(r"\brange\b", r"how far", r"\barea\b", r"radius"), spells.s_range),
    Attribute(
        "components",
        ("spell",),
        _p(
            r"component",
            r"material",
            r"verbal",
            r"somatic",
            r"\bcosts?\b",
            r"\bworth\b",
            r"\bgp\b",
            r"\bprice",
        ),
        spells.s_components,
    ),
    Attribute(
        "duration",
        ("spell",),
        _p(
            r"duration",
            r"how long does .* last",
            r"how long .* last",
            r"\blast\b",
            r"how many (rounds|minutes|hours|days)",
        ),
        spells.s_duration,
    ),
    Attribute("damage", ("spell",), _p(r"damage", r"\bheal", r"how (much|many)"), spells.s_damage),
    Attribute("school", ("spell",), _p(r"school"), spells.s_school),
    Attribute(
        "level", ("spell",), _p(r"\blevel\b", r"\bcantrip\b", r"what level", r"spell level"), spells.s_level
    ),
    Attribute(
        "classes",
        ("spell",),
        _p(r"which class", r"what class", r"who can cast", r"classes", r"spell list"),
        spells.s_classes,
    ),
    Attribute(
        "hit die",
        ("class",),
        _p(r"hit ?di(e|ce)", r"\bhd\b", r"(?<!\d )hit points?", r"(?<!\d )\bhp\b"),
        class_sentences.c_hit_die,
    ),
    Attribute(
        "known",
        ("class",),
        _p(r"(?:cantrips?|spells?) known", r"(?:cantrips?|spells?)\b.{0,30}\bknows?\b"),
        class_sentences.c_known,
    ),
    Attribute("saving throws", ("class",), _p(r"sav(e|ing)"), class_sentences.c_saves),
    Attribute("class table", ("class",), _p(r"."), class_sentences.c_table),  # says None unless asked
    Attribute(
        "features by level",
        ("class",),
        _p(r"level \d", r"\d+(st|nd|rd|th)?[- ]level", r"\blvl\b"),
        class_sentences.c_features,
    ),
    Attribute(
        "spellcasting",
        ("class",),
        _p(r"spellcasting", r"casting (ability|stat)", r"cast(s|ing)? with"),
        class_sentences.c_casting,
    ),
    Attribute("skills", ("class",), _p(r"skill"), class_sentences.c_skills),
    Attribute(
        "proficiencies",
        ("class",),
        _p(r"proficien", r"armou?r", r"weapons?"),
        class_sentences.c_proficiencies,
    ),
    # "can a wizard use a longsword": a thing used is gear only when gear is named ("can a
    # sorcerer use Twinned Spell on Haste" asks nothing of the sorcerer's proficiencies)
    Attribute(
        "proficiencies", ("class",), _p(r"can .* use"), class_sentences.c_proficiencies, beside=("equipment",)
    ),
    Attribute(
        "subclasses",
        ("class",),
        _p(
            r"subclass",
            r"archetype",
            r"tradition",
            r"domain",
            r"college",
            r"circle",
            r"oath",
            r"patron",
            r"origin",
            r"path",
        ),
        class_sentences.c_subclasses,
    ),
    Attribute("multiclass", ("class",), _p(r"multiclass", r"multi-class"), class_sentences.c_multiclass),
    Attribute(
        "ability bonuses",
        ("race", "subrace"),
        _p(r"abilit", r"score", r"bonus", r"increase", r"\basi\b", r"\+\d", r"\bstats?\b"),
        class_sentences.r_bonuses,
    ),
    Attribute("resistances", ("race", "subrace"), _p(r"resist", r"immun"), class_sentences.r_resist),
    Attribute(
        "darkvision", ("race", "subrace"), _p(r"darkvision", r"see in the dark"), class_sentences.r_darkvision
    ),
    Attribute("speed", ("race",), _p(r"speed", r"how fast", r"\bmove", r"walk"), class_sentences.r_speed),
    Attribute("size", ("race",), _p(r"\bsize\b", r"how (tall|big)"), class_sentences.r_size),
    Attribute("languages", ("race",), _p(r"language", r"speak"), class_sentences.r_languages),
    Attribute("subraces", ("race",), _p(r"subrace"), class_sentences.r_subraces),
    Attribute(
        "traits", ("race", "subrace"), _p(r"trait", r"what do .* get", r"features?"), class_sentences.r_traits
    ),
    Attribute(
        "class table",
        ("feature",),
        _p(r"level \d", r"\d+(st|nd|rd|th)?[- ]level", r"\blvl\b"),
        class_sentences.f_table,
    ),
    Attribute(
        "feature level",
        ("feature",),
        _p(r"what level", r"which level", r"when do", r"at what level"),
        class_sentences.f_level,
    ),
    Attribute(
        "equipment",
        ("equipment",),
        _p(
            r"damage",
            r"armou?r class",
            r"\bac\b",
            r"cost",
            r"weigh",
            r"how much",
            r"properties",
            r"\bstats?\b",
            r"\branges?\b",
            r"how far",
            r"\b(?:martial|simple) (?:melee |ranged )?weapon",
            r"\b(?:finesse|heavy|light|medium|reach|versatile|two[- ]handed|thrown|loading|ammunition)\b",
        ),
        sentences.e_stats,
    ),
    Attribute(
        "exhaustion level",
        ("condition",),
        _p(r"\b(?:[1-6]|one|two|three|four|five|six)\b"),
        sentences.exhaustion_level,
    ),
    Attribute(
        "describe",
        ("condition", "feature", "trait", "skill", "damage-type", "weapon-property"),
        _p(r"."),
        sentences.describe,
    ),
)


@dataclass(frozen=True)
class Fact:
    text: str
    entry: Entry | None  # None for rules that belong to no entry (proficiency bonus by level)
    attribute: str


_GENERAL = (Attribute("proficiency bonus", (), _p(r"proficiency bonus"), class_sentences.proficiency_bonus),)


_ASKS_A_NUMBER = re.compile(r"\b(?:what|which)(?: is|'s)? the dc\b|\bhow (?:many|much)\b")


def _holds_the_asked(question: str, entry: Entry, text: str) -> bool:
    """Whether an entry's whole description answers the question: it names at least half of what
    the question asks beyond the entry ("how do you escape a grapple" asks "escape", which the
    Grappled condition never mentions, so the rule on escaping answers instead)."""
    if _ASKS_A_NUMBER.search(question) and not re.search(r"\d", text):
        return False  # "what is the DC to stabilize ... with a Medicine check": the skill gives none
    asked = content_stems(question) - content_stems(entry.name) - FRAME_STEMS
    if not asked:
        return True
    return 2 * len(asked & content_stems(text)) >= len(asked)


# Spells in general by a component ("does a spell with a verbal component work in silence?"): the
# words are no question about the named spell's own components.
_ANY_SPELL_BY_COMPONENT = re.compile(
    r"\bspells? (?:with|that (?:has|have|needs?|requires?)) (?:an? )?(?:verbal|somatic|material)"
    r"(?:,? (?:and|or) (?:verbal|somatic|material))*(?: components?)?"
)


# "what happens when ...", "if I'm knocked out concentrating on haste, what happens to the target?"
_WHAT_HAPPENS = re.compile(r"\bwhat (?:happens|would happen|will happen|occurs)\b")
# Kinds that own other named things, asked after them: "a halfling's Lucky trait" asks about
# Lucky, not the halfling's list of traits; a class last (its lists answer the most questions).
_OWNERS = ("race", "subrace", "class")


def answer_fact(question: str, mentions: list[Mention]) -> Fact | None:
    """The record-based answer to a stat question, or None when the question is not one."""
    lowered = question.lower()
    cues = _ANY_SPELL_BY_COMPONENT.sub(" ", without_names(lowered, mentions))
    mentions = widest(owned_features(mentions), lowered)
    said = said_kinds(lowered)  # "the shield spell": the armor called Shield does not answer
    named_as_said = {m.entry.name for m in mentions if m.entry.kind in said}
    mentions = [m for m in mentions if m.entry.kind in said or m.entry.name not in named_as_said]
    ordered = sorted(mentions, key=lambda m: _OWNERS.index(m.entry.kind) if m.entry.kind in _OWNERS else -1)
    kinds_named = {m.entry.kind for m in mentions}
    if "class" in kinds_named and "spell" not in kinds_named and level_in(lowered):  # not "fire bolt at 5"
        ordered = sorted(mentions, key=lambda m: m.entry.kind != "class")  # a level asks a class's table
    for mention in ordered:
        entry = mention.entry
        for attribute in ATTRIBUTES:
            if entry.kind not in attribute.kinds or not attribute.pattern.search(cues):
                continue
            if _WHAT_HAPPENS.search(lowered) and attribute.answer not in (
                sentences.describe,
                sentences.exhaustion_level,
            ):
                continue  # "what happens when a wild-shaped druid drops to 0 hit points": no stat
            if attribute.beside and not kinds_named & set(attribute.beside):
                continue
            if attribute.answer is spells.s_components and CAST_FROM_AN_ITEM.search(lowered):
                continue  # an item's spell "requires no components, unless the item's description says"
            text = attribute.answer(entry, lowered)
            checked = attribute.answer in (sentences.describe, sentences.e_stats) or (
                (entry.kind == "spell" or (text or "").startswith(("Yes", "No"))) and is_yes_no(lowered)
            )
            if text and (not checked or _holds_the_asked(lowered, entry, text)):
                return Fact(text, entry, attribute.name)
    for attribute in _GENERAL:
        if attribute.pattern.search(cues) and (text := attribute.answer(None, lowered)):
            return Fact(text, None, attribute.name)
    return None
