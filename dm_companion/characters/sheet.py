"""The character sheet: the builder's output, its JSON form (DESIGN.md) and a Markdown export."""

from __future__ import annotations

from dataclasses import MISSING, asdict, dataclass, field, fields

from dm_companion.errors import DMCError
from dm_companion.srd.scores import ABILITIES, ABILITY_NAMES, signed

# Fields the model may write; everything else comes from the rules.
FLAVOUR_FIELDS = ("name", "appearance", "backstory")


@dataclass
class Sheet:
    name: str
    race: str
    subrace: str | None
    char_class: str
    level: int
    background: str
    alignment: str
    ability_method: str
    base_scores: dict[str, int]
    racial_bonuses: dict[str, int]
    ability_scores: dict[str, int]
    modifiers: dict[str, int]
    max_hp: int
    hit_die: str
    proficiency_bonus: int
    saving_throws: list[str]
    skills: list[str]
    armor_class: int
    speed: int
    languages: list[str]
    equipment: list[str]
    features: list[str]
    spell_slots: dict[str, int]
    backstory: str = ""
    # Beyond the DESIGN.md contract: what a DM needs at the table and what a rebuild needs.
    subclass: str | None = None
    seed: int = 0
    ability_improvements: dict[str, int] = field(default_factory=dict)
    expertise: list[str] = field(default_factory=list)
    skill_bonuses: dict[str, int] = field(default_factory=dict)
    proficiencies: list[str] = field(default_factory=list)
    armor_worn: str = ""
    initiative: int = 0
    passive_perception: int = 10
    resistances: list[str] = field(default_factory=list)
    spellcasting: dict | None = None
    personality: dict[str, str] = field(default_factory=dict)
    appearance: str = ""
    pronouns: str = ""  # the DM's ("she/her"); "" leaves them to the story

    def to_dict(self) -> dict:
        data = asdict(self)
        data["class"] = data.pop("char_class")
        order = ["name", "race", "subrace", "class"]
        return {key: data[key] for key in order} | {k: v for k, v in data.items() if k not in order}

    @classmethod
    def from_dict(cls, data: dict) -> Sheet:
        if not isinstance(data, dict) or "class" not in data:
            raise DMCError('not a character sheet (no "class")')
        known = {f.name for f in fields(cls)}
        values = {("char_class" if k == "class" else k): v for k, v in data.items()}
        missing = [
            f.name
            for f in fields(cls)
            if f.name not in values and f.default is MISSING and f.default_factory is MISSING
        ]
        if missing:
            raise DMCError(
                "character sheet lacks " + ", ".join("class" if m == "char_class" else m for m in missing)
            )
        return cls(**{k: v for k, v in values.items() if k in known})

    @property
    def title(self) -> str:
        race = self.subrace or self.race
        sub = f" ({self.subclass})" if self.subclass else ""
        return f"{self.name or 'Unnamed'}, {race} {self.char_class}{sub} {self.level}"


def to_markdown(sheet: Sheet) -> str:
    """A sheet a DM can print or paste into notes."""
    subclass = f" ({sheet.subclass})" if sheet.subclass else ""
    combat_line = (
        f"**AC** {sheet.armor_class} ({sheet.armor_worn}) · **HP** {sheet.max_hp} "
        f"(hit die {sheet.hit_die}) · **Speed** {sheet.speed} ft. · **Initiative** "
        f"{signed(sheet.initiative)} · **Proficiency** {signed(sheet.proficiency_bonus)}"
    )
    lines = [
        f"# {sheet.name or 'Unnamed'}",
        "",
        (
            f"*{sheet.subrace or sheet.race} {sheet.char_class} {sheet.level}{subclass}, "
            f"{sheet.background}, {sheet.alignment}{', ' + sheet.pronouns if sheet.pronouns else ''}*"
        ),
        "",
        combat_line,
        "",
        "| " + " | ".join(a.upper() for a in ABILITIES) + " |",
        "|" + "---|" * len(ABILITIES),
        "| "
        + " | ".join(f"{sheet.ability_scores[a]} ({signed(sheet.modifiers[a])})" for a in ABILITIES)
        + " |",
        "",
        f"**Saving throws** {', '.join(ABILITY_NAMES[a] for a in sheet.saving_throws)}",
        f"**Skills** {', '.join(f'{s} {signed(b)}' for s, b in sheet.skill_bonuses.items())}",
        f"**Passive Perception** {sheet.passive_perception}",
        f"**Languages** {', '.join(sheet.languages)}",
        f"**Proficiencies** {', '.join(sheet.proficiencies)}",
    ]
    if sheet.resistances:
        lines.append(f"**Resistances** {', '.join(sheet.resistances)}")
    if sheet.spellcasting:
        cast = sheet.spellcasting
        slots = ", ".join(f"level {lvl}: {n}" for lvl, n in sheet.spell_slots.items()) or "none"
        lines.append(
            f"**Spellcasting** {cast['ability']}, save DC {cast['save_dc']}, attack "
            f"{signed(cast['attack_bonus'])}; slots {slots}"
        )
    lines += [
        "",
        "## Features",
        *(f"- {f}" for f in sheet.features),
        "",
        "## Equipment",
        *(f"- {e}" for e in sheet.equipment),
    ]
    if sheet.personality:
        lines += ["", "## Personality", *(f"- **{k.title()}**: {v}" for k, v in sheet.personality.items())]
    if sheet.appearance:
        lines += ["", "## Appearance", sheet.appearance]
    if sheet.backstory:
        lines += ["", "## Backstory", sheet.backstory]
    return "\n".join(lines) + "\n"
