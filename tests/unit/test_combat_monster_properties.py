"""Property tests for monsters acting: random streams of stat-block actions keep the tracker's
invariants, the legendary pools stay in 0..max, and a spent action comes back only on a d6 in its
recharge range."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dm_companion.combat.tracker import Tracker
from dm_companion.srd.stat_block import find, recharge_range

SETUP = [
    {"op": "add", "name": "Dragon", "monster": "adult-red-dragon", "initiative": 18},
    {"op": "add", "name": "Knight", "monster": "knight", "initiative": 12},
    {"op": "add", "name": "Goblin", "monster": "goblin", "count": 2, "group": True, "initiative": 15},
    {"op": "add", "name": "Mira", "pc": True, "hp": 60, "max_hp": 60, "ac": 16, "initiative": 10},
    {"op": "add", "name": "Tor", "pc": True, "hp": 45, "max_hp": 45, "ac": 18, "initiative": 4},
]
NAMES = ["Dragon", "Knight", "Goblin 1", "Goblin 2", "Mira", "Tor"]
name = st.one_of(st.sampled_from(NAMES), st.just("Nobody"))
victim = st.sampled_from(["Mira", "Tor", "Goblin 1", "Knight"])
victims = st.lists(victim, min_size=1, max_size=3, unique=True)
d20 = st.one_of(st.none(), st.integers(0, 21), st.lists(st.integers(1, 20), min_size=2, max_size=2))
weapon = st.sampled_from(
    [
        ("Dragon", "Bite"),
        ("Dragon", "Claw"),
        ("Dragon", "Tail"),
        ("Knight", "Greatsword"),
        ("Goblin 1", "Scimitar"),
        ("Goblin 2", "Shortbow"),
        ("Knight", "Web"),
    ]
)
events = st.one_of(
    st.builds(
        lambda w, t, d: {"op": "attack", "attacker": w[0], "action": w[1], "target": t, "d20": d},
        weapon,
        victim,
        d20,
    ),
    st.fixed_dictionaries(
        {
            "op": st.just("multiattack"),
            "attacker": st.sampled_from(["Dragon", "Knight", "Mira"]),
            "target": victim,
        }
    ),
    st.fixed_dictionaries(
        {
            "op": st.just("save_action"),
            "actor": st.sampled_from(["Dragon", "Dragon", "Tor"]),
            "targets": victims,
            "action": st.sampled_from(["Fire Breath", "Frightful Presence"]),
        }
    ),
    st.fixed_dictionaries(
        {
            "op": st.just("legendary"),
            "actor": st.just("Dragon"),
            "target": victim,
            "targets": victims,
            "action": st.sampled_from(["Detect", "Tail Attack", "Wing Attack", "Nap"]),
        }
    ),
    st.fixed_dictionaries(
        {"op": st.just("legendary_resistance"), "name": st.sampled_from(["Dragon", "Mira"])}
    ),
    st.fixed_dictionaries({"op": st.just("reaction"), "name": name}),
    st.fixed_dictionaries(
        {
            "op": st.just("recharge"),
            "name": st.just("Dragon"),
            "action": st.just("Fire Breath"),
            "roll": st.one_of(st.none(), st.integers(0, 8)),
        }
    ),
    st.fixed_dictionaries({"op": st.just("damage"), "target": name, "amount": st.integers(0, 80)}),
    st.fixed_dictionaries(
        {
            "op": st.just("condition"),
            "target": name,
            "add": st.sampled_from(["prone", "paralyzed", "restrained"]),
            "rounds": st.integers(1, 2),
        }
    ),
    st.just({"op": "start"}),
    st.just({"op": "next_turn"}),
    st.just({"op": "next_turn"}),
    st.just({"op": "undo"}),
    st.just({"op": "redo"}),
)


def check(tracker: Tracker) -> None:
    for c in tracker.encounter.combatants:
        assert 0 <= c.hp <= c.max_hp and c.temp_hp >= 0
        assert not (c.dead and c.hp > 0)
        assert 0 <= c.failures <= 3 and 0 <= c.successes <= 3
        assert 0 <= c.legendary_left <= c.legendary_max
        assert 0 <= c.resistance_left <= c.resistance_max
        if not c.pc:
            assert not (c.hp == 0 and not c.dead)
        for spent in c.spent:
            assert find(c.actions + c.legendary_actions, spent) is not None


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(events, max_size=40), st.integers(0, 1000))
def test_random_monster_turns_keep_the_invariants_and_recharge_only_in_range(stream, seed):
    tracker = Tracker(seed=seed)
    for event in SETUP:
        assert tracker.submit(event).accepted
    for event in stream:
        event = {k: v for k, v in event.items() if v is not None}
        before = {c.name: (c.hp, c.spent, c.legendary_left) for c in tracker.encounter.combatants}
        outcome = tracker.submit(event)
        check(tracker)
        if not outcome.accepted:
            assert {c.name: (c.hp, c.spent, c.legendary_left) for c in tracker.encounter.combatants} == before
            continue
        if event["op"] in ("undo", "redo"):
            continue
        for c in tracker.encounter.combatants:
            for back in set(before.get(c.name, (0, (), 0))[1]) - set(c.spent):
                low = recharge_range(find(c.actions, back))
                shown = [
                    int(m.group(1))
                    for line in outcome.lines
                    if (m := re.search(rf"{c.name}'s {back} recharges \(d6 (\d)\)", line))
                ]
                assert shown and shown[0] >= low, (c.name, back, outcome.lines)
    replayed = Tracker(seed=seed + 7)
    for event in tracker.applied:
        assert replayed.submit(event).accepted, event
    assert replayed.summary()["combatants"] == tracker.summary()["combatants"]
