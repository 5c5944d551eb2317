"""The combat pane driven by Pilot: commands in, table and log out, refusals shown, resumed;
free sentences and narration on the real model (marked `model`)."""

import asyncio
from pathlib import Path

import pytest
from conftest import FakeEngine, app_on, fake_runtime, real_app, settings_in, wait_for
from textual.widgets import DataTable, RichLog


def app_in(tmp_path, **fakes):
    return app_on(fake_runtime(settings_in(tmp_path), **fakes))


async def type_command(pilot, line):
    pilot.app.query_one("#combat-input").value = line
    await pilot.press("enter")
    await pilot.pause()


OGRE_FIGHT = ("add Ogre hp 59 ac 11 init 8", "add Tor pc hp 30 ac 18 init 12", "start", "hit Ogre 9")


async def in_combat(pilot, *lines):
    """Shows the Combat pane (F3) and types each command line."""
    await pilot.press("f3")
    for line in lines:
        await type_command(pilot, line)


def log_text(app):
    return "\n".join(line.text for line in app.query_one("#combat-log", RichLog).lines)


def test_commands_update_the_table_and_refusals_are_shown(tmp_path):
    async def scenario():
        app = app_in(tmp_path)
        async with app.run_test(size=(130, 40)) as pilot:
            await pilot.press("f3")
            assert app.focused is app.query_one("#combat-input")
            for line in (
                "add goblin x2",
                "add Mira pc hp 27 ac 16 init 15",
                "init Goblin 1 12",
                "init Goblin 2 3",
                "start",
                "hit Mira 30",
                "heal goblin 1 99",
                "hti Mira 2",
            ):
                await type_command(pilot, line)
            table = app.query_one("#order", DataTable)
            assert [str(table.get_row_at(i)[2]) for i in range(table.row_count)] == [
                "Mira",
                "Goblin 1",
                "Goblin 2",
            ]
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


def test_the_encounter_is_saved_and_resumed(tmp_path):
    async def first():
        app = app_in(tmp_path)
        async with app.run_test(size=(130, 40)) as pilot:
            await in_combat(pilot, *OGRE_FIGHT)

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


@pytest.mark.model
def test_a_free_sentence_becomes_a_proposal_applied_only_on_confirm(tmp_path, engine):
    async def scenario():
        app = real_app(settings_in(tmp_path))
        async with app.run_test(size=(130, 40)) as pilot:
            await in_combat(pilot, "add goblin", "add Mira pc hp 27 ac 16")
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
            await type_command(pilot, "the goblin attacks Mira")  # no number: its stat block rolls
            await wait_for(pilot, lambda: pane.pending is not None, timeout=30)
            assert pane.pending.event["op"] == "attack" and pane.pending.event["target"] == "Mira"
            assert pane.pending.event["action"] in ("Scimitar", "Shortbow")  # the model's pick of the two
            await pilot.press("enter")
            await pilot.pause()
            assert f"Goblin attacks Mira with {pane.tracker.applied[-1]['action']}: d20" in log_text(app)

    asyncio.run(scenario())


@pytest.mark.model
def test_narrate_writes_a_checked_narration_to_the_log(tmp_path, engine):
    async def scenario():
        app = real_app(settings_in(tmp_path))
        async with app.run_test(size=(130, 40)) as pilot:
            await in_combat(pilot, *OGRE_FIGHT)
            before = len(app.query_one("#combat-log", RichLog).lines)
            await pilot.press("ctrl+r")
            await wait_for(pilot, lambda: not app.query_one("#proposal").render().plain, timeout=30)
            assert len(app.query_one("#combat-log", RichLog).lines) > before

    asyncio.run(scenario())


def test_a_reading_that_fails_unexpectedly_gives_the_line_back(tmp_path):
    """No "Reading that with the model..." left behind: the pane says why and takes commands."""
    settings = settings_in(tmp_path)
    broken = FakeEngine(settings, error=RuntimeError("grammar exploded"))

    async def scenario():
        app = app_on(fake_runtime(settings, engine=broken))
        async with app.run_test(size=(130, 40)) as pilot:
            await in_combat(pilot, "add Mira pc hp 27 ac 16")
            await type_command(pilot, "the ogre flattens Mira for 9")
            proposal = app.query_one("#proposal")
            await wait_for(pilot, lambda: "grammar exploded" in proposal.render().plain)
            assert proposal.render().plain.startswith("Could not read that: RuntimeError")
            assert any("grammar exploded" in str(n.message) for n in app._notifications)
            await type_command(pilot, "hit Mira 5")
            assert app.query_one("#order").get_cell("Mira", "HP").plain.endswith("22/27")

    asyncio.run(scenario())


