"""The companion behind the chat pane, `chat` and `ask`: routing, notes, kept turns and loading
parts, on a fake model and SRD with a real LanceDB campaign; and `dm-companion chat` as a user
runs it, on the real models (marked `model`)."""

import json
import re
import threading

import pytest
from conftest import FakeAssistant, FakeEngine, dmc, fake_runtime, settings_in, word_embed

from dm_companion.errors import DMCError
from dm_companion.sessions.chat import Companion
from dm_companion.sessions.journal import Journal
from dm_companion.sessions.runtime import Part


@pytest.fixture
def runtime(tmp_path):
    runtime = fake_runtime(settings_in(tmp_path))
    runtime.open_campaign()
    return runtime


def chat_turns(runtime):
    return runtime.memory.list(kinds=["chat turn"])


def test_remember_keeps_a_note_and_says_so(runtime):
    reply = Companion(runtime).reply("Remember that the mayor of Brindlewood is a wererat")
    assert (reply.mode, reply.consume()) == ("noted", "Noted: the mayor of Brindlewood is a wererat")
    assert reply.memories_changed and [s.kind for s in reply.sources] == ["memory"]
    assert runtime.memory.search("mayor wererat", 1)[0].memory.text == "the mayor of Brindlewood is a wererat"


def test_narration_goes_to_the_model_with_the_notes_it_recalls(runtime):
    companion = Companion(runtime)
    reply = companion.reply("describe Bram the innkeeper of Brindlewood")
    assert reply.mode == "narration" and reply.consume() == "A quiet answer."
    asked = runtime.engine.asked[-1][-1]["content"]
    assert asked.startswith("Campaign notes:") and "Bram" in asked  # the example campaign's note rides along
    assert [s.kind for s in reply.sources] == ["memory"] * len(reply.sources) and reply.sources
    assert companion.conversation.turns[-1].answer == "A quiet answer."


def test_a_description_that_contradicts_the_notes_loses_that_sentence_and_says_why(runtime):
    runtime.engine.words = [
        "Smoke hangs under the beams of the Crooked Lantern. ",
        "Bram still owes the party 30 gallons of ale. ",
        "A fiddler plays by the fire.",
    ]
    companion = Companion(runtime)
    reply = companion.reply("describe the Crooked Lantern tavern as the party walks in")
    assert (
        reply.consume() == "Smoke hangs under the beams of the Crooked Lantern. A fiddler plays by the fire."
    )
    assert reply.notices == [
        "Dropped \u201cBram still owes the party 30 gallons of ale.\u201d (your notes say 30 gp)."
    ]
    assert companion.conversation.turns[-1].answer == reply.text  # what was shown is what is kept


def test_a_description_that_only_repeats_is_replaced_by_the_note_it_repeats(runtime):
    companion = Companion(runtime)
    runtime.engine.words = ["Old Bram Tallowmere runs the Crooked Lantern in Brindlewood."]
    first = companion.reply("describe old Bram the innkeeper")
    text = first.consume()
    assert text.startswith("From your notes, ") and "Bram" in text
    assert first.notices and "repeats your note" in first.notices[0]
    runtime.engine.words = [
        "Bram wipes the bar.",
        " " + text.split(": ", 1)[1].strip("\u201c\u201d").split(". ")[0] + ".",
    ]
    again = companion.reply("describe the innkeeper again")
    assert again.consume() == "Bram wipes the bar."
    assert [m["role"] for m in runtime.engine.asked[-1]] == ["system", "user"]  # no earlier answer sent back


def test_a_description_the_dm_stopped_is_not_replaced_by_a_note(runtime):
    runtime.engine.words = ["Old Bram Tallowmere runs the Crooked Lantern in Brindlewood."]
    stop = threading.Event()
    reply = Companion(runtime).reply("describe old Bram the innkeeper", stop)
    stop.set()
    assert reply.consume() == ""


