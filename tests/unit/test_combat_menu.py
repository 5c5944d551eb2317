"""The numbered actions of whoever acts now, and the command lines they stand for."""

import pytest

from dm_companion.combat.language import parse
from dm_companion.combat.menu import choices, command_line, pools
from dm_companion.combat.tracker import Tracker, srd_monster
from dm_companion.errors import DMCError


@pytest.fixture()
def tracker(book):
    tracker = Tracker(seed=3)
    for line in (
        "add adult red dragon",
        "add goblin",
        "add Mira pc hp 90 ac 16",
        "add Tor pc hp 90 ac 18",
        "init adult red dragon 20",
        "init goblin 15",
        "init Mira 10",
        "init Tor 5",
        "start",
    ):
        for event in parse(line, tracker.encounter, srd_monster):
            assert tracker.submit(event).accepted, line
    return tracker


def run(tracker, line, selected=None):
    line = command_line(line, tracker.encounter, selected) or line
    return [tracker.submit(e) for e in parse(line, tracker.encounter, srd_monster)]


def test_the_current_creatures_actions_with_their_numbers(tracker):
    labels = [c.label for c in choices(tracker.encounter)]
    assert labels == [
        "Multiattack: Frightful Presence, Bite, Claw, Claw",
        "Bite +14, 2d10+8 piercing + 2d6 fire",
        "Claw +14, 2d6+8 slashing",
        "Tail +14, 2d8+8 bludgeoning",
        "Frightful Presence DC 19 WIS, frightened",
        "Fire Breath DC 21 DEX, 18d6 fire (recharge 5-6: ready)",
    ]


def test_a_spent_recharge_shows_and_is_not_ready(tracker):
    assert all(o.accepted for o in run(tracker, "6 Mira Tor"))
    breath = choices(tracker.encounter)[5]
    assert breath.label.endswith("(recharge 5-6: spent)") and not breath.ready


def test_on_anothers_turn_the_legendary_actions_follow_its_own(tracker):
    run(tracker, "next")
    found = choices(tracker.encounter)
    assert [c.label for c in found] == [
        "Scimitar +4, 1d6+2 slashing",
        "Shortbow +4, 1d6+2 piercing",
        "Adult Red Dragon: Detect (legendary, costs 1)",
        "Adult Red Dragon: Tail Attack (legendary, costs 1)",
        "Adult Red Dragon: Wing Attack DC 22 DEX, 2d6+8 bludgeoning, prone (legendary, costs 2)",
    ]
    assert command_line("2 Mira", tracker.encounter, None) == 'atk "Goblin" Mira "Shortbow"'
    assert command_line("4", tracker.encounter, "Tor") == 'leg "Adult Red Dragon" "Tail Attack" "Tor"'
    assert command_line("3", tracker.encounter, None) == 'leg "Adult Red Dragon" "Detect"'  # nothing to aim
    assert run(tracker, "5 Mira Tor")[0].accepted
    assert pools(tracker.encounter.find("Adult Red Dragon")) == (
        "Adult Red Dragon: Legendary ●○○ · Legendary Resistance 3/3 · reaction ready"
    )
    assert not choices(tracker.encounter)[4].ready  # Wing Attack costs 2, one is left


def test_the_selected_row_is_the_target_unless_one_is_typed(tracker):
    assert command_line("2", tracker.encounter, "Tor") == 'atk "Adult Red Dragon" "Tor" "Bite"'
    assert command_line("next", tracker.encounter, "Tor") is None  # not a choice: an ordinary command
    with pytest.raises(DMCError, match="against whom"):
        command_line("2", tracker.encounter, None)
    with pytest.raises(DMCError, match="against whom"):
        command_line("2", tracker.encounter, "Adult Red Dragon")  # not at itself
    with pytest.raises(DMCError, match=r"no action 9 now \(1-6\)"):
        command_line("9 Mira", tracker.encounter, None)
