"""Fights for the combat tests: a tracker fed events, a character and a monster to add, a
combatant's state, and a refusal that must change nothing."""

from __future__ import annotations

import json

from dm_companion.combat.tracker import Tracker


def fight(*events, seed=1):
    tracker = Tracker(seed=seed)
    outcomes = [tracker.submit(event) for event in events]
    return tracker, outcomes


def pc(name="Mira", ac=16, hp=300, **extra):
    return {"op": "add", "name": name, "pc": True, "hp": hp, "max_hp": hp, "ac": ac, **extra}


def foe(index, name="Foe", **extra):
    return {"op": "add", "name": name, "monster": index, **extra}


# Wiz charms the Lich (DC 30 WIS, a 5 rolled) and the Lich spends a Legendary Resistance.
CHARM_RESISTED = {
    "op": "save_action",
    "actor": "Wiz",
    "dc": 30,
    "ability": "wis",
    "condition": "charmed",
    "targets": ["Lich"],
    "saves": {"Lich": 5},
    "legendary_resistance": ["Lich"],
}


def state(tracker, name):
    return next(c for c in tracker.summary()["combatants"] if c["name"] == name)


def unchanged(tracker, event):
    before = json.dumps({**tracker.summary(), "rejected": []})
    outcome = tracker.submit(event)
    assert not outcome.accepted
    assert json.dumps({**tracker.summary(), "rejected": []}) == before
    return outcome.reason
