"""The combat rules one by one (SRD 5.1), through the tracker the CLI and the pane use."""

import pytest

from dm_companion.combat.tracker import Tracker


def fight(*events, seed=1):
    tracker = Tracker(seed=seed)
    outcomes = [tracker.submit(event) for event in events]
    return tracker, outcomes


def pc(name="Mira", hp=27, **extra):
    return {"op": "add", "name": name, "pc": True, "hp": hp, "max_hp": hp, "ac": 16, **extra}


def monster(name="Ogre", hp=59, **extra):
    return {"op": "add", "name": name, "hp": hp, "max_hp": hp, "ac": 11, **extra}


def hit(target, amount, **extra):
    return {"op": "damage", "target": target, "amount": amount, **extra}


def state(tracker, name):
    return next(c for c in tracker.summary()["combatants"] if c["name"] == name)


def test_srd_monster_brings_its_numbers(book):
    tracker, (outcome,) = fight({"op": "add", "name": "Golem", "monster": "stone golem"})
    assert outcome.accepted
    golem = tracker.encounter.find("Golem")
    assert (golem.hp, golem.max_hp, golem.ac) == (178, 178, 17)
    assert "poison" in golem.immunities and "petrified" in golem.condition_immunities
    assert golem.initiative_bonus == -1


def test_immunity_resistance_vulnerability():
    tracker, outcomes = fight(
        monster("Imp", 40, immunities=["fire"], resistances=["cold"], vulnerabilities=["radiant"]),
        hit("Imp", 10, type="fire"),
        hit("Imp", 9, type="cold"),
        hit("Imp", 5, type="radiant"),
    )
    assert all(o.accepted for o in outcomes)
    assert state(tracker, "Imp")["hp"] == 40 - 0 - 4 - 10


def test_nonmagical_weapon_resistance_does_not_cover_magic():
    tracker, _ = fight(
        monster("Wight", 45, resistances=["bludgeoning, piercing, and slashing from nonmagical attacks"]),
        hit("Wight", 10, type="slashing"),
        hit("Wight", 10, type="slashing", magical=True),
    )
    assert state(tracker, "Wight")["hp"] == 45 - 5 - 10


def test_temporary_hp_absorb_first_and_do_not_stack():
    tracker, _ = fight(
        pc(),
        {"op": "temp_hp", "target": "Mira", "amount": 5},
        {"op": "temp_hp", "target": "Mira", "amount": 3},
        hit("Mira", 7),
    )
    mira = state(tracker, "Mira")
    assert (mira["temp_hp"], mira["hp"]) == (0, 25)
    tracker, _ = fight(
        pc(),
        {"op": "temp_hp", "target": "Mira", "amount": 3},
        {"op": "temp_hp", "target": "Mira", "amount": 8},
    )
    assert state(tracker, "Mira")["temp_hp"] == 8


def test_healing_is_capped_at_max_and_the_dead_stay_dead():
    tracker, outcomes = fight(
        pc(hp=90),
        hit("Mira", 3),
        {"op": "heal", "target": "Mira", "amount": 8},
        monster(),
        hit("Ogre", 100),
        {"op": "heal", "target": "Ogre", "amount": 5},
    )
    assert state(tracker, "Mira")["hp"] == 90  # 87/90 healed by 8 is 90/90, never 95/90
    assert not outcomes[-1].accepted and "dead" in outcomes[-1].reason
    assert state(tracker, "Ogre")["dead"] and state(tracker, "Ogre")["hp"] == 0


def test_a_monster_dies_at_zero_a_character_falls_unconscious():
    tracker, _ = fight(pc(), monster(), hit("Ogre", 59), hit("Mira", 30))
    assert state(tracker, "Ogre")["dead"]
    mira = state(tracker, "Mira")
    assert mira["hp"] == 0 and not mira["dead"] and "unconscious" in mira["conditions"]


def test_massive_damage_kills_outright():
    tracker, _ = fight(pc(hp=12), hit("Mira", 24))
    assert state(tracker, "Mira")["dead"]
    tracker, _ = fight(pc(hp=12), hit("Mira", 23))
    assert not state(tracker, "Mira")["dead"]


