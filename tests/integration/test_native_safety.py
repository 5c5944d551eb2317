"""No native crash takes the table down: one loader, a probe in a child process, and the app and
`ask` going on without the model when the probe died. Nothing here assumes this machine's CPU."""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEGFAULT, dmc

from dm_companion.llm import probe
from dm_companion.llm.discovery import choose
from dm_companion.paths import REPO_ROOT


def test_a_native_crash_in_the_child_is_one_line_naming_the_signal():
    result = probe.run_probe(SEGFAULT)
    assert not result.ok
    assert result.detail.startswith("llama.cpp crashed while generating (signal 11, SIGSEGV) on this CPU (")
    assert "\n" not in result.detail


def test_a_child_that_hangs_is_stopped():
    result = probe.run_probe([sys.executable, "-c", "import time; time.sleep(30)"], timeout=1)
    assert not result.ok and "within 1 s" in result.detail


@pytest.mark.model
def test_the_bundled_model_generates_in_the_probe_child(greedy_settings):
    result = probe.run_probe(probe.probe_command(choose(greedy_settings), greedy_settings))
    assert result.ok, result.detail
    assert result.detail.startswith("generated ") and "in a test process" in result.detail


@pytest.mark.model
def test_a_model_llama_cpp_refuses_fails_the_probe_with_its_reason(tmp_path):
    from conftest import write_unknown_architecture_gguf

    from dm_companion.settings import load_settings

    path = write_unknown_architecture_gguf(tmp_path / "strange.gguf")
    settings = load_settings(
        {"model": str(path), "adapter": "none", "threads": "2"}, environ={}, path=tmp_path / "x.toml"
    )
    result = probe.run_probe(probe.probe_command(choose(settings), settings))
    assert not result.ok
    assert "(exit 1)" in result.detail and f"llama.cpp could not load {path}" in result.detail


@pytest.mark.model
def test_the_verdict_is_kept_per_fingerprint(greedy_settings, monkeypatch, tmp_path):
    monkeypatch.setenv("DMC_DATA_DIR", str(tmp_path))
    choice = choose(greedy_settings)
    first = probe.checked(choice, greedy_settings)  # probes: nothing kept yet
    assert first.ok

    def must_not_run(command, timeout=probe.TIMEOUT_S):
        raise AssertionError("probed again although the verdict was kept")

    monkeypatch.setattr(probe, "run_probe", must_not_run)
    assert probe.checked(choice, greedy_settings) == first
    before = probe.fingerprint(choice, greedy_settings)
    monkeypatch.setenv("DMC_EXTRA_BUFFERS", "off")  # another way of loading: another verdict
    assert probe.fingerprint(choice, greedy_settings) != before


@pytest.mark.model
def test_ask_answers_from_the_srd_when_the_probe_crashed(srd_index, crashed_probe):
    from dm_companion.settings import load_settings

    crashed_probe(load_settings({"threads": "2"}))  # the settings the subprocess below reads
    result = dmc("--threads", "2", "ask", "--json", "how does cover work?")  # a quote the model would sum up
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert "cover" in answer["answer"] and answer["sources"] and "In short" not in answer["answer"]
    assert (
        "answering without the model (llama.cpp crashed while generating (signal 11, SIGSEGV)"
        in result.stderr
    )


