"""Free sentences about creatures using their stat blocks, read into attack, multiattack, save
action and legendary proposals (the words alone; the model only picks among what they leave)."""

import pytest

from dm_companion.combat.read_actions import choose_action, read
from dm_companion.combat.tracker import Tracker


@pytest.fixture()
def tracker(book):
    tracker = Tracker(seed=0)
    for initiative, name in enumerate(("Wiz", "Tor", "Mira"), 18):
        tracker.submit(
            {
                "op": "add",
                "name": name,
                "pc": True,
                "hp": 60,
                "max_hp": 60,
                "ac": 15,
                "initiative": initiative,
            }
        )
    for initiative, (name, index) in enumerate(
        [
            ("Goblin 1", "goblin"),
            ("Goblin 2", "goblin"),
            ("Ogre", "ogre"),
            ("Dragon", "adult-red-dragon"),
            ("Lich", "lich"),
        ],
        1,
    ):
        tracker.submit({"op": "add", "name": name, "monster": index, "initiative": initiative})
    tracker.submit({"op": "start"})
    return tracker


def settled(sentence, tracker):
    reading = read(sentence, tracker.encounter)
    assert reading is not None and len(reading.actions) == 1, reading
    return reading.event(reading.actions[0])


@pytest.mark.parametrize(
    "sentence, event",
    [
        (
            "Goblin 2 looses an arrow at Tor",
            {"op": "attack", "attacker": "Goblin 2", "action": "Shortbow", "target": "Tor"},
        ),
        ("the ogre clubs Wiz", {"op": "attack", "attacker": "Ogre", "action": "Greatclub", "target": "Wiz"}),
        (
            "the ogre hurls a javelin at Mira",
            {"op": "attack", "attacker": "Ogre", "action": "Javelin", "target": "Mira"},
        ),
        (
            "The dragon breathes fire over the party",
            {
                "op": "save_action",
                "actor": "Dragon",
                "action": "Fire Breath",
                "targets": ["Mira", "Tor", "Wiz"],
            },
        ),
        (
            "the dragon does a full attack on Tor",
            {"op": "multiattack", "attacker": "Dragon", "target": "Tor"},
        ),
        ("the dragon bites and claws Mira", {"op": "multiattack", "attacker": "Dragon", "target": "Mira"}),
        (
            "legendary action: the dragon's wing attack on Tor and Wiz",
            {
                "op": "legendary",
                "actor": "Dragon",
                "action": "Wing Attack (Costs 2 Actions)",
                "targets": ["Tor", "Wiz"],
            },
        ),
        (
            "as a legendary action the lich touches Mira",
            {
                "op": "legendary",
                "actor": "Lich",
                "action": "Paralyzing Touch (Costs 2 Actions)",
                "target": "Mira",
                "targets": ["Mira"],
            },
        ),
        (
            "The goblin slashes Wiz with its scimitar with advantage",
            {
                "op": "attack",
                "attacker": "Goblin 1",
                "action": "Scimitar",
                "target": "Wiz",
                "advantage": True,
            },
        ),
    ],
)
def test_the_words_settle_the_event(tracker, sentence, event):
    assert settled(sentence, tracker) == event


def test_it_is_the_creature_whose_turn_it_is(tracker):
    while tracker.encounter.current != "Dragon":
        tracker.submit({"op": "next_turn"})
    assert settled("it bites Wiz", tracker) == {
        "op": "attack",
        "attacker": "Dragon",
        "action": "Bite",
        "target": "Wiz",
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "The goblin slashes Mira for 7",  # the DM's own roll: a damage event
        "Mira stabs the goblin with her rapier",  # a character: no stat block to run
        "the dragon roars",  # no action and no target
        "the dragon bites",  # no target
        "the goblin is knocked prone",
    ],
)
def test_sentences_that_are_not_stat_block_actions_are_left_to_the_other_reader(tracker, sentence):
    assert read(sentence, tracker.encounter) is None


def test_a_bare_attack_leaves_the_choice_to_the_model_among_the_creatures_attacks(tracker):
    reading = read("the goblin attacks Tor", tracker.encounter)
    assert reading.actions == ("Scimitar", "Shortbow")

    class Picks:
        def complete_json(self, messages, schema, max_tokens):
            assert schema["properties"]["action"]["enum"] == ["Scimitar", "Shortbow"]
            return {"action": "Shortbow"}

    assert choose_action(reading, "the goblin attacks Tor", Picks()) == "Shortbow"
