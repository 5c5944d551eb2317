"""Monster files as people write them (#34), each quirk in a small file of our own words: 2024
and homebrew 5etools tags, recharges and rests, legendary counts and intros, conditional AC,
challenge ratings as strings and objects, damage lists with notes and conditions, homebrew
damage types, versatile weapons, the saves a hit forces, Open5e's v1 and v2 shapes, Improved
Initiative's arrays and browser exports, and 5etools copies of SRD monsters."""

import json

import pytest

from dm_companion.bestiary.actions import action_from_text
from dm_companion.bestiary.formats import read_file
from dm_companion.bestiary.record import damage_list, damage_prose
from dm_companion.combat.tracker import Tracker
from dm_companion.sessions.combat import srd_record
from dm_companion.srd.stat_block import recharge_range, rider_of, save_of


def write(tmp_path, data, name="file.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def fivetools(**monster):
    return {
        "monster": [
            {"name": "Thing", "ac": [12], "hp": {"average": 20, "formula": "3d8+7"}, "cr": "1", **monster}
        ]
    }


def test_2024_tags_give_the_bonus_the_dc_and_the_failure():
    action = action_from_text("Gnaw", "Melee Attack Roll: +6, reach 5 ft. Hit: 9 (2d6 + 2) Piercing damage.")
    assert action["attack_bonus"] == 6 and action["damage"][0]["damage_dice"] == "2d6+2"
    breath = action_from_text(
        "Spew",
        "Dexterity Saving Throw: DC 14, each creature in a 15-foot cone. "
        "Failure: 10 (3d6) Acid damage. Success: Half damage.",
    )
    assert save_of(breath).dc == 14 and save_of(breath).ability == "dex"


def test_a_tagged_5etools_monster_reads_into_the_runner(tmp_path):
    path = write(
        tmp_path,
        fivetools(
            action=[
                {
                    "name": "Chomp",
                    "entries": ["{@atkr m} {@hit 5}, reach 5 ft. {@h}7 ({@damage 1d8 + 3}) piercing damage."],
                },
                {
                    "name": "Ash Spray {@recharge}",
                    "entries": [
                        "{@actSave con} {@dc 12}, each creature within 10 feet. "
                        "{@actSaveFail} 9 ({@damage 2d8}) fire damage."
                    ],
                },
                {
                    "name": "Wind Gust {@recharge 4}",
                    "entries": ["Each creature must make a {@dc 11} Strength saving throw."],
                },
            ],
            legendary=[
                {"entries": ["The thing can take 2 legendary actions."]},
                {"name": "Snap", "entries": ["It bites."]},
            ],
        ),
    )
    thing = read_file(path).records[0]
    chomp, spray, gust = thing["actions"]
    assert (chomp["attack_bonus"], chomp["damage"][0]["damage_dice"]) == (5, "1d8+3")
    assert recharge_range(spray) == 6 and save_of(spray).ability == "con"
    assert recharge_range(gust) == 4 and save_of(gust).dc == 11
    assert [a["name"] for a in thing["legendary_actions"]] == ["Snap"] and thing["legendary_count"] == 2


@pytest.mark.parametrize(
    "name, text, usage",
    [
        (
            "Breath (Recharge 5–6)",
            "It breathes.",
            {"type": "recharge on roll", "dice": "1d6", "min_value": 5},
        ),
        ("Aliento (recarga 6)", "Exhala.", {"type": "recharge on roll", "dice": "1d6", "min_value": 6}),
        (
            "Rally (Recharges after a Short or Long Rest)",
            "It rallies.",
            {"type": "recharge after rest", "rest": "short or long rest"},
        ),
    ],
)
def test_recharges_as_people_write_them(name, text, usage):
    assert action_from_text(name, text)["usage"] == usage


def test_versatile_damage_is_the_two_handed_option_not_a_second_part():
    sword = action_from_text(
        "Longsword",
        "Melee Weapon Attack: +5 to hit, reach 5 ft., one target. Hit: 7 (1d8 + 3) slashing "
        "damage, or 8 (1d10 + 3) slashing damage if used with two hands, plus 3 (1d6) fire damage.",
    )
    assert len(sword["damage"]) == 2 and sword["damage"][1]["damage_dice"] == "1d6"
    options = sword["damage"][0]["from"]["options"]
    assert [o["damage_dice"] for o in options] == ["1d8+3", "1d10+3"]
    tracker = Tracker(
        seed=1,
        monsters=lambda name: {"name": "Knight", "index": "k", "max_hp": 20, "ac": 15, "actions": [sword]},
    )
    tracker.submit({"op": "add", "name": "Knight", "monster": "knight"})
    tracker.submit({"op": "add", "name": "Mira", "pc": True, "hp": 40, "max_hp": 40, "ac": 10})
    done = tracker.submit(
        {
            "op": "attack",
            "attacker": "Knight",
            "target": "Mira",
            "action": "longsword",
            "d20": 15,
            "two_handed": True,
            "damage": [9, 2],
        }
    )
    assert "Mira takes 9 slashing damage" in done.lines and "Mira takes 2 fire damage" in done.lines


def test_a_rider_runs_as_the_hits_save_and_later_damage_is_not_the_hits():
    tentacle = action_from_text(
        "Tentacle",
        "Melee Weapon Attack: +9 to hit, reach 10 ft., one target. Hit: 12 (2d6 + 5) bludgeoning "
        "damage. If the target is a creature, it must succeed on a DC 14 Constitution saving throw or become "
        "diseased. After 1 minute the disease deals 10 (3d6) acid damage.",
    )
    assert [p["damage_dice"] for p in tentacle["damage"]] == ["2d6+5"]
    assert (rider_of(tentacle).dc, rider_of(tentacle).ability) == (14, "con")


def test_a_multiattacks_save_is_its_rider_not_a_save_action_of_its_own():
    volley = action_from_text(
        "Multiattack",
        "Two Lashes. If both lashes hit one creature, it must pass a DC 13 Wis save or be charmed.",
        names=["Lash"],
    )
    assert "dc" not in volley and volley["rider"]["dc_value"] == 13
    assert volley["actions"][0]["action_name"] == "Lash"


def test_a_companions_damage_type_after_its_bonuses():
    claw = action_from_text(
        "Claw", "Melee Attack: +2 plus PB to hit. Hit: 1d8 plus PB plus your Wisdom modifier slashing damage."
    )
    assert claw["damage"][0]["damage_type"]["index"] == "slashing"


def test_homebrew_untyped_and_translated_damage_types():
    bolt = action_from_text("Bolt", "Ranged Spell Attack: +4 to hit. Hit: 7 (2d6) energy damage.")
    assert bolt["damage"][0]["damage_type"]["index"] == "energy"
    plain = action_from_text("Kick", "+4 (1d6+2) Kicks")
    assert plain["attack_bonus"] == 4 and "damage_type" not in plain["damage"][0]
    garras = action_from_text(
        "Garras",
        "Ataque de arma cuerpo a cuerpo: +12 al ataque, alcance 5 pies. "
        "Impacto: 17 (2d10+6) puntos de daño cortante.",
    )
    assert garras["attack_bonus"] == 12 and garras["damage"][0]["damage_type"]["index"] == "slashing"


@pytest.mark.parametrize(
    "text, dc, ability",
    [
        ("Each creature must succeed on a DC12 Wisdom save.", 12, "wis"),
        ("Targets make a saving throw (DC 20 Dex half).", 20, "dex"),
        ("Save CD 10 CON or be poisoned.", 10, "con"),
        ("Una tirada de salvación de Constitución CD 13 para no quedar envenenada.", 13, "con"),
    ],
)
def test_dcs_as_people_write_them(text, dc, ability):
    found = save_of(action_from_text("Effect", text))
    assert (found.dc, found.ability) == (dc, ability)


def test_a_check_to_escape_is_no_save_and_two_saves_are_both_kept():
    engulf = action_from_text(
        "Engulf",
        "Each creature must make a DC 12 Dexterity saving throw. A creature "
        "can escape with a DC 12 Strength check.",
    )
    assert save_of(engulf).ability == "dex" and engulf["dc_alternatives"] == []
    roar = action_from_text(
        "Roar", "Creatures make a DC 15 Wisdom saving throw; then a DC 15 Constitution saving throw."
    )
    assert [d["dc_type"]["index"] for d in roar["dc_alternatives"]] == ["con"]


def test_damage_lists_keep_notes_apply_only_the_unconditional():
    assert damage_prose("acid; bludgeoning, piercing, and slashing from nonmagical attacks") == [
        "acid",
        "bludgeoning (from nonmagical attacks)",
        "piercing (from nonmagical attacks)",
        "slashing (from nonmagical attacks)",
    ]
    listed = damage_list(
        [{"resist": ["fire", "cold"], "note": "(Gem Only)", "cond": True}, "energy"], "resist"
    )
    assert listed == ["fire (Gem Only)", "cold (Gem Only)", "energy"]
    split = damage_list(["cold", "bludgeoning", "piercing", "and slashing from nonmagical weapons"], "resist")
    assert split[1:] == [
        "bludgeoning (from nonmagical weapons)",
        "piercing (from nonmagical weapons)",
        "slashing (from nonmagical weapons)",
    ]
    tracker = Tracker(
        monsters=lambda name: {"name": "Gem", "index": "g", "max_hp": 30, "ac": 12, "resistances": listed}
    )
    tracker.submit({"op": "add", "name": "Gem", "monster": "gem"})
    assert (
        "Gem takes 10 fire damage"
        in tracker.submit({"op": "damage", "target": "Gem", "amount": 10, "type": "fire"}).lines
    )  # conditional: not applied
    assert "resistant" in " ".join(
        tracker.submit({"op": "damage", "target": "Gem", "amount": 10, "type": "energy"}).lines
    )


def test_ac_hp_and_cr_as_files_give_them(tmp_path):
    path = write(
        tmp_path,
        {
            "monster": [
                {
                    "name": "Guard",
                    "ac": [{"ac": 16, "from": ["chain mail"]}, {"ac": 18, "condition": "with shield"}],
                    "hp": {"average": 11},
                    "cr": {"cr": "1/8", "xp": 25},
                },
                {
                    "name": "Summon",
                    "ac": [{"special": "11 + the level of the spell"}],
                    "hp": {"special": "40 + 10 a level"},
                },
            ]
        },
    )
    guard, summon = read_file(path).records
    assert (guard["armor_class"][0]["value"], guard["challenge_rating"]) == (16, 0.125)
    assert "18 with shield" in guard["armor_notes"]
    assert (summon["armor_class"][0]["value"], summon["hit_points"], summon["challenge_rating"]) == (
        None,
        None,
        None,
    )


def test_open5e_v1_and_the_damage_dice_drift(tmp_path):
    v1 = write(
        tmp_path,
        {
            "count": 1,
            "next": None,
            "previous": None,
            "results": [
                {
                    "name": "Bog Troll",
                    "armor_class": 15,
                    "hit_points": 84,
                    "challenge_rating": "5",
                    "strength": 18,
                    "damage_resistances": "cold; bludgeoning and piercing from nonmagical attacks",
                    "legendary_desc": "The troll can take 2 legendary actions.",
                    "legendary_actions": [{"name": "Swipe", "desc": "It swipes."}],
                    "actions": [
                        {
                            "name": "Claw",
                            "desc": "Melee Weapon Attack: +7 to hit. Hit: 11 (2d6 + 4) slashing damage.",
                            "damage_dice": "2d6",
                            "damage_bonus": 4,
                        }
                    ],
                }
            ],
        },
        "v1.json",
    )
    troll = read_file(v1).records[0]
    assert troll["origin"] == "results[0]" and troll["legendary_count"] == 2
    assert troll["actions"][0]["damage"][0]["damage_dice"] == "2d6+4"
    assert troll["damage_resistances"][1] == "bludgeoning (from nonmagical attacks)"


def test_open5e_v2_sizes_usage_limits_and_legendary_costs(tmp_path):
    v2 = write(
        tmp_path,
        {
            "name": "Drake",
            "armor_class": 17,
            "hit_points": 60,
            "challenge_rating_decimal": "4.000",
            "size": "http://x/v2/sizes/large/",
            "ability_scores": {"strength": 19},
            "resistances_and_immunities": {"damage_immunities_display": "fire"},
            "actions": [
                {
                    "name": "Breath",
                    "action_type": "ACTION",
                    "desc": "DC 13 Dexterity saving throw.",
                    "usage_limits": {"type": "RECHARGE_ON_ROLL", "param": 5},
                },
                {
                    "name": "Wing",
                    "action_type": "LEGENDARY_ACTION",
                    "desc": "It flaps.",
                    "legendary_action_cost": 2,
                },
            ],
        },
        "v2.json",
    )
    drake = read_file(v2).records[0]
    assert (drake["size"], drake["challenge_rating"], drake["damage_immunities"]) == ("Large", 4.0, ["fire"])
    assert recharge_range(drake["actions"][0]) == 5 and drake["legendary_actions"][0]["legendary_cost"] == 2


def test_an_improved_initiative_export_with_json_inside_strings(tmp_path):
    block = {
        "Name": "Cultist",
        "HP": {"Value": 9, "Notes": "(2d8)"},
        "AC": {"Value": 12},
        "Challenge": "1/8",
        "Actions": [{"Name": "Dagger", "Content": "+3 to hit, Hit: 4 (1d4 + 1) piercing damage."}],
    }
    export = {
        "ImprovedInitiative.Creatures": json.dumps(["abc"]),
        "ImprovedInitiative.Creatures.abc": json.dumps(block),
        "Creatures.Creatures.def": {**block, "Name": "Cult Fanatic"},
        "ImprovedInitiative.PersistentCharacters.pc1": json.dumps(
            {
                "Name": "Mira",
                "CurrentHP": 20,
                "StatBlock": {"Name": "Mira", "HP": {"Value": 27}, "AC": {"Value": 16}, "Player": "player"},
            }
        ),
        "ImprovedInitiative.User.Settings": json.dumps({"Commands": []}),
    }
    found = {r["origin"]: r for r in read_file(write(tmp_path, export)).records}
    assert set(found) == {
        "ImprovedInitiative.Creatures.abc (JSON string)",
        "Creatures.Creatures.def",
        "ImprovedInitiative.PersistentCharacters.pc1 (JSON string)/StatBlock",
    }
    mira = found["ImprovedInitiative.PersistentCharacters.pc1 (JSON string)/StatBlock"]
    assert (mira["player"], mira["current_hp"], mira["hit_points"]) == (True, 20, 27)


def test_a_copy_of_an_srd_monster_is_built_from_the_srd_and_any_other_is_skipped(tmp_path, book):
    path = write(
        tmp_path,
        {
            "monster": [
                {
                    "name": "Shadow Hound",
                    "_copy": {
                        "name": "Dire Wolf",
                        "source": "MM",
                        "_mod": {
                            "*": {"mode": "replaceTxt", "replace": "\\bwolf\\b", "with": "hound"},
                            "trait": {
                                "mode": "appendArr",
                                "items": [{"name": "Shadowy", "entries": ["It hides in shadow."]}],
                            },
                        },
                    },
                },
                {"name": "New Ankheg", "_copy": {"name": "Ankheg", "source": "XMM"}},
            ]
        },
    )
    imported = read_file(path, srd_monster=srd_record)
    hound = imported.records[0]
    assert (hound["name"], hound["hit_points"], hound["copied_from"]) == ("Shadow Hound", 37, "Dire Wolf|MM")
    assert hound["special_abilities"][-1]["name"] == "Shadowy"
    keen = hound["special_abilities"][0]["desc"]  # "The wolf has advantage ..." in the SRD
    assert "hound" in keen and "wolf" not in keen.lower()
    assert len(imported.skipped) == 1 and "copies Ankheg|XMM" in str(imported.skipped[0])
