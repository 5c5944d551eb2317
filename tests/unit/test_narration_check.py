"""The narration checker catches planted contradictions and keeps what agrees with the tracker."""

from dm_companion.combat.narration import check, recent_events
from dm_companion.combat.tracker import Tracker


def encounter():
    tracker = Tracker(seed=0)
    for event in (
        {"op": "add", "name": "Mira", "pc": True, "hp": 90, "max_hp": 90, "ac": 18, "initiative": 15},
        {"op": "add", "name": "Goblin", "hp": 7, "max_hp": 7, "ac": 15, "initiative": 10},
        {"op": "add", "name": "Tor", "pc": True, "hp": 30, "max_hp": 30, "ac": 16, "initiative": 5},
        {"op": "start"},
        {"op": "damage", "target": "Mira", "amount": 3},
        {"op": "damage", "target": "Goblin", "amount": 9},
        {"op": "damage", "target": "Tor", "amount": 30},
    ):
        assert tracker.submit(event).accepted
    return tracker.encounter


def test_planted_contradictions_are_removed():
    narration = ("Mira is healed to 95/90 and laughs. The goblin falls dead at her feet. "
                 "Tor is unscathed and fights on. Mira stands at 87/90, breathing hard. "
                 "Mira now has 63 hit points. Tor collapses, dying.")
    checked = check(narration, encounter())
    assert checked.text == "The goblin falls dead at her feet. Mira stands at 87/90, breathing hard. Tor collapses, dying."
    assert len(checked.removed) == 3
    assert "tracker: Mira is at 87/90 HP" in checked.removed[0]
    assert "tracker: Tor is at 0/30 HP" in checked.removed[1]


def test_a_death_the_tracker_has_not_seen_is_removed():
    checked = check("Mira is slain by the blow.", encounter())
    assert checked.text == "" and "Mira is at 87/90" in checked.removed[0]


def test_figures_about_nobody_cannot_stand():
    checked = check("Someone is left with 12/40 hit points.", encounter())
    assert checked.text == ""


def test_recent_events_are_the_tracker_log():
    lines = recent_events(encounter())
    assert lines[0].startswith("Round 1 begins") and "Goblin dies (dropped to 0 HP)" in lines
