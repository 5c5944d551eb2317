"""The rules engine for characters: a Request (what the DM chose, the rest left to a seed) becomes
a legal Sheet. Every number comes from the SRD data and the rules in DESIGN.md; the same request
and seed always give the same sheet.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from pathlib import Path

from dm_companion.characters import abilities, pronouns, sheet_parts, training
from dm_companion.characters.backgrounds import Background, backgrounds
from dm_companion.characters.equipment import Outfitter, Proficiencies, armor_class
from dm_companion.characters.sheet import Sheet
from dm_companion.dice import Dice
from dm_companion.errors import DMCError
from dm_companion.srd import names
from dm_companion.srd.entries import CharClass, Entry, Race, Subrace
from dm_companion.srd.repository import SRD, srd
from dm_companion.srd.scores import ABILITIES, METHODS, modifier, proficiency_for

ALIGNMENTS = (
    "lawful good",
    "neutral good",
    "chaotic good",
    "lawful neutral",
    "neutral",
    "chaotic neutral",
    "lawful evil",
    "neutral evil",
    "chaotic evil",
)
# A surprise character is a hero; the DM asks for an evil one by name.
HEROIC = ALIGNMENTS[:6]
LEVELS = range(1, 21)


@dataclass(frozen=True)
class Request:
    race: str | None = None
    subrace: str | None = None
    char_class: str | None = None
    level: int = 1
    method: str = "standard-array"
    seed: int | None = None
    background: str | None = None
    alignment: str | None = None
    scores: dict[str, int] | None = None  # base scores the DM set, checked against the method
    name: str = ""
    pronouns: str = ""  # the DM's words for them; kept as `pronouns.parse` reads them

    @classmethod
    def from_sheet(cls, sheet: Sheet) -> Request:
        """The request that rebuilds a sheet exactly (used when one rules field is edited)."""
        return cls(
            race=sheet.race,
            subrace=sheet.subrace,
            char_class=sheet.char_class,
            level=sheet.level,
            method=sheet.ability_method,
            seed=sheet.seed,
            background=sheet.background,
            alignment=sheet.alignment,
            scores=dict(sheet.base_scores),
            name=sheet.name,
            pronouns=sheet.pronouns,
        )


def _choose(text: str, options: dict[str, object], what: str) -> str:
    """The key of `options` a DM's name means (index or name, any case), or one clear refusal."""
    key = names.compact(text)
    for index, entry in options.items():
        if key in (names.compact(index), names.compact(getattr(entry, "name", index))):
            return index
    labels = {index: getattr(entry, "name", index) for index, entry in options.items()}
    near = names.close_match(key, [names.compact(v) for v in labels.values()], 0.6)
    hint = next((f"; did you mean '{v}'?" for v in labels.values() if near and names.compact(v) == near), "")
    raise DMCError(f"no {what} '{text}'{hint} (choose from {', '.join(sorted(labels.values()))})")


def _skill_ability(book: SRD) -> dict[str, str]:
    return {s.name: s.data["ability_score"]["index"] for s in book.all("skill")}


