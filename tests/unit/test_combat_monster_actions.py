"""Monsters act from their SRD stat blocks (DESIGN.md "Monsters act"): save actions, recharge and
multiattack, through the tracker (`test_combat_legendary` has the rest)."""

import re

import pytest
from fights import CHARM_RESISTED, fight, foe, pc, state, unchanged

from dm_companion.combat.multiattack import plan
from dm_companion.srd.stat_block import find, recharge_range

# --- save actions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "index, action",
    [
        ("adult-red-dragon", "Fire Breath"),
        ("winter-wolf", "Cold Breath"),
        ("ancient-white-dragon", "Cold Breath"),
        ("green-dragon-wyrmling", "Poison Breath"),
    ],
)
def test_a_record_saying_none_is_overruled_by_its_text_saying_half(book, index, action):
    record = find(book.find(index, "monster").data["actions"], action)
    assert record["dc"]["success_type"] == "none" and "half as much damage" in record["desc"]
    _tracker, outcomes = fight(
        foe(index),
        pc("Mira"),
        pc("Tor"),
        {
            "op": "save_action",
            "actor": "Foe",
            "action": action,
            "targets": ["Mira", "Tor"],
            "damage": 41,
            "saves": {"Mira": 30, "Tor": 1},
        },
    )
    assert outcomes[-1].accepted, outcomes[-1].reason
    kind = record["damage"][0]["damage_type"]["index"]
    assert f"Mira takes 20 {kind} damage" in outcomes[-1].lines  # success: half, rounded down
    assert f"Tor takes 41 {kind} damage" in outcomes[-1].lines  # failure: all of it


def test_the_lichs_disrupt_life_halves_on_a_success_as_its_text_says():
    tracker, outcomes = fight(
        foe("lich"),
        pc(),
        {
            "op": "legendary",
            "actor": "Foe",
            "action": "disrupt life",
            "targets": ["Mira"],
            "damage": 21,
            "saves": {"Mira": 25},
        },
    )
    assert outcomes[-1].accepted, outcomes[-1].reason
    assert "Mira takes 10 necrotic damage" in outcomes[-1].lines
    assert state(tracker, "Foe")["legendary_actions"] == {"left": 0, "max": 3}  # it costs 3


def test_a_failed_save_imposes_the_condition_unless_the_target_is_immune(book):
    tracker, outcomes = fight(
        foe("adult-red-dragon", "Dragon"),
        pc("Mira"),
        foe("lich", "Lich"),
        {
            "op": "save_action",
            "actor": "Dragon",
            "action": "frightful presence",
            "targets": ["Mira", "Lich"],
            "saves": {"Mira": 3, "Lich": 2},
        },
    )
    lines = outcomes[-1].lines
    assert "Mira is frightened for 10 rounds" in lines  # "for 1 minute"
    assert "Lich is immune to being frightened" in lines
    assert (
        state(tracker, "Mira")["conditions"] == ["frightened"] and state(tracker, "Lich")["conditions"] == []
    )


def test_damage_is_rolled_once_for_every_target():
    tracker, _outcomes = fight(
        foe("adult-red-dragon", "Dragon"),
        pc("Mira"),
        pc("Tor"),
        pc("Ash"),
        {
            "op": "save_action",
            "actor": "Dragon",
            "action": "Fire Breath",
            "targets": ["Mira", "Tor", "Ash"],
            "saves": {"Mira": 1, "Tor": 2, "Ash": 3},
        },
    )
    stored = tracker.applied[-1]
    assert len(stored["damage"]) == 1 and 18 <= stored["damage"][0] <= 108
    assert {state(tracker, n)["hp"] for n in ("Mira", "Tor", "Ash")} == {300 - stored["damage"][0]}


