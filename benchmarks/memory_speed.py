"""Campaign memory: search quality on the example campaign, and speed at 100,000 memories.

Prints JSON. Targets: hit@5 >= 90%; search p95 under 50 ms at 100,000 memories; adding one
memory (embedding included) under 100 ms; opening a campaign under 1 s.

The 100,000 memories are generated (sentences from a word list, random unit vectors: embedding
them with the real model would take most of an hour here and search time does not depend on
what the vectors mean); every query and every added memory goes through the real embedding
model and the real store.

    .venv/bin/python benchmarks/memory_speed.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dm_companion.memory import campaign as campaigns
from dm_companion.memory.records import KINDS, Memory
from dm_companion.memory.store import DIMENSION

QUESTIONS = Path(__file__).resolve().parent / "data" / "memory_search.jsonl"
WORDS = """innkeeper smuggler river baron ledger tower marsh hag bell chapel spellbook cipher sage
ferry barge eel tax reeve keep war potion herbalist dog ghoul zombie wisp causeway cellar rat tunnel
mill cache fish sign debt gold festival candle vow amulet dawn guard captain palisade bridge boat
goose wererat mayor market harbour dragon cult shrine forest road bandit ambush treasure map key""".split()


def p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


def quality(folder: Path) -> dict:
    campaign, _ = campaigns.import_campaign(campaigns.EXAMPLE, folder, "example")
    pairs = [json.loads(line) for line in QUESTIONS.read_text().splitlines() if line.strip()]
    hit1 = hit5 = 0
    for pair in pairs:
        found = [f.memory.id for f in campaign.memory.search(pair["question"], 5)]
        hit1 += found[:1] == [pair["expected"]]
        hit5 += pair["expected"] in found
    return {
        "questions": len(pairs),
        "hit_at_1": round(hit1 / len(pairs), 3),
        "hit_at_5": round(hit5 / len(pairs), 3),
    }


def bulk(store, rows: int, seed: int = 0) -> float:
    rng = np.random.default_rng(seed)
    started = time.perf_counter()
    batch = 5000
    for start in range(0, rows, batch):
        count = min(batch, rows - start)
        vectors = rng.standard_normal((count, DIMENSION)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        memories = []
        for i in range(count):
            words = rng.choice(WORDS, size=12)
            memory = Memory(
                " ".join(words).capitalize() + ".",
                kind=KINDS[int(rng.integers(0, 7))],
                tags=list(rng.choice(WORDS, size=2)),
                session=int(rng.integers(1, 40)),
                id=uuid.UUID(int=int(rng.integers(0, 2**63)) + start + i).hex,
                created=time.time() - float(rng.integers(0, 400 * 86400)),
            )
            memories.append(memory)
        store.add_embedded(memories, vectors)
    return time.perf_counter() - started


def search_ms(store, queries: list[str], rounds: int = 2) -> list[float]:
    times = []
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            store.search(query, 5)
            times.append(1000 * (time.perf_counter() - started))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    queries = [json.loads(line)["question"] for line in QUESTIONS.read_text().splitlines() if line.strip()][
        :40
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        result = {"benchmark": "memory_speed", **quality(folder / "q")}
        campaign = campaigns.create_campaign(folder, "big")
        store = campaign.memory
        result["rows"] = args.rows
        result["bulk_load_s"] = round(bulk(store, args.rows), 1)
        store.table.optimize()  # compaction, no vector index yet: the flat scan
        flat = search_ms(store, queries, rounds=1)
        result["search_ms_flat_p50"] = round(statistics.median(flat), 1)
        result["search_ms_flat_p95"] = round(p95(flat), 1)
        started = time.perf_counter()
        result["maintain_note"] = store.maintain()
        result["maintain_s"] = round(time.perf_counter() - started, 1)
        timed = search_ms(store, queries)
        result["search_ms_p50"] = round(statistics.median(timed), 1)
        result["search_ms_p95"] = round(p95(timed), 1)
        adds = []
        for i in range(30):
            started = time.perf_counter()
            store.add(Memory(f"The party met a travelling tinker named Odo number {i} at the ford."))
            adds.append(1000 * (time.perf_counter() - started))
        result["add_ms_p50"] = round(statistics.median(adds), 1)
        result["add_ms_p95"] = round(p95(adds), 1)
        after = search_ms(store, queries, rounds=1)
        result["search_ms_p95_after_adds"] = round(p95(after), 1)
        opens = []
        for _ in range(5):
            started = time.perf_counter()
            reopened = campaigns.open_campaign(folder, "big")
            reopened.memory.list(limit=50) if args.rows <= 20_000 else reopened.memory.count()
            opens.append(time.perf_counter() - started)
        result["open_campaign_s_median"] = round(statistics.median(opens), 3)
        small = []
        for _ in range(5):
            started = time.perf_counter()
            example = campaigns.open_campaign(folder / "q", "example")
            example.memory.list()
            small.append(time.perf_counter() - started)
        result["open_example_and_list_s_median"] = round(statistics.median(small), 3)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