def hit_points(die: int, level: int, con_mod: int, feature_ids) -> int:
    """Level 1: the hit die's maximum + CON; each later level the fixed average (die/2 + 1) + CON,
    at least 1 a level; dwarven toughness and draconic resilience add 1 a level each."""
    per_level = [die + con_mod] + [die // 2 + 1 + con_mod] * (level - 1)
    extra = ("dwarven-toughness" in feature_ids) + ("draconic-resilience" in feature_ids)
    return sum(max(1, gain) for gain in per_level) + level * extra


class Builder:
    def __init__(self, book: SRD | None = None, campaign_dir: Path | None = None) -> None:
        self.book = book or srd()
        self.campaign_dir = campaign_dir
        self.backgrounds = backgrounds(self.book, campaign_dir)
        self.skill_ability = _skill_ability(self.book)

    # -- the build ------------------------------------------------------------------------
    def build(self, request: Request) -> Sheet:
        seed = request.seed if request.seed is not None else random.SystemRandom().randrange(2**31)
        rng = random.Random(seed)
        _check(request)
        race, subrace, klass, background, alignment = self._choices(request, rng)
        level = request.level
        bonuses, base, improvements, scores = self._scores(request, klass, race, subrace, seed)
        mods = {a: modifier(scores[a]) for a in ABILITIES}
        proficiency = proficiency_for(level)
        subclass, features, feature_ids, resistances = self._features(klass, race, subrace, level, rng)
        traits = self._traits(race, subrace)
        profs = training.proficiencies(klass, traits, background, feature_ids, rng)
        skills = training.skills(klass, traits, background, feature_ids, scores, self.skill_ability, rng)
        expertise = training.expertise(self.book, klass, level, skills, scores, self.skill_ability, rng)
        languages = sheet_parts.languages(self.book, race, subrace, background, rng)
        outfitter, items, ac = self._outfit(klass, background, profs, scores, feature_ids, rng)
        die = klass.hit_die
        max_hp = hit_points(die, level, mods["con"], feature_ids)
        speed = self._speed(race, klass, level, ac, feature_ids, self._armor_kinds(items, outfitter))
        skill_bonuses = training.skill_bonuses(skills, expertise, mods, proficiency, self.skill_ability)
        perception = skill_bonuses.get("Perception", mods["wis"])
        return Sheet(
            name=request.name,
            pronouns=pronouns.parse(request.pronouns),
            race=race.name,
            subrace=subrace.name if subrace else None,
            char_class=klass.name,
            subclass=subclass,
            level=level,
            background=background.name,
            alignment=alignment,
            ability_method=request.method,
            seed=seed,
            base_scores=base,
            racial_bonuses={a: bonuses[a] for a in ABILITIES if a in bonuses},
            ability_improvements=improvements,
            ability_scores=scores,
            modifiers=mods,
            max_hp=max_hp,
            hit_die=f"d{die}",
            proficiency_bonus=proficiency,
            saving_throws=[item["index"] for item in klass.data.get("saving_throws", [])],
            skills=sorted(skills),
            expertise=sorted(expertise),
            skill_bonuses=skill_bonuses,
            proficiencies=sorted(profs),
            armor_class=ac.value,
            armor_worn=ac.source,
            speed=speed,
            initiative=mods["dex"],
            passive_perception=10 + perception,
            languages=languages,
            equipment=outfitter.names(items),
            features=features,
            resistances=resistances,
            spell_slots={str(k): v for k, v in klass.spell_slots_at(level).items()},
            spellcasting=sheet_parts.spellcasting(klass, level, mods, proficiency),
            personality=sheet_parts.personality(background, alignment, rng),
        )

    # -- the parts ------------------------------------------------------------------------
    def _choices(self, request: Request, rng: random.Random):
        """Race and subrace, class, background and alignment: as asked, else seeded picks."""
        race, subrace = self._race(request, rng)
        klass = self.book.classes[
            _choose(request.char_class, self.book.classes, "class")
            if request.char_class
            else rng.choice(sorted(self.book.classes))
        ]
        background = self._background(request.background, rng)
        return race, subrace, klass, background, self._alignment(request.alignment, rng)

    def _outfit(
        self,
        klass: CharClass,
        background: Background,
        profs: set[str],
        scores: dict[str, int],
        feature_ids: set[str],
        rng: random.Random,
    ):
        """The starting equipment (the class's and the background's, choices resolved for the
        class's main ability), and the armour class it gives."""
        proficient = Proficiencies(frozenset(profs))
        outfitter = Outfitter(self.book, proficient, scores, abilities.PRIORITIES[klass.index][0], rng)
        fixed = [
            (e["equipment"]["index"], int(e["quantity"])) for e in klass.data.get("starting_equipment", [])
        ]
        items = outfitter.outfit(
            fixed + list(background.equipment),
            klass.data.get("starting_equipment_options", []) + list(background.equipment_choices),
        )
        return outfitter, items, armor_class(items, outfitter.equipment, scores, proficient, feature_ids)

    @staticmethod
    def _speed(
        race: Race, klass: CharClass, level: int, ac, feature_ids: set[str], armor_kinds: set[str]
    ) -> int:
        """The race's speed, less heavy armour's penalty, plus a monk's unarmoured movement and a
        barbarian's fast movement out of heavy armour."""
        speed = race.speed - ac.speed_penalty
        specific = klass.level(level).get("class_specific") or {}
        if "unarmored_movement" in specific and ac.source.startswith(("no armor", "unarmored")):
            speed += int(specific["unarmored_movement"])
        if "fast-movement" in feature_ids and "heavy" not in armor_kinds:
            speed += 10
        return speed

    def _scores(self, request: Request, klass, race: Race, subrace: Subrace | None, seed: int):
        """Racial bonuses (a half-elf's two free +1s chosen for the class), base scores (given,
        or generated by the method and placed for the class), improvements by level, and the
        final scores."""
        bonuses = dict(race.ability_bonuses)
        for ability, bonus in (subrace.ability_bonuses if subrace else {}).items():
            bonuses[ability] = bonuses.get(ability, 0) + bonus
        choose, options = race.ability_bonus_options
        for ability in abilities.half_elf_choices(
            klass.index, choose, [o for o in options if o not in bonuses]
        ):
            bonuses[ability] = bonuses.get(ability, 0) + 1
        if request.scores is not None:
            abilities.check_scores(request.method, request.scores)
            base = {a: int(request.scores[a]) for a in ABILITIES}
        else:
            base = abilities.assign(abilities.generate(request.method, Dice(seed)), klass.index, bonuses)
        raised = {a: base[a] + bonuses.get(a, 0) for a in ABILITIES}
        asi_count = int(klass.level(request.level).get("ability_score_bonuses", 0))
        improvements = abilities.improvements(asi_count, raised, klass.index)
        return bonuses, base, improvements, {a: raised[a] + improvements.get(a, 0) for a in ABILITIES}

    def _traits(self, race: Race, subrace: Subrace | None) -> list[Entry]:
        """The race's traits and then its subrace's, as SRD entries."""
        refs = race.data.get("traits", []) + (subrace.data.get("racial_traits", []) if subrace else [])
        return [self.book.by_kind["trait"][ref["index"]] for ref in refs]

    def _race(self, request: Request, rng: random.Random) -> tuple[Race, Subrace | None]:
        subraces = self.book.subraces
        if request.race:
            race = self.book.races[_choose(request.race, self.book.races, "race")]
        elif request.subrace:
            sub = subraces[_choose(request.subrace, subraces, "subrace")]
            race = self.book.races[sub.data["race"]["index"]]
        else:
            race = self.book.races[rng.choice(sorted(self.book.races))]
        own = {s.index: s for s in subraces.values() if s.data["race"]["index"] == race.index}
        if request.subrace:
            index = _choose(request.subrace, subraces, "subrace")
            if index not in own:
                valid = ", ".join(s.name for s in own.values()) or "none"
                raise DMCError(
                    f"'{subraces[index].name}' is a subrace of {subraces[index].race}, "
                    f"not {race.name} ({race.name} subraces: {valid})"
                )
            return race, own[index]
        # A race with subraces is played as one of them; the SRD gives each race one.
        return race, (own[rng.choice(sorted(own))] if own else None)

    def _background(self, name: str | None, rng: random.Random) -> Background:
        if name:
            return self.backgrounds[_choose(name, dict(self.backgrounds.items()), "background")]
        return self.backgrounds[rng.choice(sorted(self.backgrounds))]

    @staticmethod
    def _alignment(name: str | None, rng: random.Random) -> str:
        if not name:
            return rng.choice(HEROIC)
        wanted = " ".join(name.lower().replace("-", " ").split())
        if wanted == "true neutral":
            wanted = "neutral"
        if wanted not in ALIGNMENTS:
            raise DMCError(f"no alignment '{name}' (choose from {', '.join(ALIGNMENTS)})")
        return wanted

    def _features(
        self, klass: CharClass, race: Race, subrace: Subrace | None, level: int, rng: random.Random
    ) -> tuple[str | None, list[str], set[str], list[str]]:
        """Class, subclass and racial features with their choices made; the feature indexes
        (for the rules that depend on them) and the damage resistances they give."""
        rows = [row for row in klass.levels if row["level"] <= level]
        subclass_rows = [row for row in rows if row.get("subclass")]
        subclass = (
            self.book.table("subclasses")[subclass_rows[0]["subclass"]["index"]]["name"]
            if subclass_rows
            else None
        )
        features, ids = [], set()
        for row in sorted(rows, key=lambda r: (r["level"], bool(r.get("subclass")))):
            for ref in row.get("features", []):
                feature = self.book.by_kind["feature"].get(ref["index"])
                ids.add(ref["index"])
                label = ref["name"]
                options = (
                    (feature.data.get("feature_specific") or {}).get("subfeature_options")
                    if feature
                    else None
                )
                if options:
                    chosen = self._subfeatures(options, rng)
                    ids.update(index for index, _ in chosen)
                    ids.update(
                        "fighting-style-defense"
                        for index, _ in chosen
                        if index.endswith("fighting-style-defense")
                    )
                    label = ", ".join(
                        name if name.startswith(label) else f"{label}: {name}" for _, name in chosen
                    )
                features.append(label)
        resistances = []
        traits = self.book.by_kind["trait"]
        for trait in self._traits(race, subrace):
            ids.add(trait.index)
            specific = trait.data.get("trait_specific") or {}
            label = trait.name
            if "subtrait_options" in specific:
                sub = traits[
                    rng.choice([o["item"]["index"] for o in specific["subtrait_options"]["from"]["options"]])
                ]
                label = sub.name
                resistances.append(sub.data["trait_specific"]["damage_type"]["name"].lower())
            elif "spell_options" in specific:
                spell = rng.choice([o["item"]["name"] for o in specific["spell_options"]["from"]["options"]])
                label = f"{trait.name} ({spell})"
            features.append(label)
        resistances += [
            kind
            for trait, kind in (("dwarven-resilience", "poison"), ("hellish-resistance", "fire"))
            if trait in ids
        ]
        return subclass, _counted(features), ids, sorted(set(resistances))

    def _subfeatures(self, options: dict, rng: random.Random) -> list[tuple[str, str]]:
        choices = [(o["item"]["index"], o["item"]["name"]) for o in options["from"]["options"]]
        count = int(options.get("choose", 1))
        defense = [c for c in choices if c[0].endswith("fighting-style-defense")]
        if defense and count == 1:  # armored classes: +1 AC is the choice that always helps
            return defense
        return abilities.pick(rng, choices, count)

    @staticmethod
    def _armor_kinds(items, outfitter: Outfitter) -> set[str]:
        return {str(outfitter.equipment[i].get("armor_category", "")).lower() for i, _ in items}


def _check(request: Request) -> None:
    if request.level not in LEVELS:
        raise DMCError(f"level must be 1-20, not {request.level}")
    if request.method not in METHODS:
        raise DMCError(f"unknown ability method '{request.method}'; choose one of " + ", ".join(METHODS))


def _counted(labels: list[str]) -> list[str]:
    """Repeated features once, with how many ("Ability Score Improvement (x2)")."""
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    return [label if n == 1 else f"{label} (x{n})" for label, n in counts.items()]


def rebuild(sheet: Sheet, builder: Builder, **changes) -> Sheet:
    """The sheet rebuilt with some choices changed, its words (name, story) kept."""
    new = builder.build(replace(Request.from_sheet(sheet), **changes))
    new.appearance, new.backstory = sheet.appearance, sheet.backstory
    return new
