"""A campaign's memories in LanceDB: add, edit, delete with undo, list, and hybrid search.

Search fuses three signals: meaning (cosine over all-MiniLM-L6-v2 embeddings), words (LanceDB's
BM25 full-text index over title, text and tags, so a name like "Brindlewood" is found even when
its embedding is vague) and recency (a small bonus that halves every HALF_LIFE_DAYS). Vector and
full-text ranks are fused by reciprocal rank in `memory/hybrid.py`, the SRD retrieval's too.

Each add/edit/delete is one LanceDB commit: once a call returns, the change is on disk, and a
crash mid-write leaves the table at its last commit. Small tables are searched flat; once a
table passes INDEX_AT rows, `maintain()` builds an IVF-HNSW vector index (a flat scan of a big
table is slow; DESIGN.md and `benchmarks/memory_speed.py`).
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dm_companion.errors import DMCError
from dm_companion.memory.hybrid import best, hybrid_search
from dm_companion.memory.records import Memory, clean_tags, kind_of, now
from dm_companion.wording import COUNTED

TABLE = "memories"
DIMENSION = 384
RECENCY_WEIGHT = 0.003  # in reciprocal-rank units: a brand-new memory gains a few ranks
HALF_LIFE_DAYS = 60.0
INDEX_AT = 20_000  # rows from which a vector index pays for its build
_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
_COLUMNS = ["id", "kind", "title", "text", "tags", "session", "created", "updated", "source_ids"]

Embed = Callable[[list[str]], np.ndarray]


def _schema():
    import pyarrow as pa

    return pa.schema(
        [
            pa.field("id", pa.string()),
            pa.field("kind", pa.string()),
            pa.field("title", pa.string()),
            pa.field("text", pa.string()),
            pa.field("tags", pa.list_(pa.string())),
            pa.field("session", pa.int32()),
            pa.field("created", pa.float64()),
            pa.field("updated", pa.float64()),
            pa.field("source_ids", pa.list_(pa.string())),
            pa.field("body", pa.string()),
            pa.field("vector", pa.list_(pa.float32(), DIMENSION)),
        ]
    )


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def check_id(memory_id: str) -> str:
    if not isinstance(memory_id, str) or not _ID.match(memory_id):
        raise DMCError(f"'{memory_id}' is not a memory id")
    return memory_id


def _memory(row: dict) -> Memory:
    return Memory(**{key: row[key] for key in _COLUMNS})


@dataclass(frozen=True)
class Found:
    memory: Memory
    score: float  # fused rank score (higher is better)
    similarity: float  # cosine similarity to the query, for relevance gates


def default_embed(texts: list[str]) -> np.ndarray:
    from dm_companion.memory.embedder import embedder

    return embedder().embed(texts)


class MemoryStore:
    def __init__(self, path: Path, embed: Embed | None = None) -> None:
        import lancedb

        self.path = Path(path)
        self._embed = embed or default_embed
        self._undo: list[tuple[str, Memory, np.ndarray | None]] = []
        try:
            db = lancedb.connect(self.path)
            self.table = (
                db.open_table(TABLE)
                if TABLE in db.list_tables().tables
                else db.create_table(TABLE, schema=_schema())
            )
        except Exception as exc:  # LanceDB raises several types for a damaged folder
            raise DMCError(
                f"the memory database at {self.path} cannot be opened "
                f"({type(exc).__name__}: {exc}); nothing was changed"
            ) from None
        self._has_text_index = any(i.index_type == "FTS" for i in self.table.list_indices())

    # -- writing ----------------------------------------------------------------------------
    def _row(self, memory: Memory, vector: np.ndarray) -> dict:
        return {**memory.to_dict(), "body": memory.body, "vector": np.asarray(vector, dtype=np.float32)}

    def _vectors(self, memories: list[Memory]) -> np.ndarray:
        return self._embed([m.body for m in memories])

    def add(self, memory: Memory) -> Memory:
        return self.add_many([memory])[0]

    def add_many(self, memories: list[Memory], batch: int = 256) -> list[Memory]:
        """Stores memories (embedding them); one commit per batch."""
        for start in range(0, len(memories), batch):
            chunk = memories[start : start + batch]
            self.add_embedded(chunk, self._vectors(chunk))
        return memories

    def add_embedded(self, memories: list[Memory], vectors: np.ndarray) -> None:
        """Stores memories whose vectors are already made (one per memory, unit length), in
        one commit: what `add_many` does after embedding, and how a benchmark fills a table
        with synthetic rows."""
        for memory in memories:
            check_id(memory.id)
        self.table.add([self._row(m, v) for m, v in zip(memories, vectors, strict=True)])
        self._undo.extend(("added", m, None) for m in memories)
        self._ensure_text_index()

    def _ensure_text_index(self) -> None:
        if not self._has_text_index and self.table.count_rows():
            from lancedb.index import FTS

            self.table.create_index("body", config=FTS())  # rows added later are searched too
            self._has_text_index = True

    def edit(
        self,
        memory_id: str,
        *,
        text: str | None = None,
        title: str | None = None,
        kind: str | None = None,
        tags=None,
        session: int | None = None,
    ) -> Memory:
        old, vector = self._get_with_vector(memory_id)
        changed = Memory(
            **{
                **old.to_dict(),
                **{
                    k: v
                    for k, v in {
                        "text": text,
                        "title": title,
                        "kind": kind_of(kind) if kind else None,
                        "tags": clean_tags(tags) if tags is not None else None,
                        "session": session,
                    }.items()
                    if v is not None
                },
                "updated": now(),
            }
        )
        new_vector = self._vectors([changed])[0] if changed.body != old.body else vector
        self._replace(changed, new_vector)
        self._undo.append(("edited", old, vector))
        return changed

    def _replace(self, memory: Memory, vector: np.ndarray) -> None:
        self.table.merge_insert("id").when_matched_update_all().when_not_matched_insert_all().execute(
            [self._row(memory, vector)]
        )

    def delete(self, memory_id: str) -> Memory:
        old, vector = self._get_with_vector(memory_id)
        self.table.delete(f"id = {_quote(check_id(memory_id))}")
        self._undo.append(("deleted", old, vector))
        return old

    def undo(self) -> str:
        """Reverses the last add, edit or delete of this session; says what it did."""
        if not self._undo:
            raise DMCError("nothing to undo in this session")
        action, memory, vector = self._undo.pop()
        if action == "added":
            self.table.delete(f"id = {_quote(memory.id)}")
            return f"removed '{memory.title}' again"
        self._replace(memory, vector)
        return (
            f"restored '{memory.title}'" if action == "deleted" else f"restored the earlier '{memory.title}'"
        )

    # -- reading ----------------------------------------------------------------------------
    def count(self) -> int:
        return self.table.count_rows()

    def _get_with_vector(self, memory_id: str) -> tuple[Memory, np.ndarray]:
        rows = (
            self.table.search()
            .where(f"id = {_quote(check_id(memory_id))}")
            .select([*_COLUMNS, "vector"])
            .limit(1)
            .to_list()
        )
        if not rows:
            raise DMCError(f"no memory with id '{memory_id}' in this campaign")
        return _memory(rows[0]), np.asarray(rows[0]["vector"], dtype=np.float32)

    def get(self, memory_id: str) -> Memory:
        return self._get_with_vector(memory_id)[0]

    @staticmethod
    def _filter(kinds=None, exclude_kinds=None, tags=None) -> str | None:
        parts = []
        if kinds:
            parts.append(f"kind IN ({', '.join(_quote(kind_of(k)) for k in kinds)})")
        if exclude_kinds:
            parts.append(f"kind NOT IN ({', '.join(_quote(kind_of(k)) for k in exclude_kinds)})")
        if tags:
            parts.append(f"array_has_any(tags, [{', '.join(_quote(t) for t in clean_tags(tags))}])")
        return " AND ".join(parts) or None

    def list(self, kinds=None, tags=None, limit: int | None = None) -> list[Memory]:
        """Newest first."""
        query = self.table.search()
        where = self._filter(kinds, None, tags)
        if where:
            query = query.where(where)
        rows = query.select(_COLUMNS).limit(self.count() or 1).to_list()
        found = sorted((_memory(r) for r in rows), key=lambda m: m.created, reverse=True)
        return found[:limit] if limit else found

    def used_by(self, memory_id: str) -> list[Memory]:
        """The chat turns whose answers drew on this memory."""
        rows = (
            self.table.search()
            .where(f"array_has(source_ids, {_quote(check_id(memory_id))})")
            .select(_COLUMNS)
            .limit(1000)
            .to_list()
        )
        return sorted((_memory(r) for r in rows), key=lambda m: m.created, reverse=True)

    def search(self, query: str, limit: int = 5, kinds=None, exclude_kinds=None, tags=None) -> list[Found]:
        """The best memories for `query`: vector and full-text ranks fused, plus recency."""
        query = query.strip()
        if not query or not self.count():
            return []
        words = re.findall(r"[A-Za-z0-9']+", query)
        # "the first session" is written "session 1" in memories: search both spellings
        words = " ".join(words + [str(COUNTED[w.lower()]) for w in words if w.lower() in COUNTED])
        found = hybrid_search(
            self.table,
            self._embed([query])[0],
            words if self._has_text_index else "",
            _COLUMNS,
            "body",
            self._filter(kinds, exclude_kinds, tags),
        )
        moment = time.time()
        for candidate in found.values():
            age_days = max(0.0, moment - candidate.row["created"]) / 86400
            candidate.score += RECENCY_WEIGHT * math.pow(0.5, age_days / HALF_LIFE_DAYS)
        return [Found(_memory(c.row), c.score, c.similarity) for c in best(found, limit)]

    # -- upkeep -----------------------------------------------------------------------------
    def maintain(self) -> str | None:
        """Compacts small fragments and, for a large table, (re)builds the vector index over
        rows added since. Slow on big tables: run it off the UI thread."""
        rows = self.count()
        self.table.optimize()
        if rows < INDEX_AT:
            return None
        if not any(i.columns == ["vector"] for i in self.table.list_indices()):
            from lancedb.index import IvfHnswSq

            self.table.create_index("vector", config=IvfHnswSq(distance_type="cosine"))
            return f"built a vector index over {rows:,} memories"
        return None  # optimize() above folded the new rows into the existing index
