"""Campaign memory on real LanceDB in temp dirs with the real bundled embedding model."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import dmc

from dm_companion.errors import DMCError
from dm_companion.memory import campaign as campaigns
from dm_companion.memory.records import MAX_TEXT, Memory
from dm_companion.memory.store import MemoryStore

pytestmark = pytest.mark.model  # every test here runs the real embedding model

SEARCH_SET = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "memory_search.jsonl"


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The shipped example campaign, imported once for the module."""
    folder = tmp_path_factory.mktemp("campaigns")
    campaign, added = campaigns.import_campaign(campaigns.EXAMPLE, folder, "example")
    assert added == campaign.memory.count() == 48
    return campaign


def test_add_get_edit_delete_undo_round_trip(tmp_path):
    store = MemoryStore(tmp_path / "memory")
    memory = store.add(
        Memory(
            "Captain Hollis commands the palisade watch.", kind="NPC", tags="Brindlewood, guard", session=3
        )
    )
    assert (memory.kind, memory.tags, memory.title) == (
        "npc",
        ["brindlewood", "guard"],
        "Captain Hollis commands the palisade watch.",
    )
    assert store.get(memory.id) == memory
    edited = store.edit(memory.id, text="Captain Hollis commands the night watch.", tags=["guard"])
    assert store.get(memory.id).text.endswith("night watch.") and edited.updated >= memory.updated
    assert store.search("who leads the night watch", 1)[0].memory.id == memory.id
    store.delete(memory.id)
    assert store.count() == 0
    assert "restored" in store.undo() and store.get(memory.id).text.endswith("night watch.")
    assert "restored the earlier" in store.undo() and store.get(memory.id).text.endswith("palisade watch.")
    assert "removed" in store.undo() and store.count() == 0
    with pytest.raises(DMCError, match="nothing to undo"):
        store.undo()
    with pytest.raises(DMCError, match="no memory with id"):
        store.get("missing")
    reopened = MemoryStore(tmp_path / "memory")
    assert reopened.count() == 0


def test_list_filters_by_kind_and_tags(example):
    store = example.memory
    summaries = store.list(kinds=["session summary"])
    assert [m.title for m in summaries] == [f"Session {n} summary" for n in (5, 4, 3, 2, 1)]  # newest first
    harrowgate = store.list(tags=["harrowgate"])
    assert harrowgate and all("harrowgate" in m.tags for m in harrowgate)
    assert {m.kind for m in store.list(kinds=["npc", "place"])} == {"npc", "place"}


def test_names_and_exact_words_are_found(example):
    assert example.memory.search("Pell", 1)[0].memory.id == "ex-pell"
    assert example.memory.search("Brindlewood innkeeper debt", 1)[0].memory.id == "ex-bram-debt"
    assert example.memory.search("what happened in the third session", 1)[0].memory.id == "ex-session-3"
    only_places = example.memory.search("smugglers", 5, kinds=["place"])
    assert only_places and all(f.memory.kind == "place" for f in only_places)


def test_search_quality_on_the_question_set(example):
    """68 questions a DM might ask about the example campaign, each with the memory that answers it."""
    pairs = [json.loads(line) for line in SEARCH_SET.read_text().splitlines() if line.strip()]
    assert len(pairs) >= 60
    hit1 = hit5 = 0
    for pair in pairs:
        found = [f.memory.id for f in example.memory.search(pair["question"], 5)]
        hit1 += found[:1] == [pair["expected"]]
        hit5 += pair["expected"] in found
    assert hit5 / len(pairs) >= 0.9, (hit1, hit5)
    assert hit1 / len(pairs) >= 0.7, (hit1, hit5)


def test_export_import_round_trip_is_equal(example, tmp_path):
    out = tmp_path / "export"
    assert campaigns.export_campaign(example, out) == 48
    assert {p.name for p in out.iterdir()} >= {
        "campaign.json",
        "memories.jsonl",
        "memories.md",
        "characters",
        "backgrounds",
    }
    assert not list(out.rglob("*.lance"))  # no binary index travels
    back, added = campaigns.import_campaign(out, tmp_path / "campaigns", "copy")
    assert added == 48
    assert {m.id: m.to_dict() for m in back.memory.list()} == {
        m.id: m.to_dict() for m in example.memory.list()
    }
    assert back.memory.search("Pell", 1)[0].memory.id == "ex-pell"  # re-embedded on import
    again, added = campaigns.import_campaign(out, tmp_path / "campaigns", "copy")
    assert added == 0 and again.memory.count() == 48
    with pytest.raises(DMCError, match="not empty"):
        campaigns.export_campaign(example, out)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 2 is not JSON"),
        ('{"title": "no text"}', 'line 2: a memory needs a "text"'),
        ('{"text": "x", "kind": "dragon"}', "line 2: unknown memory kind 'dragon'"),
        ('{"text": "x", "colour": "red"}', "line 2: unknown field 'colour'"),
        ('{"text": "x", "session": -1}', "line 2: session must be"),
        (json.dumps({"text": "x" * (MAX_TEXT + 1)}), "line 2: this memory is 20,001 characters"),
        ('{"text": "   "}', "line 2: a memory needs some text"),
    ],
)
def test_a_malformed_import_changes_nothing(tmp_path, line, message):
    source = tmp_path / "export"
    source.mkdir()
    (source / "campaign.json").write_text('{"format": 1, "name": "broken"}')
    (source / "memories.jsonl").write_text('{"text": "fine", "id": "ok-1"}\n' + line + "\n")
    existing, _ = campaigns.open_or_create(tmp_path / "campaigns", "kept")
    existing.memory.add(Memory("keep me", id="keep-1"))
    for target in ("broken", "kept"):
        with pytest.raises(DMCError, match=message):
            campaigns.import_campaign(source, tmp_path / "campaigns", target)
    assert campaigns.list_campaigns(tmp_path / "campaigns") == ["kept"]
    assert [m.id for m in campaigns.open_campaign(tmp_path / "campaigns", "kept").memory.list()] == ["keep-1"]


