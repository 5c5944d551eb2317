"""The DM's command language: lines to events, typos answered with the nearest valid thing."""

import pytest

from dm_companion.combat.command_words import CommandError
from dm_companion.combat.language import looks_like_command, parse
from dm_companion.combat.tracker import Tracker, srd_monster


@pytest.fixture()
def tracker(book):
    tracker = Tracker(seed=5)
    for line in ("add goblin x3", "add Mira pc hp 27 ac 16 init 15", "add Tor pc hp 30 ac 18"):
        for event in parse(line, tracker.encounter, srd_monster):
            assert tracker.submit(event).accepted
    return tracker


def events(line, tracker):
    return parse(line, tracker.encounter, srd_monster)


def test_add_numbers_several_of_a_kind(tracker):
    names = [c.name for c in tracker.encounter.combatants]
    assert names[:3] == ["Goblin 1", "Goblin 2", "Goblin 3"]
    assert [e["name"] for e in events("add goblin x2", tracker)] == ["Goblin 4", "Goblin 5"]
    assert events("add owl bear", tracker) == [{"op": "add", "name": "Owlbear", "monster": "owl bear"}]


@pytest.mark.parametrize(
    "line, expected",
    [
        ("hit Mira 7 fire", [{"op": "damage", "target": "Mira", "amount": 7, "type": "fire"}]),
        (
            "dmg goblin 2 2d6+2 slashing crit",
            [{"op": "damage", "target": "Goblin 2", "amount": "2d6+2", "type": "slashing", "critical": True}],
        ),
        ("hit gob 3 4", [{"op": "damage", "target": "Goblin 3", "amount": 4}]),
        ("heal Mira 1d4+3", [{"op": "heal", "target": "Mira", "amount": "1d4+3"}]),
        ("temp mira 5", [{"op": "temp_hp", "target": "Mira", "amount": 5}]),
        ("cond Mira +poisoned 10", [{"op": "condition", "target": "Mira", "add": "poisoned", "rounds": 10}]),
        ("cond Mira -poisoned", [{"op": "condition", "target": "Mira", "remove": "poisoned"}]),
        ("conc Tor hold person", [{"op": "concentrate", "target": "Tor", "spell": "hold person"}]),
        ("save Tor con 12", [{"op": "save", "target": "Tor", "ability": "con", "roll": 12}]),
        ("ds Tor 14", [{"op": "death_save", "target": "Tor", "roll": 14}]),
        ("init Tor 11", [{"op": "initiative", "name": "Tor", "value": 11}]),
        ("rm goblin 1", [{"op": "remove", "name": "Goblin 1"}]),
        ("next", [{"op": "next_turn"}]),
        ("undo", [{"op": "undo"}]),
        ("start", [{"op": "start"}]),
    ],
)
def test_commands(tracker, line, expected):
    assert events(line, tracker) == expected


def test_init_rolls_for_everyone_waiting(tracker):
    rolled = events("init", tracker)
    assert {e["name"] for e in rolled} == {"Goblin 1", "Goblin 2", "Goblin 3", "Tor"}
    assert all(e["value"] == "roll" for e in rolled)


@pytest.mark.parametrize(
    "line, message",
    [
        ("hti Mira 4", "unknown command 'hti'; did you mean 'hit'?"),
        ("hit Mora 4", "no combatant 'Mora'; did you mean 'Mira'?"),
        ("hit gob 4", "could be Goblin 1, Goblin 2, Goblin 3"),
        ("hit Mira 4 fier", "did you mean 'fire'?"),
        ("cond Mira +poisned", "did you mean 'poisoned'?"),
        ("heal Mira lots", "is not an amount"),
        ("hit Mira", "usage: hit NAME AMOUNT"),
        ("save Tor luck 12", "not an ability"),
    ],
)
def test_typos_get_one_clear_message(tracker, line, message):
    with pytest.raises(CommandError, match=message):
        events(line, tracker)


def test_free_sentences_are_not_commands():
    assert looks_like_command("hit Mira 7") and looks_like_command("hti Mira 7")
    assert not looks_like_command("the goblin slashes Mira for 7")


@pytest.mark.parametrize(
    "line, expected",
    [
        (
            "atk Goblin 1 Mira scimitar",
            {"op": "attack", "attacker": "Goblin 1", "target": "Mira", "action": "Scimitar"},
        ),
        (
            "attack gob 2 Tor shortbow dis d20 17,4",
            {
                "op": "attack",
                "attacker": "Goblin 2",
                "target": "Tor",
                "action": "Shortbow",
                "disadvantage": True,
                "d20": [17, 4],
            },
        ),
        (
            "atk Mira Goblin 3 +5 1d8+3 slashing d20 12",
            {
                "op": "attack",
                "attacker": "Mira",
                "target": "Goblin 3",
                "bonus": 5,
                "damage_dice": "1d8+3",
                "type": "slashing",
                "d20": 12,
            },
        ),
    ],
)
def test_attack_lines_become_attack_events(tracker, line, expected):
    assert events(line, tracker) == [expected]
    assert tracker.submit(expected).accepted


def test_a_mistyped_action_names_the_creatures_own_attacks(tracker):
    with pytest.raises(
        CommandError,
        match=r"Goblin 1 has no attack 'scimtar'; did you mean 'Scimitar'\? "
        r"\(its attacks: Scimitar, Shortbow\)",
    ):
        events("atk Goblin 1 Mira scimtar", tracker)
    assert not looks_like_command("A goblin attacks Mira")  # a sentence, for the model


