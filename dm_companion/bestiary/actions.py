"""A stat block's action as the SRD records it, read from the action's own text, so an imported
monster's attacks, damage parts, DCs and recharges run through the same stat-block runner as
the SRD's.

The text is the SRD's wording as the formats give it once their tags are read ("Melee Weapon
Attack: +4 to hit, reach 5 ft., one target. Hit: 5 (1d6 + 2) slashing damage plus 3 (1d6) fire
damage."), and the other ways people write it: the 2024 "Melee Attack Roll: +5", a spell attack
("your spell attack modifier to hit", no number to roll), a versatile weapon's two-handed damage
("or 8 (1d10 + 3) slashing damage if used with two hands", kept as the `2h` option, not a second
part), a homebrew type ("energy", "fire/necrotic", kept by name), untyped dice, the save a hit
forces (a rider: the tracker rolls it on a hit), DCs as "DC 13", "DC12", "DC: 13", "(DC 20 Dex
half", "Dexterity Saving Throw: DC 13" or "your spell save DC", two alternative saves in one
action, recharges in the name ("Recharge 5-6", "recarga 5-6", "Recharge 6") or after a rest, and
the Spanish and French of translated stat blocks (`words`).
"""

from __future__ import annotations

import re

from dm_companion.bestiary.words import (
    ABILITY_PATTERN,
    DC_WORDS,
    HIT_WORDS,
    ability,
    damage_type,
    normal_spaces,
    plain_letters,
)
from dm_companion.wording import NUMBER_WORDS

_DICE = r"\d*d\d+(?:\s*[+-]\s*(?:\d+|[A-Za-z]+))*"
_TO_HIT = re.compile(
    r"([+-]\s?\d+)(\s+(?:plus|\+)\s+\w+)?\s*(?:\(\d*d20[^)]*\)\s*)?"
    r"(?:to hit|al ataque|para impactar|pour toucher)",
    re.IGNORECASE,
)
_BONUS_THEN_DICE = re.compile(r"^\s*([+-]\d+)\s*\(\s*\d*d\d+")  # "+4 (1d8+2) Hits with the horns"
_ROLL_BONUS = re.compile(r"Attack(?: Roll)?\s*:\s*([+-]\d+)(?!\s*(?:plus|\+))")
_BARE_ROLL = re.compile(
    r"^\s*(?:m|r|mw|rw|ms|rs)(?:\s*,\s*(?:m|r|mw|rw|ms|rs))?\s+([+-]\d+)\b"
)  # a stripped tag
_ATTACK_WITHOUT_NUMBER = re.compile(
    r"your spell attack modifier|attack modifier to hit|\b(?:Melee|Ranged)(?: or Ranged)?(?: Weapon| Spell)? "
    r"Attack(?: Roll)?\s*:",
    re.IGNORECASE,
)
_PART = re.compile(rf"(?:\d+\s*)?\(\s*({_DICE})\s*\)|\b({_DICE})\b")
_FLAT = re.compile(r"^\s*(\d+)\s+(?:puntos? de daño\s+)?([a-zA-Z]+)(?:\s+damage)?\b")
_DAMAGE_WORD = re.compile(r"\b(?:damage|daño|dégâts|degats)\b", re.IGNORECASE)
_VERSATILE = re.compile(r"\b(?:two hands|dos manos|deux mains)\b", re.IGNORECASE)
_DC = re.compile(rf"\b{DC_WORDS}\s*:?\s*(\d+)\b")
_DC_ABILITY_FIRST = re.compile(rf"\b{DC_WORDS}\s+({ABILITY_PATTERN})\s+save\s+(\d+)", re.IGNORECASE)
_USED = re.compile(
    r"\((?:[^)]*\brecharge|\d+/day|[^)]*\brecarga)", re.IGNORECASE
)  # a trait used as an action
_SPELL_DC = re.compile(r"your spell save DC", re.IGNORECASE)
_ABILITY = re.compile(rf"\b({ABILITY_PATTERN})\b", re.IGNORECASE)
_SAVE_WORDS = re.compile(r"saving throw|\bsave\b|salvación|salvacion|sauvegarde", re.IGNORECASE)
_RECHARGE = re.compile(r"(?:recharge|recarga)\s*(\d)(?:\s*-\s*(\d))?", re.IGNORECASE)
_REST = re.compile(r"recharges? after (?:a |finishing a )?(short or long|long|short) rest", re.IGNORECASE)
_NO_SAVE_ACTION = re.compile(r"spellcasting|lanzamiento de conjuros|incantation", re.IGNORECASE)
_NUMBERS = {**{word: value for value, word in enumerate(NUMBER_WORDS[:7]) if value}, "once": 1, "twice": 2}


