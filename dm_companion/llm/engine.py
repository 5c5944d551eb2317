"""The llama.cpp engine: one loaded model (plus LoRA) that streams chat tokens and emits JSON.

llama-cpp-python is imported lazily so that the TUI paints before the shared library loads.
Model loading never touches file descriptors: with `verbose=False` llama-cpp-python `dup2`s
stdout/stderr to /dev/null while it loads, which would blank a running Textual screen, so we
load verbosely, route llama.cpp's C-side log into a buffer (kept as `load_log`), capture the
library's few Python prints, and quieten it afterwards.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import json
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dm_companion.errors import DMCError
from dm_companion.llm.discovery import ModelChoice
from dm_companion.llm.llama_thread import llama_thread
from dm_companion.llm.loader import load_llama
from dm_companion.llm.protocol import Message
from dm_companion.settings import AUTO, Settings

_llama_log: deque[str] = deque(maxlen=4000)
_llama_log_callback = None  # the ctypes callback must outlive every call llama.cpp makes to it


def route_llama_log() -> None:
    """llama.cpp's C-side log into `_llama_log` instead of stderr (once per process)."""
    global _llama_log_callback
    if _llama_log_callback is not None:
        return
    import llama_cpp

    @llama_cpp.llama_log_callback
    def collect(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        _llama_log.append(text.decode("utf-8", errors="replace"))

    _llama_log_callback = collect
    llama_cpp.llama_log_set(collect, ctypes.c_void_p(0))


@dataclass(frozen=True)
class Backend:
    """What llama.cpp was built with and what this engine asks of it."""

    gpu: bool
    gpu_layers: int
    threads: int

    @property
    def label(self) -> str:
        if self.gpu and self.gpu_layers != 0:
            layers = "all layers" if self.gpu_layers < 0 else f"{self.gpu_layers} layers"
            return f"GPU ({layers})"
        return f"CPU ({self.threads} threads)"


def llama_build_has_gpu() -> bool:
    import llama_cpp

    return bool(llama_cpp.llama_supports_gpu_offload())


def plan_backend(settings: Settings) -> Backend:
    gpu = llama_build_has_gpu()
    layers = settings.gpu_layers
    if layers == AUTO:
        layers = -1 if gpu else 0
    return Backend(gpu=gpu, gpu_layers=layers, threads=settings.resolved_threads)


class Engine:
    """A loaded model. Callable from any thread: the work itself runs on the llama thread."""

    def __init__(self, choice: ModelChoice, settings: Settings):
        self.choice = choice
        self.settings = settings
        self.backend: Backend | None = None
        self.load_log = ""
        self._llm = None
        self._thread = llama_thread()

    @property
    def loaded(self) -> bool:
        return self._llm is not None

    @property
    def model_label(self) -> str:
        return self.choice.model_label

    @property
    def adapter_label(self) -> str | None:
        return self.choice.adapter_label

    def load(self) -> None:
        """Loads model and adapter into llama.cpp (slow: run it off the UI thread)."""
        self._thread.call(self._load)

    def _load(self) -> None:
        from llama_cpp import _logger

        route_llama_log()
        _llama_log.clear()
        self.backend = plan_backend(self.settings)
        adapter = self.choice.adapter
        buffer = io.StringIO()
        try:
            with contextlib.redirect_stderr(buffer):
                llm = load_llama(
                    str(self.choice.model.path),
                    lora_path=str(adapter.path) if adapter else None,
                    n_ctx=self.settings.n_ctx,
                    n_threads=self.backend.threads,
                    n_threads_batch=self.backend.threads,
                    n_gpu_layers=self.backend.gpu_layers,
                    seed=0,
                    verbose=True,
                )
        except (ValueError, RuntimeError) as exc:
            self.load_log = buffer.getvalue() + "".join(_llama_log)
            what = f"{self.choice.model.path}" + (f" with adapter {adapter.path}" if adapter else "")
            raise DMCError(f"llama.cpp could not load {what}: {exc}") from None
        self.load_log = buffer.getvalue() + "".join(_llama_log)
        llm.verbose = False
        _logger.set_verbose(False)
        self._llm = llm

    def _require(self):
        if self._llm is None:
            raise DMCError("the model is not loaded yet")
        return self._llm

    def count_tokens(self, text: str) -> int:
        llm = self._require()
        return len(self._thread.call(llm.tokenize, text.encode("utf-8"), add_bos=False, special=True))

    def stream_chat(
        self,
        messages: list[Message],
        *,
        max_tokens: int = 512,
        temperature: float | None = None,
        repeat_penalty: float = 1.15,
        cancel: threading.Event | None = None,
        grammar: str | None = None,
        seed: int = 0,
    ) -> Iterator[str]:
        """Yields the answer's text pieces as llama.cpp produces them; stops early once `cancel` is set.

        The repeat penalty keeps the small bundled model from looping on one sentence; a GBNF
        `grammar` holds the output to a shape (a labelled form) while it still streams.
        """
        llm = self._require()
        temperature = self.settings.temperature if temperature is None else temperature
        cancel = cancel or threading.Event()

        def produce() -> Iterator[str]:
            import llama_cpp

            chunks = llm.create_chat_completion(
                messages=messages,
                stream=True,
                max_tokens=max_tokens,
                temperature=temperature,
                repeat_penalty=repeat_penalty,
                seed=seed,
                grammar=llama_cpp.LlamaGrammar.from_string(grammar, verbose=False) if grammar else None,
            )
            try:
                for chunk in chunks:
                    if cancel.is_set():
                        break
                    piece = chunk["choices"][0]["delta"].get("content")
                    if piece:
                        yield piece
            finally:
                chunks.close()

        for piece in self._thread.stream(produce):
            if cancel.is_set():
                break
            yield piece

    def complete_json(self, messages: list[Message], schema: dict[str, Any], *, max_tokens: int = 256) -> Any:
        """Greedy output constrained by llama.cpp's grammar to `schema`, parsed."""
        llm = self._require()
        result = self._thread.call(
            llm.create_chat_completion,
            messages=messages,
            max_tokens=max_tokens,
            temperature=0.0,
            response_format={"type": "json_object", "schema": schema},
        )
        text = result["choices"][0]["message"]["content"] or ""
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            raise DMCError(
                f"the model's constrained output was cut off before the JSON ended "
                f"({len(text)} characters; raise max_tokens)"
            ) from None
