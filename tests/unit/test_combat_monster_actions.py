"""Monsters act from their SRD stat blocks (DESIGN.md "Monsters act"): multiattack, save actions,
recharge, legendary actions, Legendary Resistance, reactions and groups, through the tracker."""

import json
import re

import pytest

from dm_companion.combat.multiattack import plan
from dm_companion.combat.tracker import Tracker
from dm_companion.srd.stat_block import find, recharge_range, save_of


def fight(*events, seed=1):
    tracker = Tracker(seed=seed)
    outcomes = [tracker.submit(event) for event in events]
    return tracker, outcomes


def pc(name="Mira", ac=16, hp=300, **extra):
    return {"op": "add", "name": name, "pc": True, "hp": hp, "max_hp": hp, "ac": ac, **extra}


def foe(index, name="Foe", **extra):
    return {"op": "add", "name": name, "monster": index, **extra}


def state(tracker, name):
    return next(c for c in tracker.summary()["combatants"] if c["name"] == name)


def unchanged(tracker, event):
    before = json.dumps({**tracker.summary(), "rejected": []})
    outcome = tracker.submit(event)
    assert not outcome.accepted
    assert json.dumps({**tracker.summary(), "rejected": []}) == before
    return outcome.reason


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
    tracker, outcomes = fight(
        pc("Wiz"),
        foe("lich", "Lich"),
        {
            "op": "save_action",
            "actor": "Wiz",
            "dc": 30,
            "ability": "wis",
            "condition": "charmed",
            "targets": ["Lich"],
            "saves": {"Lich": 5},
            "legendary_resistance": ["Lich"],
        },
    )
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


def dragon_fight():
    return fight(
        foe("adult-red-dragon", "Dragon", initiative=20),
        pc("Mira", initiative=10),
        pc("Tor", initiative=5),
        {"op": "start"},
    )


def test_legendary_actions_cost_their_price_from_a_pool_that_refills_on_its_turn():
    tracker, _ = dragon_fight()
    legendary = {"op": "legendary", "actor": "Dragon"}
    assert "only at the end of another creature's turn" in unchanged(
        tracker, {**legendary, "action": "detect"}
    )
    tracker.submit({"op": "next_turn"})  # Mira's turn
    outcome = tracker.submit({**legendary, "action": "wing attack", "targets": ["Mira", "Tor"]})
    assert outcome.accepted, outcome.reason
    assert outcome.lines[0] == "Dragon takes a legendary action: Wing Attack (Costs 2 Actions) (1/3 left)"
    assert "DC 22 DEX save" in outcome.lines[1] and "prone on a failure" in outcome.lines[1]
    assert "costs 2 legendary actions; Dragon has 1 of 3 left" in unchanged(
        tracker, {**legendary, "action": "Wing Attack", "targets": ["Mira"]}
    )
    tail = tracker.submit({**legendary, "action": "tail attack", "target": "Tor", "d20": 10})
    assert "Dragon attacks Tor with Tail: d20 10 +14 = 24" in tail.lines[1]  # the Tail attack's own bonus
    assert "0 of 3 left" in unchanged(tracker, {**legendary, "action": "Detect"})
    tracker.submit({"op": "next_turn"})
    tracker.submit({"op": "next_turn"})  # the dragon's turn again: the pool refills
    assert state(tracker, "Dragon")["legendary_actions"] == {"left": 3, "max": 3}


@pytest.mark.parametrize(
    "index, action, runs",
    [
        ("lich", "paralyzing touch", "with Paralyzing Touch"),
        ("aboleth", "tail swipe", "with Tail"),
        ("androsphinx", "claw attack", "with Claw"),
        ("adult-blue-dragon", "tail attack", "with Tail"),
    ],
)
def test_a_legendary_action_runs_the_attack_it_names(index, action, runs):
    _tracker, outcomes = fight(
        foe(index), pc(), {"op": "legendary", "actor": "Foe", "action": action, "target": "Mira", "d20": 12}
    )
    assert outcomes[-1].accepted, outcomes[-1].reason
    assert runs in outcomes[-1].lines[1]