def test_death_saves():
    def dying(*rolls):
        tracker, outcomes = fight(
            pc(), hit("Mira", 27), *({"op": "death_save", "target": "Mira", "roll": r} for r in rolls)
        )
        return tracker, outcomes

    tracker, _ = dying(10, 12, 19)
    assert state(tracker, "Mira")["stable"] and not state(tracker, "Mira")["dead"]
    tracker, _ = dying(9, 2, 5)
    assert state(tracker, "Mira")["dead"]
    tracker, _ = dying(1, 15, 3)
    assert state(tracker, "Mira")["dead"]  # a natural 1 is two failures
    tracker, _ = dying(5, 20)
    mira = state(tracker, "Mira")
    assert mira["hp"] == 1 and "unconscious" not in mira["conditions"]
    assert mira["death_saves"] == {"successes": 0, "failures": 0}
    tracker, outcomes = dying(10, 10, 10, 10)
    assert not outcomes[-1].accepted and "stable" in outcomes[-1].reason


def test_damage_at_zero_hp_is_a_failure_and_a_critical_two():
    tracker, _ = fight(pc(), hit("Mira", 27), hit("Mira", 2))
    assert state(tracker, "Mira")["death_saves"]["failures"] == 1
    tracker, _ = fight(pc(), hit("Mira", 27), hit("Mira", 2, critical=True))
    assert state(tracker, "Mira")["death_saves"]["failures"] == 2
    tracker, _ = fight(pc(), hit("Mira", 27), hit("Mira", 27))
    assert state(tracker, "Mira")["dead"]  # damage at 0 HP of at least the max kills


def test_healing_wakes_a_dying_character_and_clears_saves():
    tracker, _ = fight(
        pc(),
        hit("Mira", 27),
        {"op": "death_save", "target": "Mira", "roll": 3},
        {"op": "heal", "target": "Mira", "amount": 4},
    )
    mira = state(tracker, "Mira")
    assert mira["hp"] == 4 and "unconscious" not in mira["conditions"]
    assert mira["death_saves"] == {"successes": 0, "failures": 0}


def test_concentration_save_dc_and_loss(book):
    tracker, outcomes = fight(
        pc(), {"op": "concentrate", "target": "Mira", "spell": "bless"}, hit("Mira", 30 - 4)
    )
    assert "DC 13 Constitution save" in " ".join(outcomes[-1].lines)
    tracker.submit({"op": "save", "target": "Mira", "ability": "con", "roll": 12})
    assert state(tracker, "Mira")["concentration"] is None
    tracker, outcomes = fight(
        pc(),
        {"op": "concentrate", "target": "Mira", "spell": "bless"},
        hit("Mira", 4),
        {"op": "save", "target": "Mira", "ability": "con", "roll": 10},
    )
    assert "DC 10" in " ".join(outcomes[-2].lines) and state(tracker, "Mira")["concentration"] == "Bless"
    tracker, _ = fight(pc(), {"op": "concentrate", "target": "Mira", "spell": "bless"}, hit("Mira", 27))
    assert state(tracker, "Mira")["concentration"] is None  # dropping to 0 ends it
    tracker, outcomes = fight(pc(), {"op": "concentrate", "target": "Mira", "spell": "fireball"})
    assert not outcomes[-1].accepted and "does not require concentration" in outcomes[-1].reason


def test_initiative_order_rounds_and_turns_skip_the_dead():
    tracker, _ = fight(
        pc(initiative=15), monster("Ogre", initiative=8), monster("Orc", 15, initiative=12), {"op": "start"}
    )
    assert tracker.summary()["turn"] == "Mira"
    assert [c["name"] for c in tracker.summary()["combatants"]] == ["Mira", "Orc", "Ogre"]
    tracker.submit(hit("Orc", 15))
    tracker.submit({"op": "next_turn"})
    assert tracker.summary()["turn"] == "Ogre"  # the dead orc is skipped
    tracker.submit({"op": "next_turn"})
    assert tracker.summary()["round"] == 2 and tracker.summary()["turn"] == "Mira"


def test_seeded_initiative_rolls_repeat():
    events = [monster("Ogre"), {"op": "initiative", "name": "Ogre", "value": "roll"}]
    first, _ = fight(*events, seed=7)
    second, _ = fight(*events, seed=7)
    assert first.encounter.find("Ogre").initiative == second.encounter.find("Ogre").initiative


