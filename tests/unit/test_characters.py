"""The character rules engine on the real SRD: every race/class pair at several levels, each rule
of DESIGN.md recomputed here from the SRD data, and the refusals a DM sees."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dm_companion.characters import abilities, flavour
from dm_companion.characters.builder import Builder, Request
from dm_companion.characters.edits import edit, reroll_scores
from dm_companion.characters.sheet import Sheet, to_markdown
from dm_companion.characters.store import CharacterStore
from dm_companion.errors import DMCError
from dm_companion.srd.scores import ABILITIES, modifier

LEVELS = (1, 3, 4, 11, 20)


@pytest.fixture(scope="module")
def builder(book):
    return Builder(book)


def all_sheets(builder):
    for (race, klass), level in itertools.product(
        itertools.product(sorted(builder.book.races), sorted(builder.book.classes)), LEVELS
    ):
        method = abilities.METHODS[(level + len(race) + len(klass)) % 3]
        yield builder.build(Request(race=race, char_class=klass, level=level, method=method, seed=level))


@pytest.fixture(scope="module")
def sheets(builder):
    return list(all_sheets(builder))


def class_of(book, sheet):
    return next(c for c in book.classes.values() if c.name == sheet.char_class)


def race_of(book, sheet):
    return next(r for r in book.races.values() if r.name == sheet.race)


def test_every_race_class_and_level_builds(sheets, book):
    assert len(sheets) == len(book.races) * len(book.classes) * len(LEVELS) == 540


def test_hit_points_follow_the_hit_die_rule(sheets, book):
    for sheet in sheets:
        die = class_of(book, sheet).hit_die
        con = sheet.modifiers["con"]
        expected = max(1, die + con) + (sheet.level - 1) * max(1, die // 2 + 1 + con)
        expected += sheet.level * ("Dwarven Toughness" in sheet.features)
        expected += sheet.level * ("Draconic Resilience" in sheet.features)
        assert sheet.max_hp == expected, sheet.title
        assert sheet.hit_die == f"d{die}"


def test_proficiency_bonus_saves_and_modifiers(sheets, book):
    for sheet in sheets:
        klass = class_of(book, sheet)
        assert sheet.proficiency_bonus == 2 + (sheet.level - 1) // 4 == klass.level(sheet.level)["prof_bonus"]
        assert sheet.saving_throws == [s["index"] for s in klass.data["saving_throws"]]
        assert sheet.modifiers == {a: (sheet.ability_scores[a] - 10) // 2 for a in ABILITIES}
        assert sheet.initiative == sheet.modifiers["dex"]


def test_scores_come_from_the_method_bonuses_and_improvements(sheets, book):
    for sheet in sheets:
        race = race_of(book, sheet)
        expected_bonus = dict(race.ability_bonuses)
        if sheet.subrace:
            sub = next(s for s in book.subraces.values() if s.name == sheet.subrace)
            for ability, bonus in sub.ability_bonuses.items():
                expected_bonus[ability] = expected_bonus.get(ability, 0) + bonus
        free = {
            a: n - expected_bonus.get(a, 0)
            for a, n in sheet.racial_bonuses.items()
            if n != expected_bonus.get(a, 0)
        }
        assert sum(free.values()) == race.ability_bonus_options[0], sheet.title  # half-elf: two +1s
        assert all(v == 1 and a != "cha" for a, v in free.items())
        base = [sheet.base_scores[a] for a in ABILITIES]
        if sheet.ability_method == "standard-array":
            assert sorted(base) == sorted(abilities.STANDARD_ARRAY)
        elif sheet.ability_method == "point-buy":
            assert abilities.point_buy_cost(base) <= abilities.POINT_BUY_BUDGET
        else:
            assert all(3 <= v <= 18 for v in base)
        asi = int(class_of(book, sheet).level(sheet.level)["ability_score_bonuses"])
        assert sum(sheet.ability_improvements.values()) <= 2 * asi
        for a in ABILITIES:
            assert sheet.ability_scores[a] == (
                sheet.base_scores[a] + sheet.racial_bonuses.get(a, 0) + sheet.ability_improvements.get(a, 0)
            )
            assert sheet.ability_scores[a] <= 20 or sheet.ability_improvements.get(a, 0) == 0


def test_the_primary_ability_is_the_highest_score(sheets):
    for sheet in sheets:
        primary = abilities.PRIORITIES[sheet.char_class.lower()][0]
        assert sheet.ability_scores[primary] == max(sheet.ability_scores.values()), sheet.title


def test_skills_come_from_the_right_lists_without_duplicates(sheets, book):
    for sheet in sheets:
        klass = class_of(book, sheet)
        count, options = klass.skill_choices
        granted = {"Insight", "Religion"}  # Acolyte
        granted |= {"Elf": {"Perception"}, "Half-Orc": {"Intimidation"}}.get(sheet.race, set())
        free = 2 * (sheet.race == "Half-Elf") + 3 * ("Bonus Proficiencies" in sheet.features)
        assert len(sheet.skills) == len(set(sheet.skills)) == len(granted) + count + free, sheet.title
        assert granted <= set(sheet.skills)
        class_picks = set(sheet.skills) - granted
        assert len(class_picks & set(options)) >= count
        for skill, bonus in sheet.skill_bonuses.items():
            doubled = 2 if skill in sheet.expertise else 1
            ability = book.find(skill, "skill").data["ability_score"]["index"]
            assert bonus == sheet.modifiers[ability] + doubled * sheet.proficiency_bonus
        assert set(sheet.expertise) <= set(sheet.skills)


def test_spell_slots_and_features_match_the_class_table(sheets, book):
    for sheet in sheets:
        klass = class_of(book, sheet)
        assert sheet.spell_slots == {str(k): v for k, v in klass.spell_slots_at(sheet.level).items()}
        names = " ".join(sheet.features)
        for row in klass.levels:
            if row["level"] <= sheet.level and not row.get("subclass"):
                for feature in row["features"]:
                    short = feature["name"].split(":")[0].split(" (")[0]
                    assert short in names, (sheet.title, feature["name"])
        if sheet.spellcasting:
            ability = sheet.spellcasting["ability"].lower()
            assert sheet.spellcasting["save_dc"] == 8 + sheet.proficiency_bonus + sheet.modifiers[ability]


def test_languages_and_speed(sheets, book):
    for sheet in sheets:
        race = race_of(book, sheet)
        own = [lang["name"] for lang in race.data["languages"]]
        extra = 2 + (race.data.get("language_options") or {}).get("choose", 0) + (sheet.subrace == "High Elf")
        assert sheet.languages[: len(own)] == own
        assert len(sheet.languages) == len(set(sheet.languages)) == len(own) + extra, sheet.title
        expected = race.speed
        if sheet.char_class == "Monk" and sheet.level >= 2:
            expected += int(class_of(book, sheet).level(sheet.level)["class_specific"]["unarmored_movement"])
        if sheet.char_class == "Barbarian" and sheet.level >= 5:
            expected += 10
        assert sheet.speed == expected, sheet.title


def test_armor_class_from_the_gear_worn(builder):
    fighter = builder.build(Request(race="dwarf", char_class="fighter", level=1, seed=4))
    # chain mail 16 + shield 2 + Defense fighting style 1
    assert (fighter.armor_class, fighter.armor_worn) == (19, "chain mail, shield")
    monk = builder.build(Request(race="human", char_class="monk", level=1, seed=4))
    assert monk.armor_class == 10 + monk.modifiers["dex"] + monk.modifiers["wis"]
    barbarian = builder.build(Request(race="half-orc", char_class="barbarian", level=1, seed=4))
    assert barbarian.armor_class >= 10 + barbarian.modifiers["dex"] + barbarian.modifiers["con"]
    wizard = builder.build(Request(race="elf", char_class="wizard", level=1, seed=4))
    assert (wizard.armor_class, wizard.armor_worn) == (10 + wizard.modifiers["dex"], "no armor")
    sorcerer = builder.build(Request(race="human", char_class="sorcerer", level=1, seed=4))
    assert sorcerer.armor_class == 13 + sorcerer.modifiers["dex"]
    rogue = builder.build(Request(race="halfling", char_class="rogue", level=1, seed=4))
    assert rogue.armor_class == 11 + rogue.modifiers["dex"]  # leather armor


def test_equipment_is_starting_gear_with_choices_resolved(builder):
    fighter = builder.build(Request(race="dwarf", char_class="fighter", seed=4))
    assert "Chain Mail" in fighter.equipment and "Shield" in fighter.equipment
    weapons = [
        e
        for e in fighter.equipment
        if builder.book.find(e.split(" (")[0], "equipment")
        and "weapon_category" in builder.book.find(e.split(" (")[0], "equipment").data
    ]
    assert weapons and "Lance" not in fighter.equipment
    rogue = builder.build(Request(race="elf", char_class="rogue", seed=4))
    assert {"Leather Armor", "Thieves' Tools", "Dagger (2)"} <= set(rogue.equipment)


def test_resistances_from_race(builder):
    assert builder.build(Request(race="dwarf", char_class="fighter", seed=1)).resistances == ["poison"]
    assert builder.build(Request(race="tiefling", char_class="fighter", seed=1)).resistances == ["fire"]
    dragonborn = builder.build(Request(race="dragonborn", char_class="fighter", seed=1))
    assert len(dragonborn.resistances) == 1 and any("Draconic Ancestry (" in f for f in dragonborn.features)


def test_same_seed_same_sheet_and_4d6_is_seeded(builder):
    a = builder.build(Request(method="4d6", seed=99))
    b = builder.build(Request(method="4d6", seed=99))
    assert a == b
    rolls = {
        tuple(builder.build(Request(char_class="wizard", method="4d6", seed=s)).base_scores.values())
        for s in range(8)
    }
    assert len(rolls) > 1


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=8, max_value=15), min_size=6, max_size=6))
def test_point_buy_accepts_exactly_what_27_points_buy(values):
    scores = dict(zip(ABILITIES, values, strict=True))
    cost = sum(abilities.POINT_BUY_COST[v] for v in values)
    if cost <= 27:
        abilities.check_scores("point-buy", scores)
    else:
        with pytest.raises(DMCError, match=f"cost {cost} points"):
            abilities.check_scores("point-buy", scores)


@settings(max_examples=100, deadline=None)
@given(st.permutations(abilities.STANDARD_ARRAY), st.sampled_from(sorted(abilities.PRIORITIES)))
def test_standard_array_permutations_are_accepted_and_kept(order, klass):
    scores = dict(zip(ABILITIES, order, strict=True))
    abilities.check_scores("standard-array", scores)
    sheet = Builder().build(Request(race="human", char_class=klass, scores=scores, seed=1))
    assert sheet.base_scores == scores


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=3, max_value=18), min_size=6, max_size=6))
def test_standard_array_refuses_anything_else(values):
    if sorted(values, reverse=True) == list(abilities.STANDARD_ARRAY):
        return
    with pytest.raises(DMCError, match="15, 14, 13, 12, 10, 8"):
        abilities.check_scores("standard-array", dict(zip(ABILITIES, values, strict=True)))


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (Request(char_class="necromancer"), "no class 'necromancer'.*Barbarian, Bard, Cleric"),
        (Request(char_class="wizzard"), "did you mean 'Wizard'"),
        (Request(level=0), "level must be 1-20, not 0"),
        (Request(level=21), "level must be 1-20, not 21"),
        (
            Request(method="point-buy", scores=dict(zip(ABILITIES, (16, 14, 10, 10, 8, 8), strict=True))),
            "point buy allows scores 8-15 only, not 16",
        ),
        (Request(race="dwarf", subrace="high elf"), "'High Elf' is a subrace of Elf, not Dwarf.*Hill Dwarf"),
        (Request(race="orc"), "no race 'orc'.*Dragonborn"),
        (Request(alignment="lawful awesome"), "no alignment 'lawful awesome'"),
        (Request(background="sailor"), "no background 'sailor'.*Acolyte"),
        (Request(method="3d6"), "unknown ability method '3d6'"),
    ],
)
def test_invalid_requests_get_one_clear_message(builder, request_, message):
    with pytest.raises(DMCError, match=message):
        builder.build(request_)


def test_subrace_alone_implies_its_race(builder):
    sheet = builder.build(Request(subrace="rock gnome", char_class="wizard", seed=1))
    assert (sheet.race, sheet.subrace) == ("Gnome", "Rock Gnome")


def test_json_round_trip_and_markdown(builder):
    sheet = builder.build(Request(race="half-elf", char_class="bard", level=7, seed=5, name="Lia"))
    data = json.loads(json.dumps(sheet.to_dict()))
    assert list(data)[:4] == ["name", "race", "subrace", "class"]
    for key in (
        "ability_method",
        "base_scores",
        "racial_bonuses",
        "ability_scores",
        "modifiers",
        "max_hp",
        "hit_die",
        "proficiency_bonus",
        "saving_throws",
        "skills",
        "armor_class",
        "speed",
        "languages",
        "equipment",
        "features",
        "spell_slots",
        "backstory",
        "background",
        "alignment",
    ):
        assert key in data
    assert Sheet.from_dict(data) == sheet
    markdown = to_markdown(sheet)
    assert markdown.startswith("# Lia") and f"**HP** {sheet.max_hp}" in markdown
    with pytest.raises(DMCError, match="lacks"):
        Sheet.from_dict({"class": "Bard"})


def test_edits_rebuild_or_refuse(builder):
    sheet = builder.build(Request(race="human", char_class="fighter", level=1, seed=3, name="Tor"))
    sheet.backstory = "A story."
    higher = edit(sheet, builder, "level", "5")
    assert higher.level == 5 and higher.max_hp > sheet.max_hp and higher.name == "Tor"
    assert higher.backstory == "A story."
    with pytest.raises(DMCError, match="worked out by the rules"):
        edit(sheet, builder, "max_hp", "95")
    with pytest.raises(DMCError, match="15, 14, 13, 12, 10, 8"):
        edit(sheet, builder, "str", "16")
    with pytest.raises(DMCError, match="level must be 1-20"):
        edit(sheet, builder, "level", "21")
    with pytest.raises(DMCError, match="cannot set 'luck'"):
        edit(sheet, builder, "luck", "7")
    renamed = edit(sheet, builder, "name", "Torvald")
    assert renamed.name == "Torvald" and sheet.name == "Tor"
    rogue = edit(sheet, builder, "class", "rogue")
    assert rogue.char_class == "Rogue" and rogue.ability_scores["dex"] == max(rogue.ability_scores.values())
    with pytest.raises(DMCError, match="fixed"):
        reroll_scores(sheet, builder)
    rolled = builder.build(Request(race="human", char_class="fighter", method="4d6", seed=3))
    again = reroll_scores(rolled, builder, seed=12345)
    assert again.ability_method == "4d6" and again.char_class == "Fighter"


def test_campaign_backgrounds(book, tmp_path):
    folder = tmp_path / "backgrounds"
    folder.mkdir()
    (folder / "smuggler.json").write_text(
        json.dumps(
            {
                "name": "Smuggler",
                "skills": ["Deception", "Stealth"],
                "languages": 1,
                "equipment": ["Crowbar"],
                "bonds": ["I owe the harbour master."],
            }
        )
    )
    builder = Builder(book, tmp_path)
    assert sorted(b.name for b in builder.backgrounds.values()) == ["Acolyte", "Smuggler"]
    sheet = builder.build(Request(race="human", char_class="rogue", background="smuggler", seed=2))
    assert {"Deception", "Stealth"} <= set(sheet.skills) and "Crowbar" in sheet.equipment
    assert sheet.personality == {"bond": "I owe the harbour master."}
    (folder / "broken.json").write_text(json.dumps({"name": "Broken", "skills": ["Sneaking", "Stealth"]}))
    with pytest.raises(DMCError, match="'Sneaking' is not a skill"):
        Builder(book, tmp_path)


def test_store_saves_without_overwriting(builder, tmp_path):
    store = CharacterStore(tmp_path)
    sheet = builder.build(Request(seed=8, name="Ada"))
    first = store.save(sheet)
    second = store.save(sheet)
    assert first != second and first.name == "ada.json"
    assert store.find("Ada") == (first, sheet)
    assert len(store.list()) == 2
    with pytest.raises(DMCError, match=r"no character 'Bob'.*Ada"):
        store.find("Bob")
    first.write_text("{not json")
    with pytest.raises(DMCError, match="not a readable sheet"):
        store.list()


def test_half_elf_free_bonuses_follow_the_class(builder):
    sheet = builder.build(Request(race="half-elf", char_class="wizard", seed=1))
    assert sheet.racial_bonuses == {"con": 1, "int": 1, "cha": 2}
    assert modifier(sheet.ability_scores["int"]) >= 3


def test_parse_ends_a_cut_off_story_at_its_last_sentence():
    text = "Name: Bo\nAppearance: Short and loud.\nBackstory: Bo grew up in a mill. He left at twelve and"
    assert flavour.parse(text).backstory == "Bo grew up in a mill."
    assert flavour.parse(text, complete=False).backstory.endswith("twelve and")


def test_the_panes_choices_are_the_srds_races_and_classes(book):
    from dm_companion.tui.characters import CLASSES, RACES

    assert list(RACES) == sorted(r.name for r in book.races.values())
    assert list(CLASSES) == sorted(c.name for c in book.classes.values())