def test_campaign_folders_missing_half_written_or_newer_are_refused(tmp_path):
    folder = tmp_path / "campaigns"
    with pytest.raises(DMCError, match=r"no campaign 'lost'.*campaign new"):
        campaigns.open_campaign(folder, "lost")
    half = folder / "half"
    (half / "memory").mkdir(parents=True)
    with pytest.raises(DMCError, match="half-written"):
        campaigns.open_campaign(folder, "half")
    newer = folder / "newer"
    newer.mkdir()
    (newer / "campaign.json").write_text('{"format": 99}')
    with pytest.raises(DMCError, match=r"newer DM Companion .format 99"):
        campaigns.open_campaign(folder, "newer")
    assert (newer / "campaign.json").read_text() == '{"format": 99}'  # untouched
    damaged = folder / "damaged"
    (damaged / "memory" / "memories.lance").mkdir(parents=True)
    (damaged / "memory" / "memories.lance" / "_latest.manifest").write_text("garbage")
    (damaged / "campaign.json").write_text('{"format": 1}')
    with pytest.raises(DMCError, match="cannot be opened"):
        campaigns.open_campaign(folder, "damaged").memory.count()
    old = folder / "old"
    (old / "characters").mkdir(parents=True)  # a campaign from before memory: adopted
    assert campaigns.open_campaign(folder, "old").session == 1


def test_rename_and_delete_to_trash(tmp_path):
    folder = tmp_path / "campaigns"
    made = campaigns.create_campaign(folder, "Curse of the Fen")
    made.memory.add(Memory("The fen is cursed."))
    with pytest.raises(DMCError, match="already exists"):
        campaigns.create_campaign(folder, "Curse of the Fen")
    campaigns.rename_campaign(folder, "Curse of the Fen", "Fen")
    assert campaigns.list_campaigns(folder) == ["Fen"]
    assert campaigns.open_campaign(folder, "Fen").memory.count() == 1
    trash = campaigns.delete_campaign(folder, "Fen")
    assert campaigns.list_campaigns(folder) == [] and (trash / "campaign.json").exists()
    with pytest.raises(DMCError, match="cannot be a campaign name"):
        campaigns.create_campaign(folder, "../escape")


def test_empty_or_huge_notes_are_refused(tmp_path):
    store = MemoryStore(tmp_path / "memory")
    with pytest.raises(DMCError, match="empty"):
        store.add(Memory(""))
    with pytest.raises(DMCError, match="the limit is 20,000"):
        store.add(Memory("word " * 5000))
    assert store.count() == 0


WRITER = """
import sys
from dm_companion.memory.store import MemoryStore
from dm_companion.memory.records import Memory
store = MemoryStore(sys.argv[1])
for i in range(100000):
    store.add(Memory(f"Crash note number {i} about the fen.", id=f"crash-{i}"))
    print(f"saved crash-{i}", flush=True)
"""


def test_a_process_killed_while_writing_loses_nothing_it_reported_saved(tmp_path):
    path = tmp_path / "memory"
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    process = subprocess.Popen(
        [sys.executable, str(script), str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )
    reported = []
    deadline = time.monotonic() + 120
    while len(reported) < 25 and time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith("saved "):
            reported.append(line.split()[1])
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert len(reported) >= 25
    store = MemoryStore(path)
    ids = {m.id for m in store.list()}
    assert set(reported) <= ids
    store.add(Memory("written after the crash"))  # the database still takes writes
    assert store.count() == len(ids) + 1


def test_memory_cli_add_search_list_export_import(tmp_path):
    base = ("--campaigns-dir", str(tmp_path / "campaigns"))
    added = dmc(
        *base,
        "memory",
        "add",
        "--campaign",
        "example",
        "--kind",
        "npc",
        "--title",
        "Hollis",
        "--tags",
        "brindlewood,guard",
        "--json",
        "Captain Hollis commands the palisade watch.",
    )
    assert added.returncode == 0, added.stderr
    assert "imported the example campaign" in added.stderr  # first run
    memory = json.loads(added.stdout)
    found = dmc(
        *base,
        "memory",
        "search",
        "--campaign",
        "example",
        "--json",
        "--limit",
        "3",
        "who commands the watch on the palisade",
    )
    records = json.loads(found.stdout)
    assert records[0]["id"] == memory["id"] and len(records) == 3
    assert {"id", "kind", "title", "text", "tags", "session", "created", "updated"} <= set(records[0])
    listed = json.loads(
        dmc(*base, "memory", "list", "--campaign", "example", "--json", "--kind", "npc").stdout
    )
    assert memory["id"] in [m["id"] for m in listed] and all(m["kind"] == "npc" for m in listed)
    out = tmp_path / "out"
    assert dmc(*base, "memory", "export", "--campaign", "example", str(out)).returncode == 0
    imported = dmc(*base, "memory", "import", "--campaign", "copy", str(out))
    assert imported.returncode == 0 and "imported 49 memories" in imported.stdout
    missing = dmc(*base, "memory", "list", "--campaign", "nowhere")
    assert missing.returncode == 1 and "no campaign 'nowhere'" in missing.stderr
    refused = dmc(*base, "campaign", "delete", "copy")
    assert refused.returncode == 1 and "--yes" in refused.stderr
    assert (tmp_path / "campaigns" / "copy").is_dir()
