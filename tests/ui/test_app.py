"""The Textual app driven by Pilot: pane logic on a fake runtime, and a few end-to-end runs on
the real bundled model (marked `model`)."""

import asyncio

import pytest
from conftest import (
    FakeAssistant,
    FakeEngine,
    app_on,
    fake_runtime,
    real_app,
    settings_in,
    until_loaded,
    wait_for,
)
from textual.widgets import Input, Static, TabbedContent

from dm_companion.sessions.runtime import Part
from dm_companion.tui.chat import ChatMessage, ChatPane
from dm_companion.tui.sources import SourceButton, SourcesBar, SourceScreen
from dm_companion.tui.status import StatusBar


def run(coro):
    asyncio.run(coro)


async def ask(pilot, question, timeout=60.0):
    """Puts `question` in the chat's prompt, sends it and waits until its answer is finished; the
    answer. (Key-by-key typing costs about 70 ms a key here; the tests that type keep it covered.)"""
    pilot.app.query_one("#prompt", Input).value = question
    await pilot.press("enter")
    pane = pilot.app.query_one(ChatPane)
    await wait_for(pilot, lambda: not pane.answering, timeout)
    return list(pilot.app.query(ChatMessage))[-1]


@pytest.mark.model
def test_first_screen_shows_status_then_the_model_becomes_ready(greedy_settings):
    async def scenario():
        app = real_app(greedy_settings)
        async with app.run_test(size=(110, 32)) as pilot:
            status = app.query_one(StatusBar)
            assert status.model == "SmolLM2-135M-Instruct.Q4_1"
            assert status.adapter == "none"
            await wait_for(pilot, lambda: status.state == "ready", timeout=300)
            assert (
                status.device == app.runtime.engine.backend.label
            )  # CPU or GPU: whatever this build runs on
            assert isinstance(app.focused, Input)

    run(scenario())


@pytest.mark.parametrize("key, pane", [("f2", "characters"), ("f3", "combat"), ("f4", "memory")])
def test_function_keys_switch_panes_and_f1_returns_to_chat(tmp_path, key, pane):
    async def scenario():
        app = app_on(fake_runtime(settings_in(tmp_path)))
        async with app.run_test(size=(110, 32)) as pilot:
            tabs = app.query_one(TabbedContent)
            await pilot.press(key)
            await pilot.pause()
            assert tabs.active == pane
            await pilot.press("f1")
            await pilot.pause()
            assert tabs.active == "chat" and app.focused is app.query_one("#prompt")

    run(scenario())


def test_command_palette_switches_panes(tmp_path):
    async def scenario():
        app = app_on(fake_runtime(settings_in(tmp_path)))
        async with app.run_test(size=(110, 32)) as pilot:
            await pilot.press("ctrl+p")
            await pilot.pause(0.2)
            await pilot.press(*"show combat")
            await pilot.pause(0.5)
            await pilot.press("enter")
            await pilot.pause(0.2)
            assert app.query_one(TabbedContent).active == "combat"

    run(scenario())


@pytest.mark.model
def test_narration_streams_from_the_model_with_the_input_locked(greedy_settings):
    async def scenario():
        app = real_app(greedy_settings)
        async with app.run_test(size=(110, 32)) as pilot:
            await wait_for(pilot, lambda: app.runtime.model.done, timeout=120)
            prompt = app.query_one("#prompt", Input)
            await pilot.press(*"Describe a goblin ambush on a forest road.")
            await pilot.press("enter")
            await pilot.pause()
            pane = app.query_one(ChatPane)
            assert pane.answering and prompt.disabled
            await wait_for(pilot, lambda: not pane.answering)
            await pilot.pause()  # the prompt's focus is handed back on the next idle
            user, answer = list(app.query(ChatMessage))
            assert user.text == "Describe a goblin ambush on a forest road."
            assert answer.pieces > 3 and len(answer.text.split()) > 3
            assert "[stopped]" not in answer.text
            assert not list(answer.query(SourcesBar))  # invention, so no sources claimed
            assert not prompt.disabled and app.focused is prompt
            assert pane.companion.conversation.turns[-1].answer == answer.text

    run(scenario())


def test_an_answer_shows_its_sources_and_opens_one(tmp_path):
    async def scenario():
        app = app_on(fake_runtime(settings_in(tmp_path)))
        async with app.run_test(size=(110, 40)) as pilot:
            answer = await ask(pilot, "What's the AC of a lich?")
            assert answer.text == "A Lich has Armor Class 17 (natural)."
            buttons = list(answer.query(SourceButton))
            assert [str(b.label) for b in buttons] == ["Lich (monster)"]
            await pilot.click(SourceButton)
            await pilot.pause(0.2)
            assert isinstance(app.screen, SourceScreen)
            assert "Hit Points 135" in str(app.screen.query_one("#source-text").render())
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, SourceScreen)

    run(scenario())


def test_escape_stops_the_answer_and_unlocks_the_input(tmp_path):
    settings = settings_in(tmp_path)
    engine = FakeEngine(
        settings, words=[" A", " word", " more."] * 400, delay=0.01
    )  # shown a sentence at a time

    async def scenario():
        app = app_on(fake_runtime(settings, engine=engine))
        async with app.run_test(size=(110, 32)) as pilot:
            saga = "Write a very long saga about a red dragon, in ten chapters."
            app.query_one("#prompt", Input).value = saga
            await pilot.press("enter")
            pane = app.query_one(ChatPane)
            await wait_for(pilot, lambda: pane._answer is not None and pane._answer.pieces >= 3)
            answer = pane._answer
            await pilot.press("escape")
            await wait_for(pilot, lambda: not pane.answering)
            assert answer.text.endswith("[stopped]")
            assert answer.pieces < 400
            assert pane.companion.conversation.turns[-1].cancelled
            assert not app.query_one("#prompt", Input).disabled

    run(scenario())