def test_paralyzed_and_unconscious_targets_fail_dexterity_saves_whatever_they_roll():
    tracker, outcomes = fight(
        foe("adult-red-dragon", "Dragon"),
        pc("Mira"),
        pc("Tor", hp=30),
        {"op": "condition", "target": "Mira", "add": "paralyzed"},
        {"op": "damage", "target": "Tor", "amount": 30},
        {
            "op": "save_action",
            "actor": "Dragon",
            "action": "Fire Breath",
            "targets": ["Mira", "Tor"],
            "damage": 10,
            "saves": {"Mira": 30, "Tor": 30},
        },
    )
    lines = outcomes[-1].lines
    assert "Mira: DEX save 30 vs DC 21: fails automatically (Mira is paralyzed)" in lines
    assert "Tor: DEX save 30 vs DC 21: fails automatically (Tor is unconscious)" in lines
    assert state(tracker, "Tor")["death_saves"]["failures"] == 1


def test_a_restrained_target_rolls_dexterity_saves_twice_and_keeps_the_lower():
    tracker, _outcomes = fight(
        foe("adult-red-dragon", "Dragon"),
        pc("Mira"),
        {"op": "condition", "target": "Mira", "add": "restrained"},
        {"op": "save_action", "actor": "Dragon", "action": "Fire Breath", "targets": ["Mira"]},
    )
    detail = tracker.applied[-1]["save_rolls"]["Mira"]
    assert "lower of two: restrained" in detail


def test_monsters_roll_saves_with_their_own_bonuses(book):
    tracker, _ = fight(
        foe("adult-red-dragon", "Dragon"),
        foe("lich", "Lich"),
        {"op": "save_action", "actor": "Dragon", "action": "Frightful Presence", "targets": ["Lich"]},
    )
    assert "+ 9" in tracker.applied[-1]["save_rolls"]["Lich"]  # the lich's WIS save proficiency, +9


