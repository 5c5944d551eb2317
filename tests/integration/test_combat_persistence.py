"""Encounters on disk: replay from the CLI, resume after a restart, nothing lost to a kill."""

import json
import os
import signal
import subprocess
import sys
import time

from dm_companion.combat.tracker import EncounterStore, Tracker

FIGHT = [
    {"op": "add", "name": "Mira", "pc": True, "hp": 27, "max_hp": 27, "ac": 16, "initiative": 15},
    {"op": "add", "name": "Goblin", "monster": "goblin", "initiative": 10},
    {"op": "start"},
    {"op": "damage", "target": "Goblin", "amount": "1d6+10"},
    {"op": "heal", "target": "Goblin", "amount": 3},
    {"op": "damage", "target": "Mira", "amount": 8, "type": "slashing"},
    {"op": "next_turn"},
]


def test_cli_replay_json(tmp_path):
    path = tmp_path / "fight.jsonl"
    path.write_text("\n".join(json.dumps(e) for e in FIGHT) + "\nnot json\n")
    result = subprocess.run(
        [sys.executable, "-m", "dm_companion", "combat", "replay", str(path), "--json", "--seed", "4"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    final = json.loads(result.stdout)
    assert final["round"] == 2 and final["turn"] == "Mira"  # the dead goblin's turn is skipped
    mira, goblin = final["combatants"]
    assert mira == {
        "name": "Mira",
        "hp": 19,
        "max_hp": 27,
        "temp_hp": 0,
        "ac": 16,
        "conditions": [],
        "concentration": None,
        "death_saves": {"successes": 0, "failures": 0},
        "stable": False,
        "dead": False,
        "initiative": 15,
        "legendary_actions": None,
        "legendary_resistances": None,
        "reaction_used": False,
        "spent": [],
    }
    assert goblin["dead"] and goblin["hp"] == 0
    assert final["rejected"] == [
        {"line": 5, "reason": "Goblin is dead; healing can't bring back the dead"},
        {"line": 8, "reason": "not JSON: Expecting value"},
    ]
    assert "Goblin dies (dropped to 0 HP)" in final["log"]
    again = subprocess.run(
        [sys.executable, "-m", "dm_companion", "combat", "replay", str(path), "--json", "--seed", "4"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert json.loads(again.stdout) == final  # seeded: the same rolls


def test_cli_replay_bad_file(tmp_path):
    missing = subprocess.run(
        [sys.executable, "-m", "dm_companion", "combat", "replay", str(tmp_path / "x.jsonl")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 1 and "no such events file" in missing.stderr
    binary = tmp_path / "b.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    bad = subprocess.run(
        [sys.executable, "-m", "dm_companion", "combat", "replay", str(binary)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 1 and "not a UTF-8 text file" in bad.stderr and "Traceback" not in bad.stderr


def test_resume_gives_the_same_encounter(tmp_path):
    store = EncounterStore(tmp_path / "current.jsonl")
    tracker = Tracker(seed=9, store=store)
    for event in FIGHT + [{"op": "undo"}, {"op": "redo"}, {"op": "undo"}]:
        tracker.submit(event)
    resumed = Tracker.resume(store)
    assert resumed.summary()["combatants"] == tracker.summary()["combatants"]
    assert resumed.summary()["turn"] == tracker.summary()["turn"]


WRITER = """
import sys
from dm_companion.combat.tracker import EncounterStore, Tracker
tracker = Tracker(seed=1, store=EncounterStore(sys.argv[1]))
tracker.submit({"op": "add", "name": "Tank", "hp": 10**9, "max_hp": 10**9, "ac": 10})
n = 0
while True:
    tracker.submit({"op": "damage", "target": "Tank", "amount": 1})
    n += 1
    print(n, flush=True)
"""


def test_a_killed_process_loses_nothing_it_reported_saved(tmp_path):
    path = tmp_path / "current.jsonl"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    reported = 0
    deadline = time.time() + 30
    while reported < 200 and time.time() < deadline:
        reported = int(writer.stdout.readline())
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)
    resumed = Tracker.resume(EncounterStore(path))
    damage_events = sum(1 for e in resumed.applied if e["op"] == "damage")
    assert damage_events >= reported
    assert resumed.encounter.find("Tank").hp == 10**9 - damage_events
