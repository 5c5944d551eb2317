"""Property tests: no stream of events, however wild, breaks the tracker's invariants."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dm_companion.combat.tracker import Tracker

NAMES = ["Mira", "Tor", "Ogre", "Imp"]
SETUP = [
    {"op": "add", "name": "Mira", "pc": True, "hp": 20, "max_hp": 20, "ac": 15, "initiative": 12},
    {"op": "add", "name": "Tor", "pc": True, "hp": 9, "max_hp": 9, "ac": 13, "initiative": 9},
    {"op": "add", "name": "Ogre", "hp": 30, "max_hp": 30, "ac": 11, "initiative": 5, "resistances": ["fire"]},
    {
        "op": "add",
        "name": "Imp",
        "hp": 10,
        "max_hp": 10,
        "ac": 13,
        "initiative": 14,
        "immunities": ["fire"],
        "vulnerabilities": ["radiant"],
    },
]
name = st.sampled_from(NAMES + ["Nobody"])
amount = st.one_of(st.integers(-5, 60), st.sampled_from(["1d6", "2d8+3", "1d4+1", "3d"]))
events = st.one_of(
    st.fixed_dictionaries(
        {
            "op": st.just("damage"),
            "target": name,
            "amount": amount,
            "type": st.sampled_from(["fire", "radiant", "cold", ""]),
            "critical": st.booleans(),
        }
    ),
    st.fixed_dictionaries({"op": st.just("heal"), "target": name, "amount": amount}),
    st.fixed_dictionaries({"op": st.just("temp_hp"), "target": name, "amount": amount}),
    st.fixed_dictionaries({"op": st.just("death_save"), "target": name, "roll": st.integers(0, 21)}),
    st.fixed_dictionaries(
        {
            "op": st.just("condition"),
            "target": name,
            "add": st.sampled_from(["prone", "poisoned", "stunned"]),
            "rounds": st.integers(1, 3),
        }
    ),
    st.fixed_dictionaries({"op": st.just("concentrate"), "target": name, "spell": st.just("bless")}),
    st.fixed_dictionaries(
        {"op": st.just("save"), "target": name, "ability": st.just("con"), "roll": st.integers(1, 25)}
    ),
    st.just({"op": "start"}),
    st.just({"op": "next_turn"}),
    st.just({"op": "undo"}),
    st.just({"op": "redo"}),
)


def check(tracker: Tracker) -> None:
    for c in tracker.encounter.combatants:
        assert 0 <= c.hp <= c.max_hp, c
        assert c.temp_hp >= 0
        assert not (c.dead and c.hp > 0), c
        assert 0 <= c.successes <= 3 and 0 <= c.failures <= 3
        if c.dead:
            assert not c.conditions and c.concentration is None
        if not c.pc:
            assert not (c.hp == 0 and not c.dead), c  # a monster at 0 HP is dead


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(events, max_size=40), st.integers(0, 1000))
def test_random_streams_keep_hp_in_range_and_the_dead_dead(stream, seed):
    tracker = Tracker(seed=seed, spells=lambda name: ("Bless", True))
    for event in SETUP:
        assert tracker.submit(event).accepted
    dead = set()
    for event in stream:
        before = {c.name: c.hp for c in tracker.encounter.combatants}
        outcome = tracker.submit(event)
        check(tracker)
        if outcome.accepted and event["op"] == "heal":
            assert event["target"] not in dead  # a corpse is never healed
        if event["op"] not in ("undo", "redo"):
            dead |= {c.name for c in tracker.encounter.combatants if c.dead}
        else:
            dead = {c.name for c in tracker.encounter.combatants if c.dead}
        if not outcome.accepted:
            assert {c.name: c.hp for c in tracker.encounter.combatants} == before


@settings(max_examples=60, deadline=None)
@given(st.lists(events, max_size=30), st.integers(0, 1000))
def test_the_state_is_always_the_replay_of_the_stored_log(stream, seed):
    tracker = Tracker(seed=seed, spells=lambda name: ("Bless", True))
    for event in SETUP + stream:
        tracker.submit(event)
    replayed = Tracker(seed=seed + 1, spells=lambda name: ("Bless", True))  # another seed: rolls were stored
    for event in tracker.applied:
        assert replayed.submit(event).accepted
    assert replayed.summary()["combatants"] == tracker.summary()["combatants"]
