"""The one way this project makes a llama.cpp model: `load_llama(...)`.

llama.cpp's CPU backend may keep weights in "extra" buffer types that it picks by what the CPU
and the build offer: AMX tiles on recent Xeons, repacked Q4_0/IQ4_NL/Q4_K blocks on AVX2 and
Arm. On a Xeon with AMX (`amx_int8` in /proc/cpuinfo), llama-cpp-python 0.3.36 built natively
puts the bundled Q4_1 model in the AMX buffer ("AMX model buffer size" in the load log) and
segfaults in the first decode: every model call killed the app. The model parameter
`use_extra_bufts = False` keeps the weights in plain CPU buffers; `Llama(...)` does not expose
it, so the loader sets it on the defaults that `Llama.__init__` starts from.

Which loads turn it off: the bundled Q4_1 model decodes at the same speed either way (no extra
buffer is used for Q4_1), but a Q4_0 model with its weights repacked (`CPU_REPACK`) decodes much
faster (`benchmarks/engine_throughput.py --extra-buffers on|off`; figures in benchmarks/README.md),
a gain a DM's own Q4_0/Q4_K model should keep. Turning them off always would throw that away; a
build option would not reach a wheel built elsewhere. So extra buffers are off only where the
build carries AMX (`AMX_INT8 = 1` in llama.cpp's system info, compiled in for an AMX CPU), and
`DMC_EXTRA_BUFFERS=off|on` overrides the choice either way. Whatever other native crash a CPU or
a toolchain brings is caught by the child-process probe (`dm_companion.llm.probe`).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from typing import Any

_defaults_lock = threading.Lock()


def system_info() -> str:
    """llama.cpp's own one-line summary of the build: backends and CPU features compiled in."""
    import llama_cpp

    return llama_cpp.llama_print_system_info().decode("utf-8", errors="replace")


def extra_buffers_allowed() -> bool:
    """Whether llama.cpp may place weights in its extra (AMX, repacked) buffer types here."""
    choice = os.environ.get("DMC_EXTRA_BUFFERS", "").strip().lower()
    if choice in ("on", "off"):
        return choice == "on"
    return "AMX_INT8 = 1" not in system_info()


@contextlib.contextmanager
def model_defaults(use_extra_bufts: bool) -> Iterator[None]:
    """`llama_model_default_params()` as `Llama.__init__` reads it, with `use_extra_bufts` set."""
    import llama_cpp.llama_cpp as native

    original = native.llama_model_default_params

    def defaults():
        params = original()
        params.use_extra_bufts = use_extra_bufts
        return params

    with _defaults_lock:
        native.llama_model_default_params = defaults
        try:
            yield
        finally:
            native.llama_model_default_params = original


def load_llama(model_path: str, **kwargs: Any):
    """A `llama_cpp.Llama` for `model_path` (keyword arguments as `Llama` takes them)."""
    import llama_cpp

    with model_defaults(extra_buffers_allowed()):
        return llama_cpp.Llama(model_path=str(model_path), **kwargs)
