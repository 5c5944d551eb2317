"""The Textual app driven by Pilot, on the real bundled model."""

import asyncio

import pytest
from textual.widgets import Input, TabbedContent

from conftest import wait_for
from dm_companion.llm.discovery import choose
from dm_companion.tui.app import DMCompanionApp
from dm_companion.tui.chat import ChatMessage, ChatPane
from dm_companion.tui.sources import SourceButton, SourceScreen, SourcesBar
from dm_companion.tui.status import StatusBar


def make_app(settings):
    return DMCompanionApp(settings, choose(settings))


def run(coro):
    asyncio.run(coro)


def test_first_screen_shows_status_then_the_model_becomes_ready(greedy_settings):
    async def scenario():
        app = make_app(greedy_settings)
        async with app.run_test(size=(110, 32)) as pilot:
            status = app.query_one(StatusBar)
            assert status.model == "SmolLM2-135M-Instruct.Q4_1"
            assert status.adapter == "none"
            await wait_for(pilot, lambda: status.state == "ready", timeout=300)
            assert status.device == app.engine.backend.label  # CPU or GPU: whatever this build runs on
            assert isinstance(app.focused, Input)
    run(scenario())


@pytest.mark.parametrize("key, pane", [("f2", "characters"), ("f3", "combat"), ("f4", "memory")])
def test_function_keys_switch_panes_and_f1_returns_to_chat(greedy_settings, key, pane):
    async def scenario():
        app = make_app(greedy_settings)
        async with app.run_test(size=(110, 32)) as pilot:
            tabs = app.query_one(TabbedContent)
            await pilot.press(key)
            await pilot.pause()
            assert tabs.active == pane
            await pilot.press("f1")
            await pilot.pause()
            assert tabs.active == "chat" and app.focused is app.query_one("#prompt")
    run(scenario())


def test_command_palette_switches_panes(greedy_settings):
    async def scenario():
        app = make_app(greedy_settings)
        async with app.run_test(size=(110, 32)) as pilot:
            await pilot.press("ctrl+p")
            await pilot.pause(0.2)
            await pilot.press(*"show combat")
            await pilot.pause(0.5)
            await pilot.press("enter")
            await pilot.pause(0.2)
            assert app.query_one(TabbedContent).active == "combat"
    run(scenario())


def test_narration_streams_from_the_model_with_the_input_locked(greedy_settings):
    async def scenario():
        app = make_app(greedy_settings)
        async with app.run_test(size=(110, 32)) as pilot:
            await wait_for(pilot, app.engine_ready.is_set)
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
            assert pane.conversation.turns[-1].answer == answer.text
    run(scenario())


def test_rules_answer_shows_its_sources_and_opens_one(greedy_settings):
    async def scenario():
        app = make_app(greedy_settings)
        async with app.run_test(size=(110, 40)) as pilot:
            await wait_for(pilot, app.knowledge_ready.is_set, timeout=300)
            await pilot.press(*"What's the AC of a lich?", "enter")
            pane = app.query_one(ChatPane)
            await wait_for(pilot, lambda: not pane.answering)
            answer = list(app.query(ChatMessage))[-1]
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


def test_escape_stops_the_answer_and_unlocks_the_input(greedy_settings):
    async def scenario():
        app = make_app(greedy_settings)
        async with app.run_test(size=(110, 32)) as pilot:
            await wait_for(pilot, app.engine_ready.is_set)
            await pilot.press(*"Write a very long saga about a red dragon, in ten chapters.")
            await pilot.press("enter")
            pane = app.query_one(ChatPane)
            await wait_for(pilot, lambda: pane._answer is not None and pane._answer.pieces >= 3)
            answer = pane._answer
            await pilot.press("escape")
            await wait_for(pilot, lambda: not pane.answering)
            assert answer.text.endswith("[stopped]")
            assert answer.pieces < pane.conversation.answer_tokens
            assert pane.conversation.turns[-1].cancelled
            assert not app.query_one("#prompt", Input).disabled
    run(scenario())


def test_empty_question_is_ignored(greedy_settings):
    async def scenario():
        app = make_app(greedy_settings)
        async with app.run_test(size=(110, 32)) as pilot:
            await pilot.press("space", "space", "enter")
            await pilot.pause()
            assert not list(app.query(ChatMessage))
    run(scenario())


def test_model_load_failure_is_shown_and_chat_says_why(tmp_path, greedy_settings):
    """The header checks pass, llama.cpp refuses: the app stays up and tells the DM."""
    from conftest import write_unknown_architecture_gguf
    from dm_companion.settings import load_settings

    path = write_unknown_architecture_gguf(tmp_path / "strange.gguf")
    settings = load_settings({"model": str(path), "adapter": "none", "threads": "2"}, environ={},
                             path=tmp_path / "x.toml")

    async def scenario():
        app = make_app(settings)
        async with app.run_test(size=(110, 32)) as pilot:
            await wait_for(pilot, lambda: app.query_one(StatusBar).state.startswith("error"), timeout=300)
            await pilot.press(*"describe a tavern", "enter")
            pane = app.query_one(ChatPane)
            await wait_for(pilot, lambda: not pane.answering)
            answer = list(app.query(ChatMessage))[-1]
            assert "llama.cpp could not load" in answer.text and answer.has_class("error")
            await pilot.press(*"lich hp", "enter")  # the SRD still answers, without a model
            await wait_for(pilot, lambda: not pane.answering, timeout=300)
            assert list(app.query(ChatMessage))[-1].text == "A Lich has 135 hit points (18d8+54)."
    run(scenario())
