"""Generation speed through our Engine against a bare llama-cpp-python loop, in one run.

Same model file, threads, context and prompt (the chat-templated prompt the engine sends), greedy,
both made by the one loader (`dm_companion.llm.loader`). Decode rate counts tokens after the
first one (prompt evaluation excluded), rounds alternate between the two so machine noise hits
both. Prints JSON; the target is ratio >= 0.95. `--extra-buffers on|off` overrides the loader's
choice of llama.cpp's extra weight buffers (AMX, repacked) for both, to compare the two settings.

    .venv/bin/python benchmarks/engine_throughput.py [--rounds 5] [--tokens 200] [--model FILE]
        [--extra-buffers auto|on|off]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

from dm_companion.llm.discovery import choose
from dm_companion.llm.engine import Engine
from dm_companion.llm.llama_thread import llama_thread
from dm_companion.llm.loader import extra_buffers_allowed, load_llama, system_info
from dm_companion.settings import load_settings

SYSTEM = "You are a storyteller for a Dungeons & Dragons game."
USER = "Describe, at great length and in rich detail, a dragon's lair deep under a mountain."


def engine_run(engine: Engine, max_tokens: int) -> tuple[int, float]:
    messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": USER}]
    stamps = []
    text = ""
    for piece in engine.stream_chat(messages, max_tokens=max_tokens, temperature=0.0, repeat_penalty=1.0):
        stamps.append(time.perf_counter())
        text += piece
    tokens = engine.count_tokens(text)
    return tokens, (tokens - 1) / (stamps[-1] - stamps[0])


def bare_run(llm, prompt_tokens: list[int], max_tokens: int) -> tuple[int, float]:
    llm.reset()
    stamps = []
    end = llm.token_eos()
    for token in llm.generate(prompt_tokens, temp=0.0, reset=True):
        if token == end or len(stamps) == max_tokens:
            break
        stamps.append(time.perf_counter())
    return len(stamps), (len(stamps) - 1) / (stamps[-1] - stamps[0])


def weight_buffers(load_log: str) -> list[str]:
    """The buffer types llama.cpp's load log says the weights went to ("CPU", "CPU_REPACK", "AMX")."""
    return sorted(
        {
            line.split(" model buffer size")[0].split(":")[-1].strip()
            for line in load_log.splitlines()
            if "model buffer size" in line
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--tokens", type=int, default=200)
    parser.add_argument("--threads", default="2")
    parser.add_argument("--model", default="bundled", help="a GGUF file (default: the bundled model)")
    parser.add_argument("--extra-buffers", choices=("auto", "on", "off"), default="auto")
    args = parser.parse_args()
    if args.extra_buffers != "auto":
        os.environ["DMC_EXTRA_BUFFERS"] = args.extra_buffers

    settings = load_settings(
        {"threads": args.threads, "adapter": "none", "n_ctx": "2048", "model": args.model}
    )
    engine = Engine(choose(settings), settings)
    engine.load()
    bare = llama_thread().call(
        load_llama,
        str(engine.choice.model.path),
        n_ctx=2048,
        n_threads=settings.resolved_threads,
        n_threads_batch=settings.resolved_threads,
        n_gpu_layers=0,
        verbose=False,
    )
    prompt = (
        f"<|im_start|>system\n{SYSTEM}<|im_end|>\n<|im_start|>user\n{USER}<|im_end|>\n<|im_start|>assistant\n"
    )
    prompt_tokens = bare.tokenize(prompt.encode(), add_bos=False, special=True)
    ours, theirs, counts = [], [], []
    for _ in range(args.rounds):
        # The bare loop runs on the same thread as the engine's llama.cpp calls (see llama_thread).
        n_bare, rate_bare = llama_thread().call(bare_run, bare, prompt_tokens, args.tokens)
        n_ours, rate_ours = engine_run(engine, args.tokens)
        theirs.append(rate_bare)
        ours.append(rate_ours)
        counts.append((n_ours, n_bare))
    print(
        json.dumps(
            {
                "benchmark": "engine_throughput",
                "model": engine.choice.model_label,
                "threads": settings.resolved_threads,
                "extra_buffers": extra_buffers_allowed(),
                "weight_buffers": weight_buffers(engine.load_log),
                "llama_cpp_system_info": system_info(),
                "rounds": args.rounds,
                "tokens_per_round": {"engine": counts[0][0], "bare": counts[0][1]},
                "engine_tokens_per_s_median": round(statistics.median(ours), 1),
                "bare_tokens_per_s_median": round(statistics.median(theirs), 1),
                "ratio_engine_over_bare": round(statistics.median(ours) / statistics.median(theirs), 3),
                "per_round": [{"engine": round(o, 1), "bare": round(t, 1)} for o, t in zip(ours, theirs)],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
