"""`python -m dm_companion.llm.serve ...`: llama-cpp-python's OpenAI-compatible server
(`python -m llama_cpp.server`, the same arguments) with this project's one rule for loading models.

The server makes its `Llama` itself, outside `load_llama`; on a Xeon with AMX that load would put
the weights in the AMX buffer that crashes llama.cpp 0.3.36 in its first decode (see `loader`).
Here every model the server loads, the first and any it switches to, gets the same extra-buffer
choice as the app's own engine, so a served answer and an in-process one come from the same
weights layout on any CPU.

`launch` starts one on loopback for the tests and `benchmarks/served.py`: the bundled model under
the alias `base` and, with each adapter, under the adapter's name (`default`), so a request picks
its adapter by model name as it would on vLLM.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

from dm_companion.errors import DMCError
from dm_companion.llm.loader import extra_buffers_allowed, model_defaults


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def config(model: Path, adapters: dict[str, Path], port: int, threads: int, n_ctx: int = 4096) -> dict:
    """A llama-cpp-python server config: `model` as `base`, then once per adapter under its name.
    Requests are queued, not interrupted: several tables share the server."""
    common = {
        "model": str(model),
        "n_ctx": n_ctx,
        "n_threads": threads,
        "n_threads_batch": threads,
        "seed": 0,
        "verbose": False,
    }
    models = [{**common, "model_alias": "base"}]
    models += [{**common, "model_alias": name, "lora_path": str(path)} for name, path in adapters.items()]
    return {"host": "127.0.0.1", "port": port, "interrupt_requests": False, "models": models}


def launch(settings: dict, log: Path, wait: float = 120.0) -> tuple[subprocess.Popen, str]:
    """Starts the server for `settings` (see `config`; written beside `log`, which takes its
    output) and returns it with its URL once it lists its models; DMCError (the log's tail) if it exits
    or is still silent after `wait` seconds."""
    import httpx

    config_file = log.with_suffix(".json")
    config_file.write_text(json.dumps(settings), encoding="utf-8")
    url = f"http://127.0.0.1:{settings['port']}"
    out = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "dm_companion.llm.serve", "--config_file", str(config_file)],
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise DMCError(
                f"the server exited ({process.returncode}): {log.read_text(errors='replace')[-400:]}"
            )
        try:
            if httpx.get(f"{url}/v1/models", timeout=1.0).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise DMCError(f"the server did not answer within {wait:.0f} s: {log.read_text(errors='replace')[-400:]}")


def main() -> None:
    from llama_cpp.server.__main__ import main as serve

    with model_defaults(extra_buffers_allowed()):
        serve()


if __name__ == "__main__":
    main()