@pytest.mark.model
def test_ask_generates_with_the_real_model_and_exits_cleanly(srd_index):
    # a description is the model's own text (a rules answer's summary may be dropped by its check)
    result = dmc(
        "--threads", "2", "--temperature", "0", "ask", "--json", "Describe the ferry crossing at dawn."
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["mode"] == "narration" and len(answer["answer"].split()) >= 5


@pytest.mark.model
def test_ask_json_lines_generate_to_the_end(srd_index):
    questions = "What is a saving throw?\nHow does cover work?\nwhat's the AC of a lich?\n"
    result = dmc("--threads", "2", "--temperature", "0", "ask", "--json", "-", stdin=questions)
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == 3 and all(a.get("answer") for a in answers)


@pytest.mark.model
def test_doctor_fails_with_one_line_when_the_probe_crashes(monkeypatch, tmp_path):
    from dm_companion.sessions.doctor import run_checks
    from dm_companion.settings import load_settings

    monkeypatch.setenv("DMC_DATA_DIR", str(tmp_path))  # doctor keeps its verdict: not for the other tests
    monkeypatch.setattr(probe, "probe_command", lambda choice, settings: SEGFAULT)
    checks = {check.name: check for check in run_checks(load_settings({"threads": "2"}))}
    assert not checks["llama.cpp"].ok
    assert checks["llama.cpp"].detail.startswith("llama.cpp crashed while generating (signal 11, SIGSEGV)")
    assert checks["SRD database"].ok  # the rest is still checked
    kept = list((tmp_path / "llama-probe").glob("*.json"))  # and the app will not load this build here
    assert len(kept) == 1 and json.loads(kept[0].read_text())["ok"] is False


def _llama_constructions(path: Path) -> list[int]:
    """Lines of `path` that make a llama_cpp.Llama (a call or a reference to the class)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        named = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
        if named == "Llama" and isinstance(node, (ast.Attribute, ast.Name)):
            found.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("llama_cpp"):
            found.extend(node.lineno for alias in node.names if alias.name == "Llama")
    return found


def test_the_loader_is_the_only_way_to_make_a_llama():
    loader = REPO_ROOT / "dm_companion" / "llm" / "loader.py"
    offenders = []
    for folder in ("dm_companion", "tools", "benchmarks", "tests"):
        for path in sorted((REPO_ROOT / folder).rglob("*.py")):
            if path != loader:
                offenders += [f"{path.relative_to(REPO_ROOT)}:{line}" for line in _llama_constructions(path)]
    assert offenders == []
    assert _llama_constructions(loader)  # the scan does see a construction where there is one


@pytest.mark.model
@pytest.mark.parametrize("setting, buffers_allowed", [("off", False), ("on", True)])
def test_the_extra_buffers_setting_reaches_llama_cpp(greedy_settings, monkeypatch, setting, buffers_allowed):
    import llama_cpp.llama_cpp as native

    from dm_companion.llm.engine import Engine
    from dm_companion.llm.loader import extra_buffers_allowed

    monkeypatch.setenv("DMC_EXTRA_BUFFERS", setting)
    assert extra_buffers_allowed() is buffers_allowed
    seen = []
    original = native.llama_model_load_from_file

    def spy(path, params):
        seen.append(params.use_extra_bufts)
        return original(path, params)

    monkeypatch.setattr(native, "llama_model_load_from_file", spy)
    engine = Engine(choose(greedy_settings), greedy_settings)
    engine.load()
    assert seen == [buffers_allowed]
    assert native.llama_model_default_params().use_extra_bufts is True  # llama.cpp's defaults restored
    if (
        not buffers_allowed
    ):  # forced on, an AMX CPU's decode crashes (the reason for "auto"): loading is what is tested
        assert "".join(engine.stream_chat([{"role": "user", "content": "Hi"}], max_tokens=3))


def test_the_decision_follows_the_build_unless_overridden(monkeypatch):
    from dm_companion.llm import loader

    monkeypatch.delenv("DMC_EXTRA_BUFFERS", raising=False)
    assert loader.extra_buffers_allowed() is ("AMX_INT8 = 1" not in loader.system_info())
    monkeypatch.setattr(loader, "system_info", lambda: "CPU : AVX2 = 1 | AMX_INT8 = 1 | REPACK = 1 |")
    assert loader.extra_buffers_allowed() is False
    monkeypatch.setattr(loader, "system_info", lambda: "CPU : AVX2 = 1 | REPACK = 1 |")
    assert loader.extra_buffers_allowed() is True
    monkeypatch.setenv("DMC_EXTRA_BUFFERS", "off")
    assert loader.extra_buffers_allowed() is False


def test_the_wheel_cache_is_keyed_by_the_cpu(tmp_path):
    """scripts/bootstrap's key changes with the CPU flags and the build options, not otherwise."""
    script = (REPO_ROOT / "scripts" / "bootstrap").read_text()
    function = script[
        script.index("cpu_flags() {") : script.index("\n}\n", script.index("cpu_flags() {")) + 3
    ]
    key_line = next(line for line in script.splitlines() if line.startswith("llama_key="))

    def key(cpuinfo: str, cmake: str = "") -> str:
        fake = tmp_path / "cpuinfo"
        fake.write_text(cpuinfo)
        body = (
            function.replace("/proc/cpuinfo", str(fake))
            + "llama_version=0.3.36\n"
            + key_line
            + '\necho "$llama_key"\n'
        )
        env = {**os.environ, "CMAKE_ARGS": cmake}
        return subprocess.run(
            ["bash", "-c", body], capture_output=True, text=True, env=env, check=True
        ).stdout.strip()

    avx2 = "processor: 0\nflags\t\t: fpu sse2 avx avx2 fma\n"
    assert key(avx2) == key("processor: 0\nflags\t\t: avx2 fpu fma sse2 avx\n")  # order does not matter
    assert key(avx2) != key("processor: 0\nflags\t\t: fpu sse2 avx avx2 fma avx512f amx_int8 amx_tile\n")
    assert key(avx2) != key(avx2, cmake="-DGGML_CUDA=on")