def test_rules_questions_go_to_the_srd_and_every_turn_is_kept(runtime):
    companion = Companion(runtime)
    before = len(chat_turns(runtime))
    reply = companion.reply("what's the AC of a lich?")
    assert runtime.knowledge.value.asked == ["what's the AC of a lich?"]
    assert len(chat_turns(runtime)) == before  # kept once it is read to the end, not before
    assert reply.consume() == "A Lich has Armor Class 17 (natural)."
    assert reply.memories_changed and len(chat_turns(runtime)) == before + 1
    assert (
        chat_turns(runtime)[0].text == "Q: what's the AC of a lich?\nA: A Lich has Armor Class 17 (natural)."
    )
    assert companion.remember_last().title == "what's the AC of a lich?"


def test_ask_keeps_no_turns(runtime):
    before = len(chat_turns(runtime))
    Companion(runtime, keep_turns=False).reply("lich ac").consume()
    assert len(chat_turns(runtime)) == before


def test_nothing_to_remember_and_empty_lines_are_one_clear_error(runtime):
    companion = Companion(runtime)
    with pytest.raises(DMCError, match="nothing to remember yet"):
        companion.remember_last()
    with pytest.raises(DMCError, match="the question is empty"):
        companion.reply("   ")


def test_a_failed_part_is_named_and_the_others_answer(tmp_path):
    runtime = fake_runtime(
        settings_in(tmp_path), model_error="llama.cpp crashed while loading (signal 11, SIGSEGV)"
    )
    runtime.open_campaign()
    companion = Companion(runtime)
    with pytest.raises(DMCError, match="SIGSEGV"):
        companion.reply("describe a tavern")
    assert companion.reply("lich ac").consume() == "A Lich has Armor Class 17 (natural)."
    session, draft = Journal(runtime).draft_summary()  # no model: the DM writes the summary
    assert (session, draft.text, draft.dropped) == (runtime.campaign.value.session, "", [])


def test_a_request_waits_for_a_loading_part_until_cancelled(tmp_path):
    runtime = fake_runtime(settings_in(tmp_path))
    runtime.knowledge = Part("the SRD knowledge")
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    assert Companion(runtime).reply("lich ac", cancel).mode == "cancelled"
    threading.Timer(0.2, runtime.knowledge.succeed, [FakeAssistant()]).start()
    assert Companion(runtime).reply("lich ac").consume() == "A Lich has Armor Class 17 (natural)."
    with pytest.raises(DMCError, match="the SRD knowledge is still loading after 0 s"):
        Part("the SRD knowledge").wait(timeout=0.1)


def test_the_runtime_connects_parts_in_whichever_order_they_arrive(tmp_path):
    from dm_companion.llm.discovery import choose
    from dm_companion.sessions.runtime import Runtime

    settings = settings_in(tmp_path)
    engine = FakeEngine(settings)
    runtime = Runtime(settings, choose(settings), engine=engine, embed=word_embed)
    assistant = FakeAssistant()
    runtime.knowledge.succeed(assistant)
    assert runtime.rules().engine is None  # no model yet: answers without a summary
    runtime.model.succeed(engine)
    runtime.open_campaign()
    asked = runtime.rules()
    assert asked.engine is engine and asked.memory is runtime.campaign.value.memory
    assert asked.bestiary.path.parent.parent == runtime.campaign.value.path


@pytest.mark.model
def test_chat_routes_lines_like_the_chat_pane(tmp_path):
    lines = (
        "\n".join(
            [
                "remember that the ferryman's name is Oskel",
                "what's the AC of a lich?",
                "/remember",
                "what did the innkeeper in Brindlewood owe the party?",
                "/quit",
                "never read",
            ]
        )
        + "\n"
    )
    result = dmc(
        "--campaigns-dir",
        str(tmp_path),
        "--threads",
        "2",
        "--temperature",
        "0",
        "chat",
        "--json",
        stdin=lines,
    )
    assert result.returncode == 0, result.stderr
    noted, lich, kept, debt = [json.loads(line) for line in result.stdout.splitlines()]
    assert (noted["mode"], noted["answer"]) == ("noted", "Noted: the ferryman's name is Oskel")
    assert (
        lich["mode"] == "fact"
        and "17" in lich["answer"]
        and lich["sources"] == [{"kind": "monster", "name": "Lich"}]
    )
    assert kept == {"remembered": "what's the AC of a lich?", "id": kept["id"]}
    assert debt["mode"] == "memory" and "30 gp" in debt["answer"]
    listed = dmc("--campaigns-dir", str(tmp_path), "memory", "list", "--campaign", "example", "--json")
    memories = json.loads(listed.stdout)
    assert {m["title"] for m in memories if m["kind"] == "chat turn"} >= {
        "what's the AC of a lich?",
        "what did the innkeeper in Brindlewood owe the party?",
    }
    assert any(m["text"] == "the ferryman's name is Oskel" for m in memories)


