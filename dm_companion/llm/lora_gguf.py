"""Writing a LoRA adapter as the GGUF file llama.cpp's `lora_path` loads.

The layout follows llama.cpp's convert_lora_to_gguf: `general.type=adapter`, `adapter.type=lora`,
`adapter.lora.alpha`, and per adapted matrix `<base>.lora_a` (PEFT's A, r x in) and
`<base>.lora_b` (PEFT's B, out x r), stored as given (numpy row-major is ggml's [in, r] / [r, out]).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from gguf import GGUFWriter


def write_lora_gguf(
    path: str | Path,
    architecture: str,
    alpha: float,
    matrices: dict[str, tuple[np.ndarray, np.ndarray]],
    name: str = "dm-companion adapter",
    dtype=np.float32,
) -> Path:
    """`matrices` maps a base tensor name (e.g. 'blk.0.attn_q.weight') to its (A, B) pair;
    `dtype` float16 halves the file (llama.cpp reads either)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = GGUFWriter(str(path), arch=architecture)
    writer.add_type("adapter")
    writer.add_name(name)
    writer.add_string("adapter.type", "lora")
    writer.add_float32("adapter.lora.alpha", float(alpha))
    for base, (a, b) in matrices.items():
        writer.add_tensor(f"{base}.lora_a", np.ascontiguousarray(a, dtype=dtype))
        writer.add_tensor(f"{base}.lora_b", np.ascontiguousarray(b, dtype=dtype))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
