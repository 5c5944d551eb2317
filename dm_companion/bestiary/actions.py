"""A stat block's action as the SRD records it, read from the action's own text, so an imported
monster's attacks, damage parts and DCs run through the same stat-block runner as the SRD's.

The text is the SRD's wording, which 5etools (once its tags are read), Open5e and Improved
Initiative all share: "Melee Weapon Attack: +4 to hit, reach 5 ft., one target. Hit: 5 (1d6 + 2)
slashing damage plus 3 (1d6) fire damage." A save action keeps its text for `stat_block.save_of`
("must make a DC 13 Dexterity saving throw, taking 22 (4d10) acid damage on a failed save, or half
as much damage on a successful one") and gains the damage parts it names. A name carrying
"(Recharge 5-6)" gains the recharge usage; a Multiattack gains the list of attacks its text
gives ("two attacks: one with its bite and one with its claws").
"""

from __future__ import annotations

import re

from dm_companion.srd.tables import DAMAGE_TYPES
from dm_companion.wording import NUMBER_WORDS

_TO_HIT = re.compile(r"([+-]\d+) to hit", re.IGNORECASE)
_HIT_DAMAGE = re.compile(r"\d+ \((\d+d\d+(?: ?[+-] ?\d+)?)\) (\w+) damage", re.IGNORECASE)
_FLAT_DAMAGE = re.compile(r"\b(\d+) (\w+) damage", re.IGNORECASE)
_SAVE = re.compile(
    r"DC (\d+) (Strength|Dexterity|Constitution|Intelligence|Wisdom|Charisma) saving throw", re.IGNORECASE
)
_RECHARGE = re.compile(r"\(Recharge (\d)(?:\s*[-–]\s*6)?\)", re.IGNORECASE)
_NUMBERS = {**{word: value for value, word in enumerate(NUMBER_WORDS[:7]) if value}, "once": 1, "twice": 2}


def _part(dice: str, kind: str) -> dict:
    return {
        "damage_dice": dice.replace(" ", ""),
        "damage_type": {"index": kind.lower(), "name": kind.title()},
    }


def action_from_text(name: str, text: str, names: list[str] | None = None) -> dict:
    """The SRD-shaped action for `name` and its `text`; `names` are the creature's other actions,
    for reading a Multiattack."""
    action: dict = {"name": name, "desc": text}
    if (usage := _RECHARGE.search(name)) is not None:
        action["usage"] = {"type": "recharge on roll", "dice": "1d6", "min_value": int(usage.group(1))}
    to_hit = _TO_HIT.search(text)
    parts = [_part(d, k) for d, k in _HIT_DAMAGE.findall(text) if k.lower() in DAMAGE_TYPES]
    if to_hit is not None:
        action["attack_bonus"] = int(to_hit.group(1))
        if not parts:  # "Hit: 1 piercing damage."
            parts = [
                _part(n, k)
                for n, k in _FLAT_DAMAGE.findall(text.split("Hit:", 1)[-1])
                if k.lower() in DAMAGE_TYPES
            ][:1]
    elif (save := _SAVE.search(text)) is not None:
        half = "half as much damage" in text.lower()
        action["dc"] = {
            "dc_type": {"index": save.group(2)[:3].lower(), "name": save.group(2)[:3].upper()},
            "dc_value": int(save.group(1)),
            "success_type": "half" if half else "none",
        }
    if parts:
        action["damage"] = parts
    if name.strip().lower() == "multiattack" and names:
        action.update(multiattack_type="actions", actions=_multiattack(text, names))
    return action


def _multiattack(text: str, names: list[str]) -> list[dict]:
    """The attacks a Multiattack's text lists, by the creature's own action names."""
    lowered = text.lower()
    found = []
    for number, name in re.findall(
        r"\b(one|two|three|four|five|six|once|twice)\b (?:\w+ ){0,2}?with its (\w+(?: \w+)?)", lowered
    ):
        action = _named(name, names)
        if action is not None:
            found.append({"action_name": action, "count": _NUMBERS[number], "type": "melee"})
    if found:
        return found
    overall = re.search(r"makes (one|two|three|four|five|six) (\w+(?: \w+)?) attacks", lowered)
    if overall is not None:
        action = _named(overall.group(2), names)
        if action is None and len(names) == 1:  # "two melee attacks" with its only weapon
            action = names[0]
        if action is not None:
            return [{"action_name": action, "count": _NUMBERS[overall.group(1)], "type": "melee"}]
    return []


def _named(said: str, names: list[str]) -> str | None:
    """The action a phrase names: "its claws" is Claws or Claw, "its bite" Bite."""
    said = said.strip().rstrip("s")
    for name in names:
        plain = re.sub(r"\s*\([^)]*\)", "", name).lower().rstrip("s")
        if plain and (said == plain or said.startswith(plain + " ") or plain.startswith(said)):
            return name
    return None