@pytest.mark.model
def test_chat_in_text_mode_prints_answers_sources_and_errors(tmp_path):
    result = dmc("--campaigns-dir", str(tmp_path), "--threads", "2", "chat", stdin="lich hp\n/remember\n\n")
    assert result.returncode == 0, result.stderr
    assert "A Lich has 135 hit points (18d8+54).\nSources: Lich (monster)\n" in result.stdout
    assert "Remembered 'lich hp'." in result.stdout


def test_the_campaigns_own_monsters_are_remembered_once_when_it_opens(tmp_path):
    from pathlib import Path

    from dm_companion.bestiary.formats import read_file
    from dm_companion.bestiary.store import Bestiary
    from dm_companion.memory.campaign import create_campaign

    settings = settings_in(tmp_path)
    hoard = create_campaign(Path(settings.campaigns_dir), settings.campaign)
    Bestiary(hoard.path).add(
        read_file(Path(__file__).parent.parent / "data" / "monsters" / "fivetools.json").records, "x"
    )
    runtime = fake_runtime(settings)
    assert "Remembered 2 new campaign monsters." in runtime.open_campaign()
    notes = runtime.memory.list(tags=["monster"])
    assert sorted(m.title for m in notes) == [
        "Ash Drake (campaign monster)",
        "Beholder Zombie (campaign monster)",
    ]
    assert runtime.memory.search("ash drake breath", 1)[0].memory.id == "monster-ash-drake"
    again = fake_runtime(settings)
    assert not any("Remembered" in notice for notice in again.open_campaign())
    assert len(again.memory.list(tags=["monster"])) == 2


@pytest.mark.model
def test_memory_summary_drafts_a_session_checked_against_its_notes(tmp_path):
    """The end-of-session draft the app's F9 shows, from the CLI, on the real model: every
    sentence it keeps stands against the session's notes; each dropped one says why."""
    from dm_companion.assistant.notes_check import SummaryCheck
    from dm_companion.assistant.session_summary import session_material, session_memories
    from dm_companion.memory import campaign as campaigns

    args = ("--campaigns-dir", str(tmp_path), "--threads", "2", "memory", "summary", "--campaign", "example")
    result = dmc(*args, "--session", "2", "--json")
    assert result.returncode == 0, result.stderr
    draft = json.loads(result.stdout)
    assert draft["session"] == 2 and (draft["draft"] or draft["dropped"])
    assert all(line.startswith("Dropped \u201c") and line.endswith(").") for line in draft["dropped"])
    memories = session_memories(campaigns.open_campaign(tmp_path, "example").memory, 2)
    check = SummaryCheck(memories, session_material(memories))
    kept = [s for s in re.split(r"(?<=[.!?])\s+", draft["draft"]) if s]
    assert [s for s in kept if check.problem(s)] == []
    nothing = dmc(*args, "--session", "40")
    assert nothing.returncode == 1 and nothing.stderr.strip().endswith(
        "nothing is noted for session 40 of campaign 'example'"
    )


def test_a_name_request_gives_as_many_names_as_asked_even_when_the_model_writes_it_back(tmp_path):
    settings = settings_in(tmp_path)
    echo = FakeEngine(settings, words=("Three", " goblin", " bandits."))
    reply = Companion(fake_runtime(settings, engine=echo)).reply("name three goblin bandits")
    names = [line.removeprefix("- ") for line in reply.consume().splitlines()]
    assert reply.mode == "names" and len(names) == 3 and "Three goblin bandits." not in names


def test_names_come_from_the_tables_when_the_model_failed_to_load(tmp_path):
    settings = settings_in(tmp_path)
    runtime = fake_runtime(settings, model_error="llama.cpp crashed while loading (signal 11, SIGSEGV)")
    reply = Companion(runtime).reply("give me 4 dwarf names")
    assert len(reply.consume().splitlines()) == 4
