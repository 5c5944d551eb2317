"""Export a PEFT LoRA adapter to the GGUF LoRA llama.cpp loads on the quantized base, and prove it:
llama.cpp's next-token logits (base + exported adapter) must correlate at least 0.999 with
HF+PEFT's (the same base dequantized + the PEFT adapter) on a few prompts, or the export fails.

The check runs llama.cpp on the very weights PEFT trained on: an f32 copy of the base GGUF that
llama.cpp's own quantizer writes (Q4_1 dequantizes exactly). On the quantized file itself,
llama.cpp quantizes activations for its Q4_1 kernels, which alone puts the base model's own
correlation with HF at about 0.9992 and leaves an adapter almost no room under 0.999 whether or
not it was exported right; on the exact weights a right export scores 1.0 and a wrong one
(say, Q/K rows not permuted) 0.93-0.97. The correlations on the served base, with the base
alone beside them, are reported too.

PEFT's A (r x in) and B (out x r) go in as they are (float16 by default); B of q_proj and k_proj gets the row
permutation llama.cpp's converter applied to the base Q/K weights (each head's rows split in
two halves and interleaved), with the head count of q and the KV-head count of k.

Beside the GGUF it writes `peft/`, the adapter as PEFT saved it, for a vLLM server
(`--enable-lora --lora-modules NAME=DIR/peft`; the app asks a server for the adapter by NAME).

    python -m tools.export_gguf runs/default/adapter adapters/default/adapter.gguf [--base bundled]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np

from dm_companion.errors import DMCError
from tools.common import load_base

LLAMA_NAMES = {
    "q_proj": "attn_q",
    "k_proj": "attn_k",
    "v_proj": "attn_v",
    "o_proj": "attn_output",
    "gate_proj": "ffn_gate",
    "up_proj": "ffn_up",
    "down_proj": "ffn_down",
}
_PEFT_KEY = re.compile(r"layers\.(\d+)\.(?:self_attn|mlp)\.(\w+)\.lora_([AB])\.weight$")
PARITY_PROMPTS = [
    "What is the armor class of a goblin?",
    "Describe a misty marsh at night.",
    "How does grappling work?",
]
MIN_CORRELATION = 0.999


def permute(rows: np.ndarray, heads: int) -> np.ndarray:
    """llama.cpp's Q/K row order: within each head, the two rotary halves interleaved."""
    return (
        rows.reshape(heads, 2, rows.shape[0] // heads // 2, *rows.shape[1:])
        .swapaxes(1, 2)
        .reshape(rows.shape)
    )


def unpermute(rows: np.ndarray, heads: int) -> np.ndarray:
    """PEFT's Q/K row order back from llama.cpp's: `permute` undone."""
    return (
        rows.reshape(heads, rows.shape[0] // heads // 2, 2, *rows.shape[1:])
        .swapaxes(1, 2)
        .reshape(rows.shape)
    )


def read_adapter(folder: Path) -> tuple[dict, dict[str, np.ndarray]]:
    from safetensors.numpy import load_file

    folder = Path(folder)
    config_path, weights_path = folder / "adapter_config.json", folder / "adapter_model.safetensors"
    if not config_path.is_file() or not weights_path.is_file():
        raise DMCError(
            f"{folder} is not a PEFT adapter folder (needs adapter_config.json and adapter_model.safetensors)"
        )
    return json.loads(config_path.read_text()), load_file(str(weights_path))


def gguf_matrices(config: dict, weights: dict[str, np.ndarray], n_head: int, n_kv_head: int):
    pairs: dict[str, dict[str, np.ndarray]] = {}
    for key, value in weights.items():
        match = _PEFT_KEY.search(key)
        if not match:
            raise DMCError(f"unexpected tensor in the adapter: {key}")
        layer, module, which = match.groups()
        if module not in LLAMA_NAMES:
            raise DMCError(f"cannot export LoRA on '{module}' (llama.cpp maps: {', '.join(LLAMA_NAMES)})")
        pairs.setdefault(f"blk.{layer}.{LLAMA_NAMES[module]}.weight", {})[which] = value.astype(np.float32)
    matrices = {}
    for name, pair in sorted(pairs.items()):
        a, b = pair["A"], pair["B"]
        if ".attn_q." in name:
            b = permute(b, n_head)
        elif ".attn_k." in name:
            b = permute(b, n_kv_head)
        matrices[name] = (a, b)
    return matrices


def parity(base: str, adapter_dir: Path, exported: Path) -> dict[str, list[float]]:
    """Correlations of the last position's logits, llama.cpp vs HF+PEFT, per prompt: "exact" on
    an f32 copy of the base (the gate), "served" on the base GGUF as the app runs it, and
    "served_base_alone", the same without the adapter (the quantized kernels' own floor)."""
    import tempfile

    from peft import PeftModel

    model, tokenizer, base_path = load_base(base)
    if not base_path.is_file():
        raise DMCError("the parity check needs the base as a GGUF file (llama.cpp runs it)")
    peft_model = PeftModel.from_pretrained(model, str(adapter_dir)).eval()
    texts = [
        tokenizer.apply_chat_template(
            [{"role": "user", "content": prompt}], tokenize=False, add_generation_prompt=True
        )
        for prompt in PARITY_PROMPTS
    ]
    with tempfile.TemporaryDirectory(prefix="dmc-parity-") as folder:
        exact = Path(folder) / "base-f32.gguf"
        _f32_copy(base_path, exact)
        found = {
            "exact": _correlations(peft_model, exact, exported, texts),
            "served": _correlations(peft_model, base_path, exported, texts),
        }
    with peft_model.disable_adapter():
        found["served_base_alone"] = _correlations(peft_model, base_path, None, texts)
    return found


def _f32_copy(base: Path, out: Path) -> None:
    """The base GGUF with every tensor dequantized to f32, written by llama.cpp's quantizer."""
    import ctypes

    import llama_cpp

    from dm_companion.llm.engine import route_llama_log

    route_llama_log()  # the quantizer logs every tensor; keep it off the terminal
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = llama_cpp.LLAMA_FTYPE_ALL_F32
    params.allow_requantize = True
    if llama_cpp.llama_model_quantize(str(base).encode(), str(out).encode(), ctypes.byref(params)) != 0:
        raise DMCError(f"llama.cpp could not write an f32 copy of {base} for the parity check")


def _correlations(hf_model, base: Path, lora: Path | None, texts: list[str]) -> list[float]:
    """One llama.cpp instance tokenizes and scores every prompt; HF gets the same ids."""
    import torch

    from dm_companion.llm.loader import load_llama

    extra = {"lora_path": str(lora)} if lora else {}
    llm = load_llama(str(base), n_ctx=512, logits_all=True, n_threads=2, verbose=False, **extra)
    found = []
    for text in texts:
        tokens = llm.tokenize(text.encode(), add_bos=False, special=True)
        with torch.no_grad():
            hf = hf_model(torch.tensor([tokens])).logits[0, -1].double().numpy()
        llm.reset()
        llm.eval(tokens)
        cpp = np.array(llm.scores[len(tokens) - 1], dtype=np.float64)
        found.append(float(np.corrcoef(hf, cpp)[0, 1]))
    llm.close()
    return found


def export(
    adapter_dir: Path, out: Path, base: str = "bundled", check: bool = True, half: bool = True
) -> dict:
    from dm_companion.llm.discovery import bundled_model_path
    from dm_companion.llm.gguf_info import read_gguf
    from dm_companion.llm.lora_gguf import write_lora_gguf

    config, weights = read_adapter(adapter_dir)
    base_path = Path(base).expanduser() if base and base != "bundled" else bundled_model_path()
    info = read_gguf(base_path)
    n_head = int(info.metadata[f"{info.architecture}.attention.head_count"])
    n_kv_head = int(info.metadata.get(f"{info.architecture}.attention.head_count_kv", n_head))
    matrices = gguf_matrices(config, weights, n_head, n_kv_head)
    rank = int(config["r"])
    written = write_lora_gguf(
        out,
        info.architecture,
        float(config["lora_alpha"]),
        matrices,
        name=f"dm-companion LoRA r{rank}",
        dtype=np.float16 if half else np.float32,
    )
    result = {
        "out": str(written),
        "tensors": 2 * len(matrices),
        "rank": rank,
        "alpha": config["lora_alpha"],
        "dtype": "f16" if half else "f32",
        "bytes": written.stat().st_size,
    }
    if check:
        found = parity(str(base_path), adapter_dir, written)
        correlations = found["exact"]
        result["parity_correlations"] = [round(c, 6) for c in correlations]
        result["served_base_correlations"] = {
            "with_adapter": [round(c, 6) for c in found["served"]],
            "base_alone": [round(c, 6) for c in found["served_base_alone"]],
        }
        if min(correlations) < MIN_CORRELATION:
            bad = written.with_suffix(".failed-parity.gguf")
            written.replace(bad)
            raise DMCError(
                f"parity check failed: correlation {min(correlations):.6f} < {MIN_CORRELATION} "
                f"(the export was moved to {bad}, not left where the app would load it)"
            )
    result["peft"] = str(write_peft(adapter_dir, written.parent / "peft"))
    return result


def peft_from_gguf(gguf_path: Path, folder: Path, base: str = "bundled") -> Path:
    """A GGUF LoRA this exporter wrote, back as a PEFT adapter folder, so training can go on from
    an adapter whose PEFT weights were not kept (the shipped default's): each `lora_a`/`lora_b`
    pair under its PEFT name, Q/K rows unpermuted, rank and alpha from the file. The weights
    are the file's float16 values; export -> import -> export gives the same file."""
    from gguf import GGUFReader
    from peft import LoraConfig
    from safetensors.numpy import save_file

    from dm_companion.llm.discovery import bundled_model_path
    from dm_companion.llm.gguf_info import read_gguf

    base_path = Path(base).expanduser() if base and base != "bundled" else bundled_model_path()
    info = read_gguf(base_path)
    n_head = int(info.metadata[f"{info.architecture}.attention.head_count"])
    n_kv_head = int(info.metadata.get(f"{info.architecture}.attention.head_count_kv", n_head))
    reader = GGUFReader(str(gguf_path))
    alpha_field = reader.fields.get("adapter.lora.alpha")
    if alpha_field is None:
        raise DMCError(f"{gguf_path} is not a GGUF LoRA adapter (no adapter.lora.alpha)")
    alpha = float(alpha_field.parts[alpha_field.data[0]][0])
    module_of = {llama: peft for peft, llama in LLAMA_NAMES.items()}
    weights, modules, rank = {}, set(), 0
    for tensor in reader.tensors:
        match = re.fullmatch(r"blk\.(\d+)\.(\w+)\.weight\.lora_([ab])", tensor.name)
        if not match or match.group(2) not in module_of:
            raise DMCError(f"unexpected tensor in {gguf_path}: {tensor.name}")
        layer, llama, which = match.groups()
        module = module_of[llama]
        value = np.array(tensor.data, dtype=np.float32).reshape([int(n) for n in reversed(tensor.shape)])
        if which == "b" and module in ("q_proj", "k_proj"):
            value = unpermute(value, n_head if module == "q_proj" else n_kv_head)
        rank = value.shape[0] if which == "a" else value.shape[1]
        group = "mlp" if module in ("gate_proj", "up_proj", "down_proj") else "self_attn"
        weights[f"base_model.model.model.layers.{layer}.{group}.{module}.lora_{which.upper()}.weight"] = value
        modules.add(module)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    LoraConfig(
        r=rank, lora_alpha=alpha, target_modules=sorted(modules), lora_dropout=0.05, task_type="CAUSAL_LM"
    ).save_pretrained(str(folder))
    save_file(weights, str(folder / "adapter_model.safetensors"))
    return folder


def write_peft(adapter_dir: Path, folder: Path) -> Path:
    """The PEFT folder vLLM loads (`--lora-modules NAME=FOLDER`), beside the GGUF: the adapter's
    config and weights as trained, nothing else of the run (a server needs no optimizer state).
    Written to a temporary folder first, so a failed copy never leaves half an adapter."""
    import shutil

    staging = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name in ("adapter_config.json", "adapter_model.safetensors"):
        shutil.copy2(Path(adapter_dir) / name, staging / name)
    shutil.rmtree(folder, ignore_errors=True)
    staging.replace(folder)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.export_gguf", description=__doc__.splitlines()[0])
    parser.add_argument("adapter", type=Path, help="a PEFT adapter folder (train_lora's OUT/adapter)")
    parser.add_argument("out", type=Path, help="the GGUF file to write")
    parser.add_argument("--base", default="bundled", help="the base GGUF the adapter was trained on")
    parser.add_argument("--no-parity", action="store_true", help="skip the llama.cpp vs HF+PEFT check")
    parser.add_argument("--f32", action="store_true", help="store float32 tensors (default float16)")
    args = parser.parse_args(argv)
    try:
        result = export(args.adapter, args.out, args.base, check=not args.no_parity, half=not args.f32)
    except DMCError as exc:
        print(f"export_gguf: error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
