"""Which of the things a stat question names it asks about (`facts`): a class feature of the
class it names, the thing it names in full rather than a part of that name, and the question's
words once the names are taken out, so that a word inside a name is not read as what is asked."""

from __future__ import annotations

import re

from dm_companion.srd.entries import Feature
from dm_companion.srd.everyday_names import AMBIGUOUS
from dm_companion.srd.repository import Mention


def owned_features(mentions: list[Mention]) -> list[Mention]:
    """Drops class features of classes the question does not name when one it names has it
    ("rogue ... evasion" is the rogue's Evasion, not the monk's)."""
    named = {m.entry.name for m in mentions if m.entry.kind == "class"}
    features = [m for m in mentions if isinstance(m.entry, Feature)]
    owned = [m for m in features if m.entry.owner.split(" (")[0] in named]
    if not owned:
        return mentions
    return [m for m in mentions if not isinstance(m.entry, Feature) or m in owned]


def widest(mentions: list[Mention], question: str) -> list[Mention]:
    """Drops a thing whose name is a part of another's the question says in full, in any order
    ("a vial of antitoxin": Antitoxin (vial), not the empty Vial)."""

    def words(mention: Mention) -> frozenset[str]:
        return frozenset(re.findall(r"[a-z]+", mention.entry.name.lower()))

    said = set(re.findall(r"[a-z]+", question))
    return [
        m
        for m in mentions
        if not any(words(m) < words(other) <= said and other.entry.kind == m.entry.kind for other in mentions)
    ]


# Kinds of the things a stat question asks about, whose names are taken out of the question
# before the patterns read it. Other names stay: they are game terms an attribute is about
# ("can't be poisoned", "immune to fire", "proficiency bonus", "passive Perception"), as do
# things named by an everyday or game word ("darkvision" the spell is darkvision the trait too).
_THING_KINDS = ("monster", "spell", "class", "race", "subrace", "equipment", "magic-item", "background")


def without_names(lowered: str, mentions: list[Mention]) -> str:
    """The question without the names it mentions, so that a word inside a name is not read as
    what is asked: "spiritual weapon" asks nothing about weapons, "speak with animals" nothing
    about languages, "flying sword" nothing about speed."""
    for mention in mentions:
        name = mention.entry.name.lower()
        if mention.entry.kind in _THING_KINDS and not any(name in words for words in AMBIGUOUS.values()):
            lowered = re.sub(rf"\b{re.escape(name)}s?\b", " ", lowered)
    return lowered
