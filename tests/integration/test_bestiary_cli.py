"""The campaign's monsters and encounters from the command line, as real processes: import,
list, show, an encounter exported for Improved Initiative and read back, and the campaign's
export carrying its monsters."""

import json
import subprocess
import sys
from pathlib import Path

from dm_companion.bestiary.store import Bestiary, lookup
from dm_companion.combat.exchange import events_from, export
from dm_companion.combat.tracker import EncounterStore, Tracker
from dm_companion.memory.campaign import create_campaign, export_campaign, import_campaign

FILES = Path(__file__).resolve().parent.parent / "data" / "monsters"


def dmc(campaigns, *args):
    return subprocess.run(
        [sys.executable, "-m", "dm_companion", "--campaigns-dir", str(campaigns), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_monster_import_list_show_and_a_bad_file(tmp_path):
    campaigns = tmp_path / "campaigns"
    create_campaign(campaigns, "Hoard")
    done = dmc(campaigns, "monster", "import", "--campaign", "Hoard", str(FILES / "fivetools.json"))
    assert done.returncode == 0 and "imported 2 monsters into campaign 'Hoard'" in done.stdout
    listed = json.loads(dmc(campaigns, "monster", "list", "--campaign", "Hoard", "--json").stdout)
    assert [m["name"] for m in listed] == ["Beholder Zombie", "Ash Drake"]
    shown = dmc(campaigns, "monster", "show", "--campaign", "Hoard", "ash", "drake")
    assert "Ash Cloud (Recharge 5-6). The drake exhales ash" in shown.stdout
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"Name": "Wight", "HP": {"Value": 45}}]))
    failed = dmc(campaigns, "monster", "import", "--campaign", "Hoard", str(bad))
    assert failed.returncode == 1 and failed.stderr.count("\n") == 1
    assert "[0] ('Wight'), field 'AC'" in failed.stderr
    assert len(json.loads(dmc(campaigns, "monster", "list", "--campaign", "Hoard", "--json").stdout)) == 2
    missing = dmc(campaigns, "monster", "show", "--campaign", "Hoard", "beholder")
    assert missing.returncode == 1 and "its monsters: Beholder Zombie, Ash Drake" in missing.stderr


def test_an_encounter_round_trips_through_improved_initiative(tmp_path, book):
    tracker = Tracker(seed=2)
    for event in (
        {"op": "add", "name": "Mira", "pc": True, "hp": 40, "max_hp": 40, "ac": 16, "initiative": 17},
        {"op": "add", "name": "Ogre", "monster": "ogre", "initiative": 9},
        {"op": "add", "name": "Goblin", "monster": "goblin", "count": 2, "initiative": 12},
        {"op": "damage", "target": "Ogre", "amount": 20},
        {"op": "temp_hp", "target": "Mira", "amount": 6},
        {"op": "condition", "target": "Goblin 2", "add": "prone"},
        {"op": "condition", "target": "Mira", "add": "poisoned", "rounds": 3},
    ):
        assert tracker.submit(event).accepted, tracker.rejected
    saved = tmp_path / "fight.json"
    saved.write_text(json.dumps(export(tracker.encounter, "Test")))
    again = Tracker(seed=9)
    for event in events_from(saved):
        assert again.submit(event).accepted, again.rejected
    keep = ("name", "hp", "max_hp", "temp_hp", "ac", "initiative", "conditions")
    assert [{k: c[k] for k in keep} for c in again.summary()["combatants"]] == [
        {k: c[k] for k in keep} for c in tracker.summary()["combatants"]
    ]
    ogre = again.encounter.find("Ogre")
    assert [a["name"] for a in ogre.actions] == ["Greatclub", "Javelin"]  # the stat block came along
    assert again.submit(
        {"op": "attack", "attacker": "Ogre", "target": "Mira", "action": "greatclub", "d20": 15}
    ).accepted
    assert again.encounter.find("Mira").pc and again.encounter.find("Mira").conditions == {"poisoned": 3}


