"""The SRD-shaped record every importer builds (what `srd.monster.Monster` and the combat tracker
read), and the values every format writes its own way: numbers as numbers or strings, challenge
ratings as "1/8", "0.5", "7.000", "17 (18 000 PX)" or {cr, xp}, and damage lists as lists,
"; "-joined prose or 5etools objects with notes and conditions.

A damage entry is one type with its qualifier in parentheses ("slashing (from nonmagical
attacks)"), as the tracker's damage rules read it; a conditional one ("acid (Chromatic and
Metallic Only)") is kept for the DM to see and not applied; a homebrew type is kept by name.
"""

from __future__ import annotations

import re
from fractions import Fraction

from dm_companion.bestiary.words import damage_type, normal_spaces
from dm_companion.errors import DMCError
from dm_companion.srd.scores import ABILITIES
from dm_companion.srd.tables import XP_BY_CR

FIELDS = ("strength", "dexterity", "constitution", "intelligence", "wisdom", "charisma")
_QUALIFIERS = {  # the translations' "from nonmagical attacks"
    "de ataques no magicos": "from nonmagical attacks",
    "de ataques no mágicos": "from nonmagical attacks",
    "d'attaques non magiques": "from nonmagical attacks",
}
_LEGENDARY_PROSE = re.compile(r"can take (\d+|one|two|three|four|five) legendary actions", re.IGNORECASE)
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


class EntryFault(DMCError):
    """One entry of a file that cannot be read: the field and why (the rest of the file is)."""

    def __init__(self, field: str, why: str) -> None:
        super().__init__(f"field '{field}': {why}")
        self.field, self.why = field, why


