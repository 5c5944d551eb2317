"""Backgrounds: the SRD's one (Acolyte) and the DM's own, kept as JSON in the campaign.

A campaign background lives in `<campaign>/backgrounds/<name>.json`:

    {"name": "Smuggler", "skills": ["Deception", "Stealth"], "languages": 1,
     "tools": ["Vehicles (water)"], "equipment": ["Crowbar", "Clothes, common"],
     "feature": "Hidden Routes: ...",
     "personality_traits": ["..."], "ideals": ["..."], "bonds": ["..."], "flaws": ["..."]}

Only name and two skills are required; the rest default to nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from dm_companion.errors import DMCError
from dm_companion.srd.repository import SRD


@dataclass(frozen=True)
class Background:
    name: str
    skills: tuple[str, ...]
    languages: int = 0
    tools: tuple[str, ...] = ()
    equipment: tuple[tuple[str, int], ...] = ()  # (SRD equipment index, count)
    equipment_choices: tuple[dict, ...] = ()  # SRD option structures, resolved by the outfitter
    feature: str = ""
    # Tables the personality is drawn from: traits, ideals (text, alignments or () for any),
    # bonds, flaws.
    traits: tuple[str, ...] = ()
    ideals: tuple[tuple[str, tuple[str, ...]], ...] = ()
    bonds: tuple[str, ...] = ()
    flaws: tuple[str, ...] = ()
    origin: str = field(default="SRD", compare=False)


def _strings(block: dict | None) -> tuple[str, ...]:
    options = (block or {}).get("from", {}).get("options", [])
    return tuple(o["string"] for o in options if "string" in o)


def srd_background(book: SRD, index: str) -> Background:
    data = book.by_kind["background"][index].data
    ideals = tuple(
        (o["desc"], tuple(a["index"] for a in o.get("alignments", [])))
        for o in data.get("ideals", {}).get("from", {}).get("options", [])
    )
    feature = data.get("feature", {})
    return Background(
        name=data["name"],
        skills=tuple(
            p["name"].removeprefix("Skill: ")
            for p in data.get("starting_proficiencies", [])
            if p["name"].startswith("Skill:")
        ),
        languages=int((data.get("language_options") or {}).get("choose", 0)),
        equipment=tuple(
            (e["equipment"]["index"], int(e["quantity"])) for e in data.get("starting_equipment", [])
        ),
        equipment_choices=tuple(data.get("starting_equipment_options", [])),
        feature=feature.get("name", ""),
        traits=_strings(data.get("personality_traits")),
        ideals=ideals,
        bonds=_strings(data.get("bonds")),
        flaws=_strings(data.get("flaws")),
    )


def _campaign_background(path: Path, book: SRD, skill_names: set[str]) -> Background:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DMCError(f"background file {path} is not readable JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not data["name"].strip():
        raise DMCError(f'background file {path} needs a "name"')
    skills = data.get("skills")
    if not isinstance(skills, list) or len(skills) != 2:
        raise DMCError(f"background '{data['name']}' ({path.name}) needs exactly two \"skills\"")
    unknown = [s for s in skills if s not in skill_names]
    if unknown:
        raise DMCError(
            f"background '{data['name']}': '{unknown[0]}' is not a skill; skills are "
            + ", ".join(sorted(skill_names))
        )
    items = []
    for name in data.get("equipment", []):
        entry = book.find(str(name), "equipment")
        if entry is None:
            raise DMCError(f"background '{data['name']}': no SRD equipment called '{name}'")
        items.append((entry.index, 1))
    languages = data.get("languages", 0)
    if not isinstance(languages, int) or not 0 <= languages <= 4:
        raise DMCError(f"background '{data['name']}': \"languages\" is a count from 0 to 4")

    def texts(key: str) -> tuple[str, ...]:
        return tuple(str(v) for v in data.get(key, []) if str(v).strip())

    return Background(
        name=data["name"].strip(),
        skills=tuple(skills),
        languages=languages,
        tools=texts("tools"),
        equipment=tuple(items),
        feature=str(data.get("feature", "")),
        traits=texts("personality_traits"),
        ideals=tuple((t, ()) for t in texts("ideals")),
        bonds=texts("bonds"),
        flaws=texts("flaws"),
        origin=str(path),
    )


def backgrounds(book: SRD, campaign_dir: Path | None) -> dict[str, Background]:
    """Every background on offer, by lower-case name: the SRD's, then the campaign's."""
    found = {b.name.lower(): b for b in (srd_background(book, i) for i in book.by_kind["background"])}
    folder = campaign_dir / "backgrounds" if campaign_dir else None
    if folder and folder.is_dir():
        skill_names = {s.name for s in book.all("skill")}
        for path in sorted(folder.glob("*.json")):
            background = _campaign_background(path, book, skill_names)
            found[background.name.lower()] = background
    return found