def test_combat_export_and_import_on_the_command_line(tmp_path):
    campaigns = tmp_path / "campaigns"
    create_campaign(campaigns, "Hoard")
    dmc(campaigns, "monster", "import", "--campaign", "Hoard", str(FILES / "improved_initiative.json"))
    store = EncounterStore(campaigns / "Hoard" / "encounters" / "current.jsonl")
    tracker = Tracker(store=store, monsters=lookup(Bestiary(campaigns / "Hoard")))
    for event in (
        {"op": "add", "name": "Hag", "monster": "bog hag", "initiative": 11},
        {"op": "add", "name": "Tor", "pc": True, "hp": 30, "max_hp": 30, "ac": 18, "initiative": 4},
        {"op": "damage", "target": "Hag", "amount": 12},
    ):
        assert tracker.submit(event).accepted, tracker.rejected
    out = tmp_path / "out.json"
    exported = dmc(campaigns, "combat", "export", "--campaign", "Hoard", str(out))
    assert exported.returncode == 0, exported.stderr
    saved = json.loads(out.read_text())
    assert [(c["Alias"], c["CurrentHP"]) for c in saved["Combatants"]] == [("Hag", 70), ("Tor", 30)]
    assert saved["Combatants"][0]["StatBlock"]["Actions"][0]["Name"] == "Claws"
    imported = dmc(campaigns, "combat", "import", "--campaign", "Hoard", str(out))
    assert imported.returncode == 0 and "archived the encounter in progress" in imported.stdout
    replayed = Tracker.resume(store)
    assert [(c.name, c.hp) for c in replayed.encounter.in_order()] == [("Hag", 70), ("Tor", 30)]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"Combatants": [{"StatBlock": {"Name": "X", "HP": {"Value": 5}}}]}))
    failed = dmc(campaigns, "combat", "import", "--campaign", "Hoard", str(broken))
    assert failed.returncode == 1 and "field 'AC'" in failed.stderr
    assert [(c.name, c.hp) for c in Tracker.resume(store).encounter.in_order()] == [("Hag", 70), ("Tor", 30)]


def test_a_campaign_export_carries_its_monsters(tmp_path):
    campaigns = tmp_path / "campaigns"
    hoard = create_campaign(campaigns, "Hoard")
    dmc(campaigns, "monster", "import", "--campaign", "Hoard", str(FILES / "open5e_v1.json"))
    export_campaign(hoard, tmp_path / "out")
    copy, _ = import_campaign(tmp_path / "out", campaigns, "Copy")
    assert [m.name for m in Bestiary(copy.path).monsters()] == ["Cave Troll"]


def test_an_imported_monster_fights_through_combat_replay_and_a_bad_entry_is_only_left_out(tmp_path):
    campaigns = tmp_path / "campaigns"
    create_campaign(campaigns, "Hoard")
    mixed = tmp_path / "mixed.json"
    good = json.loads((FILES / "fivetools.json").read_text())["monster"]
    mixed.write_text(json.dumps({"monster": [*good, {"name": "Broken", "ac": [12], "hp": 7}]}))
    done = dmc(campaigns, "monster", "import", "--campaign", "Hoard", str(mixed))
    assert done.returncode == 0 and "imported 2 monsters" in done.stdout, done.stderr
    assert "left out:" in done.stderr and "monster[2] ('Broken'), field 'hp'" in done.stderr
    strict = dmc(campaigns, "monster", "import", "--campaign", "Hoard", "--strict", "--replace", str(mixed))
    assert strict.returncode == 1 and "--strict" in strict.stderr
    again = dmc(campaigns, "monster", "import", "--campaign", "Hoard", str(mixed))
    assert again.returncode == 1 and "--replace updates them" in again.stderr
    replaced = dmc(campaigns, "monster", "import", "--campaign", "Hoard", "--replace", str(mixed))
    assert replaced.returncode == 0 and "updated 2" in replaced.stdout
    events = tmp_path / "fight.jsonl"
    events.write_text(
        "\n".join(
            json.dumps(e)
            for e in (
                {"op": "add", "name": "Drake", "monster": "Ash Drake", "initiative": 15},
                {"op": "add", "name": "Mira", "pc": True, "hp": 40, "max_hp": 40, "ac": 14, "initiative": 10},
                {
                    "op": "attack",
                    "attacker": "Drake",
                    "target": "Mira",
                    "action": "bite",
                    "d20": 12,
                    "damage": [11, 3],
                },
            )
        )
    )
    replay = dmc(campaigns, "combat", "replay", "--campaign", "Hoard", "--json", str(events))
    summary = json.loads(replay.stdout)
    assert summary[
        "rejected"
    ] == [] and "Drake attacks Mira with Bite: d20 12 +5 = 17 vs AC 14: hit" in " ".join(summary["log"])
    assert next(c for c in summary["combatants"] if c["name"] == "Mira")["hp"] == 40 - 11 - 3
