"""Sentence embeddings from the bundled all-MiniLM-L6-v2, loaded once per process.

sentence-transformers pulls in torch (seconds to import), so nothing imports this module until
an embedding is needed, and the TUI loads it in a worker.
"""

from __future__ import annotations

import os
import threading

import numpy as np

from dm_companion.lazy import shared
from dm_companion.memory.embedding_model import embedding_model_path

MODEL_ID = "all-MiniLM-L6-v2"
DIMENSION = 384


class Embedder:
    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model is a local folder; never ask a hub
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # its bars would scribble over the TUI
        self._model = SentenceTransformer(str(embedding_model_path()), device="cpu")
        self._lock = threading.Lock()

    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        with self._lock:
            vectors = self._model.encode(
                texts,
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return vectors.astype(np.float32)

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


embedder = shared(Embedder)