def test_a_legendary_action_with_nothing_to_roll_is_logged_for_the_dm():
    _tracker, outcomes = fight(foe("lich"), pc(), {"op": "legendary", "actor": "Foe", "action": "cantrip"})
    assert outcomes[-1].lines == [
        "Foe takes a legendary action: Cantrip (2/3 left)",
        "Cantrip: The lich casts a cantrip.",
    ]


def test_legendary_resistance_is_three_a_day():
    tracker, _ = dragon_fight()
    for left in (2, 1, 0):
        outcome = tracker.submit({"op": "legendary_resistance", "name": "Dragon"})
        assert f"({left}/3 left today)" in outcome.lines[0]
    assert "used all 3" in unchanged(tracker, {"op": "legendary_resistance", "name": "Dragon"})
    assert "no Legendary Resistance" in unchanged(tracker, {"op": "legendary_resistance", "name": "Mira"})
    assert "its legendary actions: none" in unchanged(
        tracker, {"op": "legendary", "actor": "Mira", "action": "x"}
    )


def test_one_reaction_a_round_back_at_the_start_of_its_own_turn():
    tracker, outcomes = fight(
        foe("knight", "Knight", initiative=20),
        pc("Mira", initiative=10),
        {"op": "start"},
        {"op": "reaction", "name": "Knight", "what": "parry"},
    )
    assert outcomes[-1].lines[0].startswith("Knight uses its reaction: Parry (The knight adds 2 to its AC")
    assert "already used its reaction" in unchanged(tracker, {"op": "reaction", "name": "Knight"})
    tracker.submit({"op": "next_turn"})
    assert state(tracker, "Knight")["reaction_used"]
    tracker.submit({"op": "next_turn"})
    assert not state(tracker, "Knight")["reaction_used"]


def test_a_stunned_creature_takes_no_reaction():
    tracker, _ = fight(foe("knight", "Knight"), {"op": "condition", "target": "Knight", "add": "stunned"})
    assert "can't take reactions" in unchanged(tracker, {"op": "reaction", "name": "Knight"})


# --- add with count, group and rolled initiative --------------------------------------------


def test_a_group_shares_one_initiative_roll_and_one_turn():
    tracker, outcomes = fight(
        foe("goblin", "Goblin", count=3, group=True, initiative="roll"),
        pc("Mira", initiative=0),
        {"op": "start"},
    )
    goblins = [state(tracker, f"Goblin {n}") for n in (1, 2, 3)]
    assert len({g["initiative"] for g in goblins}) == 1 and goblins[0]["initiative"] is not None
    assert outcomes[-1].lines[-1] == "Goblin's turn"
    assert tracker.submit({"op": "next_turn"}).lines == ["Mira's turn"]
    assert tracker.submit({"op": "next_turn"}).lines == ["Round 2 begins", "Goblin's turn"]


def test_copies_without_a_group_roll_initiative_each():
    tracker, outcomes = fight(foe("goblin", "Goblin", count=4, initiative="roll"), seed=5)
    assert isinstance(tracker.applied[-1]["initiative"], list) and len(tracker.applied[-1]["initiative"]) == 4
    assert [line.split(" has initiative")[0] for line in outcomes[-1].lines if "has initiative" in line] == [
        "Goblin 1",
        "Goblin 2",
        "Goblin 3",
        "Goblin 4",
    ]


def test_conditions_of_each_copy_count_down_on_the_groups_turn():
    tracker, _ = fight(
        foe("goblin", "Goblin", count=2, group=True, initiative=15),
        pc("Mira", initiative=3),
        {"op": "start"},
        {"op": "condition", "target": "Goblin 2", "add": "prone", "rounds": 1},
    )
    assert "Goblin 2 is no longer prone" in tracker.submit({"op": "next_turn"}).lines


def test_a_copy_that_would_clash_with_a_name_is_refused():
    tracker, _ = fight(foe("goblin", "Goblin 2"))
    assert "already a combatant named 'Goblin 2'" in unchanged(tracker, foe("goblin", "Goblin", count=3))
    assert "'count' is 1..20" in unchanged(tracker, foe("goblin", "Orc", count=0))


# --- all of it replays exactly ---------------------------------------------------------------


