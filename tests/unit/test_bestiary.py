"""The campaign's own monsters: three formats read into the SRD's record, faults that import
nothing, the lookup the tracker uses, and imported monsters run by the stat-block runner."""

import json
import shutil
from pathlib import Path

import pytest

from dm_companion.bestiary.formats import ImportFault, read_file
from dm_companion.bestiary.store import Bestiary, lookup
from dm_companion.combat.tracker import Tracker
from dm_companion.errors import DMCError
from dm_companion.srd.stat_block import save_of

FILES = Path(__file__).resolve().parent.parent / "data" / "monsters"


def by_name(imported):
    return {r["name"]: r for r in imported.records}


def records(path):
    return read_file(path).records


def test_a_5etools_bestiary_reads_tags_into_attacks_saves_and_recharges():
    drake = by_name(read_file(FILES / "fivetools.json"))["Ash Drake"]
    assert (
        drake["armor_class"][0]["value"] == 17
        and drake["hit_points"] == 117
        and drake["challenge_rating"] == 4
    )
    assert drake["damage_resistances"][0] == "bludgeoning (from nonmagical attacks)"
    bite = next(a for a in drake["actions"] if a["name"] == "Bite")
    assert bite["attack_bonus"] == 5 and [p["damage_dice"] for p in bite["damage"]] == ["2d8+2", "1d6"]
    assert bite["desc"].startswith("Melee Weapon Attack: +5 to hit")
    cloud = next(a for a in drake["actions"] if a["name"].startswith("Ash Cloud"))
    assert cloud["usage"]["min_value"] == 5 and save_of(cloud).dc == 13 and save_of(cloud).half
    multi = next(a for a in drake["actions"] if a["name"] == "Multiattack")
    assert [(i["action_name"], i["count"]) for i in multi["actions"]] == [("Bite", 1), ("Claws", 1)]


def test_open5e_v1_and_v2_field_names():
    troll = records(FILES / "open5e_v1.json")[0]
    assert (troll["name"], troll["hit_points"], troll["armor_class"][0]["value"]) == ("Cave Troll", 84, 15)
    assert troll["damage_vulnerabilities"] == ["acid"] and troll["reactions"][0]["name"] == "Brace"
    assert [(i["action_name"], i["count"]) for i in troll["actions"][0]["actions"]] == [
        ("Bite", 1),
        ("Claw", 2),
    ]
    wisp = records(FILES / "open5e_v2.json")[0]
    assert (
        wisp["size"] == "Tiny" and wisp["damage_immunities"] == ["cold"] and wisp["challenge_rating"] == 0.5
    )
    assert (
        wisp["condition_immunities"][0]["index"] == "exhaustion" and wisp["reactions"][0]["name"] == "Flicker"
    )
    burst = next(a for a in wisp["actions"] if a["name"].startswith("Frost Burst"))
    assert save_of(burst).condition == "restrained" and save_of(burst).rounds == 1
    assert burst["usage"]["min_value"] == 6


def test_an_improved_initiative_stat_block():
    hag = records(FILES / "improved_initiative.json")[0]
    assert (hag["hit_points"], hag["armor_class"][0]["value"], hag["initiative_modifier"]) == (82, 17, 1)
    assert hag["damage_resistances"] == ["cold", "fire"] and hag["challenge_rating"] == 0.5
    assert hag["proficiencies"][0]["proficiency"]["index"] == "saving-throw-wis"


@pytest.fixture()
def campaign(tmp_path):
    bestiary = Bestiary(tmp_path)
    for name in ("fivetools.json", "open5e_v1.json", "improved_initiative.json"):
        bestiary.add(records(FILES / name), name)
    return bestiary


def test_imported_monsters_are_run_by_the_stat_block_runner_like_the_srds(campaign, book):
    tracker = Tracker(seed=3, monsters=lookup(campaign))
    for event in (
        {"op": "add", "name": "Drake", "monster": "ash drake"},
        {"op": "add", "name": "Troll", "monster": "Cave Troll"},
        {"op": "add", "name": "Mira", "pc": True, "hp": 90, "max_hp": 90, "ac": 14},
    ):
        assert tracker.submit(event).accepted, tracker.rejected
    assert tracker.encounter.log[0] == "Drake joins the fight (campaign Ash Drake, 117/117 HP, AC 17)"
    hit = tracker.submit(
        {
            "op": "attack",
            "attacker": "Drake",
            "target": "Mira",
            "action": "bite",
            "d20": 12,
            "damage": [11, 3],
        }
    )
    assert "Drake attacks Mira with Bite: d20 12 +5 = 17 vs AC 14: hit" in hit.lines[0]
    assert "Mira takes 3 fire damage" in hit.lines
    multi = tracker.submit({"op": "multiattack", "attacker": "Troll", "target": "Mira"})
    assert [
        line.split(" with ")[1].split(":")[0] for line in multi.lines if " attacks Mira with " in line
    ] == ["Bite", "Claw", "Claw"]
    cloud = tracker.submit(
        {
            "op": "save_action",
            "actor": "Drake",
            "action": "ash cloud",
            "targets": ["Mira"],
            "damage": 21,
            "saves": {"Mira": 20},
        }
    )
    assert "Mira takes 10 fire damage" in cloud.lines  # half on a success
    assert tracker.encounter.find("Drake").spent == ("Ash Cloud (Recharge 5-6)",)


