"""The adapter factory's export: a trained PEFT adapter to a GGUF LoRA that passes parity with
HF+PEFT, loads in the app, and reads back as the adapter it was exported from."""

import numpy as np
import pytest

from tools import export_gguf

pytestmark = pytest.mark.model  # every test here runs a real model


@pytest.fixture(scope="module")
def qk_adapter(tmp_path_factory):
    """A PEFT adapter on q_proj and k_proj with random B: strong enough that a wrong Q/K row order
    in the export shows in the logits."""
    from peft import LoraConfig, get_peft_model
    from safetensors.numpy import load_file, save_file

    from tools.common import load_base

    folder = tmp_path_factory.mktemp("qk") / "adapter"
    model, _, _ = load_base("bundled")
    get_peft_model(
        model, LoraConfig(r=8, lora_alpha=16, target_modules=["q_proj", "k_proj"])
    ).save_pretrained(folder)
    weights = load_file(str(folder / "adapter_model.safetensors"))
    rng = np.random.default_rng(1)
    save_file(
        {k: rng.standard_normal(v.shape).astype(np.float32) * 0.08 for k, v in weights.items()},
        str(folder / "adapter_model.safetensors"),
    )
    return folder


def test_export_passes_parity_and_the_app_loads_it(qk_adapter, tmp_path, greedy_settings):
    from dm_companion.llm.discovery import choose
    from dm_companion.llm.engine import Engine
    from dm_companion.settings import load_settings

    out = tmp_path / "adapter.gguf"
    result = export_gguf.export(qk_adapter, out)
    assert min(result["parity_correlations"]) >= 0.999 and result["tensors"] == 4 * 30
    from peft import PeftConfig
    from safetensors.numpy import load_file

    peft = tmp_path / "peft"  # what vLLM loads: the same adapter, as PEFT wrote it
    assert result["peft"] == str(peft) and sorted(p.name for p in peft.iterdir()) == [
        "adapter_config.json",
        "adapter_model.safetensors",
    ]
    assert PeftConfig.from_pretrained(str(peft)).r == PeftConfig.from_pretrained(str(qk_adapter)).r
    trained = load_file(str(qk_adapter / "adapter_model.safetensors"))
    assert all((load_file(str(peft / "adapter_model.safetensors"))[k] == v).all() for k, v in trained.items())
    settings = load_settings(
        {"adapter": str(out), "threads": "2", "temperature": "0", "n_ctx": "1024"},
        environ={},
        path=tmp_path / "none.toml",
    )
    engine = Engine(choose(settings), settings)
    engine.load()
    assert "".join(engine.stream_chat([{"role": "user", "content": "Name a colour."}], max_tokens=8))


def test_a_gguf_adapter_comes_back_as_the_peft_adapter_it_was_exported_from(qk_adapter, tmp_path):
    """Training can go on from the app's adapter file when its PEFT weights were not kept:
    import gives back the trained tensors (to float16 rounding), and exporting the import
    writes the same file again."""
    from safetensors.numpy import load_file

    exported = export_gguf.export(qk_adapter, tmp_path / "first.gguf", check=False)
    back = export_gguf.peft_from_gguf(tmp_path / "first.gguf", tmp_path / "back")
    trained = load_file(str(qk_adapter / "adapter_model.safetensors"))
    imported = load_file(str(back / "adapter_model.safetensors"))
    assert sorted(imported) == sorted(trained)
    assert all(np.allclose(imported[k], v, atol=1e-3) for k, v in trained.items())
    again = export_gguf.export(back, tmp_path / "again.gguf", check=False)
    assert again["tensors"] == exported["tensors"]
    assert (tmp_path / "again.gguf").read_bytes() == (tmp_path / "first.gguf").read_bytes()


def test_export_without_the_qk_permutation_fails_parity(qk_adapter, tmp_path, monkeypatch):
    from dm_companion.errors import DMCError

    monkeypatch.setattr(export_gguf, "permute", lambda rows, heads: rows)
    out = tmp_path / "adapter.gguf"
    with pytest.raises(DMCError, match="parity check failed"):
        export_gguf.export(qk_adapter, out)
    assert not out.exists() and out.with_suffix(".failed-parity.gguf").exists()
    assert not (tmp_path / "peft").exists()