def _part(dice: str, kind: str | None) -> dict:
    part: dict = {"damage_dice": re.sub(r"\s+", "", dice)}
    if kind:
        part["damage_type"] = {"index": kind, "name": kind.title()}
    return part


def _type_after(text: str) -> str | None:
    """The damage type named right after a part's dice ("slashing damage", "puntos de daño
    cortante", "dégâts de percussion", "psychic.", "fire/necrotic damage", "necrotic or radiant
    damage", a companion's "plus PB plus Strength modifier piercing damage"); a homebrew type is
    kept by name."""
    words = re.match(
        r"\s*((?:[\w/'-]+\s+){0,8}?)(?:damage|daño|dégâts|degats)\b"
        r"(?:\s+(?:por|de|des|du)?\s*([\w/-]+(?:\s+(?:ou|or|o)\s+[\w/-]+)?))?",
        text[:90],
        re.IGNORECASE,
    )
    if words is None:
        first = re.match(r"\s*([\w-]+)", text)
        return damage_type(first.group(1)) if first else None
    before, after = words.group(1).strip(), (words.group(2) or "").strip()
    for phrase in (after, before):
        said = re.split(r"\s+(?:ou|or|o)\s+", phrase)
        known = [damage_type(w) for w in said]
        if phrase and all(known):
            return " or ".join(known)
    for word in (*after.split(), *reversed(before.split())):
        if damage_type(word):
            return damage_type(word)
    named = before.lower()
    if named and not re.search(r"\b(points?|puntos|de|of|the|extra|additional|plus|equal|type)\b", named):
        return named  # a homebrew type, kept by name ("energy", "fire/necrotic")
    return None


def hit_parts(clause: str, lead: str = "", stop_at_save: bool = True) -> tuple[list[dict], list[dict] | None]:
    """The damage parts a hit deals (each with its type, if named), and the two-handed parts of
    a versatile weapon (None if it is not one). A part offered as an alternative ("or 1d4 + 2 if
    the swarm has half of its hit points") is not dealt too. Reading stops where the hit forces a
    save. `lead` is the text before the hit's marker, where a scrambled text names the type."""
    parts: list[dict] = []
    two_handed: list[dict] | None = None
    stop = (_SAVE_WORDS.search(clause) or _DC.search(clause)) if stop_at_save else None
    clause = clause[: stop.start()] if stop else clause
    for match in _PART.finditer(clause):
        dice = match.group(1) or match.group(2)
        kind = _type_after(clause[match.end() :])
        if kind is None and not parts:
            kind = next((damage_type(w) for w in reversed(lead.split()) if damage_type(w)), None)
        before = clause[max(0, match.start() - 12) : match.start()].lower().strip()
        if re.search(r"(?:^|\W)(or|o|ou)$", before):
            if _VERSATILE.search(clause[match.end() : match.end() + 60]):
                two_handed = [_part(dice, kind)]
            continue  # another option, not another part
        parts.append(_part(dice, kind))
    if not parts and (flat := _FLAT.search(clause)):  # "Hit: 1 piercing damage."
        parts.append(_part(flat.group(1), damage_type(flat.group(2))))
    if two_handed is not None:
        two_handed += parts[1:]
    return parts, two_handed


