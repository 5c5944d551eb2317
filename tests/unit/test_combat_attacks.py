"""Attacks rolled from SRD stat blocks (DESIGN.md "Monsters act": `attack`), through the tracker."""

import json

import pytest

from dm_companion.combat.tracker import Tracker, replay_lines
from dm_companion.srd.stat_block import action_key

MONSTERS = [
    "goblin",
    "ogre",
    "adult-red-dragon",
    "lich",
    "hydra",
    "owlbear",
    "skeleton",
    "troll",
    "wolf",
    "zombie",
    "giant-spider",
    "minotaur",
]


def fight(*events, seed=1):
    tracker = Tracker(seed=seed)
    outcomes = [tracker.submit(event) for event in events]
    return tracker, outcomes


def target(name="Mira", ac=16, hp=300, **extra):
    return {"op": "add", "name": name, "pc": True, "hp": hp, "max_hp": hp, "ac": ac, **extra}


def attack(action, d20=None, attacker="Foe", **extra):
    event = {"op": "attack", "attacker": attacker, "action": action, "target": "Mira", **extra}
    return event if d20 is None else {**event, "d20": d20}


def attacks_of(book, index):
    return [a for a in book.find(index, "monster").data["actions"] if a.get("attack_bonus") is not None]


@pytest.mark.parametrize("index", MONSTERS)
def test_every_attack_of_a_stat_block_rolls_its_own_bonus_and_damage_types(book, index):
    for action in attacks_of(book, index):
        tracker, outcomes = fight(
            {"op": "add", "name": "Foe", "monster": index},
            target(ac=1),
            attack(action["name"].upper(), d20=10),
        )  # case does not matter
        assert outcomes[-1].accepted, outcomes[-1].reason
        first = outcomes[-1].lines[0]
        assert (
            f"with {action['name']}: d20 10 {action['attack_bonus']:+d} = "
            f"{10 + action['attack_bonus']} vs AC 1: hit" in first
        )
        stored = tracker.applied[-1]
        assert len(stored["damage"]) == len(action.get("damage", []))  # one roll per damage part
        for part in action.get("damage", []):
            assert f" {part['damage_type']['index']} damage" in "\n".join(outcomes[-1].lines)


def test_a_two_part_bite_goes_through_each_type_on_its_own(book):
    tracker, outcomes = fight(
        {"op": "add", "name": "Foe", "monster": "adult-red-dragon"},
        target(immunities=["fire"]),
        attack("bite", d20=15, damage=[17, 7]),
    )
    lines = "\n".join(outcomes[-1].lines)
    assert "Mira takes 17 piercing damage" in lines and "Mira takes 0 fire damage (immune: fire)" in lines
    assert tracker.summary()["combatants"][1]["hp"] == 300 - 17


@pytest.mark.parametrize(
    "conditions, d20, face, why",
    [
        ({"Foe": "poisoned"}, [18, 4], 4, "disadvantage: Foe is poisoned"),
        ({"Mira": "restrained"}, [4, 18], 18, "advantage: Mira is restrained"),
        (
            {"Foe": "poisoned", "Mira": "restrained"},
            [4, 18],
            4,
            "advantage: Mira is restrained",
        ),  # cancel: the first
        ({"Mira": "prone"}, [4, 18], 18, "advantage: Mira is prone"),  # a melee attack on a prone target
    ],
)
def test_conditions_set_advantage_and_the_log_says_why(book, conditions, d20, face, why):
    events = [{"op": "add", "name": "Foe", "monster": "goblin"}, target()]
    events += [{"op": "condition", "target": who, "add": what} for who, what in conditions.items()]
    _tracker, outcomes = fight(*events, attack("scimitar", d20=d20, damage=[5]))
    assert outcomes[-1].accepted, outcomes[-1].reason
    assert (
        f"d20 {face} (rolled {d20[0]} and {d20[1]})" in outcomes[-1].lines[0] and why in outcomes[-1].lines[0]
    )


def test_a_ranged_attack_on_a_prone_target_has_disadvantage(book):
    _, outcomes = fight(
        {"op": "add", "name": "Foe", "monster": "goblin"},
        target(),
        {"op": "condition", "target": "Mira", "add": "prone"},
        attack("shortbow", d20=[19, 3]),
    )
    assert "d20 3" in outcomes[-1].lines[0] and "disadvantage: Mira is prone" in outcomes[-1].lines[0]
    assert outcomes[-1].lines[0].endswith("miss (disadvantage: Mira is prone)")