def test_a_model_that_failed_to_load_is_named_when_reading_a_sentence(tmp_path):
    async def scenario():
        app = app_in(tmp_path, model_error="llama.cpp crashed while loading (signal 11, SIGSEGV)")
        async with app.run_test(size=(130, 40)) as pilot:
            await in_combat(pilot, "add Mira pc hp 27 ac 16")
            await type_command(pilot, "Mira takes a beating")
            proposal = app.query_one("#proposal")
            await wait_for(pilot, lambda: "SIGSEGV" in proposal.render().plain)

    asyncio.run(scenario())


def test_a_monster_attacks_from_its_stat_block(tmp_path):
    async def scenario():
        app = app_in(tmp_path)
        async with app.run_test(size=(130, 40)) as pilot:
            await in_combat(
                pilot,
                "add goblin",
                "add Mira pc hp 27 ac 16",
                "cond Mira +prone",
                "atk Goblin Mira scimitar d20 3,15",
            )
            logged = " ".join(log_text(app).split())  # the log wraps long lines
            assert (
                "Goblin attacks Mira with Scimitar: d20 15 (rolled 3 and 15) +4 = 19 vs AC 16: hit "
                "(advantage: Mira is prone)" in logged
            )
            hp = app.query_one("#order").get_cell("Mira", "HP").plain
            assert not hp.endswith("27/27")
            await type_command(pilot, "atk Goblin Mira bite")
            assert "Goblin has no attack 'bite'" in " ".join(log_text(app).split())

    asyncio.run(scenario())


def test_the_action_bar_numbers_the_current_creatures_actions_and_a_key_runs_one(tmp_path):
    async def scenario():
        app = app_in(tmp_path)
        async with app.run_test(size=(130, 40)) as pilot:
            await in_combat(
                pilot,
                "add adult red dragon",
                "add Mira pc hp 90 ac 16 init 5",
                "add Tor pc hp 90 ac 18 init 4",
                "init adult red dragon 20",
                "start",
            )
            bar = app.query_one("#actions").render().plain
            assert "6 Fire Breath DC 21 DEX, 18d6 fire (recharge 5-6: ready)" in bar
            assert "Adult Red Dragon: Legendary ●●● · Legendary Resistance 3/3 · reaction ready" in bar
            await type_command(pilot, "6 Mira Tor")  # typed: the action's number and its targets
            assert "(recharge 5-6: spent)" in app.query_one("#actions").render().plain
            table = app.query_one("#order", DataTable)
            table.focus()
            table.move_cursor(row=2)  # Tor
            await pilot.press("2")  # the Bite, at the selected row
            await pilot.pause()
            logged = " ".join(log_text(app).split())
            assert '= atk "Adult Red Dragon" "Tor" "Bite"' in logged
            assert "Adult Red Dragon attacks Tor with Bite: d20" in logged
            await pilot.press("9")
            await pilot.pause()
            assert "no action 9 now (1-6)" in " ".join(log_text(app).split())

    asyncio.run(scenario())


def test_the_campaigns_own_monsters_are_imported_and_run_in_the_pane(tmp_path):
    monsters = Path(__file__).resolve().parent.parent / "data" / "monsters" / "fivetools.json"

    async def scenario():
        app = app_in(tmp_path)
        async with app.run_test(size=(130, 40)) as pilot:
            await in_combat(
                pilot,
                f"monsters import {monsters}",
                "add ash drake",
                "add Mira pc hp 60 ac 14",
                "atk drake Mira bite d20 15",
                "monsters import /nowhere/at/all.json",
            )
            logged = " ".join(log_text(app).split())
            assert "Imported 2 monsters into the campaign" in logged
            assert "Ash Drake joins the fight (campaign Ash Drake, 117/117 HP, AC 17)" in logged
            assert "Ash Drake attacks Mira with Bite: d20 15 +5 = 20 vs AC 14: hit" in logged
            assert "no such monster file: /nowhere/at/all.json" in logged

    asyncio.run(scenario())
