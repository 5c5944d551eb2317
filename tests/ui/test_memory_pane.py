"""Memory in the app, driven by Pilot: the example campaign on first run, recall in the chat
(on the real models, marked `model`), "remember", the Memory pane (search, edit, used-by,
delete and undo) and the session summary (on a fake runtime with a real LanceDB campaign)."""

import asyncio

import pytest
from conftest import FakeEngine, app_on, fake_runtime, real_app, settings_in, until_loaded, wait_for
from textual.widgets import DataTable, Input, Static, TextArea

from dm_companion.tui.memory import MemoryEditor, MemoryPane, SummaryScreen


async def ready(app, pilot):
    await until_loaded(pilot)
    assert app.runtime.campaign.ready, app.runtime.campaign.error
    return app.runtime.campaign.value


async def ask(app, pilot, question):
    pane = app.query_one("#chat-pane")
    app.query_one("#prompt", Input).value = question
    app.query_one("#prompt", Input).focus()
    await pilot.press("enter")
    await wait_for(pilot, lambda: not pane.answering, timeout=120)


@pytest.mark.model
def test_recall_remember_and_chat_turns(tmp_path, srd_index):
    async def scenario():
        app = real_app(settings_in(tmp_path))
        async with app.run_test(size=(130, 45)) as pilot:
            campaign = await ready(app, pilot)
            assert campaign.name == "example" and campaign.memory.count() == 48
            turns_before = len(campaign.memory.list(kinds=["chat turn"]))
            await ask(app, pilot, "what did the innkeeper in Brindlewood owe the party?")
            answer = app.query(".assistant").last()
            assert "30 gp" in answer.text and "From your notes" in answer.text
            assert any(b.source.kind == "memory" for b in answer.query("SourceButton"))
            await wait_for(pilot, lambda: len(campaign.memory.list(kinds=["chat turn"])) == turns_before + 1)
            turn = campaign.memory.list(kinds=["chat turn"])[0]
            assert "ex-bram-debt" in turn.source_ids
            assert turn.id in [m.id for m in campaign.memory.used_by("ex-bram-debt")]

            await ask(app, pilot, "remember that the mayor of Brindlewood is secretly a wererat")
            assert (
                "Noted: the mayor of Brindlewood is secretly a wererat" in app.query(".assistant").last().text
            )
            found = campaign.memory.search("who is the mayor really", 1)
            assert found[0].memory.text == "the mayor of Brindlewood is secretly a wererat"

    asyncio.run(scenario())


def test_memory_pane_search_edit_delete_undo(tmp_path):
    async def scenario():
        app = app_on(fake_runtime(settings_in(tmp_path)))
        async with app.run_test(size=(130, 45)) as pilot:
            campaign = await ready(app, pilot)
            await pilot.press("f4")
            pane = app.query_one(MemoryPane)
            table = app.query_one("#memory-table", DataTable)
            await wait_for(pilot, lambda: table.row_count == 48)
            app.query_one("#memory-search", Input).value = "Pell"
            await pilot.press("enter")
            await wait_for(
                pilot, lambda: pane.shown and pane.shown[0].id == "ex-pell" and table.row_count < 48
            )

            table.focus()
            table.move_cursor(row=0)
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, MemoryEditor))
            editor = app.screen
            assert editor.query_one("#edit-text", TextArea).text.startswith("Pell is an elderly gnome sage")
            editor.query_one("#edit-text", TextArea).text = ""
            await pilot.press("ctrl+s")
            assert isinstance(app.screen, MemoryEditor)  # refused in place: empty text
            assert "empty" in str(editor.query_one("#edit-error", Static).content)
            editor.query_one("#edit-text", TextArea).text = "Pell the gnome sage moved to Vessany."
            await pilot.press("ctrl+s")
            await wait_for(
                pilot, lambda: campaign.memory.get("ex-pell").text.startswith("Pell the gnome sage moved")
            )

            await wait_for(pilot, lambda: pane.shown and pane.shown[0].id == "ex-pell")
            table.focus()
            table.move_cursor(row=0)
            await pilot.press("delete")
            await wait_for(pilot, lambda: campaign.memory.count() == 47)
            await pilot.press("ctrl+z")
            await wait_for(pilot, lambda: campaign.memory.count() == 48)
            assert campaign.memory.get("ex-pell").text.startswith("Pell the gnome sage moved")

            await pilot.press("ctrl+n")
            await wait_for(pilot, lambda: isinstance(app.screen, MemoryEditor))
            app.screen.query_one("#edit-text", TextArea).text = "The bridge at Harrowgate is out."
            app.screen.query_one("#edit-tags", Input).value = "harrowgate, bridge"
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: campaign.memory.count() == 49)
            assert campaign.memory.list(tags=["bridge"])[0].session == campaign.session

    asyncio.run(scenario())


def test_session_summary_is_drafted_edited_and_kept(tmp_path):
    settings = settings_in(tmp_path)
    engine = FakeEngine(
        settings,
        words=["The party", " bought a boat for 40 gp. They named", " it Gull. They sailed to Carthis."],
    )

    async def scenario():
        app = app_on(fake_runtime(settings, engine=engine))
        async with app.run_test(size=(130, 45)) as pilot:
            campaign = await ready(app, pilot)
            session = campaign.session
            await ask(app, pilot, "remember that the party bought a rowing boat named Gull for 30 gp")
            await pilot.press("f9")
            await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))
            area = app.screen.query_one("#summary-text", TextArea)
            assert area.text == "They named it Gull."  # the model's draft, checked, for the DM to edit
            dropped = str(app.screen.query_one("#summary-dropped", Static).render())
            assert dropped.splitlines() == [
                "Dropped \u201cThe party bought a boat for 40 gp.\u201d (your notes say 30 gp).",
                "Dropped \u201cThey sailed to Carthis.\u201d (nothing this session names Carthis).",
            ]
            assert (
                "rowing boat named Gull" in engine.asked[-1][-1]["content"]
            )  # drafted from the session's notes
            area.text = "The party bought a rowing boat named Gull."
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: campaign.session == session + 1)
            kept = campaign.memory.list(kinds=["session summary"])[0]
            assert (kept.title, kept.session, kept.text) == (
                f"Session {session} summary",
                session,
                "The party bought a rowing boat named Gull.",
            )

    asyncio.run(scenario())