def test_a_dragon_fight_replays_exactly_from_its_stored_events():
    tracker, _ = dragon_fight()
    for event in [
        {"op": "multiattack", "attacker": "Dragon", "target": "Mira"},
        {"op": "save_action", "actor": "Dragon", "action": "Fire Breath", "targets": ["Mira", "Tor"]},
        {"op": "next_turn"},
        {"op": "legendary", "actor": "Dragon", "action": "Wing Attack", "targets": ["Mira", "Tor"]},
        {"op": "next_turn"},
        {"op": "legendary", "actor": "Dragon", "action": "Tail Attack", "target": "Tor"},
        {"op": "next_turn"},
        {"op": "reaction", "name": "Mira"},
        {"op": "undo"},
        {"op": "redo"},
    ]:
        tracker.submit(event)
    again = Tracker(seed=999)
    for event in tracker.applied:
        assert again.submit(event).accepted, event
    assert again.summary()["combatants"] == tracker.summary()["combatants"]
    assert save_of(find(tracker.encounter.find("Dragon").actions, "fire breath")).half


def test_a_two_part_hit_on_a_fallen_character_is_one_hit_for_death_saves():
    tracker, outcomes = fight(
        foe("adult-red-dragon", "Dragon"),
        pc("Tor", hp=30),
        {"op": "damage", "target": "Tor", "amount": 30},
        {
            "op": "attack",
            "attacker": "Dragon",
            "action": "Bite",
            "target": "Tor",
            "d20": 5,
            "damage": [10, 3],
        },
    )
    assert "critical hit" in outcomes[-1].lines[0]  # a melee hit on an unconscious target
    assert state(tracker, "Tor")["death_saves"]["failures"] == 2 and not state(tracker, "Tor")["dead"]


# --- saves a hit forces ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "index, action, rider_save, condition",
    [
        ("ghoul", "Claws", 3, "paralyzed"),
        ("ghoul", "Claws", 15, None),
        ("lich", "Paralyzing Touch", 9, "paralyzed"),
        ("bearded-devil", "Beard", 2, "poisoned"),
        ("giant-spider", "Bite", 1, None),
    ],
)
def test_a_hit_that_forces_a_save_imposes_its_condition_on_a_failure(index, action, rider_save, condition):
    tracker, outcomes = fight(
        foe(index),
        pc(),
        {
            "op": "attack",
            "attacker": "Foe",
            "target": "Mira",
            "action": action,
            "d20": 19,
            "rider_save": rider_save,
        },
    )
    assert outcomes[-1].accepted, outcomes[-1].reason
    assert any(line.startswith(f"{action} calls for a DC") for line in outcomes[-1].lines)
    assert state(tracker, "Mira")["conditions"] == ([condition] if condition else [])


def test_the_assassins_poison_waits_on_the_save_and_halves_on_a_success():
    hit = {
        "op": "attack",
        "attacker": "Foe",
        "target": "Mira",
        "action": "Shortsword",
        "d20": 19,
        "damage": [6],
    }
    tracker, outcomes = fight(foe("assassin"), pc(), {**hit, "rider_save": 20, "rider_damage": [24]})
    lines = outcomes[-1].lines
    assert "Mira takes 6 piercing damage" in lines and "Mira takes 12 poison damage" in lines
    assert state(tracker, "Mira")["hp"] == 300 - 18
    tracker, outcomes = fight(foe("assassin"), pc(), {**hit, "rider_save": 2, "rider_damage": [24]})
    assert state(tracker, "Mira")["hp"] == 300 - 30


def test_a_miss_forces_no_save_and_rolled_riders_replay_exactly():
    tracker, outcomes = fight(
        foe("ghoul"), pc(), {"op": "attack", "attacker": "Foe", "target": "Mira", "action": "Claws", "d20": 2}
    )
    assert "rider_save" not in tracker.applied[-1] and len(outcomes[-1].lines) == 1
    tracker.submit({"op": "attack", "attacker": "Foe", "target": "Mira", "action": "Claws", "d20": 18})
    assert isinstance(tracker.applied[-1]["rider_save"], int)
    again = Tracker(seed=42)
    for event in tracker.applied:
        assert again.submit(event).accepted
    assert again.summary()["combatants"] == tracker.summary()["combatants"]