def test_a_campaign_goblin_comes_first_and_the_srds_stays_reachable(tmp_path, book):
    bestiary = Bestiary(tmp_path)
    bestiary.add(
        [{**records(FILES / "improved_initiative.json")[0], "name": "Goblin", "index": "goblin"}], "x"
    )
    find = lookup(bestiary)
    assert find("goblin")["max_hp"] == 82 and find("goblin")["source"] == "campaign"
    assert find("srd:goblin")["max_hp"] == 7 and find("srd:goblin")["source"] == "SRD"
    assert find("ogre")["max_hp"] == 59  # not the campaign's: the SRD's


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "is not JSON (line 1"),
        (
            json.dumps({"monster": [{"name": "Ghost Cat", "ac": ["fifteen"], "hp": {"average": 9}}]}),
            "monster[0] ('Ghost Cat'), field 'ac': expected a whole number",
        ),
        (
            json.dumps(
                {
                    "monster": [
                        {"name": "Ok", "ac": [12], "hp": {"average": 9}},
                        {"name": "No HP", "ac": [12], "hp": 9},
                    ]
                }
            ),
            "monster[1] ('No HP'), field 'hp'",
        ),
        (json.dumps([{"name": "Shade", "armor_class": 12}]), "[0] ('Shade'), field 'hit_points': missing"),
        (json.dumps([{"Name": "Wight", "HP": {"Value": 45}}]), "[0] ('Wight'), field 'AC': missing"),
        (
            json.dumps([{"Name": "Imp", "HP": {"Value": 10}, "AC": {"Value": 13}, "Challenge": "a lot"}]),
            "field 'Challenge': a challenge rating",
        ),
        (json.dumps({"hello": "world"}), "can't tell the format"),
        (
            json.dumps({"monster": [{"name": "A", "ac": [12], "hp": {"average": 5}, "action": "bite"}]}),
            "field 'action': a list of actions",
        ),
    ],
)
def test_a_faulty_file_named_strict_names_the_entry_and_field_and_imports_nothing(tmp_path, content, message):
    bestiary = Bestiary(tmp_path / "campaign")
    bestiary.add(records(FILES / "open5e_v1.json"), "first")
    before = bestiary.path.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFault) as caught:
        bestiary.add(read_file(bad, strict=True).records, str(bad))
    assert message in str(caught.value) and str(bad) in str(caught.value)
    assert bestiary.path.read_bytes() == before


def test_a_name_clash_refuses_the_whole_file_unless_replaced(tmp_path):
    bestiary = Bestiary(tmp_path)
    bestiary.add(records(FILES / "fivetools.json"), "fivetools.json")
    before = bestiary.path.read_bytes()
    with pytest.raises(
        DMCError, match=r"monster\[1\] \('Ash Drake'\), field 'name': the campaign already has"
    ):
        bestiary.add([records(FILES / "open5e_v2.json")[0], records(FILES / "fivetools.json")[1]], "again")
    assert bestiary.path.read_bytes() == before
    drake = {**records(FILES / "fivetools.json")[1], "hit_points": 120}
    assert bestiary.add([drake], "again", replace=True) == (0, 1, [])
    assert [(m.name, m.hit_points) for m in bestiary.monsters()] == [
        ("Beholder Zombie", 93),
        ("Ash Drake", 120),
    ]
    twice = tmp_path / "twice.json"
    shutil.copy(FILES / "improved_initiative.json", twice)
    hag = json.loads(twice.read_text())[0]
    twice.write_text(json.dumps([hag, {**hag, "HP": {"Value": 99}}]))
    added, updated, left_out = bestiary.add(read_file(twice).records, str(twice))
    assert (added, updated) == (1, 0) and "named twice in the file; kept the first" in left_out[0]
    assert bestiary.find(hag["Name"]).hit_points == 82


def test_one_bad_entry_no_longer_sinks_the_file(tmp_path):
    mixed = tmp_path / "mixed.json"
    mixed.write_text(
        json.dumps(
            {
                "monster": [
                    {"name": "Ok", "ac": [12], "hp": {"average": 9}},
                    {"name": "No HP", "ac": [12], "hp": 9},
                    {"name": "Fine", "ac": [13], "hp": {"average": 11}},
                ]
            }
        )
    )
    imported = read_file(mixed)
    assert [r["name"] for r in imported.records] == ["Ok", "Fine"]
    assert [str(s) for s in imported.skipped] == [
        f"{mixed}: monster[1] ('No HP'), field 'hp': an object {{average, formula}} or {{special}}"
    ]
    with pytest.raises(ImportFault, match=r"monster\[1\] \('No HP'\), field 'hp'.*--strict"):
        read_file(mixed, strict=True)


@pytest.mark.parametrize(
    "question, said",
    [
        ("what's the ash drake's AC?", "17"),
        ("how many hit points does the beholder zombie have", "93"),
        ("what is the ash drake immune to", "fire"),
    ],
)
def test_rules_answers_come_from_the_campaigns_monster_and_name_it_as_the_source(
    tmp_path, book, question, said
):
    from dm_companion.assistant.rules_qa import RulesAssistant

    bestiary = Bestiary(tmp_path)
    bestiary.add(records(FILES / "fivetools.json"), "fivetools.json")
    assistant = RulesAssistant(
        None, book, None, bestiary=bestiary
    )  # a stat answer needs neither model nor index
    reply = assistant.reply(question)
    text = "".join(reply)
    assert said in text, text
    assert next((s.kind, s.name) for s in reply.sources)[0] == "campaign monster"
