"""The `dm-companion` command as a user runs it: one-line errors, non-zero exits, an honest doctor."""

import pytest
from conftest import dmc


@pytest.mark.model
def test_doctor_reports_what_is_used_and_passes():
    result = dmc("--threads", "2", "doctor", env_extra={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "SmolLM2-135M-Instruct.Q4_1.gguf" in out
    from dm_companion.llm.engine import plan_backend
    from dm_companion.settings import load_settings

    assert plan_backend(load_settings({"threads": "2"})).label in out  # CPU or GPU, as built
    assert "in a test process" in out  # the model generated in a child before the app trusts it
    assert "334 monsters" in out and "319 spells" in out
    assert "all-MiniLM-L6-v2-" in out and "embedded a line" in out  # the GGUF copy, run by llama.cpp
    assert "llama-cpp-python 0.3.36" in out
    assert "--threads" in out  # where the threads setting came from


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--model", "/nowhere/model.gguf"], "model file not found: /nowhere/model.gguf"),
        (["--model", "/nowhere/model.gguf", "doctor"], "model: model file not found: /nowhere/model.gguf"),
        (["--adapter", "/nowhere/lora.gguf", "doctor"], "adapter file not found: /nowhere/lora.gguf"),
        (["--n-ctx", "ten"], "setting 'n_ctx' from --n-ctx is not valid: 'ten'"),
    ],
)
def test_bad_paths_and_values_are_one_line_and_non_zero(args, expected):
    result = dmc(*args)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert errors and expected in errors[0]
    assert "Traceback" not in result.stderr
    if "doctor" not in args:
        assert len(errors) == 1


def test_non_gguf_model_file(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a model")
    result = dmc("--model", str(notes))
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f"dm-companion: error: {notes} is not a GGUF file (expected a llama.cpp .gguf model)"
    )


def test_mistyped_command_suggests_the_right_one():
    result = dmc("docter")
    assert result.returncode == 2
    assert "unknown command 'docter'; did you mean 'doctor'?" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_broken_settings_file_is_one_line(tmp_path):
    config = tmp_path / "settings.toml"
    config.write_text("threads = [\n")
    result = dmc("doctor", env_extra={"DMC_CONFIG": str(config)})
    assert result.returncode == 1
    assert "is not valid TOML" in result.stderr and "Traceback" not in result.stderr