def saves_in(text: str) -> list[tuple[int | None, str | None, list[str]]]:
    """Each save the text calls for: (DC or None for "your spell save DC", ability, the
    abilities a target may choose between). The ability is the one named next to the DC ("DC 13
    Dexterity", "salvación de Constitución CD 10"); a DC with "check" after its ability is a check."""
    text = re.sub(r"\s+", " ", plain_letters(text))
    found: list[tuple[int | None, str | None, list[str]]] = []
    for match in _DC.finditer(text):
        after = text[match.end() : match.end() + 40].split(". ")[0]
        before = text[max(0, match.start() - 40) : match.start()].split(". ")[-1]
        if re.match(rf"\s*(?:{ABILITY_PATTERN})\s+(?:\(\w+\)\s+)?check", after, re.IGNORECASE):
            continue  # "a DC 12 Strength check" to escape: no save
        named_after, named_before = _ABILITY.findall(after), _ABILITY.findall(before)
        near = named_after[0] if named_after else (named_before[-1] if named_before else None)
        chosen = ability(near) if near else None
        if chosen is None and not _SAVE_WORDS.search(f"{before} {after}"):
            continue  # "DD 13" of an escape, not a save
        pair = re.match(rf"\s*({ABILITY_PATTERN})\s+or\s+({ABILITY_PATTERN})\b", after, re.IGNORECASE)
        choice = [ability(pair.group(1)), ability(pair.group(2))] if pair else ([chosen] if chosen else [])
        found.append((int(match.group(1)), chosen, choice))
    for match in _DC_ABILITY_FIRST.finditer(text):  # "CD Con save 10"
        found.append((int(match.group(2)), ability(match.group(1)), [ability(match.group(1))]))
    if not found and _SPELL_DC.search(text):
        named = [ability(w) for w in _ABILITY.findall(text[: _SPELL_DC.search(text).start()])]
        found.append((None, named[-1] if named else None, named[-1:]))
    unique = list(dict.fromkeys((dc, ab, tuple(choice)) for dc, ab, choice in found))
    return [(dc, ab, list(choice)) for dc, ab, choice in unique]


def _dc(dc: int | None, ab: str | None, choice: list[str], half: bool) -> dict:
    record = {"dc_value": dc, "success_type": "half" if half else "none"}
    record["dc_type"] = {"index": ab, "name": (ab or "").upper()} if ab else None
    if len(choice) > 1:
        record["choice"] = choice
    return record


def _attack_bonus(text: str) -> tuple[bool, int | None]:
    """(whether the action makes an attack roll, its bonus when it is a number)."""
    if (m := _TO_HIT.search(text)) is not None:
        return True, None if m.group(2) else int(m.group(1).replace(" ", ""))
    if (
        m := _ROLL_BONUS.search(text) or _BARE_ROLL.search(text) or _BONUS_THEN_DICE.search(text)
    ) is not None:
        return True, int(m.group(1))
    return bool(_ATTACK_WITHOUT_NUMBER.search(text)), None


def _recharge(name: str, text: str) -> dict | None:
    """The usage a name or text gives: a recharge on a d6 roll, or after a rest."""
    if (m := _RECHARGE.search(name)) is not None:
        return {"type": "recharge on roll", "dice": "1d6", "min_value": int(m.group(1))}
    if re.search(r"\(recharge\)", name, re.IGNORECASE):
        return {"type": "recharge on roll", "dice": "1d6", "min_value": 6}
    if (m := _REST.search(f"{name} {text.split('. ')[0][:120]}")) is not None:
        return {"type": "recharge after rest", "rest": f"{m.group(1).lower()} rest"}
    return None