def number(value, field: str, minimum: int | None = 0) -> int:
    """A whole number written as one, or as a string ("15", "+3", "7.000")."""
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+(?:\.0+)?\s*", value):
        value = int(float(value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or (minimum is not None and value < minimum):
        floor = f" of at least {minimum}" if minimum else ""
        raise EntryFault(field, f"expected a whole number{floor}, not {value!r}")
    return value


def first_number(value, field: str) -> int | None:
    """The first plain number of a value that may be prose ("14 (natural armor)"), or None when it
    gives none ("14 + the level of the spell" is a rule, not a number)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return number(value, field, 0)
    match = re.match(r"\s*(\d+)\s*(?:\(|$|\w)", str(value))
    if match is None:
        raise EntryFault(field, f"expected a whole number, not {value!r}")
    return int(match.group(1))


def challenge(value, field: str) -> float | None:
    """A challenge rating from any of the ways files write it; None when there is none."""
    if isinstance(value, dict):
        value = value.get("cr")
    if value in (None, ""):
        return None
    text = normal_spaces(str(value)).strip()
    match = re.match(r"(\d+\s*/\s*\d+|\d+(?:\.\d+)?)", text)
    if match is None:
        raise EntryFault(field, f"a challenge rating like 1/4 or 5, not {value!r}")
    return float(Fraction(match.group(1).replace(" ", "")))


def legendary_count(field, prose: str) -> int | None:
    """The legendary actions a creature takes a round, from its field or its prose, if stated."""
    if field not in (None, ""):
        return number(field, "legendaryActions", 1)
    match = _LEGENDARY_PROSE.search(prose or "")
    if match is None:
        return None
    said = match.group(1).lower()
    return int(said) if said.isdigit() else _WORD_NUMBERS[said]


def _qualified(kinds: list[str], qualifier: str) -> list[str]:
    qualifier = qualifier.strip().strip("()").strip()
    return [f"{kind} ({qualifier})" if qualifier else kind for kind in kinds]


_BPS = re.compile(r"\bnonmagic(?:al)? B/P/S attacks\b", re.IGNORECASE)
_PHYSICAL = ("bludgeoning", "piercing", "slashing")


def damage_prose(text: str) -> list[str]:
    """ "acid; bludgeoning, piercing, and slashing from nonmagical attacks" as one entry a type."""
    out = []
    text = _BPS.sub("bludgeoning, piercing, and slashing from nonmagical attacks", normal_spaces(text))
    for chunk in re.split(r";", text):
        chunk = chunk.strip().rstrip(".")
        if not chunk:
            continue
        lowered = chunk.lower()
        for said, english in _QUALIFIERS.items():
            lowered = lowered.replace(said, english)
        qualifier = re.search(r"\b(from|that|except|if|while|when|in)\b.*$", lowered)
        head = lowered[: qualifier.start()] if qualifier else lowered
        kinds = [
            w for w in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s+or\s+|\s+y\s+|\s+et\s+", head) if w.strip()
        ]
        known = [damage_type(w.strip()) or w.strip() for w in kinds]
        if all(damage_type(w.strip()) for w in kinds):
            out += _qualified(known, qualifier.group(0) if qualifier else "")
        else:
            out.append(chunk)  # prose a DM reads ("Damage from any AOE"): kept as written
    return out


def damage_list(value, field: str) -> list[str]:
    """A list, a string, or 5etools objects ({resist: [...], note, cond}, {special}) as entries."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return damage_prose(value)
    if not isinstance(value, list):
        raise EntryFault(field, f"a list or a string of damage types, not {type(value).__name__}")
    out: list[str] = []
    for item in value:
        if isinstance(item, str) and re.match(r"\s*and\s+\w+\s+from\s", item, re.IGNORECASE):
            out = _carried(out, damage_prose(re.sub(r"^\s*and\s+", "", item)))
        elif isinstance(item, str):
            out += damage_prose(item.split("|")[0])
        elif isinstance(item, dict) and "special" in item:
            out.append(normal_spaces(str(item["special"])))
        elif isinstance(item, dict) and "name" in item:  # Open5e v2 {"name": ...}
            out += damage_prose(str(item["name"]))
        elif isinstance(item, dict):
            inner = next((item[k] for k in ("resist", "immune", "vulnerable") if k in item), [])
            note = " ".join(str(item.get(k, "")) for k in ("preNote", "note")).strip()
            out += _qualified(damage_list(inner, field), note) if note else damage_list(inner, field)
        else:
            raise EntryFault(field, f"damage types as strings or objects, not {item!r}")
    return out


def _carried(before: list[str], last: list[str]) -> list[str]:
    """A list split at its commas ("bludgeoning", "piercing", "and slashing from nonmagical
    weapons"): the last item's qualifier carried back to the physical types just before it."""
    qualifier = last[0].partition(" (")[2] if last and " (" in last[0] else ""
    if not qualifier:
        return before + last
    start = len(before)
    while start and before[start - 1] in _PHYSICAL:
        start -= 1
    return before[:start] + [f"{kind} ({qualifier}" for kind in before[start:]] + last


def build(
    name: str, ac: int | None, hp: int | None, scores: dict[str, int], saves: dict[str, int], **rest
) -> dict:
    """The SRD's shape: what `Monster` and the combat tracker read."""
    if not name.strip():
        raise EntryFault("name", "a monster needs a name")
    cr = rest.pop("challenge_rating", None)
    record = {
        "index": re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"),
        "name": normal_spaces(name).strip(),
        "armor_class": [{"type": "natural", "value": ac}],
        "hit_points": hp,
        "hit_dice": rest.pop("hit_dice", ""),
        "size": rest.pop("size", ""),
        "type": rest.pop("type", ""),
        "alignment": rest.pop("alignment", ""),
        "proficiencies": [
            {
                "value": bonus,
                "proficiency": {"index": f"saving-throw-{a}", "name": f"Saving Throw: {a.upper()}"},
            }
            for a, bonus in saves.items()
        ],
        "speed": {},
        "senses": {},
        "languages": "",
        "source": "campaign",
        "challenge_rating": cr,
        "xp": XP_BY_CR.get(cr, 0) if cr is not None else 0,
    }
    record.update({field: scores[ability] for ability, field in zip(ABILITIES, FIELDS)})
    for key in ("damage_resistances", "damage_immunities", "damage_vulnerabilities"):
        record[key] = rest.pop(key, [])
    record["condition_immunities"] = [
        {"index": c.lower(), "name": c.title()} for c in rest.pop("conditions", []) if c
    ]
    record.update({key: value for key, value in rest.items() if value is not None})
    return record
