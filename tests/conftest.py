"""Shared fixtures and helpers. Tests run offline with the user's config ignored.

Tests that load a real model (llama.cpp's bundled SmolLM2, or the embedding model behind the SRD
index and campaign search) are marked `model`; `./run-tests -m "not model"` runs the rest in
seconds. A test that asks for a model fixture without the mark fails at collection, so the fast
set stays fast. Pane logic is tested on a fake runtime (`fake_runtime`, `app_on`): the panes'
own behaviour, not the model's.
"""

from __future__ import annotations

import json
import os
import sys

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


MODEL_FIXTURES = {"engine", "rules", "srd_index", "real_example"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        needs = MODEL_FIXTURES & set(getattr(item, "fixturenames", ()))
        if needs and item.get_closest_marker("model") is None:
            raise pytest.UsageError(
                f"{item.nodeid} loads a real model ({', '.join(sorted(needs))}) but is not marked model"
            )


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
    for name in (
        "DMC_MODEL",
        "DMC_ADAPTER",
        "DMC_N_CTX",
        "DMC_THREADS",
        "DMC_GPU_LAYERS",
        "DMC_CAMPAIGN",
        "DMC_TEMPERATURE",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def model_info():
    from dm_companion.llm.discovery import bundled_model_path
    from dm_companion.llm.gguf_info import read_gguf

    return read_gguf(bundled_model_path())


def lora_for(
    model_info,
    rank: int = 4,
    scale: float = 0.0,
    seed: int = 0,
    layers: tuple[int, ...] = (0, 1),
    kinds: tuple[str, ...] = ("attn_q", "attn_v"),
    shape_of=None,
) -> dict:
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

    return load_settings(
        {
            "threads": "2",
            "temperature": "0",
            "adapter": "none",
            "n_ctx": "2048",
            "campaigns_dir": str(tmp_path_factory.mktemp("campaigns")),
        },
        environ={},
        path=tmp_path_factory.mktemp("cfg") / "absent.toml",
    )


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


@pytest.fixture(scope="session")
def srd_only(book, srd_index):
    """The rules assistant without a model: what it quotes and decides, not what a model says."""
    from dm_companion.assistant.rules_qa import RulesAssistant

    return RulesAssistant(None, book, srd_index)


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


def dmc(*args, env_extra=None, timeout=300, stdin=None):
    """`python -m dm_companion ARGS` as a user runs it (stdin closed unless given)."""
    import subprocess

    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "dm_companion", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
    )


def settings_in(folder, **values):
    """Settings for a test: campaigns under `folder`, two threads, no adapter, no config file."""
    from dm_companion.settings import load_settings

    chosen = {"campaigns_dir": str(folder), "threads": "2", "adapter": "none", **values}
    return load_settings(chosen, environ={}, path=folder / "none.toml")


def word_embed(texts):
    """Unit vectors from hashed words: lets LanceDB search a real table without the embedding
    model, for tests of our own logic (pane behaviour), not of search quality."""
    import zlib

    vectors = np.zeros((len(texts), 384), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in text.lower().split():
            vectors[row, zlib.crc32(word.strip(".,!?;:'\"").encode()) % 384] += 1.0
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


class FakeEngine:
    """Stands in for llama.cpp where a test is about a pane's own logic: streams `words` one piece
    at a time (`delay` apart, stopping on cancel), returns `json` from complete_json, or raises
    `error` from either."""

    def __init__(self, settings, words=("A", " quiet", " answer."), json=None, error=None, delay=0.0):
        from dm_companion.llm.discovery import choose
        from dm_companion.llm.engine import Backend

        self.settings = settings
        self.words = list(words)
        self.json = json
        self.error = error
        self.delay = delay
        self.backend = Backend(gpu=False, gpu_layers=0, threads=2)
        self.loaded = True
        choice = choose(settings)  # labelled as the model and adapter the settings name
        self.model_label, self.adapter_label = choice.model_label, choice.adapter_label
        self.asked: list = []

    def count_tokens(self, text):
        return len(text.split())

    def stream_chat(self, messages, cancel=None, **options):
        import time

        self.asked.append(messages)
        if self.error is not None:
            raise self.error
        for word in self.words:
            if cancel is not None and cancel.is_set():
                return
            time.sleep(self.delay)
            yield word

    def complete_json(self, messages, schema, **options):
        self.asked.append(messages)
        if self.error is not None:
            raise self.error
        return self.json


class FakeAssistant:
    """Stands in for the SRD knowledge in pane tests: every question gets `text`, with the SRD's
    own passage for each entry named in `sources` (looked up in the real SRD). It is its own
    assistant, given the model and memory the runtime had when asked (`engine`, `memory`)."""

    def __init__(self, text="A Lich has Armor Class 17 (natural).", sources=(("Lich", "monster"),)):
        self.text = text
        self.sources = sources
        self.asked: list[str] = []
        self.engine = self.memory = self.bestiary = None

    def assistant(self, engine=None, memory=None, bestiary=None):
        self.engine, self.memory, self.bestiary = engine, memory, bestiary
        return self

    def reply(self, question, cancel=None):
        from dm_companion.assistant.reply import Reply, Source
        from dm_companion.srd.render import passage_for
        from dm_companion.srd.repository import srd

        self.asked.append(question)
        book = srd()
        passages = [passage_for(book.find(name, kind), book) for name, kind in self.sources]
        return Reply("fact", [Source.of(p) for p in passages], iter([self.text]))


def fake_runtime(settings, engine=None, assistant=None, model_error=None, knowledge_error=None):
    """A runtime whose model and SRD knowledge are fakes (or failed with the reasons given) and
    whose campaign is real (LanceDB under the settings' campaigns dir) with `word_embed`."""
    from dm_companion.llm.discovery import choose
    from dm_companion.sessions.runtime import Runtime

    engine = engine or FakeEngine(settings)
    runtime = Runtime(settings, choose(settings), engine=engine, embed=word_embed)
    if model_error:
        runtime.model.fail(model_error)
    else:
        runtime.model.succeed(engine)
    if knowledge_error:
        runtime.knowledge.fail(knowledge_error)
    else:
        runtime.knowledge.succeed(assistant or FakeAssistant())
    return runtime


def app_on(runtime):
    """The app over `runtime` (posting's factory-app style): fakes for pane logic, a real
    `Runtime` for the end-to-end tests."""
    from dm_companion.tui.app import DMCompanionApp

    return DMCompanionApp(runtime)


def real_app(settings):
    """The app as `dm-companion` starts it: the real model, SRD index and campaign."""
    from dm_companion.llm.discovery import choose
    from dm_companion.sessions.runtime import Runtime

    return app_on(Runtime(settings, choose(settings)))


async def until_loaded(pilot, timeout=300.0):
    """Waits until every part of the app's runtime has loaded or failed."""
    parts = pilot.app.runtime
    await wait_for(pilot, lambda: parts.model.done and parts.knowledge.done and parts.campaign.done, timeout)
