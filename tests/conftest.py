"""Shared fixtures. Tests run offline, on the real bundled model, with the user's config ignored."""

from __future__ import annotations

import json
import os
import sys

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def shared_data_dir(tmp_path_factory):
    """One data dir per test session, so the SRD index (about 90 s to build here) is built once."""
    return tmp_path_factory.mktemp("data")


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path, monkeypatch, shared_data_dir):
    """No test reads or writes the real user's settings, campaigns or SRD index."""
    monkeypatch.setenv("DMC_CONFIG", str(tmp_path / "config" / "settings.toml"))
    monkeypatch.setenv("DMC_CAMPAIGNS_DIR", str(tmp_path / "campaigns"))
    monkeypatch.setenv("DMC_DATA_DIR", str(shared_data_dir))
    for name in ("DMC_MODEL", "DMC_ADAPTER", "DMC_N_CTX", "DMC_THREADS", "DMC_GPU_LAYERS",
                 "DMC_CAMPAIGN", "DMC_TEMPERATURE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def model_info():
    from dm_companion.llm.discovery import bundled_model_path
    from dm_companion.llm.gguf_info import read_gguf

    return read_gguf(bundled_model_path())


def lora_for(model_info, rank: int = 4, scale: float = 0.0, seed: int = 0,
             layers: tuple[int, ...] = (0, 1), kinds: tuple[str, ...] = ("attn_q", "attn_v"),
             shape_of=None) -> dict:
    """(A, B) pairs shaped for `model_info`'s tensors (or as `shape_of(name)` says: [in, out])."""
    rng = np.random.default_rng(seed)
    matrices = {}
    for layer in layers:
        for kind in kinds:
            name = f"blk.{layer}.{kind}.weight"
            n_in, n_out = shape_of(name) if shape_of else model_info.tensors[name].shape
            a = rng.standard_normal((rank, n_in)).astype(np.float32) * 0.1
            b = rng.standard_normal((n_out, rank)).astype(np.float32) * scale
            matrices[name] = (a, b)
    return matrices


@pytest.fixture(scope="session")
def greedy_settings(tmp_path_factory):
    from dm_companion.settings import load_settings

    return load_settings({"threads": "2", "temperature": "0", "adapter": "none", "n_ctx": "2048",
                          "campaigns_dir": str(tmp_path_factory.mktemp("campaigns"))},
                         environ={}, path=tmp_path_factory.mktemp("cfg") / "absent.toml")


@pytest.fixture(scope="session")
def engine(greedy_settings):
    """The real bundled SmolLM2 in llama.cpp, loaded once for the session."""
    from dm_companion.llm.discovery import choose
    from dm_companion.llm.engine import Engine

    loaded = Engine(choose(greedy_settings), greedy_settings)
    loaded.load()
    return loaded


@pytest.fixture(scope="session")
def book():
    from dm_companion.srd.repository import srd

    return srd()


@pytest.fixture(scope="session")
def srd_index(book, shared_data_dir):
    """The real SRD index on real LanceDB, built once per session in the shared data dir."""
    from dm_companion.assistant.retrieval import SRDIndex

    index = SRDIndex(book, root=shared_data_dir / "srd-index")
    index.open()
    return index


@pytest.fixture(scope="session")
def rules(engine, book, srd_index):
    from dm_companion.assistant.rules_qa import RulesAssistant

    return RulesAssistant(engine, book, srd_index)


def write_unknown_architecture_gguf(path):
    """A GGUF whose header is sound but whose architecture llama.cpp does not know."""
    from gguf import GGUFWriter

    writer = GGUFWriter(str(path), arch="no-such-arch")
    writer.add_tensor("weights", np.zeros((4, 4), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


async def wait_for(pilot, condition, timeout=60.0):
    """Lets the app run until `condition()` holds; fails the test after `timeout` seconds."""
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.02)


SEGFAULT = [sys.executable, "-c", "import ctypes; ctypes.string_at(0)"]  # a real SIGSEGV in C code


@pytest.fixture
def crashed_probe():
    """Keeps the verdict the app keeps after its probe child died of a real SIGSEGV (as llama.cpp's
    AMX path does on some Xeons) for the build, CPU, model and adapter of the settings given: the
    app then opens without the model, as it would on such a CPU. Removed after the test, so the
    other tests sharing the data dir still get the model."""
    from dm_companion.llm import probe
    from dm_companion.llm.discovery import choose

    kept = []

    def remember(settings):
        crashed = probe.run_probe(SEGFAULT)
        cache = probe.data_dir() / "llama-probe" / f"{probe.fingerprint(choose(settings), settings)}.json"
        probe.write_atomically(cache, json.dumps({"ok": crashed.ok, "detail": crashed.detail}))
        kept.append(cache)
        return crashed

    yield remember
    for cache in kept:
        cache.unlink(missing_ok=True)
