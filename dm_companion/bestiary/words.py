"""The words stat blocks use for what the tracker runs, as people write them: English, and the
Spanish and French of the translated SRDs that Improved Initiative libraries carry. Each maps
to the SRD's own word, so a Spanish "daño cortante" resists as slashing."""

from __future__ import annotations

import re
import unicodedata

from dm_companion.srd.tables import DAMAGE_TYPES

# damage type words -> the SRD's type (English plurals and the translations' genders included)
DAMAGE_WORDS = {
    **{t: t for t in DAMAGE_TYPES},
    "cortante": "slashing", "perforante": "piercing", "contundente": "bludgeoning", "fuego": "fire",
    "frio": "cold", "acido": "acid", "relampago": "lightning", "electrico": "lightning", "trueno": "thunder",
    "veneno": "poison", "necrotico": "necrotic", "radiante": "radiant", "psiquico": "psychic",
    "fuerza": "force", "tranchant": "slashing", "tranchants": "slashing", "perforant": "piercing",
    "perforants": "piercing", "contondant": "bludgeoning", "contondants": "bludgeoning",
    "percussion": "bludgeoning", "feu": "fire", "froid": "cold", "acide": "acid", "foudre": "lightning",
    "tonnerre": "thunder", "necrotique": "necrotic", "necrotiques": "necrotic", "radiants": "radiant",
    "psychique": "psychic", "psychiques": "psychic", "radieux": "radiant",
    "necrotica": "necrotic",
}  # fmt: skip
# ability words and abbreviations -> the SRD's three letters
ABILITY_WORDS = {
    "strength": "str", "dexterity": "dex", "constitution": "con", "intelligence": "int", "wisdom": "wis",
    "charisma": "cha", "str": "str", "dex": "dex", "con": "con", "int": "int", "wis": "wis", "cha": "cha",
    "fuerza": "str", "destreza": "dex", "constitucion": "con", "inteligencia": "int", "sabiduria": "wis",
    "carisma": "cha", "fue": "str", "des": "dex", "sab": "wis", "car": "cha", "force": "str",
    "dexterite": "dex", "sagesse": "wis", "charisme": "cha", "for": "str", "sag": "wis",
}  # fmt: skip
ABILITY_PATTERN = "|".join(sorted(ABILITY_WORDS, key=len, reverse=True))
DC_WORDS = r"(?:DC|CD|DD)"  # English, Spanish, French
HIT_WORDS = r"(?:Hit|Impacto|Touché)\s*:"


def plain(text: str) -> str:
    """Lower case without accents: "Necrótico" and "necrotico" are one word."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def damage_type(word: str) -> str | None:
    """The SRD damage type a word names (any of the languages), or None."""
    return DAMAGE_WORDS.get(plain(word).strip(".,;:()"))


def ability(word: str) -> str | None:
    """The SRD ability (str..cha) a word names, or None."""
    return ABILITY_WORDS.get(plain(word).strip(".,;:()"))


def normal_spaces(text: str) -> str:
    """No-break spaces and runs of spaces as one space, and the minus signs PDFs leave as one."""
    return re.sub(r"[ \u00a0\u202f\t]+", " ", text).replace("\u2212", "-").replace("\u2013", "-")


def plain_letters(text: str) -> str:
    """The text without accents, its case kept ("Constitución" is "Constitucion")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
