from pathlib import Path

import pytest

from dm_companion.errors import DMCError
from dm_companion.settings import load_settings


def test_defaults_when_nothing_is_set(tmp_path):
    settings = load_settings({}, environ={}, path=tmp_path / "missing.toml")
    assert settings.model == "bundled"
    assert settings.adapter == "default"
    assert settings.n_ctx == 4096
    assert settings.threads == "auto" and settings.resolved_threads >= 1
    assert set(settings.origins.values()) == {"default"}


def test_file_then_env_then_flags_win_in_order(tmp_path):
    config = tmp_path / "settings.toml"
    config.write_text('n_ctx = 1024\nthreads = 3\ntemperature = 0.2\nadapter = "none"\n')
    settings = load_settings(
        {"threads": "1", "model": None}, environ={"DMC_TEMPERATURE": "0.9", "DMC_N_CTX": "2048"}, path=config
    )
    assert settings.adapter == "none" and settings.origins["adapter"] == str(config)
    assert settings.n_ctx == 2048 and settings.origins["n_ctx"] == "env DMC_N_CTX"
    assert settings.temperature == 0.9
    assert settings.threads == 1 and settings.origins["threads"] == "--threads"
    assert settings.origins["model"] == "default"


def test_paths_expand_home_and_keywords_are_case_insensitive(tmp_path):
    settings = load_settings(
        {"model": "~/models/x.gguf", "adapter": "NONE"}, environ={}, path=tmp_path / "none.toml"
    )
    assert settings.model == str(Path.home() / "models" / "x.gguf")
    assert settings.adapter == "none"


@pytest.mark.parametrize(
    "flags, fragment",
    [
        ({"n_ctx": "12"}, "'n_ctx' from --n-ctx must be at least 256"),
        ({"temperature": "hot"}, "'temperature' from --temperature is not valid"),
        ({"threads": "0"}, "must be at least 1"),
        ({"gpu_layers": "-2"}, "must be at least -1"),
        ({"campaign": "  "}, "is empty"),
    ],
)
def test_bad_flag_values_name_the_setting(tmp_path, flags, fragment):
    with pytest.raises(DMCError, match=fragment):
        load_settings(flags, environ={}, path=tmp_path / "none.toml")


def test_bad_env_value_names_the_variable(tmp_path):
    with pytest.raises(DMCError, match="env DMC_THREADS"):
        load_settings({}, environ={"DMC_THREADS": "many"}, path=tmp_path / "none.toml")


def test_unknown_key_and_broken_toml_are_one_clear_error(tmp_path):
    config = tmp_path / "settings.toml"
    config.write_text('modle = "x.gguf"\n')
    with pytest.raises(DMCError, match="unknown key 'modle'"):
        load_settings({}, environ={}, path=config)
    config.write_text('model = "unterminated\n')
    with pytest.raises(DMCError, match="not valid TOML"):
        load_settings({}, environ={}, path=config)