def test_a_characters_spell_on_many_targets_gives_its_own_dc_and_dice():
    tracker, outcomes = fight(
        pc("Wiz"),
        foe("goblin", "Goblin", count=3),
        foe("ogre", "Ogre"),
        {
            "op": "save_action",
            "actor": "Wiz",
            "action": "Fireball",
            "dc": 15,
            "ability": "dex",
            "damage": "8d6",
            "type": "fire",
            "half": True,
            "targets": ["Goblin 1", "Goblin 2", "Ogre"],
            "saves": {"Ogre": 20},
        },
    )
    assert outcomes[-1].accepted, outcomes[-1].reason
    rolled = tracker.applied[-1]["damage"][0]
    assert outcomes[-1].lines[0].startswith(f"Wiz uses Fireball: DC 15 DEX save, {rolled} fire damage")
    assert state(tracker, "Ogre")["hp"] == max(0, 59 - rolled // 2)


def test_legendary_resistance_turns_a_failed_save_into_a_success():
    tracker, outcomes = fight(pc("Wiz"), foe("lich", "Lich"), CHARM_RESISTED)
    assert outcomes[-1].accepted, outcomes[-1].reason
    assert "then succeeds by Legendary Resistance (2/3 left)" in outcomes[-1].lines[1]
    assert state(tracker, "Lich")["legendary_resistances"] == {"left": 2, "max": 3}


@pytest.mark.parametrize(
    "event, reason",
    [
        ({"action": "Fire Breath", "targets": ["Nobody"]}, "no combatant named 'Nobody'"),
        ({"action": "Sneeze", "targets": ["Mira"]}, "no action with a saving throw named 'Sneeze'"),
        ({"action": "Bite", "targets": ["Mira"]}, "no action with a saving throw named 'Bite'"),
        ({"action": "Fire Breath", "targets": []}, "needs 'targets'"),
        ({"action": "Fire Breath", "targets": ["Mira", "mira"]}, "named twice"),
        ({"dc": 40, "ability": "dex", "targets": ["Mira"]}, "'dc' (1-30)"),
        ({"dc": 15, "ability": "luck", "targets": ["Mira"]}, "'ability'"),
        (
            {"dc": 15, "ability": "dex", "condition": "sleepy", "targets": ["Mira"]},
            "'sleepy' is not a condition",
        ),
        ({"action": "Fire Breath", "targets": ["Mira"], "damage": -3}, "one whole number per damage part"),
        (
            {
                "action": "Fire Breath",
                "targets": ["Mira"],
                "saves": {"Mira": 30},
                "legendary_resistance": ["Mira"],
            },
            "Legendary Resistance is for a failed save",
        ),
    ],
)
def test_bad_save_actions_are_refused_whole(event, reason):
    tracker, _ = fight(foe("adult-red-dragon", "Dragon"), pc("Mira"))
    assert reason in unchanged(tracker, {"op": "save_action", "actor": "Dragon", **event})


# --- recharge ------------------------------------------------------------------------------


def test_a_recharge_action_is_spent_until_a_d6_in_its_range():
    tracker, _outcomes = fight(
        foe("adult-red-dragon", "Dragon", initiative=20),
        pc(initiative=5),
        {"op": "start"},
        {
            "op": "save_action",
            "actor": "Dragon",
            "action": "fire breath",
            "targets": ["Mira"],
            "damage": 0,
            "saves": {"Mira": 1},
        },
    )
    assert state(tracker, "Dragon")["spent"] == ["Fire Breath"]
    assert "spent (recharges on a d6 of 5-6)" in unchanged(
        tracker, {"op": "save_action", "actor": "Dragon", "action": "Fire Breath", "targets": ["Mira"]}
    )
    assert tracker.submit({"op": "recharge", "name": "Dragon", "action": "fire breath", "roll": 4}).lines == [
        "Dragon's Fire Breath stays spent (d6 4, needs 5-6)"
    ]
    assert "a d6 (1-6)" in unchanged(
        tracker, {"op": "recharge", "name": "Dragon", "action": "Fire Breath", "roll": 7}
    )
    assert tracker.submit({"op": "recharge", "name": "Dragon", "action": "Fire Breath", "roll": 5}).accepted
    assert state(tracker, "Dragon")["spent"] == []
    assert "no spent action 'Fire Breath'" in unchanged(
        tracker, {"op": "recharge", "name": "Dragon", "action": "Fire Breath", "roll": 6}
    )


def test_the_start_of_the_owners_turn_rolls_the_recharge_and_the_roll_is_stored():
    events = [
        foe("adult-red-dragon", "Dragon", initiative=20),
        pc(initiative=5),
        {"op": "start"},
        {"op": "save_action", "actor": "Dragon", "action": "Fire Breath", "targets": ["Mira"]},
    ]
    for seed in range(8):
        tracker, _ = fight(*events, seed=seed)
        tracker.submit({"op": "next_turn"})  # Mira's turn: no roll
        assert "recharge" not in tracker.applied[-1]
        outcome = tracker.submit({"op": "next_turn"})  # the dragon's: a d6
        roll = tracker.applied[-1]["recharge"]["Dragon"]["Fire Breath"]
        assert any(line.endswith(f"(d6 {roll})") or f"(d6 {roll}," in line for line in outcome.lines)
        assert (state(tracker, "Dragon")["spent"] == []) == (roll >= 5)


def test_an_attack_with_a_recharge_is_spent_too(book):
    assert recharge_range(find(book.find("giant-spider", "monster").data["actions"], "Web")) == 5
    tracker, _ = fight(
        foe("giant-spider"),
        pc(),
        {"op": "attack", "attacker": "Foe", "target": "Mira", "action": "web", "d20": 2},
    )
    assert state(tracker, "Foe")["spent"] == ["Web"]
    assert "spent" in unchanged(
        tracker, {"op": "attack", "attacker": "Foe", "target": "Mira", "action": "Web"}
    )


# --- multiattack ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "index, expected",
    [
        ("adult-red-dragon", ["Bite", "Claw", "Claw"]),
        ("knight", ["Greatsword", "Greatsword"]),
        ("owlbear", ["Beak", "Claws"]),
        ("troll", ["Bite", "Claw", "Claw"]),
        ("minotaur-skeleton", None),
        ("bandit-captain", ["Scimitar", "Scimitar", "Dagger"]),
    ],
)
def test_multiattack_makes_the_attacks_its_stat_block_lists(book, index, expected):
    tracker, outcomes = fight(
        foe(index), pc(ac=1), {"op": "multiattack", "attacker": "Foe", "target": "Mira"}
    )
    if expected is None:  # no Multiattack in its stat block
        assert not outcomes[-1].accepted and "has no Multiattack" in outcomes[-1].reason
        return
    assert outcomes[-1].accepted, outcomes[-1].reason
    made = [
        re.search(r"with (.+?): d20", line).group(1)
        for line in outcomes[-1].lines
        if " attacks Mira with " in line
    ]
    assert made == expected
    assert [a["action"] for a in tracker.applied[-1]["attacks"]] == expected


