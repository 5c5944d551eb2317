"""Starting equipment with its choices resolved, and the armor class the gear (or a class's
Unarmored Defense) gives.

Choices are resolved the way a player would: the armor that gives the best AC the character is
proficient with and strong enough to wear, weapons that use the class's primary ability, and a
seeded pick where it is taste (which pack, which instrument).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from dm_companion.srd.repository import SRD
from dm_companion.srd.scores import modifier

Items = list[tuple[str, int]]  # (equipment index, count)


@dataclass(frozen=True)
class Proficiencies:
    names: frozenset[str]  # "Simple Weapons", "Light Armor", "Longswords", "Shields", ...

    def weapon(self, item: dict) -> bool:
        category = item.get("weapon_category")
        plural = item["name"].split(",")[0] + "s"
        return f"{category} Weapons" in self.names or plural in self.names or item["name"] in self.names

    def armor(self, item: dict) -> bool:
        kind = item.get("armor_category")
        if kind == "Shield":
            return "Shields" in self.names or "All armor" in self.names
        return "All armor" in self.names or f"{kind} Armor" in self.names


def _dice_average(text: str) -> float:
    match = re.fullmatch(r"(\d+)d(\d+)", text or "")
    return int(match.group(1)) * (int(match.group(2)) + 1) / 2 if match else 1.0


class Outfitter:
    """Resolves a class's (and background's) starting equipment for one character."""

    def __init__(
        self, book: SRD, proficient: Proficiencies, scores: dict[str, int], primary: str, rng: random.Random
    ) -> None:
        self.equipment = {e.index: e.data for e in book.all("equipment")}
        self.categories = book.table("equipment_categories")
        self.proficient = proficient
        self.scores = scores
        self.primary = primary
        self.rng = rng
        self._beside_shield = False  # resolving "a martial weapon and a shield": one-handed only

    # -- scoring: how much a player would want an item ------------------------------------
    def _weapon_score(self, item: dict) -> float:
        if not self.proficient.weapon(item):
            return -50.0
        damage = _dice_average((item.get("damage") or {}).get("damage_dice", ""))
        properties = {p["index"] for p in item.get("properties", [])}
        ranged = item.get("weapon_range") == "Ranged"
        uses = {"dex"} if ranged else ({"str", "dex"} if "finesse" in properties else {"str"})
        if (self._beside_shield and "two-handed" in properties) or "special" in properties:
            return -20.0  # a lance or a net is no one's main weapon
        return damage + (4 if self.primary in uses else 0) + (0.5 if ranged else 0)

    def _armor_score(self, item: dict) -> float:
        if not self.proficient.armor(item):
            return -50.0
        if item.get("armor_category") == "Shield":
            return 2.0 + 1  # +2 AC, beside any weapon a one-handed fighter carries
        ac = armor_value(item, self.scores)
        too_weak = self.scores["str"] < (item.get("str_minimum") or 0)
        return ac - 10 - (3 if too_weak else 0)

    def _score(self, items: Items) -> float:
        """Armor counts far above weapons: a point of AC outweighs any weapon swap."""
        total = 0.0
        for index, count in items:
            item = self.equipment[index]
            if item.get("armor_category"):
                total += 10 * self._armor_score(item)
            elif item.get("weapon_category"):
                total += self._weapon_score(item) + 0.1 * (count - 1)
        return total

    # -- resolving the SRD's option structures --------------------------------------------
    def _best(self, alternatives: list[Items]) -> Items:
        scores = [self._score(items) for items in alternatives]
        top = max(scores)
        best = [items for items, score in zip(alternatives, scores) if score == top]
        return best[self.rng.randrange(len(best))]

    def _category(self, index: str, choose: int) -> Items:
        members = [m["index"] for m in self.categories[index]["equipment"] if m["index"] in self.equipment]
        picked: Items = []
        for _ in range(choose):
            picked += self._best([[(m, 1)] for m in members])
        return picked

    def _option(self, option: dict) -> Items:
        kind = option["option_type"]
        if kind == "counted_reference":
            return [(option["of"]["index"], int(option.get("count", 1)))]
        if kind == "reference":
            return [(option["item"]["index"], 1)]
        if kind == "multiple":
            self._beside_shield = any(item.get("of", {}).get("index") == "shield" for item in option["items"])
            try:
                return [pair for item in option["items"] for pair in self._option(item)]
            finally:
                self._beside_shield = False
        if kind == "choice":
            return self.resolve(option["choice"])
        raise ValueError(f"unknown SRD equipment option type {kind}")

    def resolve(self, choice: dict) -> Items:
        source = choice["from"]
        choose = int(choice.get("choose", 1))
        if source["option_set_type"] == "equipment_category":
            return self._category(source["equipment_category"]["index"], choose)
        alternatives = [self._option(option) for option in source["options"]]
        picked: Items = []
        for _ in range(choose):
            best = self._best(alternatives)
            alternatives.remove(best)
            picked += best
        return picked

    def outfit(self, fixed: Items, choices: list[dict]) -> Items:
        items = list(fixed)
        for choice in choices:
            items += self.resolve(choice)
        merged: dict[str, int] = {}
        for index, count in items:
            merged[index] = merged.get(index, 0) + count
        return list(merged.items())

    def names(self, items: Items) -> list[str]:
        return [self.equipment[i]["name"] + (f" ({n})" if n > 1 else "") for i, n in items]


def armor_value(item: dict, scores: dict[str, int]) -> int:
    ac = item["armor_class"]
    dex = modifier(scores["dex"]) if ac.get("dex_bonus") else 0
    if ac.get("max_bonus") is not None:
        dex = min(dex, int(ac["max_bonus"]))
    return int(ac["base"]) + dex


@dataclass(frozen=True)
class ArmorClass:
    value: int
    source: str  # "chain mail, shield", "unarmored defense (DEX + CON)"
    speed_penalty: int = 0


def armor_class(
    items: Items,
    equipment: dict[str, dict],
    scores: dict[str, int],
    proficient: Proficiencies,
    features: set[str],
) -> ArmorClass:
    """The best AC among what the character can wear: each proficient armor (or none, with the
    class's Unarmored Defense or Draconic Resilience where it has them), a proficient shield, and
    +1 from the Defense fighting style while armored."""
    dex, con, wis = (modifier(scores[a]) for a in ("dex", "con", "wis"))
    owned = [equipment[i] for i, _ in items]
    shield = next((e for e in owned if e.get("armor_category") == "Shield" and proficient.armor(e)), None)
    options: list[ArmorClass] = [ArmorClass(10 + dex, "no armor")]
    if "barbarian-unarmored-defense" in features:
        options.append(ArmorClass(10 + dex + con, "unarmored defense (DEX + CON)"))
    if "draconic-resilience" in features:
        options.append(ArmorClass(13 + dex, "draconic resilience"))
    defense = 1 if "fighting-style-defense" in features else 0
    for armor in owned:
        if armor.get("armor_category") in ("Light", "Medium", "Heavy") and proficient.armor(armor):
            penalty = 10 if scores["str"] < (armor.get("str_minimum") or 0) else 0
            options.append(ArmorClass(armor_value(armor, scores) + defense, armor["name"].lower(), penalty))
    if shield:
        options = [ArmorClass(o.value + 2, f"{o.source}, shield", o.speed_penalty) for o in options]
    if "monk-unarmored-defense" in features:  # no armor and no shield
        options.append(ArmorClass(10 + dex + wis, "unarmored defense (DEX + WIS)"))
    return max(options, key=lambda o: (o.value, -o.speed_penalty))
