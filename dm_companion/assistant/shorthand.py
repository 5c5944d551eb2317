"""Table shorthand written out, so a rules question reads the same however a DM types it.

"prof bonus at lvl 17", "do temp hp stack", "does a stunned creature auto fail str saves" are
asked at the table far more often than the SRD's own words. Every reader after this one (the
calculators, the fact engine, retrieval, the yes/no verdict) sees "proficiency bonus at level 17",
"do temporary hit points stack", "automatically fail strength saves". Only whole words change,
and only shorthand with a single meaning in 5e.
"""

from __future__ import annotations

import re

SHORTHAND = {
    "prof": "proficiency",
    "temp hp": "temporary hit points",
    "thp": "temporary hit points",
    "temp": "temporary",
    "dmg": "damage",
    "lvl": "level",
    "lv": "level",
    "adv": "advantage",
    "disadv": "disadvantage",
    "conc": "concentration",
    "crit": "critical hit",
    "crits": "critical hits",
    "nat": "natural",
    "init": "initiative",
    "death save": "death saving throw",
    "death saves": "death saving throws",
    "auto fail": "automatically fail",
    "auto-fail": "automatically fail",
    "autofail": "automatically fail",
    "auto fails": "automatically fails",
    "str": "strength",
    "dex": "dexterity",
    "con": "constitution",
    "int": "intelligence",
    "wis": "wisdom",
    "cha": "charisma",
    "barb": "barbarian",
    "wiz": "wizard",
    "sorc": "sorcerer",
    "pally": "paladin",
    "ft": "feet",
    "spd": "speed",
    "oa": "opportunity attack",
    "aoo": "opportunity attack",
    "t rex": "tyrannosaurus rex",
    "t-rex": "tyrannosaurus rex",
    "trex": "tyrannosaurus rex",
    "wildshape": "wild shape",
    "wild-shaped": "wild shape",
    "wild shaped": "wild shape",
    "wildshaped": "wild shape",
    # a spell's name as the verb for what it did, where the verb means nothing else in 5e
    # ("healed", "knocked" or "teleported" do, so they stay)
    "polymorphed": "polymorph",
    "hasted": "haste",
    "banished": "banishment",
}
# British spellings, as the SRD spells them ("Mage Armour", "Unarmoured Defence", "colours"); a
# capital stays, so a name is still a name
SPELLINGS = {
    "armour": "armor",
    "armours": "armors",
    "armoured": "armored",
    "unarmoured": "unarmored",
    "colour": "color",
    "colours": "colors",
    "defence": "defense",
    "offence": "offense",
    "favoured": "favored",
    "favour": "favor",
    "grey": "gray",
    "centre": "center",
    "centred": "centered",
    "honour": "honor",
    "vigour": "vigor",
}
_WRITTEN_OUT = SHORTHAND | SPELLINGS
# longest first, so "temp hp" is written out before "temp" and "hp" are looked at alone
_PATTERN = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(k) for k in sorted(_WRITTEN_OUT, key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)


def expand(question: str) -> str:
    """`question` with each shorthand word or phrase written out and each British spelling the
    SRD's (case of the rest kept)."""
    return _PATTERN.sub(_written_out, question)


def _written_out(match: re.Match) -> str:
    said = match.group(1)
    out = _WRITTEN_OUT[said.lower()]
    return out[0].upper() + out[1:] if said.lower() in SPELLINGS and said[0].isupper() else out
