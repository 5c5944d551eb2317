"""Sentence embeddings from the bundled all-MiniLM-L6-v2, run by llama.cpp, loaded once per process.

The model is the one sentence-transformers would run (converted to GGUF by `embedding_gguf`), read
as sentence-transformers reads it: at most 256 tokens, mean-pooled, unit length. llama.cpp loads
it in a tenth of a second with no torch, so a `memory add` or the app's first passage question
does not pay for torch's import.

A native crash in llama.cpp (some CPUs and toolchains have one) would kill the process, so the
first embedding on a llama.cpp build and CPU is tried in a child process (`llm.probe.run_child`,
the verdict kept under the data dir); where the child died, sentence-transformers embeds
instead, slower but the same vectors, and `notice` says why.

    python -m dm_companion.memory.embedder GGUF   (the probe's child: load, embed a line)
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import sys
import threading
from pathlib import Path

import numpy as np

from dm_companion.errors import DMCError
from dm_companion.lazy import shared
from dm_companion.memory.embedding_gguf import embedding_gguf, max_tokens
from dm_companion.memory.embedding_model import embedding_model_path
from dm_companion.paths import data_dir

MODEL_ID = "all-MiniLM-L6-v2"
DIMENSION = 384
CONTEXT = 512  # the model's positions; one text per llama.cpp batch, so no text waits on another
FALLBACK = "embedding with sentence-transformers instead (slower)"


class Embedding:
    """What the app embeds with: unit-length float32 vectors of DIMENSION, one row per text."""

    notice: str | None = None  # why the reference embedder had to be used, for `doctor`

    def embed(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


class Embedder(Embedding):
    """llama.cpp's run of the GGUF file at `path`."""

    def __init__(self, path: Path) -> None:
        try:
            self._llm = _load(path)
        except (ValueError, RuntimeError):  # a damaged file: write it again from the wheel, once
            path.unlink(missing_ok=True)
            path = embedding_gguf()
            try:
                self._llm = _load(path)
            except (ValueError, RuntimeError) as exc:
                raise DMCError(f"llama.cpp could not load the embedding model {path}: {exc}") from None
        atexit.register(self._llm.close)  # freed while llama.cpp's bindings still exist
        self._max_tokens = max_tokens()
        self._lock = threading.Lock()

    def _fitted(self, text: str) -> str:
        """`text` cut as sentence-transformers cuts it: its first tokens, [CLS] and [SEP] kept.
        WordPiece pieces read back to text tokenize to the same pieces."""
        tokens = self._llm.tokenize(text.encode("utf-8"), add_bos=True)
        if len(tokens) <= self._max_tokens:
            return text
        return self._llm.detokenize(tokens[1 : self._max_tokens - 1]).decode("utf-8", errors="replace")

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        with self._lock:
            vectors = self._llm.embed([self._fitted(text) for text in texts], normalize=True)
        return np.asarray(vectors, dtype=np.float32)


class ReferenceEmbedder(Embedding):
    """sentence-transformers' run of the same model (torch), for a CPU where llama.cpp crashed."""

    def __init__(self, notice: str) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model is a local folder; never ask a hub
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # its bars would scribble over the TUI
        self._model = SentenceTransformer(str(embedding_model_path()), device="cpu")
        self._lock = threading.Lock()
        self.notice = notice

    def embed(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            vectors = self._model.encode(
                texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
            )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIMENSION)


def _load(path: Path):
    from dm_companion.llm.loader import load_llama

    threads = os.cpu_count() or 1
    return load_llama(
        str(path),
        embedding=True,
        n_ctx=CONTEXT,
        n_batch=CONTEXT,
        n_ubatch=CONTEXT,
        flash_attn=True,  # over twice as fast as without on the SRD's passages, same vectors
        n_threads=threads,
        n_threads_batch=threads,
        verbose=False,
    )


def probe_command(path: Path) -> list[str]:
    return [sys.executable, "-m", "dm_companion.memory.embedder", str(path)]


def failure_here(path: Path) -> str | None:
    """Why llama.cpp cannot embed with `path` on this build and CPU (None: it can), from a child
    process the first time, then from the verdict kept for the build, CPU and file."""
    from dm_companion.llm.probe import ProbeResult, cpu_flags, kept, llama_build_identity, run_child

    def run() -> ProbeResult:
        _, failure = run_child(probe_command(path), "embedding", FALLBACK)
        return ProbeResult(failure is None, failure or "embedded a line in a test process")

    parts = [llama_build_identity(), cpu_flags(), path.name, os.environ.get("DMC_EXTRA_BUFFERS", "")]
    key = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]
    result = kept(data_dir() / "llama-probe" / f"embedding-{key}.json", run)
    return None if result.ok else result.detail


def make_embedder() -> Embedding:
    """llama.cpp's embedder where a child process embedded with it, else the reference one."""
    path = embedding_gguf()
    failure = failure_here(path)
    return Embedder(path) if failure is None else ReferenceEmbedder(failure)


embedder = shared(make_embedder)


def main(argv: list[str]) -> int:
    """The probe's child: loads the GGUF file as the app does and embeds a line."""
    try:
        vector = Embedder(Path(argv[0])).embed_one("a goblin hides behind the rocks")
        report = {"ok": vector.shape == (DIMENSION,)}
    except DMCError as exc:
        report = {"ok": False, "error": str(exc)}
    print(json.dumps(report), flush=True)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