def test_conditions_expire_at_the_end_of_the_creatures_own_turn():
    tracker, _ = fight(
        pc(initiative=15),
        monster(initiative=5),
        {"op": "start"},
        {"op": "condition", "target": "Ogre", "add": "poisoned", "rounds": 1},
    )
    tracker.submit({"op": "next_turn"})  # Mira's turn ends: the ogre is still poisoned
    assert "poisoned" in state(tracker, "Ogre")["conditions"]
    tracker.submit({"op": "next_turn"})  # the ogre's turn ends: it wears off
    assert "poisoned" not in state(tracker, "Ogre")["conditions"]


def test_condition_immunity_and_unknown_conditions(book):
    _tracker, outcomes = fight(
        {"op": "add", "name": "Golem", "monster": "stone-golem"},
        {"op": "condition", "target": "Golem", "add": "poisoned"},
        {"op": "condition", "target": "Golem", "add": "sleepy"},
        {"op": "condition", "target": "Golem", "remove": "prone"},
    )
    assert [o.accepted for o in outcomes] == [True, False, False, False]
    assert "immune" in outcomes[1].reason and "not a condition" in outcomes[2].reason


@pytest.mark.parametrize(
    "event, reason",
    [
        ({"op": "damage", "target": "Nobody", "amount": 3}, "no combatant named 'Nobody'"),
        ({"op": "damage", "target": "Mira", "amount": -3}, "at least 0"),
        ({"op": "damage", "target": "Mira", "amount": "lots"}, "as a whole number, not 'lots'"),
        ({"op": "damage", "target": "Mira", "amount": "2d"}, "not dice notation"),
        ({"op": "heal", "target": "Mira"}, "whole number"),
        ({"op": "add", "name": "Mira", "hp": 5, "ac": 10}, "already a combatant"),
        ({"op": "add", "name": "Blob", "hp": 9, "max_hp": 5, "ac": 10}, "above its maximum"),
        ({"op": "add", "name": "Blob", "monster": "beholder"}, "no SRD monster"),
        ({"op": "death_save", "target": "Mira", "roll": 12}, "not dying"),
        ({"op": "next_turn"}, "not started"),
        ({"op": "teleport"}, "unknown op"),
    ],
)
def test_refused_events_change_nothing(event, reason, book):
    tracker, _ = fight(pc())
    before = tracker.summary()
    outcome = tracker.submit(event, line=2)
    assert not outcome.accepted and reason in outcome.reason
    after = tracker.summary()
    assert after["combatants"] == before["combatants"] and after["log"] == before["log"]
    assert after["rejected"] == [{"line": 2, "reason": outcome.reason}]


def test_undo_and_redo_every_op(book):
    events = [
        pc(initiative=10),
        monster(initiative=5),
        {"op": "add", "name": "Gob", "monster": "goblin"},
        {"op": "initiative", "name": "Gob", "value": "roll"},
        {"op": "start"},
        {"op": "next_turn"},
        hit("Ogre", "2d6", type="fire"),
        {"op": "heal", "target": "Ogre", "amount": 3},
        {"op": "temp_hp", "target": "Mira", "amount": 4},
        {"op": "condition", "target": "Mira", "add": "prone"},
        {"op": "concentrate", "target": "Mira", "spell": "bless"},
        {"op": "save", "target": "Mira", "ability": "wis", "roll": 14},
        hit("Mira", 40),
        {"op": "death_save", "target": "Mira", "roll": 12},
        {"op": "remove", "name": "Gob"},
    ]
    tracker = Tracker(seed=3)
    snapshots = [tracker.summary()["combatants"]]
    for event in events:
        assert tracker.submit(event).accepted, event
        snapshots.append(tracker.summary()["combatants"])
    for expected in reversed(snapshots[:-1]):
        assert tracker.submit({"op": "undo"}).accepted
        assert tracker.summary()["combatants"] == expected
    assert not tracker.submit({"op": "undo"}).accepted
    for expected in snapshots[1:]:
        assert tracker.submit({"op": "redo"}).accepted
        assert tracker.summary()["combatants"] == expected  # the same dice: rolls were stored
    assert not tracker.submit({"op": "redo"}).accepted


def test_a_new_event_clears_redo():
    tracker, _ = fight(pc(), hit("Mira", 3), {"op": "undo"}, hit("Mira", 1))
    assert not tracker.submit({"op": "redo"}).accepted
