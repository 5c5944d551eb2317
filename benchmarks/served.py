"""Tables sharing one served model: 1, 2, 4 and 8 concurrent tables against one local
llama-cpp-python server, with the in-process engine beside it in the same run.

The server (`python -m dm_companion.llm.serve`, the bundled model with the default adapter, the
same threads) is started here on loopback. Each table is a thread with its own `ServedEngine`
asking `--requests` narration prompts in turn (greedy, `--tokens` each); tokens are the pieces
streamed (one per token from llama.cpp). Per table: tokens over the time its requests took; in
total: all tokens over the wall time of the round; first piece: from sending to the first piece.
The in-process engine runs first, alone (on 2 cores the two would only slow each other). Prints
JSON; the target is one table's served tokens/s at least 0.9x in-process.

    .venv/bin/python benchmarks/served.py [--tables 1,2,4,8] [--requests 3] [--tokens 64] [--threads 2]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from pathlib import Path

from dm_companion.llm.discovery import bundled_model_path
from dm_companion.llm.engines import engine_for, load_engine
from dm_companion.llm.serve import config, free_port, launch
from dm_companion.paths import DEFAULT_ADAPTER
from dm_companion.settings import load_settings

PROMPTS = [
    "Describe the tavern the party walks into on a stormy night.",
    "Narrate a goblin ambush on a forest road.",
    "Describe the throne room of a ruined dwarven hold.",
    "Tell how the ogre smashes through the barricade.",
]


def timed(engine, prompt: str, tokens: int) -> dict:
    start = time.perf_counter()
    first, count = None, 0
    for _ in engine.stream_chat([{"role": "user", "content": prompt}], max_tokens=tokens, temperature=0.0):
        first = first if first is not None else time.perf_counter() - start
        count += 1
    return {"tokens": count, "seconds": time.perf_counter() - start, "first": first or 0.0}


def table(engine, requests: int, tokens: int, offset: int) -> list[dict]:
    return [timed(engine, PROMPTS[(offset + i) % len(PROMPTS)], tokens) for i in range(requests)]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def summary(runs: list[list[dict]], wall: float) -> dict:
    per_table = [sum(r["tokens"] for r in rs) / sum(r["seconds"] for r in rs) for rs in runs]
    firsts = [r["first"] for rs in runs for r in rs]
    return {
        "tokens_per_s_per_table": round(statistics.median(per_table), 1),
        "tokens_per_s_per_table_min": round(min(per_table), 1),
        "tokens_per_s_total": round(sum(r["tokens"] for rs in runs for r in rs) / wall, 1),
        "first_piece_p95_ms": round(p95(firsts) * 1000),
        "requests": len(firsts),
    }


def served_round(url: str, tables: int, requests: int, tokens: int) -> dict:
    engines = [load_engine(engine_for(load_settings({"server": url}, environ={}))) for _ in range(tables)]
    runs: list[list[dict]] = [[] for _ in range(tables)]

    def run(i: int) -> None:
        runs[i] = table(engines[i], requests, tokens, i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(tables)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return summary(runs, time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", default="1,2,4,8")
    parser.add_argument("--requests", type=int, default=3)
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    local = load_engine(engine_for(load_settings({"threads": str(args.threads)}, environ={})))
    table(local, 1, 8, 0)  # warm-up, as the server gets below
    start = time.perf_counter()
    in_process = summary([table(local, args.requests, args.tokens, 0)], time.perf_counter() - start)
    with tempfile.TemporaryDirectory() as folder:
        process, url = launch(
            config(bundled_model_path(), {"default": DEFAULT_ADAPTER}, free_port(), args.threads),
            Path(folder) / "server.log",
        )
        try:
            warm = load_engine(engine_for(load_settings({"server": url}, environ={})))
            table(warm, 1, 8, 0)
            served = {
                n: served_round(url, n, args.requests, args.tokens) for n in map(int, args.tables.split(","))
            }
        finally:
            process.terminate()
            process.wait(timeout=30)
    one = served.get(1)
    print(
        json.dumps(
            {
                "in_process": in_process,
                "served": served,
                "one_table_ratio": round(
                    one["tokens_per_s_per_table"] / in_process["tokens_per_s_per_table"], 3
                )
                if one
                else None,
                "settings": vars(args),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
