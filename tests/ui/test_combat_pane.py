"""The combat pane driven by Pilot: commands in, table and log out, refusals shown, resumed."""

import asyncio

from textual.widgets import DataTable, RichLog

from conftest import wait_for
from dm_companion.llm.discovery import choose
from dm_companion.settings import load_settings
from dm_companion.tui.app import DMCompanionApp


def app_in(tmp_path):
    settings = load_settings({"campaigns_dir": str(tmp_path), "threads": "2", "adapter": "none"},
                             environ={}, path=tmp_path / "none.toml")
    return DMCompanionApp(settings, choose(settings))


async def type_command(pilot, line):
    pilot.app.query_one("#combat-input").value = line
    await pilot.press("enter")
    await pilot.pause()


def log_text(app):
    return "\n".join(line.text for line in app.query_one("#combat-log", RichLog).lines)


def test_commands_update_the_table_and_refusals_are_shown(tmp_path, book):
    async def scenario():
        app = app_in(tmp_path)
        async with app.run_test(size=(130, 40)) as pilot:
            await pilot.press("f3")
            assert app.focused is app.query_one("#combat-input")
            for line in ("add goblin x2", "add Mira pc hp 27 ac 16 init 15", "init Goblin 1 12",
                         "init Goblin 2 3", "start", "hit Mira 30", "heal goblin 1 99", "hti Mira 2"):
                await type_command(pilot, line)
            table = app.query_one("#order", DataTable)
            assert [str(table.get_row_at(i)[2]) for i in range(table.row_count)] == ["Mira", "Goblin 1", "Goblin 2"]
            assert str(table.get_cell("Mira", "HP")).endswith("0/27")
            assert str(table.get_cell("Mira", "death saves")) == "○○○ ○○○"
            assert "round 1" in table.border_title.lower()
            text = log_text(app)
            assert "Mira falls unconscious" in text
            assert "Goblin 1 regains 0 HP" in text  # capped: already at max
            assert "unknown command 'hti'; did you mean 'hit'?" in text
            await type_command(pilot, "undo")
            assert str(table.get_cell("Goblin 1", "HP")).endswith("7/7")
    asyncio.run(scenario())


def test_the_encounter_is_saved_and_resumed(tmp_path, book):
    async def first():
        app = app_in(tmp_path)
        async with app.run_test(size=(130, 40)) as pilot:
            await pilot.press("f3")
            for line in ("add Ogre hp 59 ac 11 init 8", "add Tor pc hp 30 ac 18 init 12", "start", "hit Ogre 9"):
                await type_command(pilot, line)

    async def second():
        app = app_in(tmp_path)
        async with app.run_test(size=(130, 40)) as pilot:
            await pilot.press("f3")
            table = app.query_one("#order", DataTable)
            assert str(table.get_cell("Ogre", "HP")).endswith("50/59")
            assert "Resumed the encounter" in log_text(app)
            await pilot.press("ctrl+n")
            await pilot.pause()
            assert table.row_count == 0
    asyncio.run(first())
    asyncio.run(second())
    archived = list((tmp_path / "example" / "encounters").glob("current-*.jsonl"))
    assert len(archived) == 1 and "Ogre" in archived[0].read_text()


def test_a_free_sentence_becomes_a_proposal_applied_only_on_confirm(tmp_path, book):
    async def scenario():
        app = app_in(tmp_path)
        async with app.run_test(size=(130, 40)) as pilot:
            await pilot.press("f3")
            for line in ("add goblin", "add Mira pc hp 27 ac 16"):
                await type_command(pilot, line)
            pane = app.query_one("#combat-pane")
            await type_command(pilot, "The goblin slashes Mira for 7 slashing damage")
            await wait_for(pilot, lambda: pane.pending is not None, timeout=30)
            assert pane.pending.event == {"op": "damage", "target": "Mira", "amount": 7, "type": "slashing"}
            assert app.query_one("#order").get_cell("Mira", "HP").plain.endswith("27/27")  # not yet
            await pilot.press("enter")  # confirm
            await pilot.pause()
            assert pane.pending is None
            assert app.query_one("#order").get_cell("Mira", "HP").plain.endswith("20/27")
            await type_command(pilot, "Mira heals 3")
            await wait_for(pilot, lambda: pane.pending is not None, timeout=30)
            await pilot.press("escape")  # discard
            await pilot.pause()
            assert pane.pending is None
            assert app.query_one("#order").get_cell("Mira", "HP").plain.endswith("20/27")
    asyncio.run(scenario())


def test_narrate_writes_a_checked_narration_to_the_log(tmp_path, book):
    async def scenario():
        app = app_in(tmp_path)
        async with app.run_test(size=(130, 40)) as pilot:
            await pilot.press("f3")
            for line in ("add Ogre hp 59 ac 11 init 8", "add Tor pc hp 30 ac 18 init 12", "start", "hit Ogre 9"):
                await type_command(pilot, line)
            before = len(app.query_one("#combat-log", RichLog).lines)
            await pilot.press("ctrl+r")
            await wait_for(pilot, lambda: not app.query_one("#proposal").render().plain, timeout=30)
            assert len(app.query_one("#combat-log", RichLog).lines) > before
    asyncio.run(scenario())
