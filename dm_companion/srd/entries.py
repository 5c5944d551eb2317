"""Typed views over SRD records: each keeps the raw JSON and exposes what the app asks of it.
Monsters are in `srd.monster`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from dm_companion.srd.scores import ABILITY_NAMES


def names_of(items: list[Any]) -> list[str]:
    return [item["name"] if isinstance(item, dict) else str(item) for item in items or []]


def text_of(lines: Any) -> str:
    if isinstance(lines, list):
        return "\n".join(str(line) for line in lines)
    return str(lines or "")


@dataclass(frozen=True)
class Entry:
    kind: str
    index: str
    name: str
    data: dict = field(repr=False, compare=False)

    @property
    def description(self) -> str:
        return text_of(self.data.get("desc"))


class Spell(Entry):
    @property
    def level(self) -> int:
        return int(self.data["level"])

    @property
    def level_text(self) -> str:
        if self.level == 0:
            return f"{self.school} cantrip"
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(self.level, "th")
        return f"{self.level}{suffix}-level {self.school.lower()}"

    @property
    def school(self) -> str:
        return self.data["school"]["name"]

    @property
    def casting_time(self) -> str:
        return self.data.get("casting_time", "")

    @property
    def range(self) -> str:
        return self.data.get("range", "")

    @property
    def components(self) -> str:
        text = ", ".join(self.data.get("components", []))
        material = self.data.get("material")
        return f"{text} ({material.rstrip('.')})" if material else text

    @property
    def duration(self) -> str:
        return self.data.get("duration", "")

    @property
    def concentration(self) -> bool:
        return bool(self.data.get("concentration"))

    @property
    def ritual(self) -> bool:
        return bool(self.data.get("ritual"))

    @property
    def saving_throw(self) -> str | None:
        dc = self.data.get("dc")
        if not dc:
            return None
        return ABILITY_NAMES[dc["dc_type"]["index"]]

    @property
    def save_effect(self) -> str | None:
        dc = self.data.get("dc")
        return dc.get("dc_success") if dc else None

    @property
    def damage_type(self) -> str | None:
        damage = self.data.get("damage") or {}
        kind = damage.get("damage_type")
        return kind["name"].lower() if kind else None

    @property
    def base_damage(self) -> str | None:
        damage = self.data.get("damage") or {}
        by_slot = damage.get("damage_at_slot_level") or damage.get("damage_at_character_level")
        if not by_slot:
            return None
        first = sorted(by_slot, key=int)[0]
        return by_slot[first]

    @property
    def heal_at_slot(self) -> dict[str, str]:
        return dict(self.data.get("heal_at_slot_level") or {})

    @property
    def dice_by_level(self) -> tuple[dict[int, str], bool]:
        """Damage (else healing) dice by slot level, or by character level for a cantrip (True)."""
        damage = self.data.get("damage") or {}
        by_level = damage.get("damage_at_character_level")
        table = by_level or damage.get("damage_at_slot_level") or self.heal_at_slot
        return {
            int(level): dice.replace("MOD", "your spellcasting modifier") for level, dice in table.items()
        }, bool(by_level)

    @property
    def classes(self) -> list[str]:
        return names_of(self.data.get("classes", []))

    @property
    def higher_levels(self) -> str:
        return text_of(self.data.get("higher_level"))

    @property
    def area(self) -> str | None:
        area = self.data.get("area_of_effect")
        return f"{area['size']}-foot {area['type']}" if area else None


class CharClass(Entry):
    @property
    def levels(self) -> list[dict]:
        """The class's rows from the `levels` table (the repository files them under `_levels`)."""
        return self.data.get("_levels", [])

    @property
    def hit_die(self) -> int:
        return int(self.data["hit_die"])

    @property
    def saving_throws(self) -> list[str]:
        return [ABILITY_NAMES[item["index"]] for item in self.data.get("saving_throws", [])]

    @property
    def proficiencies(self) -> list[str]:
        return [
            name
            for name in names_of(self.data.get("proficiencies", []))
            if not name.startswith("Saving Throw")
        ]

    @property
    def skill_choices(self) -> tuple[int, list[str]]:
        for choice in self.data.get("proficiency_choices", []):
            options = [o.get("item", {}).get("name", "") for o in choice.get("from", {}).get("options", [])]
            skills = [name.removeprefix("Skill: ") for name in options if name.startswith("Skill:")]
            if skills:
                return int(choice["choose"]), skills
        return 0, []

    @property
    def spellcasting_ability(self) -> str | None:
        casting = self.data.get("spellcasting")
        return ABILITY_NAMES[casting["spellcasting_ability"]["index"]] if casting else None

    @property
    def subclasses(self) -> list[str]:
        return names_of(self.data.get("subclasses", []))

    @property
    def multiclass_prerequisites(self) -> list[str]:
        found = []
        multi = self.data.get("multi_classing", {})
        for item in multi.get("prerequisites", []):
            found.append(f"{ABILITY_NAMES[item['ability_score']['index']]} {item['minimum_score']}")
        for option in multi.get("prerequisite_options", {}).get("from", {}).get("options", []):
            found.append(
                f"{ABILITY_NAMES[option['ability_score']['index']]} {option['minimum_score']} (either)"
            )
        return found

    def level(self, number: int) -> dict:
        for level in self.levels:
            if level.get("level") == number and not level.get("subclass"):
                return level
        return {}

    def features_at(self, number: int) -> list[str]:
        return names_of(self.level(number).get("features", []))

    def spell_slots_at(self, number: int) -> dict[int, int]:
        casting = self.level(number).get("spellcasting") or {}
        return {
            slot: int(casting[f"spell_slots_level_{slot}"])
            for slot in range(1, 10)
            if casting.get(f"spell_slots_level_{slot}")
        }


