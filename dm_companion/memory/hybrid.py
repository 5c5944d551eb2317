"""Hybrid search over a LanceDB table: the rows nearest in meaning (cosine over the `vector`
column) and the rows LanceDB's full-text index (BM25) ranks best for the words, fused by
reciprocal rank (score 1/(RRF_K + rank) from each list a row is in).

One copy for the SRD passages (`assistant/retrieval.py`) and the campaign's memories
(`memory/store.py`); each adds its own priors to the fused scores (rule sections, recency)
before taking the best. Why fuse: a name like "Brindlewood" or "Tarrasque" is found by its
words when its embedding is vague, and a question in other words by its meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CANDIDATES = 20  # from each of vector and full-text search, before fusion
RRF_K = 60


@dataclass
class Candidate:
    row: dict
    score: float  # fused reciprocal-rank score (higher is better)
    similarity: float  # cosine similarity to the query, for relevance gates
    text_rank: int | None = None  # rank in full-text search, when it found the row


def hybrid_search(
    table,
    vector: np.ndarray,
    words: str,
    columns: list[str],
    text_column: str,
    where: str | None = None,
    candidates: int = CANDIDATES,
) -> dict[str, Candidate]:
    """Every candidate from either search, by its `id`, with fused score and cosine similarity
    (read from the row's stored vector when only full-text search found it). `vector` is the
    unit-length query embedding; `words` the query's words for BM25 ("" skips it); `where` a
    LanceDB filter applied before both searches."""
    by_vector = table.search(vector, vector_column_name="vector").metric("cosine")
    if where:
        by_vector = by_vector.where(where, prefilter=True)
    found: dict[str, Candidate] = {}
    for rank, row in enumerate(by_vector.select([*columns, "_distance"]).limit(candidates).to_list()):
        found[row["id"]] = Candidate(row, 1.0 / (RRF_K + rank), 1.0 - float(row["_distance"]))
    if not words:
        return found
    by_text = table.search(words, query_type="fts", fts_columns=text_column)
    if where:
        by_text = by_text.where(where, prefilter=True)
    for rank, row in enumerate(by_text.select([*columns, "vector", "_score"]).limit(candidates).to_list()):
        candidate = found.get(row["id"])
        if candidate is None:
            similarity = float(np.asarray(row["vector"], dtype=np.float32) @ vector)
            found[row["id"]] = Candidate(row, 1.0 / (RRF_K + rank), similarity, rank)
        else:
            candidate.score += 1.0 / (RRF_K + rank)
            candidate.text_rank = rank
    return found


def best(found: dict[str, Candidate], limit: int) -> list[Candidate]:
    """The `limit` highest-scoring candidates, best first."""
    return sorted(found.values(), key=lambda c: c.score, reverse=True)[:limit]
