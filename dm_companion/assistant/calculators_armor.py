"""The calculator of an unarmored class's Armor Class (`calculators`): "our monk has 14 Dex and 16
Wis, what's her AC?" is the class's Unarmored Defense applied to those scores. The rule is the
character engine's (`characters.equipment.armor_class`, which builds every sheet's AC), asked here
for a character who wears no armor, so the chat and the character sheets never disagree; a
barbarian's shield counts, as the feature says; a monk with a shield is left to its text."""

from __future__ import annotations

import re

from dm_companion.assistant.calculation import Calculation
from dm_companion.assistant.question_terms import score_in
from dm_companion.characters.equipment import Proficiencies, armor_class
from dm_companion.srd.repository import srd
from dm_companion.srd.scores import ABILITY_NAMES, modifier, signed

# The class whose Unarmored Defense it is, by its feature's id, and the ability it adds to Dexterity.
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
