"""The calculators of what a character wears and wields (`calculators`).

- An unarmored class's Armor Class: "our monk has 14 Dex and 16 Wis, what's her AC?" is the
  class's Unarmored Defense applied to those scores. The rule is the character engine's
  (`characters.equipment.armor_class`, which builds every sheet's AC), asked here for a character
  who wears no armor, so the chat and the character sheets never disagree; a barbarian's shield
  counts, as the feature says; a monk with a shield is left to its text.
- A critical hit's dice: the dice the question gives, or the weapon's own where it names one ("a
  crit with a greatsword", "+1 dagger": its dice, whatever the asker wrote beside them).
"""

from __future__ import annotations

import re

from dm_companion.assistant.calculation import Calculation
from dm_companion.assistant.question_terms import score_in
from dm_companion.characters.equipment import Proficiencies, armor_class
from dm_companion.srd.repository import srd
from dm_companion.srd.scores import ABILITY_NAMES, modifier, signed
from dm_companion.wording import with_article

# The classes with Unarmored Defense, and the ability each adds to Dexterity.
_UNARMORED = {"barbarian": "con", "monk": "wis"}
_ASKS_AC = re.compile(r"\bac\b|\barmou?r class\b")
# Armor the character wears is no unarmored question ("a barbarian in half plate").
_WEARS_ARMOR = re.compile(
    r"\b(?:wear\w*|in|with|has|have|don\w*) (?:a |an |his |her |their |my )?(?:\w+ )?"
    r"(?:armou?r|mail|plate|leather|breastplate|hide)\b(?<!no armor)(?<!no armour)"
)
_SHIELD = re.compile(
    r"\b(?:with|and|has|have|holding|wielding|carrying|carries|uses?|using) "
    r"(?:a |his |her |their |my )?shield\b"
)


def unarmored_defense(q: str) -> Calculation | None:
    named = [name for name in _UNARMORED if re.search(rf"\b{name}s?\b", q)]
    if len(named) != 1 or not _ASKS_AC.search(q) or _WEARS_ARMOR.search(q.replace("unarmored", "")):
        return None
    klass, other = named[0], _UNARMORED[named[0]]
    found = {
        ability: score_in(q, f"(?P<ability>{ability}(?:{ABILITY_NAMES[ability].lower()[3:]})?)")
        for ability in ("dex", other)
    }
    if any(score is None for score in found.values()):
        return None
    shield = bool(_SHIELD.search(q))
    if shield and klass == "monk":  # the monk's holds only without one: the feature's text answers
        return None
    scores = {"str": 10, "dex": 10, "con": 10, "wis": 10} | {a: s[1] for a, s in found.items()}
    items = [("shield", 1)] if shield else []
    equipment = {"shield": srd().get("equipment", "shield").data}
    plus = f" + {equipment['shield']['armor_class']['base']} (shield)" if shield else ""
    features = {f"{klass}-unarmored-defense"}
    worn = armor_class(items, equipment, scores, Proficiencies(frozenset({"Shields"})), features)
    dex, add = modifier(scores["dex"]), modifier(scores[other])
    return Calculation(
        f"AC {worn.value}. A {klass}'s Unarmored Defense: 10 + Dexterity modifier ({signed(dex)}, "
        f"Dexterity {scores['dex']}) + {ABILITY_NAMES[other]} modifier ({signed(add)}, "
        f"{ABILITY_NAMES[other]} {scores[other]}){plus} = {worn.value}, "
        "wearing no armor.",
        (f"feature/{klass}-unarmored-defense",),
        "unarmored defense",
    )


_MAGIC_WEAPON = re.compile(r"\+(\d)\s+([a-z]+)(?:[ -]([a-z]+))?")


def _magic_weapon(q: str) -> tuple[str, str] | None:
    """(the damage dice, " + N") of a magic weapon the question names ("+1 dagger"): its own
    dice are the attack's, whatever dice the asker wrote beside them ("is it 2d4+1 or 2d4+2?")."""
    for match in _MAGIC_WEAPON.finditer(q):
        first, second = match.group(2), match.group(3)
        for name in (f"{first} {second}", first) if second else (first,):
            entry = srd().find(name, "equipment")
            if entry is not None and entry.name.lower() == name and entry.data.get("damage"):
                return entry.data["damage"]["damage_dice"], f" + {match.group(1)}"
    return None


def _weapon(q: str) -> tuple[str, str] | None:
    """(the name, the damage dice) of the one weapon the question names by its SRD name ("a
    greatsword")."""
    named = {
        (m.entry.name.lower(), m.entry.data["damage"]["damage_dice"])
        for m in srd().mentions(q)
        if m.exact and m.entry.kind == "equipment" and (m.entry.data.get("damage") or {}).get("damage_dice")
    }
    return named.pop() if len(named) == 1 else None


def critical_damage(q: str) -> Calculation | None:
    if not re.search(r"\bcrit|\bnat(?:ural)? ?20\b", q):
        return None
    weapon = _magic_weapon(q)
    written = re.search(r"\b(\d*)d(\d+)\s*(?:([+-])\s*(\d+))?", q)
    plain = None if weapon or written else _weapon(q)  # "a crit with a greatsword": its 2d6
    dice = re.match(r"(\d*)d(\d+)", weapon[0] if weapon else plain[1]) if weapon or plain else written
    if not dice:
        return None
    count = int(dice.group(1) or 1)
    sides = int(dice.group(2))
    bonus = weapon[1] if weapon else f" {dice.group(3)} {dice.group(4)}" if written and dice.group(3) else ""
    owner = f"{with_article(plain[0], capital=False)}'s " if plain else ""  # "a greatsword's 2d6"
    return Calculation(
        f"{2 * count}d{sides}{bonus.replace(' ', '')}. A critical hit rolls all of the attack's damage "
        f"dice twice and adds them together, then adds any modifiers as normal: "
        f"{owner}{count}d{sides} becomes {2 * count}d{sides}{bonus}.",
        ("rule/damage-and-healing#critical-hits",),
        "critical hit",
    )
