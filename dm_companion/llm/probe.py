"""A few tokens generated in a child process before the app trusts a llama.cpp build on a CPU.

A native crash cannot be caught: a segfault in a CPU kernel (llama.cpp's AMX path on some Xeons)
or an illegal instruction (a wheel built for a CPU with more instructions) kills whatever process
runs it. So the model is first loaded and made to generate in a throwaway child; a child that dies
becomes one line naming the signal, and the app opens without the model (SRD answers, combat,
characters and memory need none). The app probes once per fingerprint of the llama.cpp build,
the CPU's flags, the model and adapter files and the offload asked for, kept under the data dir;
`dm-companion doctor` probes afresh every time.

    python -m dm_companion.llm.probe --model FILE [--adapter FILE] [--gpu-layers N] [--threads N]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dm_companion.errors import DMCError
from dm_companion.paths import data_dir, write_atomically

if TYPE_CHECKING:  # types only: a probe of the embedding model need not import the GGUF reader
    from dm_companion.llm.discovery import ModelChoice
    from dm_companion.settings import Settings

PROBE_VERSION = 1  # part of the fingerprint: a change to what the probe checks re-probes everywhere
PROBE_TOKENS = 4
TIMEOUT_S = 300.0  # loading a large model from a slow disk on CPU takes a while


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    detail: str


def _cpuinfo(*keys: str) -> str | None:
    """The first /proc/cpuinfo line's value for one of `keys` (None where there is no such file)."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith(keys):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def cpu_flags() -> str:
    """The CPU's feature flags as the kernel reports them (or what the platform module knows)."""
    flags = _cpuinfo("flags", "Features")
    return " ".join(sorted(set(flags.split()))) if flags else f"{platform.machine()} {platform.processor()}"


def cpu_name() -> str:
    return _cpuinfo("model name") or platform.processor() or platform.machine() or "unknown CPU"


def _file_identity(path: Path | None) -> str:
    if path is None:
        return "none"
    stat = path.stat()
    return f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"


def llama_build_identity() -> str:
    """The installed llama-cpp-python and its native libraries, without loading them."""
    spec = importlib.util.find_spec("llama_cpp")
    if spec is None or not spec.submodule_search_locations:
        raise DMCError("llama-cpp-python is not installed (run ./dmc to set up)")
    lib = Path(spec.submodule_search_locations[0]) / "lib"
    files = sorted(lib.glob("*")) if lib.is_dir() else []
    version = importlib.metadata.version("llama-cpp-python")
    return version + ";" + ";".join(_file_identity(f) for f in files)


