"""The SRD names that are also everyday words in a question ("light", "rope", "medicine"), by
the kind of entry they are ambiguous as, and the hints by which a question says it means the
entry: such a name is matched only with a hint of its kind nearby ("the light spell", "a druid's
hit points"), never alone (`SRD.mentions`)."""

from __future__ import annotations

from dm_companion.srd.tables import DAMAGE_TYPES

_SPELLS = """light message command guidance sleep fly alarm wish shield mending friends resistance
sanctuary heroism identify knock jump darkness daylight silence slow haste confusion fear suggestion
levitate regenerate restoration contingency augury divination commune dream etherealness
feeblemind geas harm heal imprisonment aid bane bless blur scrying sequester shapechange symbol
teleport thaumaturgy web"""
_MONSTERS = """cat rat bat frog crab hawk owl spy guard scout noble priest thug commoner bandit acolyte
knight mage druid sprite ghost shadow specter giant"""
_RULES = "action attack cover time objects madness traps poisons diseases resting movement"
_SKILLS = """medicine history religion nature insight perception stealth survival performance
persuasion deception intimidation athletics acrobatics arcana investigation"""
_FEATURES = "rage evasion spellcasting darkvision"
_GEAR = """rope net torch lamp ram pick spear club dart whip sling lance maul flail trident dagger sickle mace
shovel sack"""
# Every weapon property's name is a plain word ("heavy", "light", "special", "monk"): the property
# only where the question says "property" ("the loading property", "heavy weapon property").
_WEAPON_PROPERTIES = "ammunition finesse heavy light loading monk reach special thrown versatile"


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


AMBIGUOUS: dict[str, frozenset[str]] = {
    "spell": _set(_SPELLS),
    "monster": _set(_MONSTERS),
    "rule": _set(_RULES),
    "damage-type": frozenset(DAMAGE_TYPES),
    "skill": _set(_SKILLS),
    "feature": _set(_FEATURES),
    "trait": _set("darkvision"),
    "equipment": _set(_GEAR),
    "background": _set("acolyte"),
    "weapon-property": _set(_WEAPON_PROPERTIES) | {"two handed"},
}

KIND_HINTS = {
    "spell": (
        "spell",
        "cast",
        "cantrip",
        "concentrat",
        "ritual",
        "slot",
        "level",
        "range",
        "components",
        "duration",
        "sav",
        "damage",
        "radius",
        "last",
        "how long",
        "reaction",
        "bonus action",
    ),
    "monster": (
        "monster",
        "creature",
        "stat block",
        "statblock",
        "hp",
        "hit point",
        "ac ",
        "armor class",
        "cr ",
        "challenge",
        "resist",
        "immun",
        "vulnerab",
    ),
    "condition": ("condition", "poisoned", "status"),
    "class": ("class", "level"),
    "race": ("race", "racial"),
    "feature": ("feature", "ability", "class feature", "level"),
    "equipment": ("weapon", "armor", "gear", "cost", "weigh", "damage die"),
    "skill": ("skill", "check"),
    "weapon-property": ("propert",),
}
# Hints that count only where the name is said as a thing ("how much damage does a dagger do"):
# "which damage type should I pick" names no pick.
THING_HINTS = {"equipment": ("damage", "deal", "range", "how far", "throw", "how much")}
