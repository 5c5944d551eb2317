"""Visual regressions: the screen a DM sees, as SVG snapshots (update with --snapshot-update).

The runtime is a fake (the look does not depend on the model's words); the status bar's model
and adapter are the bundled ones, as the app shows them.
"""

from conftest import app_on, fake_runtime, settings_in, until_loaded, wait_for

from dm_companion.tui.status import StatusBar


def ready_app(folder):
    return app_on(fake_runtime(settings_in(folder / "campaigns", temperature="0", n_ctx="2048")))


async def until_ready(pilot):
    await until_loaded(pilot)
    await pilot.pause(0.3)
    pilot.app.clear_notifications()  # toasts name temp paths that differ run to run
    pilot.app.query_one(StatusBar).device = "(this machine)"  # CPU or GPU, threads: not the app's look
    for field in pilot.app.query("Input"):
        field.cursor_blink = False  # a blinking cursor is caught on or off at random
    await pilot.pause()


def test_chat_pane_when_the_model_is_ready(snap_compare, tmp_path):
    assert snap_compare(ready_app(tmp_path), terminal_size=(100, 24), run_before=until_ready)


def test_combat_pane_with_no_encounter(snap_compare, tmp_path):
    assert snap_compare(ready_app(tmp_path), terminal_size=(100, 24), press=["f3"], run_before=until_ready)


def test_characters_pane_before_a_build(snap_compare, tmp_path):
    assert snap_compare(ready_app(tmp_path), terminal_size=(100, 30), press=["f2"], run_before=until_ready)


def test_memory_pane_on_the_example_campaign(snap_compare, tmp_path):
    async def loaded(pilot):
        await until_ready(pilot)
        table = pilot.app.query_one("#memory-table")
        await wait_for(pilot, lambda: table.row_count > 0, timeout=60)
        await pilot.pause()

    assert snap_compare(ready_app(tmp_path), terminal_size=(110, 30), press=["f4"], run_before=loaded)


def test_no_snapshot_holds_what_the_machine_decides():
    """A snapshot that shows the CPU or its thread count fails on a GPU build or another laptop."""
    from pathlib import Path

    snapshots = sorted((Path(__file__).parent / "__snapshots__").rglob("*.svg"))
    assert snapshots
    for svg in snapshots:
        text = svg.read_text(encoding="utf-8").replace("&#160;", " ")
        assert "CPU" not in text and "threads)" not in text and "GPU" not in text, svg.name


def test_combat_pane_with_a_dragons_actions_under_the_table(snap_compare, tmp_path):
    async def fight(pilot):
        await until_ready(pilot)
        await pilot.press("f3")
        for line in (
            "add adult red dragon",
            "add Mira pc hp 90 ac 16 init 5",
            "init adult red dragon 20",
            "start",
            "lr dragon",
        ):
            pilot.app.query_one("#combat-input").value = line
            await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(ready_app(tmp_path), terminal_size=(120, 36), run_before=fight)