def test_natural_20_always_hits_and_natural_1_always_misses(book):
    _, outcomes = fight(
        {"op": "add", "name": "Foe", "monster": "goblin"},
        target(ac=30),
        attack("scimitar", d20=20, damage=[9]),
        attack("scimitar", d20=1),
    )
    assert ": critical hit" in outcomes[2].lines[0]
    assert outcomes[3].lines[0].endswith("vs AC 30: miss") and len(outcomes[3].lines) == 1


def test_a_melee_hit_on_a_paralyzed_target_is_a_critical_with_doubled_dice(book):
    for seed in range(20):
        tracker, outcomes = fight(
            {"op": "add", "name": "Foe", "monster": "ogre"},
            target(ac=5),
            {"op": "condition", "target": "Mira", "add": "paralyzed"},
            attack("greatclub", d20=10),
            seed=seed,
        )
        assert ": critical hit" in outcomes[-1].lines[0]
        assert 4 + 4 <= tracker.applied[-1]["damage"][0] <= 32 + 4  # 4d8+4 when the app rolls a critical


def test_a_versatile_weapon_is_one_handed_unless_the_event_says_two(book):
    _, outcomes = fight(
        {"op": "add", "name": "Foe", "monster": "hobgoblin"},
        target(),
        attack("longsword", d20=15, damage=[6]),
        attack("longsword", d20=15, damage=[7], two_handed=True),
    )
    assert (
        "Mira takes 6 slashing damage" in outcomes[2].lines
        and "Mira takes 7 slashing damage" in outcomes[3].lines
    )


def test_a_pc_attacks_with_the_bonus_and_dice_it_is_given(book):
    tracker, outcomes = fight(
        {"op": "add", "name": "Ogre", "monster": "ogre"},
        target(),
        {
            "op": "attack",
            "attacker": "Mira",
            "target": "Ogre",
            "action": "Longsword",
            "bonus": 5,
            "damage_dice": "1d8+3",
            "type": "slashing",
            "d20": 14,
        },
    )
    assert outcomes[-1].lines[0] == "Mira attacks Ogre with Longsword: d20 14 +5 = 19 vs AC 11: hit"
    assert 4 <= 59 - tracker.summary()["combatants"][0]["hp"] <= 11


@pytest.mark.parametrize(
    "event, reason",
    [
        (attack("bite"), "Foe has no attack 'bite' (its attacks: Scimitar, Shortbow)"),
        ({**attack("scimitar"), "target": "Nobody"}, "no combatant named 'Nobody'"),
        (attack("scimitar", d20=21), "'d20' is the natural face (1-20) or two of them, not 21"),
        (
            attack("scimitar", d20=15, damage=[3, 4]),
            "'damage' is one whole number per damage part of Scimitar (1)",
        ),
        (
            {"op": "attack", "attacker": "Mira", "target": "Foe", "bonus": 5},
            "needs 'bonus' (a number) and 'damage_dice'",
        ),
    ],
)
def test_a_refused_attack_says_why_and_changes_nothing(book, event, reason):
    tracker, _ = fight({"op": "add", "name": "Foe", "monster": "goblin"}, target())
    before = json.dumps(tracker.summary())
    outcome = tracker.submit(event)
    assert not outcome.accepted and reason in outcome.reason
    assert json.dumps({**tracker.summary(), "rejected": []}) == json.dumps(
        {**json.loads(before), "rejected": []}
    )


def test_the_dead_neither_attack_nor_are_attacked(book):
    _tracker, outcomes = fight(
        {"op": "add", "name": "Foe", "monster": "goblin"},
        target(),
        {"op": "damage", "target": "Foe", "amount": 50},
        attack("scimitar", d20=15),
    )
    assert not outcomes[-1].accepted and "Foe is dead" in outcomes[-1].reason


def test_rolled_attacks_replay_exactly_with_another_seed(book):
    events = [{"op": "add", "name": "Foe", "monster": "troll"}, target(ac=14)] + [
        attack(a) for a in ("bite", "claw", "claw")
    ] * 3
    tracker = Tracker(seed=4)
    for event in events:
        assert tracker.submit(event).accepted
    stored = [json.dumps(event) for event in tracker.applied]
    again = replay_lines(stored, seed=99)
    assert again.summary() == tracker.summary()


def test_action_names_match_without_case_or_parenthetical():
    assert action_key("Wing Attack (Costs 2 Actions)") == "wing attack"
    assert action_key("Fire Breath (Recharge 5-6)") == action_key("fire breath")
