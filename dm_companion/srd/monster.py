"""A monster's SRD record, typed: what the stat block, the fact answers and the combat tracker
read from it (an imported monster is a record of the same shape)."""

from __future__ import annotations

from dm_companion.srd.entries import Entry, names_of
from dm_companion.srd.scores import ABILITIES, modifier

_ABILITY_FIELDS = dict(
    zip(ABILITIES, ("strength", "dexterity", "constitution", "intelligence", "wisdom", "charisma"))
)


class Monster(Entry):
    @property
    def hit_points(self) -> int | None:
        """None for an imported stat block whose HP is a rule ("50 + 10 for each spell level")."""
        value = self.data.get("hit_points")
        return int(value) if value is not None else None

    @property
    def hit_dice(self) -> str:
        return self.data.get("hit_points_roll") or self.data.get("hit_dice", "")

    @property
    def armor_class(self) -> int | None:
        """None for an imported stat block whose AC is a rule ("14 + the level of the spell")."""
        value = (self.data.get("armor_class") or [{}])[0].get("value")
        return int(value) if value is not None else None

    @property
    def armor_class_text(self) -> str:
        parts = []
        for ac in self.data.get("armor_class", []):
            detail = (
                ", ".join(names_of(ac.get("armor", [])))
                or ac.get("desc")
                or (ac.get("type") if ac.get("type") not in (None, "dex") else "")
            )
            condition = ac.get("condition", {}).get("name") if isinstance(ac.get("condition"), dict) else None
            text = f"{ac['value'] if ac.get('value') is not None else '?'}"
            text += f" ({detail.replace('_', ' ')})" if detail else ""
            if condition:
                text += f" while {condition.lower()}"
            parts.append(text)
        return ", ".join(parts)

    @property
    def challenge_rating(self) -> float:
        return float(self.data["challenge_rating"])

    @property
    def challenge_text(self) -> str:
        cr = self.challenge_rating
        fraction = {0.125: "1/8", 0.25: "1/4", 0.5: "1/2"}.get(cr, f"{cr:g}")
        return f"{fraction} ({self.data.get('xp', 0):,} XP)"

    @property
    def speed(self) -> dict[str, str]:
        return {mode: str(value) for mode, value in self.data.get("speed", {}).items()}

    @property
    def speed_text(self) -> str:
        parts = []
        for mode, value in self.speed.items():
            if mode == "hover":
                parts.append("hover" if value in ("True", "true") else "")
            else:
                parts.append(value if mode == "walk" else f"{mode} {value}")
        return ", ".join(part for part in parts if part).rstrip(".")

    @property
    def ability_scores(self) -> dict[str, int]:
        return {abbr: int(self.data[field]) for abbr, field in _ABILITY_FIELDS.items()}

    def _proficiencies(self, prefix: str) -> dict[str, int]:
        found = {}
        for item in self.data.get("proficiencies", []):
            name = item["proficiency"]["name"]
            if name.startswith(prefix):
                found[name[len(prefix) :].strip()] = int(item["value"])
        return found

    @property
    def saving_throws(self) -> dict[str, int]:
        return self._proficiencies("Saving Throw:")

    @property
    def skills(self) -> dict[str, int]:
        return self._proficiencies("Skill:")

    @property
    def damage_immunities(self) -> list[str]:
        return list(self.data.get("damage_immunities", []))

    @property
    def damage_resistances(self) -> list[str]:
        return list(self.data.get("damage_resistances", []))

    @property
    def damage_vulnerabilities(self) -> list[str]:
        return list(self.data.get("damage_vulnerabilities", []))

    @property
    def condition_immunities(self) -> list[str]:
        return [name.lower() for name in names_of(self.data.get("condition_immunities", []))]

    @property
    def senses(self) -> str:
        parts = []
        for sense, value in self.data.get("senses", {}).items():
            label = sense.replace("_", " ")
            parts.append(f"{label} {value}")
        return ", ".join(parts).rstrip(".")

    @property
    def languages(self) -> str:
        return self.data.get("languages") or "none"

    @property
    def initiative_bonus(self) -> int:
        return modifier(self.ability_scores["dex"])

    def abilities_named(self, key: str) -> list[dict]:
        return list(self.data.get(key, []) or [])