def action_from_text(name: str, text: str, names: list[str] | None = None, saves: bool = True) -> dict:
    """The SRD-shaped action for `name` and its `text`; `names` are the creature's other actions,
    for reading a Multiattack. Without `saves` (a passive trait), no DC is read from it."""
    name, text = normal_spaces(name).strip(), normal_spaces(text)
    action: dict = {"name": name, "desc": text}
    multiattack = name.lower() in ("multiattack", "multiataque", "multi-action", "attaques multiples")
    if (usage := _recharge(name, text)) is not None:
        action["usage"] = usage
    attack, bonus = _attack_bonus(text) if not _NO_SAVE_ACTION.search(name) else (False, None)
    hit = re.search(HIT_WORDS, text)
    if attack:
        action["attack_bonus"] = bonus
        if bonus is None:
            action["attack_roll"] = True  # a roll the DM makes ("your spell attack modifier")
        clause = text[hit.end() :] if hit else text
        first = re.split(r"(?<=[.!?])\s", clause, maxsplit=1)[0] if hit else clause
        lead = text[max(text.rfind(". ", 0, hit.start()), 0) : hit.start()] if hit else ""
        parts, two_handed = hit_parts(first, lead)
        if parts:
            action["damage"] = _versatile(parts, two_handed)
        after_hit = " ".join(re.split(r"(?<=[.!?])\s", clause)[:2])  # the hit's sentence and the next
        rider = saves_in(after_hit if hit else " ".join(re.split(r"(?<=[.!?])\s", text)[1:3]))
        if rider:
            dc, ab, choice = rider[0]
            action["rider"] = _dc(dc, ab, choice, "half as much" in clause.lower())
    elif (saves or _USED.search(name)) and not _NO_SAVE_ACTION.search(name):
        found = saves_in(text)
        if found and multiattack:  # "if it hits one creature with two strikes: DC 16 Int save or stunned"
            action["rider"] = _dc(*found[0], False)
        elif found:
            half = bool(re.search(r"half as much|\bhalf\b|la mitad|moitié", text, re.IGNORECASE))
            action["dc"] = _dc(*found[0], half)
            action["dc_alternatives"] = [_dc(*more, half) for more in found[1:]]
            at = _DC.search(text) or _SPELL_DC.search(text)
            parts, _ = hit_parts(text[at.end() :] if at else text, stop_at_save=False)
            if parts:
                action["damage"] = parts
    if multiattack and names:
        action.update(multiattack_type="actions", actions=_multiattack(text, names))
    return action


def _versatile(parts: list[dict], two_handed: list[dict] | None) -> list[dict]:
    """The parts, the first a choice of one- or two-handed damage for a versatile weapon (the
    SRD's shape, which `atk ... 2h` picks from)."""
    if not two_handed:
        return parts
    options = [{**parts[0], "notes": "One Handed"}, {**two_handed[0], "notes": "Two Handed"}]
    return [{"choose": 1, "type": "damage", "from": {"options": options}}, *parts[1:]]


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
    overall = re.search(r"(?:makes|make) (one|two|three|four|five|six) (\w+(?: \w+)?) attacks", lowered)
    if overall is not None:
        action = _named(overall.group(2), names)
        if action is None and len(names) == 1:  # "two melee attacks" with its only weapon
            action = names[0]
        if action is not None:
            return [{"action_name": action, "count": _NUMBERS[overall.group(1)], "type": "melee"}]
    terse = re.findall(
        r"\b(one|two|three|four|five|six)\b (\w+(?: \w+)?)", lowered
    )  # "Three Psychic Strikes."
    return [
        {"action_name": action, "count": _NUMBERS[number], "type": "melee"}
        for number, said in terse
        if (action := _named(said, names)) is not None
    ]


def _named(said: str, names: list[str]) -> str | None:
    """The action a phrase names: "its claws" is Claws or Claw, "its bite" Bite."""
    said = re.sub(r"(?<=sh|ch|ss)es$|(?<=x)es$", "", said.strip()).rstrip("s")  # "lashes": Lash
    for name in names:
        plain = re.sub(r"\s*\([^)]*\)", "", name).lower().rstrip("s")
        if plain and (said == plain or said.startswith(plain + " ") or plain.startswith(said)):
            return name
    return None
