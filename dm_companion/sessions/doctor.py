"""`dm-companion doctor`: what will be used, where it came from, and whether it works."""

from __future__ import annotations

import importlib.metadata
import platform
import time
from collections.abc import Callable
from dataclasses import dataclass

from dm_companion.errors import DMCError
from dm_companion.settings import SPECS, Settings, config_file


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _attempt(name: str, probe: Callable[[], str]) -> Check:
    try:
        return Check(name, True, probe())
    except DMCError as exc:
        return Check(name, False, str(exc))


def loaded_backend(choice, settings: Settings) -> str:
    """The model generating in a child process first (a native crash is one line here), then
    loaded here: the device, the CPU, the build's features and the probe's result."""
    from dm_companion.llm.engine import Engine
    from dm_companion.llm.loader import extra_buffers_allowed
    from dm_companion.llm.probe import cpu_name, probe

    generated = probe(choice, settings)
    if not generated.ok:
        raise DMCError(generated.detail)
    engine = Engine(choice, settings)
    engine.load()
    assert engine.backend is not None
    build = "CUDA/GPU build" if engine.backend.gpu else "CPU-only build"
    buffers = "on" if extra_buffers_allowed() else "off"
    return (
        f"{engine.backend.label} on {cpu_name()}; llama.cpp {build}, extra weight buffers {buffers}; "
        f"{generated.detail}; model loaded and ready"
    )


def served_backend(settings: Settings) -> str:
    """The configured server answering: what it serves, how the adapter is picked, and a few
    tokens generated through it with the time to the first piece."""
    import time

    from dm_companion.llm.served import ServedEngine

    engine = ServedEngine(settings)
    engine.load()
    start = time.perf_counter()
    first, pieces = None, []
    for piece in engine.stream_chat(
        [{"role": "user", "content": "Say hello."}], max_tokens=8, temperature=0.0
    ):
        first = first or time.perf_counter() - start
        pieces.append(piece)
    engine.close()
    if not pieces:
        raise DMCError(f"the model server at {settings.server} answered with no text")
    return f"{engine.load_log}; generated {len(pieces)} pieces, first after {first * 1000:.0f} ms"


def embedding() -> str:
    """The bundled embedding model as llama.cpp runs it (converted on first use), timed on a line."""
    from dm_companion.memory.embedder import DIMENSION, embedder
    from dm_companion.memory.embedding_gguf import embedding_gguf

    start = time.perf_counter()
    running = embedder()
    vector = running.embed_one("can a goblin see in the dark?")
    took = time.perf_counter() - start
    if vector.shape != (DIMENSION,):
        raise DMCError(f"the embedding model gave {vector.shape[0]} numbers, not {DIMENSION}")
    by = f"sentence-transformers: {running.notice}" if running.notice else "llama.cpp"
    return f"{embedding_gguf()} ({by}; loaded and embedded a line in {took * 1000:.0f} ms)"


def run_checks(settings: Settings) -> list[Check]:
    from dm_companion.llm import discovery
    from dm_companion.srd.database import srd_database_path, table_counts

    checks: list[Check] = []
    choice_holder: list[discovery.ModelChoice] = []

    def model() -> str:
        choice = discovery.choose(settings)
        choice_holder.append(choice)
        info = choice.model
        size = info.path.stat().st_size / 2**20
        return f"{info.path} ({info.name}, {info.architecture}, {size:.0f} MiB)"

    def adapter() -> str:
        if not choice_holder:
            path = discovery.resolve_adapter_path(settings)
            raise DMCError(f"not checked: the model failed (adapter {path or 'none'})")
        info = choice_holder[0].adapter
        if info is None:
            return "none" + (
                " (no adapters/default/adapter.gguf shipped)" if settings.adapter == "default" else ""
            )
        rank = next(iter(t.shape[1] for n, t in info.tensors.items() if n.endswith("lora_a")), "?")
        return f"{info.path} (LoRA rank {rank}, {len(info.tensors) // 2} matrices, fits the model)"

    def backend() -> str:
        if not choice_holder:
            raise DMCError("not loaded: the model or adapter check failed")
        return loaded_backend(choice_holder[0], settings)

    def build() -> str:
        from dm_companion.llm.loader import system_info

        return system_info().strip()

    def srd() -> str:
        counts = table_counts()
        return f"{srd_database_path()} ({', '.join(f'{n} {t}' for t, n in counts.items())})"

    if settings.server:  # the model runs there: no local model file is read or loaded
        checks.append(_attempt("server", lambda: served_backend(settings)))
    else:
        checks.append(_attempt("model", model))
        checks.append(_attempt("adapter", adapter))
        checks.append(_attempt("llama.cpp", backend))
    checks.append(_attempt("llama.cpp build", build))
    checks.append(_attempt("SRD database", srd))
    checks.append(_attempt("embedding model", embedding))
    versions = ", ".join(
        f"{p} {_version(p)}"
        for p in ("dm-companion", "llama-cpp-python", "textual", "lancedb", "sentence-transformers", "torch")
    )
    checks.append(Check("versions", True, f"Python {platform.python_version()}, {versions}"))
    return checks


def settings_rows(settings: Settings) -> list[tuple[str, str, str]]:
    path = config_file()
    rows = [(spec.name, str(settings.values[spec.name]), settings.origins[spec.name]) for spec in SPECS]
    rows.append(("settings file", str(path), "exists" if path.exists() else "not present (defaults apply)"))
    return rows
