"""Sentence embeddings from the bundled all-MiniLM-L6-v2, run by llama.cpp, loaded once per process.

The model is the one sentence-transformers would run (converted to GGUF by `embedding_gguf`), read
as sentence-transformers reads it: at most 256 tokens, mean-pooled, unit length. llama.cpp loads
it in a tenth of a second with no torch, so a `memory add` or the app's first passage question
does not pay for torch's import.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np

from dm_companion.errors import DMCError
from dm_companion.lazy import shared
from dm_companion.memory.embedding_gguf import embedding_gguf, max_tokens

MODEL_ID = "all-MiniLM-L6-v2"
DIMENSION = 384
CONTEXT = 512  # the model's positions; one text per llama.cpp batch, so no text waits on another


class Embedder:
    def __init__(self) -> None:
        path = embedding_gguf()
        try:
            self._llm = _load(path)
        except (ValueError, RuntimeError):  # a damaged file: write it again from the wheel, once
            path.unlink(missing_ok=True)
            path = embedding_gguf()
            try:
                self._llm = _load(path)
            except (ValueError, RuntimeError) as exc:
                raise DMCError(f"llama.cpp could not load the embedding model {path}: {exc}") from None
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
        """Unit-length float32 vectors, one row per text."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        with self._lock:
            vectors = self._llm.embed([self._fitted(text) for text in texts], normalize=True)
        return np.asarray(vectors, dtype=np.float32)

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


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


embedder = shared(Embedder)