def test_the_second_option_and_one_target_per_attack():
    tracker, outcomes = fight(
        foe("bandit-captain"),
        pc("Mira"),
        pc("Tor"),
        {"op": "multiattack", "attacker": "Foe", "option": 2, "targets": ["Mira", "Tor"]},
    )
    assert outcomes[-1].accepted, outcomes[-1].reason
    assert [(a["action"], a["target"]) for a in tracker.applied[-1]["attacks"]] == [
        ("Dagger", "Mira"),
        ("Dagger", "Tor"),
    ]


def test_the_hydra_bites_once_per_head_when_told_how_many(book):
    tracker, _ = fight(foe("hydra"), pc())
    assert "give 'count'" in unchanged(tracker, {"op": "multiattack", "attacker": "Foe", "target": "Mira"})
    assert tracker.submit({"op": "multiattack", "attacker": "Foe", "target": "Mira", "count": 5}).accepted
    assert len(tracker.applied[-1]["attacks"]) == 5
    attacker = tracker.encounter.find("Foe")
    assert plan({"count": 7}, attacker)[0] == ["Bite"] * 7


def test_given_dice_are_used_as_given_and_a_dead_targets_remaining_attacks_are_lost():
    _tracker, outcomes = fight(
        foe("adult-red-dragon", "Dragon"),
        foe("goblin", "Goblin"),
        {
            "op": "multiattack",
            "attacker": "Dragon",
            "target": "Goblin",
            "attacks": [{"d20": 15, "damage": [20, 5]}, {"d20": 20}, {"d20": 1}],
        },
    )
    lines = outcomes[-1].lines
    assert "Dragon attacks Goblin with Bite: d20 15 +14 = 29 vs AC 15: hit" in lines
    assert lines.count("Goblin is already dead: the Claw attack is lost") == 2
    assert "Goblin takes 20 piercing damage" in lines


def test_bad_multiattacks_are_refused_whole():
    tracker, _ = fight(foe("bandit-captain"), pc("Mira"), foe("goblin", "Goblin", hp=0))
    assert "one target per attack" in unchanged(
        tracker, {"op": "multiattack", "attacker": "Foe", "targets": ["Mira"]}
    )
    assert "'option' is 1..2" in unchanged(
        tracker, {"op": "multiattack", "attacker": "Foe", "target": "Mira", "option": 3}
    )
    assert "no combatant named" in unchanged(
        tracker, {"op": "multiattack", "attacker": "Foe", "target": "Bob"}
    )
    assert "one object per attack" in unchanged(
        tracker, {"op": "multiattack", "attacker": "Foe", "target": "Mira", "attacks": [{"d20": 3}]}
    )


# --- legendary actions, Legendary Resistance, reactions ---------------------------------------


# --- add with count, group and rolled initiative --------------------------------------------


# --- all of it replays exactly ---------------------------------------------------------------


# --- saves a hit forces ------------------------------------------------------------------------
