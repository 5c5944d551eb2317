"""Process-wide objects made on first use: the SRD, the embedding model, the llama.cpp thread."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def shared(factory: Callable[[], T]) -> Callable[[], T]:
    """`factory()` called once, on first use, under a lock (two threads asking at once get one
    instance: a second llama.cpp thread or embedding model would cost seconds and memory)."""
    lock = threading.Lock()
    made: list[T] = []

    @functools.wraps(factory)
    def get() -> T:
        with lock:
            if not made:
                made.append(factory())
            return made[0]

    return get


class Later(Generic[T]):
    """A part given to be loaded when it is first needed, not before: a rules answer takes the
    model this way, so a stat look-up or a sum never waits for it."""

    def __init__(self, load: Callable[[], T]) -> None:
        self.load = load


def resolved(part: T | Later[T]) -> T:
    """The part itself, loaded now if it was given as `Later`."""
    return part.load() if isinstance(part, Later) else part
