"""The real app in a pseudo-terminal: it paints, loads, answers, and Ctrl+Q leaves nothing behind."""

import os
import sys
from pathlib import Path

import pytest

from benchmarks.terminal import TerminalApp
from dm_companion.settings import load_settings

pytestmark = pytest.mark.model  # every test here runs a real model

APP = [sys.executable, "-m", "dm_companion", "--threads", "2", "--temperature", "0"]


def test_app_paints_answers_and_quits_cleanly(srd_index):  # the index prebuilt: ready in seconds
    app = TerminalApp(APP, size=(120, 40))
    try:
        app.wait_for("Characters", timeout=30)
        app.wait_for("ready", timeout=60)
        app.type(b"Name a D&D dragon colour.\r")
        app.wait_for("companion", timeout=30)
        app.drain(3)
        threads = len(os.listdir(f"/proc/{app.pid}/task"))
        assert threads >= 2  # the UI and the llama.cpp thread at least
    finally:
        status = app.quit(timeout=15)
    assert status == 0
    assert not Path(f"/proc/{app.pid}").exists()


def test_wrong_model_path_never_opens_the_screen(tmp_path):
    app = TerminalApp([*APP, "--model", str(tmp_path / "missing.gguf")])
    app.drain(5)
    status = app.quit(timeout=5)
    assert status == 1
    assert b"model file not found" in app.output
    assert b"\x1b[?1049h" not in app.output  # never switched to the alternate screen


def test_app_opens_without_the_model_when_llama_cpp_crashes_on_this_cpu(srd_index, crashed_probe):
    crashed_probe(load_settings({"threads": "2"}))  # the app's own verdict after a SIGSEGV in its probe
    app = TerminalApp(APP, size=(160, 40))
    try:
        app.wait_for("model off (llama.cpp crashed while generating (signal 11, SIGSEGV)", timeout=60)
        app.type(b"what is the AC of a lich?\r")
        app.wait_for("Armor Class 17", timeout=60)  # the SRD answers without a model
        app.type(b"\x1b[13~")  # F3: combat works too
        app.type(b"add goblin\r")
        app.wait_for("Goblin", timeout=30)
    finally:
        status = app.quit(timeout=15)
    assert status == 0