def fingerprint(choice: ModelChoice, settings: Settings) -> str:
    parts = [
        f"probe {PROBE_VERSION}",
        llama_build_identity(),
        cpu_flags(),
        _file_identity(choice.model.path),
        _file_identity(choice.adapter.path if choice.adapter else None),
        f"gpu_layers {settings.gpu_layers}",
        f"extra buffers {os.environ.get('DMC_EXTRA_BUFFERS', '')}",
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


def probe_command(choice: ModelChoice, settings: Settings) -> list[str]:
    adapter = str(choice.adapter.path) if choice.adapter else "none"
    return [
        sys.executable,
        "-m",
        "dm_companion.llm.probe",
        "--model",
        str(choice.model.path),
        "--adapter",
        adapter,
        "--gpu-layers",
        str(settings.gpu_layers),
        "--threads",
        str(settings.resolved_threads),
    ]


def run_child(
    command: list[str], doing: str, off: str, timeout: float = TIMEOUT_S
) -> tuple[dict | None, str | None]:
    """Runs a probe child that prints one JSON line ({"ok": true, ...}): (that report, None), or
    (None, one line saying what went wrong while `doing`, naming the signal of a native crash,
    and what is `off` because of it)."""
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        return None, f"llama.cpp did not finish {doing} within {timeout:.0f} s in a test process; {off}"
    except OSError as exc:
        return None, f"could not start the llama.cpp test process: {exc}"
    if done.returncode < 0:
        number = -done.returncode
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = "unknown signal"
        return None, (
            f"llama.cpp crashed while {doing} (signal {number}, {name}) on this CPU ({cpu_name()}); "
            f"{off}, everything else works. See the README's 'Known CPUs' for what to try"
        )
    lines = done.stdout.strip().splitlines()
    try:
        report = json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        report = {}
    if done.returncode != 0 or not report.get("ok"):
        reason = report.get("error") or (done.stderr.strip().splitlines() or ["no output"])[-1]
        return None, f"llama.cpp failed in a test process (exit {done.returncode}): {reason}"
    return report, None


def run_probe(command: list[str], timeout: float = TIMEOUT_S) -> ProbeResult:
    """Runs the model's probe child (`probe_command`'s, or any command that prints its JSON line)."""
    started = time.perf_counter()
    report, failure = run_child(command, "generating", "the model is off", timeout)
    if failure is not None:
        return ProbeResult(False, failure)
    seconds = time.perf_counter() - started
    return ProbeResult(
        True,
        f"generated {report['tokens']} tokens in a test process ({seconds:.1f} s "
        f"with loading) on {report['backend']}",
    )


def _cache_file(choice: ModelChoice, settings: Settings) -> Path:
    return data_dir() / "llama-probe" / f"{fingerprint(choice, settings)}.json"


def kept(cache: Path, run: Callable[[], ProbeResult], afresh: bool = False) -> ProbeResult:
    """The verdict kept in `cache` (unless `afresh`), else `run()`'s, kept there for next time;
    a damaged or older file is probed again."""
    if not afresh:
        try:
            return ProbeResult(**json.loads(cache.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            pass
    result = run()
    write_atomically(cache, json.dumps(asdict(result)))
    return result


def probe(choice: ModelChoice, settings: Settings) -> ProbeResult:
    """Probes now and remembers the answer for `checked` (what `doctor` runs)."""
    return kept(
        _cache_file(choice, settings), lambda: run_probe(probe_command(choice, settings)), afresh=True
    )


def checked(choice: ModelChoice, settings: Settings) -> ProbeResult:
    """The remembered probe for this build, CPU, model and adapter; probes when there is none."""
    return kept(_cache_file(choice, settings), lambda: run_probe(probe_command(choice, settings)))


def load_safely(engine):
    """Loads `engine` (an `Engine`) once the probe says its model generates here, and returns it;
    else DMCError with the probe's one line."""
    result = checked(engine.choice, engine.settings)
    if not result.ok:
        raise DMCError(result.detail)
    engine.load()
    return engine


def _child(args: argparse.Namespace) -> dict:
    """Loads the model as the app does (the Engine, through the one loader) and generates."""
    from dm_companion.llm.discovery import choose
    from dm_companion.llm.engine import Engine
    from dm_companion.settings import load_settings

    settings = load_settings(
        {
            "model": args.model,
            "adapter": args.adapter,
            "n_ctx": "512",
            "threads": args.threads,
            "gpu_layers": args.gpu_layers,
            "temperature": "0",
        },
        environ={},
        path=Path(os.devnull),
    )
    engine = Engine(choose(settings), settings)
    engine.load()
    pieces = list(engine.stream_chat([{"role": "user", "content": "Say hello."}], max_tokens=PROBE_TOKENS))
    tokens = engine.count_tokens("".join(pieces))
    return {"ok": True, "tokens": tokens, "backend": engine.backend.label if engine.backend else "?"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dm_companion.llm.probe", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--model", required=True)
    parser.add_argument("--adapter", default="none")
    parser.add_argument("--gpu-layers", default="auto")
    parser.add_argument("--threads", default="auto")
    args = parser.parse_args(argv)
    try:
        report = _child(args)
    except DMCError as exc:
        report = {"ok": False, "error": str(exc)}
    print(json.dumps(report), flush=True)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
