"""Monsters act from their SRD stat blocks, continued (`test_combat_monster_actions` has save
actions, recharge and multiattack): legendary actions and Legendary Resistance, reactions, groups,
replays, and the saves a hit forces."""

import pytest
from fights import fight, foe, pc, state, unchanged

from dm_companion.combat.tracker import Tracker
from dm_companion.srd.stat_block import find, save_of


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
