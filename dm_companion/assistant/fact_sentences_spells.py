"""The sentence for each attribute of an SRD spell: "Hold Person requires concentration (duration:
concentration, Up to 1 minute).", "Fireball deals 10d6 fire damage with a 5th-level slot". Built
from the record's own fields, so the numbers never pass through the model; `facts.py` decides
which attribute a question asks for.
"""

from __future__ import annotations

import re

from dm_companion.assistant.question_terms import level_in, slot_level_in, with_digits
from dm_companion.assistant.yes_no import is_yes_no
from dm_companion.srd.entries import Spell
from dm_companion.wording import SENTENCE_END, join_words, ordinal, with_article

# Another spell spoken of by its level: "what slot does counterspell need to stop a 5th level spell?"
_A_SPELL_OF_LEVEL = re.compile(r"\ban? \d(?:st|nd|rd|th)[- ]level spell\b")
_LEVEL_SAID = re.compile(r"\b(\d)(?:st|nd|rd|th)?[- ]level spell\b|\blevel (\d) spell\b")


def s_level(s: Spell, q: str) -> str | None:
    said = _LEVEL_SAID.search(with_digits(q)) if is_yes_no(q) else None  # "is fireball a 5th level spell?"
    verdict = ("Yes, " if int(said.group(1) or said.group(2)) == s.level else "No, ") if said else ""
    if not said and (at_level := _at_level(s, q)):  # "what does lightning bolt do at 4th level"
        return at_level
    if _A_SPELL_OF_LEVEL.search(q) and not is_yes_no(q):  # how it meets that spell: its text says
        return None
    if verdict and not s.level:  # "is fire bolt a 1st level spell?": no, a cantrip
        return f"{verdict}{s.name} is a cantrip, a level 0 spell."
    return f"{verdict}{s.name} is {with_article(s.level_text, capital=False)}" + (
        " spell." if s.level else "."
    )


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
    if described := _described(s, r"\d+d\d+"):
        return described
    if not re.search(r"\bdamage|\bhurt", q):
        return None  # "how much gold does raise dead need" asks no dice: no "deals no damage"
    return f"{s.name} deals no damage by itself. {s.description.split('.')[0]}."


def s_classes(s: Spell, q: str) -> str:
    return f"{s.name} is on the spell list of: {join_words(s.classes)}."


# --- features, traits, conditions, equipment --------------------------------------------------