def test_empty_question_is_ignored(tmp_path):
    async def scenario():
        app = app_on(fake_runtime(settings_in(tmp_path)))
        async with app.run_test(size=(110, 32)) as pilot:
            await pilot.press("space", "space", "enter")
            await pilot.pause()
            assert not list(app.query(ChatMessage))

    run(scenario())


def test_a_question_asked_while_the_srd_loads_is_answered_once_it_is_in(tmp_path):
    settings = settings_in(tmp_path)
    runtime = fake_runtime(settings)
    assistant, runtime.knowledge = runtime.knowledge.value, Part("the SRD knowledge")
    runtime.load_knowledge = lambda progress=None: None  # the test decides when the SRD is in

    async def scenario():
        app = app_on(runtime)
        async with app.run_test(size=(110, 32)) as pilot:
            await pilot.press(*"lich ac", "enter")
            pane = app.query_one(ChatPane)
            await pilot.pause(0.3)
            assert pane.answering and app.query_one(StatusBar).state == "loading SRD…"
            runtime.knowledge.succeed(assistant)
            await wait_for(pilot, lambda: not pane.answering)
            assert list(app.query(ChatMessage))[-1].text == "A Lich has Armor Class 17 (natural)."

    run(scenario())


def test_a_part_that_failed_is_named_and_the_others_keep_working(tmp_path):
    reason = "the SRD knowledge failed to load: OSError: disk full"

    async def scenario():
        app = app_on(fake_runtime(settings_in(tmp_path), knowledge_error=reason))
        async with app.run_test(size=(110, 32)) as pilot:
            await until_loaded(pilot)
            await pilot.pause()
            assert app.query_one(StatusBar).state == "error: SRD not loaded"
            answer = await ask(pilot, "lich ac")
            assert reason in answer.text and answer.has_class("error")
            narration = await ask(pilot, "describe a tavern")  # the model still narrates
            assert narration.text == "A quiet answer." and not narration.has_class("error")
            noted = await ask(pilot, "remember that the innkeeper is a wererat")  # the campaign still keeps
            assert noted.text == "Noted: the innkeeper is a wererat"

    run(scenario())


def test_what_the_check_dropped_stays_under_the_answer_with_why(tmp_path):
    """A description that repeats an earlier answer loses that sentence, and the DM reads why under
    the answer itself (not in a toast that is gone before the answer is read)."""
    settings = settings_in(tmp_path)
    engine = FakeEngine(settings, words=["A Lich has Armor Class 17 (natural). ", "Its eyes burn cold."])

    async def scenario():
        app = app_on(fake_runtime(settings, engine=engine))
        async with app.run_test(size=(110, 40)) as pilot:
            plain = await ask(pilot, "lich ac")
            assert plain.text == "A Lich has Armor Class 17 (natural)." and not plain.query(".notices")
            answer = await ask(pilot, "describe the lich")
            assert answer.text == "Its eyes burn cold."
            notices = answer.query_one(".notices", Static)
            assert (
                str(notices.render())
                == "Dropped \u201cA Lich has Armor Class 17 (natural).\u201d (repeats an earlier answer)."
            )
            await pilot.pause()
            assert not any("Dropped" in str(n.message) for n in app._notifications)

    run(scenario())


class Broken(FakeAssistant):
    def reply(self, question, cancel=None):
        raise RuntimeError("the index vanished")


def test_an_unexpected_failure_leaves_the_chat_usable_and_is_reported(tmp_path):
    async def scenario():
        app = app_on(fake_runtime(settings_in(tmp_path), assistant=Broken()))
        async with app.run_test(size=(110, 32)) as pilot:
            answer = await ask(pilot, "lich ac")
            assert answer.text == "[RuntimeError: the index vanished]" and answer.has_class("error")
            assert not app.query_one("#prompt", Input).disabled
            await pilot.pause()
            assert any("the index vanished" in str(n.message) for n in app._notifications)
            narration = await ask(pilot, "describe a tavern")
            assert narration.text == "A quiet answer."

    run(scenario())


@pytest.mark.model
def test_model_load_failure_is_shown_and_chat_says_why(tmp_path):
    """The header checks pass, llama.cpp refuses: the app stays up and tells the DM."""
    from conftest import write_unknown_architecture_gguf

    path = write_unknown_architecture_gguf(tmp_path / "strange.gguf")
    settings = settings_in(tmp_path, model=str(path))

    async def scenario():
        app = real_app(settings)
        async with app.run_test(size=(110, 32)) as pilot:
            await wait_for(pilot, lambda: app.query_one(StatusBar).state.startswith("error"), timeout=300)
            answer = await ask(pilot, "describe a tavern")
            assert "llama.cpp could not load" in answer.text and answer.has_class("error")
            answer = await ask(pilot, "lich hp", timeout=300)  # the SRD still answers, without a model
            assert answer.text == "A Lich has 135 hit points (18d8+54)."

    run(scenario())
