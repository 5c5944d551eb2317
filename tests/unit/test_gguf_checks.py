"""Pre-flight checks on model and adapter files, on the real bundled GGUF and adapters we write."""

import shutil

import pytest
from conftest import lora_for

from dm_companion.errors import DMCError
from dm_companion.llm.discovery import bundled_model_path, check_adapter_fits, choose
from dm_companion.llm.gguf_info import read_gguf
from dm_companion.llm.lora_gguf import write_lora_gguf
from dm_companion.settings import load_settings


def settings_for(tmp_path, **flags):
    return load_settings(flags, environ={}, path=tmp_path / "none.toml")


def test_bundled_model_header(model_info):
    assert model_info.architecture == "llama"
    assert model_info.metadata["llama.block_count"] == 30
    assert model_info.tensors["blk.0.attn_q.weight"].shape == (576, 576)
    assert model_info.tensors["blk.0.attn_k.weight"].shape == (576, 192)  # 3 KV heads of 64


def test_missing_model_file(tmp_path):
    with pytest.raises(DMCError, match=r"model file not found: .*nope\.gguf"):
        choose(settings_for(tmp_path, model=str(tmp_path / "nope.gguf")))


def test_directory_and_non_gguf_files(tmp_path):
    with pytest.raises(DMCError, match="not a file"):
        read_gguf(tmp_path)
    text = tmp_path / "notes.gguf"
    text.write_text("these are campaign notes, not a model")
    with pytest.raises(DMCError, match="is not a GGUF file"):
        read_gguf(text)
    empty = tmp_path / "empty.gguf"
    empty.write_bytes(b"")
    with pytest.raises(DMCError, match="is not a GGUF file"):
        read_gguf(empty)


@pytest.mark.parametrize("keep", [0.5, 0.01, 0.0001])
def test_truncated_model_is_refused(tmp_path, keep):
    source = bundled_model_path()
    cut = tmp_path / "cut.gguf"
    with source.open("rb") as src, cut.open("wb") as dst:
        dst.write(src.read(int(source.stat().st_size * keep)))
    with pytest.raises(DMCError, match="truncated"):
        read_gguf(cut)


def test_fitting_adapter_is_accepted(tmp_path, model_info):
    path = write_lora_gguf(tmp_path / "ok.gguf", "llama", 8, lora_for(model_info))
    adapter = read_gguf(path, "adapter")
    assert adapter.file_type == "adapter"
    check_adapter_fits(model_info, adapter)
    choice = choose(settings_for(tmp_path, adapter=str(path)))
    assert choice.adapter is not None and choice.adapter_label == "ok"


def test_adapter_for_another_model_size_names_both_files(tmp_path, model_info):
    wrong = lora_for(model_info, shape_of=lambda name: (960, 960))  # SmolLM2-360M's width
    path = write_lora_gguf(tmp_path / "for-360m.gguf", "llama", 8, wrong)
    with pytest.raises(DMCError) as caught:
        choose(settings_for(tmp_path, adapter=str(path)))
    message = str(caught.value)
    assert str(path) in message and str(model_info.path) in message
    assert "blk.0.attn_q.weight" in message and "[576, 576]" in message


def test_adapter_for_another_architecture_or_layer_count(tmp_path, model_info):
    other_arch = write_lora_gguf(tmp_path / "qwen.gguf", "qwen2", 8, lora_for(model_info))
    with pytest.raises(DMCError, match="architecture 'qwen2', the model is 'llama'"):
        check_adapter_fits(model_info, read_gguf(other_arch))
    too_deep = lora_for(model_info, layers=(40,), shape_of=lambda name: (576, 576))
    deep = write_lora_gguf(tmp_path / "deep.gguf", "llama", 8, too_deep)
    with pytest.raises(DMCError, match=r"has no tensor 'blk\.40\.attn_q\.weight'"):
        check_adapter_fits(model_info, read_gguf(deep))


def test_model_given_as_adapter_and_adapter_given_as_model(tmp_path, model_info):
    with pytest.raises(DMCError, match="not a LoRA adapter"):
        choose(settings_for(tmp_path, adapter=str(bundled_model_path())))
    lora = write_lora_gguf(tmp_path / "lora.gguf", "llama", 8, lora_for(model_info))
    with pytest.raises(DMCError, match="is a LoRA adapter, not a model"):
        choose(settings_for(tmp_path, model=str(lora)))


def test_user_model_path_is_used(tmp_path):
    copy = tmp_path / "my-model.gguf"
    shutil.copy(bundled_model_path(), copy)
    choice = choose(settings_for(tmp_path, model=str(copy), adapter="none"))
    assert choice.model.path == copy and choice.model_label == "my-model"


def test_the_shipped_adapter_applies_to_the_bundled_model_only(tmp_path):
    from conftest import write_unknown_architecture_gguf

    from dm_companion.paths import DEFAULT_ADAPTER

    assert choose(settings_for(tmp_path)).adapter.path == DEFAULT_ADAPTER
    other = write_unknown_architecture_gguf(tmp_path / "other.gguf")
    assert choose(settings_for(tmp_path, model=str(other))).adapter is None  # default: skipped
    with pytest.raises(DMCError, match="does not fit model"):
        choose(settings_for(tmp_path, model=str(other), adapter=str(DEFAULT_ADAPTER)))