@pytest.fixture()
def dragon_fight(book):
    tracker = Tracker(seed=5)
    for line in (
        "add adult red dragon",
        "add knight",
        "add bandit captain",
        "add goblin x3 group",
        "add Mira pc hp 80 ac 16 init 15",
        "add Tor pc hp 90 ac 18 init 3",
        "init",
        "start",
    ):
        for event in parse(line, tracker.encounter, srd_monster):
            assert tracker.submit(event).accepted, (line, tracker.rejected)
    return tracker


@pytest.mark.parametrize(
    "line, expected",
    [
        ("multi dragon mira", [{"op": "multiattack", "attacker": "Adult Red Dragon", "target": "Mira"}]),
        (
            "ma bandit captain mira tor opt 2 adv",
            [
                {
                    "op": "multiattack",
                    "attacker": "Bandit Captain",
                    "targets": ["Mira", "Tor"],
                    "option": 2,
                    "advantage": True,
                }
            ],
        ),
        (
            "aoe dragon fire breath Mira Tor Mira=14",
            [
                {
                    "op": "save_action",
                    "actor": "Adult Red Dragon",
                    "action": "Fire Breath",
                    "targets": ["Mira", "Tor"],
                    "saves": {"Mira": 14},
                }
            ],
        ),
        (
            "aoe dragon frightful presence mira knight",
            [
                {
                    "op": "save_action",
                    "actor": "Adult Red Dragon",
                    "action": "Frightful Presence",
                    "targets": ["Mira", "Knight"],
                }
            ],
        ),
        (
            "aoe Mira fireball dc 15 dex 8d6 fire half goblin 1 goblin 2",
            [
                {
                    "op": "save_action",
                    "actor": "Mira",
                    "action": "fireball",
                    "dc": 15,
                    "ability": "dex",
                    "damage": "8d6",
                    "type": "fire",
                    "half": True,
                    "targets": ["Goblin 1", "Goblin 2"],
                }
            ],
        ),
        (
            "aoe Tor dc 13 wis +frightened knight",
            [
                {
                    "op": "save_action",
                    "actor": "Tor",
                    "dc": 13,
                    "ability": "wis",
                    "condition": "frightened",
                    "targets": ["Knight"],
                }
            ],
        ),
        (
            "leg dragon tail attack tor d20 12",
            [
                {
                    "op": "legendary",
                    "actor": "Adult Red Dragon",
                    "action": "Tail Attack",
                    "d20": 12,
                    "target": "Tor",
                    "targets": ["Tor"],
                }
            ],
        ),
        (
            "leg dragon wing attack mira tor",
            [
                {
                    "op": "legendary",
                    "actor": "Adult Red Dragon",
                    "action": "Wing Attack (Costs 2 Actions)",
                    "targets": ["Mira", "Tor"],
                }
            ],
        ),
        ("lr dragon", [{"op": "legendary_resistance", "name": "Adult Red Dragon"}]),
        ("react knight parry", [{"op": "reaction", "name": "Knight", "what": "parry"}]),
        (
            "recharge dragon fire breath 5",
            [{"op": "recharge", "name": "Adult Red Dragon", "action": "Fire Breath", "roll": 5}],
        ),
        ("add ogre x2 group", [{"op": "add", "name": "Ogre", "monster": "ogre", "count": 2, "group": True}]),
    ],
)
def test_monster_action_lines(dragon_fight, line, expected):
    assert events(line, dragon_fight) == expected


def test_monster_action_lines_run_through_the_tracker(dragon_fight):
    for line in (
        "next",
        "multi dragon mira",
        "aoe dragon fire breath Mira Tor",
        "leg dragon tail attack tor",
        "leg dragon detect",
        "lr dragon",
        "react knight parry",
        "ma bandit captain mira tor opt 2",
    ):
        for event in events(line, dragon_fight):
            outcome = dragon_fight.submit(event)
            assert outcome.accepted, (line, outcome.reason)
    dragon = next(c for c in dragon_fight.summary()["combatants"] if c["name"] == "Adult Red Dragon")
    assert dragon["spent"] == ["Fire Breath"] and dragon["legendary_actions"]["left"] == 1
    assert dragon["legendary_resistances"]["left"] == 2


def test_a_group_added_by_command_rolls_initiative_once(dragon_fight):
    goblins = [c for c in dragon_fight.encounter.combatants if c.group == "Goblin"]
    assert len(goblins) == 3 and len({g.initiative for g in goblins}) == 1


@pytest.mark.parametrize(
    "line, message",
    [
        ("aoe dragon fire breth mira", "did you mean 'Fire Breath'?"),
        ("leg dragon tale attack mira", "did you mean 'Tail Attack'?"),
        ("aoe goblin 1 fire breath mira", "Goblin 1 has no save actions"),
        ("aoe dragon fire breath", "name the targets"),
        ("multi dragon", "usage: multi"),
        ("recharge dragon bite wing 4", "usage: recharge"),
        ("leg knight detect", "Knight has no legendary action 'detect'"),
        ("multi dragon mria", "did you mean 'Mira'?"),
    ],
)
def test_bad_monster_action_lines_say_what_was_meant(dragon_fight, line, message):
    with pytest.raises(CommandError) as caught:
        events(line, dragon_fight)
    assert message in str(caught.value)
