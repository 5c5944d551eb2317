"""The Characters pane driven by Pilot: build, words streamed in, edit, save, send to combat."""

import asyncio
import json

from conftest import FakeEngine, app_on, fake_runtime, settings_in, wait_for
from textual.widgets import DataTable, Select, Static

from dm_companion.tui.characters import CharactersPane

WORDS = [
    "Name: Brom Stonefist\n",
    "Appearance: Broad, grey-bearded, a hammer at his belt.\n",
    "Backstory: He kept the mountain pass for twenty winters. He left when the pass fell.",
]


def app_in(tmp_path, **fakes):
    settings = settings_in(tmp_path)
    fakes.setdefault("engine", FakeEngine(settings, words=WORDS))
    return app_on(fake_runtime(settings, **fakes))


def status(app):
    return str(app.query_one("#char-status", Static).render())


async def set_edit(pilot, line):
    pilot.app.query_one("#char-edit").value = line
    pilot.app.query_one("#char-edit").focus()
    await pilot.press("enter")
    await pilot.pause()


def test_build_stream_words_edit_save_and_send_to_combat(tmp_path):
    async def scenario():
        app = app_in(tmp_path)
        async with app.run_test(size=(130, 45)) as pilot:
            await pilot.press("f2")
            pane = app.query_one(CharactersPane)
            app.query_one("#char-race", Select).value = "Dwarf"
            app.query_one("#char-class", Select).value = "Fighter"
            app.query_one("#char-level", Select).value = 3
            await pilot.click("#build")
            await wait_for(pilot, lambda: pane.sheet is not None)
            sheet = pane.sheet
            assert (sheet.race, sheet.char_class, sheet.level) == ("Dwarf", "Fighter", 3)
            assert "Hill Dwarf Fighter (Champion) 3" in app.query_one("#sheet-view", Static).content.title
            # the model's words arrive in a worker; the numbers do not change
            await wait_for(pilot, lambda: pane.sheet.backstory != "")
            assert pane.sheet.name == "Brom Stonefist" and pane.sheet.max_hp == sheet.max_hp
            assert pane.sheet.backstory.endswith("He left when the pass fell.")

            await set_edit(pilot, "set max_hp 95")
            assert "worked out by the rules" in status(app) and pane.sheet.max_hp == sheet.max_hp
            await set_edit(pilot, "set level 5")
            assert pane.sheet.level == 5 and pane.sheet.max_hp > sheet.max_hp
            await set_edit(pilot, "set name Brom Ironfist")
            assert pane.sheet.name == "Brom Ironfist"
            await set_edit(pilot, "set pronouns she")  # the story calls Brom "he": the DM is told
            assert (
                pane.sheet.pronouns == "she/her"
                and "the story disagree (the sheet says she/her, not 'he')" in status(app)
            )
            assert pane.sheet.backstory.endswith("He left when the pass fell.")  # the DM's to rewrite
            await set_edit(pilot, "set pronouns he/him")
            assert pane.sheet.pronouns == "he/him" and status(app) == "Set pronouns."
            await set_edit(pilot, "level 5")
            assert "Edit with: set FIELD VALUE" in status(app)

            await pilot.click("#save")
            saved = tmp_path / "example" / "characters" / "brom-ironfist.json"
            assert saved.exists() and json.loads(saved.read_text())["level"] == 5
            await pilot.click("#save")  # saving again updates the same file
            assert len(list(saved.parent.glob("brom-ironfist*.json"))) == 1

            await pilot.click("#to-combat")
            await pilot.pause()
            table = app.query_one("#order", DataTable)
            assert table.row_count == 1
            assert str(table.get_cell("Brom Ironfist", "HP")).endswith(
                f"{pane.sheet.max_hp}/{pane.sheet.max_hp}"
            )
            assert app.query_one("#panes").active == "combat"

    asyncio.run(scenario())


def test_reroll_and_refusals(tmp_path):
    async def scenario():
        app = app_in(tmp_path)
        async with app.run_test(size=(130, 45)) as pilot:
            await pilot.press("f2")
            pane = app.query_one(CharactersPane)
            await pilot.click("#reroll-scores")
            assert "Build a character first" in status(app)
            app.query_one("#char-race", Select).value = "Gnome"  # not an elf: "high elf" must be refused
            app.query_one("#char-class", Select).value = "Wizard"
            app.query_one("#char-method", Select).value = "4d6"
            await pilot.press("ctrl+b")
            await wait_for(pilot, lambda: pane.sheet is not None)
            first = dict(pane.sheet.base_scores)
            for _ in range(5):  # five fresh rolls all equal to the first is vanishingly unlikely
                await pilot.click("#reroll-scores")
                if pane.sheet.base_scores != first:
                    break
            assert pane.sheet.base_scores != first and pane.sheet.char_class == "Wizard"
            intelligence = pane.sheet.ability_scores["int"]
            assert intelligence == max(pane.sheet.ability_scores.values())
            await set_edit(pilot, "set subrace high elf")
            assert "subrace of Elf" in status(app)

    asyncio.run(scenario())


def test_an_unexpected_failure_in_a_pane_worker_is_reported(tmp_path, monkeypatch):
    from dm_companion.characters.builder import Builder

    def broken(self, request):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Builder, "build", broken)

    async def scenario():
        app = app_in(tmp_path)
        async with app.run_test(size=(130, 45)) as pilot:
            await pilot.press("f2")
            await pilot.click("#build")
            await wait_for(pilot, lambda: any("disk on fire" in n.message for n in app._notifications))
            assert "RuntimeError: disk on fire" in status(app)  # the pane says so too, and stays usable

    asyncio.run(scenario())


def test_words_that_fail_give_way_to_the_reason(tmp_path):
    async def scenario():
        app = app_in(tmp_path, engine=FakeEngine(settings_in(tmp_path), error=RuntimeError("context lost")))
        async with app.run_test(size=(130, 45)) as pilot:
            await pilot.press("f2")
            pane = app.query_one(CharactersPane)
            await pilot.click("#build")
            words = app.query_one("#char-words", Static)
            await wait_for(pilot, lambda: "context lost" in str(words.render()))
            assert str(words.render()) == "No name or story: RuntimeError: context lost"
            assert pane.sheet is not None and pane.sheet.max_hp > 0  # the rules' numbers stand

    asyncio.run(scenario())