class Race(Entry):
    @property
    def speed(self) -> int:
        return int(self.data["speed"])

    @property
    def ability_bonuses(self) -> dict[str, int]:
        return {
            item["ability_score"]["index"]: int(item["bonus"])
            for item in self.data.get("ability_bonuses", [])
        }

    @property
    def ability_bonus_options(self) -> tuple[int, list[str]]:
        options = self.data.get("ability_bonus_options")
        if not options:
            return 0, []
        names = [o["ability_score"]["index"] for o in options["from"]["options"]]
        return int(options["choose"]), names

    @property
    def size(self) -> str:
        return self.data.get("size", "")

    @property
    def languages(self) -> str:
        return self.data.get("language_desc") or ", ".join(names_of(self.data.get("languages", [])))

    @property
    def traits(self) -> list[str]:
        return names_of(self.data.get("traits", []))

    @property
    def subraces(self) -> list[str]:
        return names_of(self.data.get("subraces", []))


class Subrace(Entry):
    @property
    def race(self) -> str:
        return self.data["race"]["name"]

    @property
    def ability_bonuses(self) -> dict[str, int]:
        return {
            item["ability_score"]["index"]: int(item["bonus"])
            for item in self.data.get("ability_bonuses", [])
        }

    @property
    def traits(self) -> list[str]:
        return names_of(self.data.get("racial_traits", []))


class Feature(Entry):
    @property
    def level(self) -> int | None:
        return self.data.get("level")

    @property
    def owner(self) -> str:
        owner = self.data.get("class") or {}
        sub = self.data.get("subclass")
        return f"{owner.get('name', '')}" + (f" ({sub['name']})" if sub else "")


class Trait(Entry):
    @property
    def races(self) -> list[str]:
        return names_of(self.data.get("races", [])) + names_of(self.data.get("subraces", []))


class Equipment(Entry):
    @property
    def category(self) -> str:
        """What kind of thing it is: "martial ranged weapon", "heavy armor", else its category."""
        if self.data.get("category_range"):
            return f"{self.data['category_range']} weapon"
        if self.data.get("armor_category") in ("Light", "Medium", "Heavy"):
            return f"{self.data['armor_category']} armor"
        return self.data.get("equipment_category", {}).get("name", "")

    @property
    def said_name(self) -> str:
        """The name as it is said: "Crossbow, light" is a light crossbow, "Rope, silk (50 feet)"
        silk rope (50 feet)."""
        head, _, kind = re.sub(r"\s*\([^)]*\)", "", self.name).partition(", ")
        told = re.search(r" \([^)]*\)", self.name)  # "(50 feet)"
        return f"{kind} {head}".lower() + (told.group(0) if told else "") if kind else self.name

    @property
    def reach(self) -> tuple[int, int, bool] | None:
        """A ranged or thrown weapon's normal and long range in feet, and whether it is thrown."""
        for key, thrown in (("throw_range", True), ("range", False)):
            reach = self.data.get(key) or {}
            if reach.get("long"):
                return reach["normal"], reach["long"], thrown
        return None

    @property
    def range_text(self) -> str | None:
        """The range as a stat line gives it: "150/600 ft.", or "thrown 20/60 ft."."""
        if self.reach is None:
            return None
        normal, long, thrown = self.reach
        return f"{'thrown ' if thrown else ''}{normal}/{long} ft."

    @property
    def cost(self) -> str:
        cost = self.data.get("cost")
        return f"{cost['quantity']:,} {cost['unit']}" if cost else ""  # "1,500 gp", as the SRD writes it

    @property
    def armor_class_text(self) -> str | None:
        ac = self.data.get("armor_class")
        if not ac:
            return None
        text = f"+{ac['base']}" if self.data.get("armor_category") == "Shield" else str(ac["base"])  # a bonus
        if ac.get("dex_bonus"):
            text += " + Dex modifier" + (f" (max {ac['max_bonus']})" if ac.get("max_bonus") else "")
        return text

    @property
    def damage_text(self) -> str | None:
        damage = self.data.get("damage")
        if not damage:
            return None
        return f"{damage['damage_dice']} {damage['damage_type']['name'].lower()}"
