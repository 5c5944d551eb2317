"""One long-lived thread on which every llama.cpp call runs.

ggml's CPU backend parallelises with OpenMP, and libgomp keeps a thread team per calling thread.
Once a second team exists (a Textual worker thread generating after the main thread did, or the
other way round), libgomp counts more threads than cores and throttles its spin-waits, and
decoding slows to about half (benchmarks/README.md, `engine_throughput.py`). Funnelling every
call through this one thread keeps a single team, and serialises access to llama.cpp contexts,
which are not thread-safe, for free.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from dm_companion.lazy import shared

T = TypeVar("T")
_ITEM, _ERROR, _END = range(3)


class LlamaThread:
    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._serve, name="llama.cpp", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            self._jobs.get()()

    def call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Runs `function` on the llama thread and returns its result (or raises its error)."""
        if threading.current_thread() is self._thread:
            return function(*args, **kwargs)
        done = threading.Event()
        box: dict[str, Any] = {}

        def job() -> None:
            try:
                box["value"] = function(*args, **kwargs)
            except BaseException as exc:  # handed back to the caller, re-raised there
                box["error"] = exc
            finally:
                done.set()

        self._jobs.put(job)
        done.wait()
        if "error" in box:
            raise box["error"]
        return box["value"]

    def stream(self, produce: Callable[[], Iterator[T]]) -> Iterator[T]:
        """Iterates `produce()` on the llama thread, handing items over as they come.

        When the consumer stops early (break, close, an exception) the producer stops after
        its current item, and the llama thread moves on to the next job.
        """
        out: queue.SimpleQueue[tuple[int, Any]] = queue.SimpleQueue()
        stop = threading.Event()

        def job() -> None:
            try:
                for item in produce():
                    if stop.is_set():
                        break
                    out.put((_ITEM, item))
            except BaseException as exc:
                out.put((_ERROR, exc))
            finally:
                out.put((_END, None))

        self._jobs.put(job)
        try:
            while True:
                kind, value = out.get()
                if kind == _END:
                    return
                if kind == _ERROR:
                    raise value
                yield value
        finally:
            stop.set()


llama_thread = shared(LlamaThread)
"""The process-wide llama thread (one OpenMP team however many engines are loaded)."""
