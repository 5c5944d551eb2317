"""Hybrid retrieval over SRD passages: entries named in the question first, then the passages
that vector search and LanceDB's full-text (BM25) search agree on, fused by reciprocal rank
(`memory/hybrid.py`, shared with campaign search).

The passages are embedded once into a LanceDB table under the user data dir (or DMC_DATA_DIR),
named by a fingerprint of the SRD file, the passage renderer and the embedding model, so any of
them changing means a rebuild. A table that fails to open or is incomplete is rebuilt, and the
caller is told.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dm_companion.assistant.question_terms import CAST_FROM_AN_ITEM
from dm_companion.errors import DMCError
from dm_companion.memory.embedder import embedder
from dm_companion.memory.hybrid import RRF_K, Candidate, best, hybrid_search
from dm_companion.paths import data_dir
from dm_companion.srd import names
from dm_companion.srd.database import srd_database_path
from dm_companion.srd.render import RENDER_VERSION, Passage, all_passages, passage_for
from dm_companion.srd.repository import SRD, Mention

Progress = Callable[[int, int], None]
BATCH = 64
COMMON_IN = 5  # a word in this many passages is the SRD's own vocabulary, not a stray name
SCHEMA = 2  # bump when the table's columns or indexes change
RULE_PRIOR = 0.004  # in reciprocal-rank units: about ten ranks at the top of a list
TITLE_PRIOR = 1.0 / RRF_K  # a rule section the question names: as if full-text search ranked it first
# What DMs call a rule section that its SRD title does not say: "natural 20" and "crit fail" are
# "Rolling 1 or 20", "holding my action" is the Ready action, "dual wielding" is Two-Weapon
# Fighting. A question saying so names the section as if it used the title's words.
SECTION_ALIASES = {
    "rule/making-an-attack#rolling-1-or-20": (
        r"\bnat(?:ural)?\s*(?:1|20|one|twenty)s?\b|\bcrit(?:ical)?\s*(?:fail|miss)"
    ),
    "rule/actions-in-combat#ready": (
        r"\bhold(?:s|ing)?\s+(?:my|his|her|their|your|its|an|the|our)\s+(?:action|turn)s?\b"
    ),
    "rule/making-an-attack#two-weapon-fighting": r"\bdual[- ]?wield|\boff[- ]?hand\b",
    # a spell cast from a wand, staff, rod or ring follows the item rules for its casting time,
    # components and concentration
    "rule/activating-an-item#spells": CAST_FROM_AN_ITEM.pattern,
}
_TITLE_SKIP = frozenset("a an and the of to in on for with by or how what does do is are".split())
NAMED_KINDS = tuple("monster spell class race subrace condition equipment magic-item weapon-property".split())


def _title_words(text: str) -> set[str]:
    return {word for word in re.findall(r"[a-z]+", text.lower()) if len(word) > 3 and word not in _TITLE_SKIP}


def _names_section(asked: set[str], name: str) -> bool:
    """Whether a question names a rule section by every word of the section's own title, a
    question word counting for a title word it begins ("stabilize" for "stabilizing") or lies
    in ("advantage" in "disadvantage"): "how does advantage work?" names "Advantage and
    Disadvantage", not "Working Together", which full-text search ranks first for "work".
    Reciprocal ranks alone ignore that; this prior makes the section a DM names lead."""
    title = _title_words(name.split(": ")[-1])
    return bool(title) and all(
        any(word.startswith(q[:5]) or (len(q) > 4 and q in word) for q in asked) for word in title
    )


def index_root() -> Path:
    return data_dir() / "srd-index"


def fingerprint() -> str:
    from dm_companion.memory.embedder import MODEL_ID

    digest = hashlib.sha256()
    with srd_database_path().open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    digest.update(f"render-{RENDER_VERSION}|{MODEL_ID}|schema-{SCHEMA}".encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Hit:
    passage: Passage
    similarity: float  # cosine similarity to the question (1.0 for entries named in it)
    named: bool
    text_rank: int | None = None  # rank in full-text search, when it found the passage
    titled: bool = False  # a rule section the question names by its title ("reactions")


class SRDIndex:
    def __init__(self, srd: SRD, root: Path | None = None) -> None:
        self.srd = srd
        self.root = root or index_root()
        self.notice: str | None = None  # set when the index had to be (re)built, for the user
        self._table = None
        self._opening = threading.Lock()
        self._progress: Progress | None = None
        self._passages: dict[str, Passage] = {}
        self._said = ""  # every passage's words, normalized, for `says`
        self.name_words: set[str] = set()
        self.common_words: set[str] = set()  # words in at least COMMON_IN passages' text
        self.name_word_list: list[str] = []

    @property
    def path(self) -> Path:
        return self.root / fingerprint()

    def open(self, progress: Progress | None = None, search: bool = True) -> None:
        """Reads the passages (what `passage` and `says` need); with `search`, opens the search
        index too, building it first if it is missing, stale or damaged. Without, the first
        search opens it (with this `progress`), so a look-up never waits for LanceDB or the
        embedding model."""
        passages = all_passages(self.srd)
        self._passages = {p.id: p for p in passages}
        self.name_words = {word for p in passages for word in names.words(p.name)}  # entries, sections
        self.common_words = {
            word
            for word, count in Counter(word for p in passages for word in set(names.words(p.text))).items()
            if count >= COMMON_IN
        }
        self.name_word_list = sorted(self.name_words)  # for near-spelling lookups
        self._said = " ".join(" ".join(names.words(f"{p.name} {p.text}")) for p in passages)
        self._progress = progress
        if search:
            self.searchable()

    @property
    def search_open(self) -> bool:
        """Whether the search index is open (a stat look-up never opens it)."""
        return self._table is not None

    def searchable(self):
        """The LanceDB table, opened (or built) on first use; one thread opens it."""
        with self._opening:
            if self._table is None:
                self._table = self._open_table(list(self._passages.values()), self._progress)
            return self._table

    def _open_table(self, passages: list[Passage], progress: Progress | None):
        import lancedb

        path = self.path
        if path.exists():
            try:
                table = lancedb.connect(path).open_table("passages")
                stored = (
                    table.search().select(["id"]).limit(len(passages) + 1).to_list()
                )  # reads every data file
                if {row["id"] for row in stored} == set(self._passages):
                    return table
                self.notice = f"the SRD index at {path} was incomplete; rebuilt it"
            except Exception as exc:  # any damage: LanceDB raises several types
                self.notice = f"the SRD index at {path} could not be read ({type(exc).__name__}); rebuilt it"
            shutil.rmtree(path, ignore_errors=True)
        else:
            self.notice = f"built the SRD index ({len(passages)} passages) at {path}"
        for stale in self.root.glob("*") if self.root.exists() else []:
            if stale != path:
                shutil.rmtree(stale, ignore_errors=True)
        return self._build(path, passages, progress)

    def _build(self, path: Path, passages: list[Passage], progress: Progress | None):
        import lancedb
        import pyarrow as pa

        partial = path.with_name(path.name + ".building")
        shutil.rmtree(partial, ignore_errors=True)
        rows = []
        for start in range(0, len(passages), BATCH):
            batch = passages[start : start + BATCH]
            vectors = embedder().embed([f"{p.name}. {p.text}" for p in batch])
            rows.extend(
                {"id": p.id, "text": f"{p.name}. {p.text}", "vector": v} for p, v in zip(batch, vectors)
            )
            if progress:
                progress(min(start + BATCH, len(passages)), len(passages))
        schema = pa.schema(
            [
                pa.field("id", pa.string()),
                pa.field("text", pa.string()),
                pa.field("vector", pa.list_(pa.float32(), len(rows[0]["vector"]))),
            ]
        )
        table = lancedb.connect(partial).create_table("passages", data=rows, schema=schema)
        from lancedb.index import FTS

        table.create_index("text", config=FTS())  # BM25 over the passage text
        partial.rename(path)  # a crash mid-build leaves only the .building folder behind
        return lancedb.connect(path).open_table("passages")

    def says(self, phrase: str) -> bool:
        """Whether the SRD's text has this phrase, word for word ("ritual casting")."""
        return f" {names.normal(phrase)} " in f" {self._said} "

    def passage(self, passage_id: str) -> Passage | None:
        """One SRD passage by its id ("rule/cover#cover"), or None."""
        return self._passages.get(passage_id)

    def embed(self, texts: list[str]):
        return embedder().embed(texts)

    def search(self, question: str, limit: int = 5, told: str = "") -> list[Hit]:
        """Vector and full-text candidates fused by reciprocal rank; each hit keeps its cosine.
        A section the question calls by another name (SECTION_ALIASES) is a candidate where the
        question or what its asker `told` before it says so ("I hold my action ... How do I
        handle it?")."""
        if not self._passages:
            raise DMCError("the SRD index is not open")
        words = " ".join(re.findall(r"[A-Za-z0-9]+", question))
        query = embedder().embed_one(question)
        found = hybrid_search(self.searchable(), query, words, ["id"], "text")
        asked = _title_words(question)
        titled = set()
        said = f"{told} {question}"
        aliased = {
            pid
            for pid, pattern in SECTION_ALIASES.items()
            if pid in self._passages and re.search(pattern, said, re.IGNORECASE)
        }
        for pid in aliased - set(found):
            found[pid] = self._candidate(pid, query)
        for pid, candidate in found.items():  # a general question is better served by the rules than
            if pid.startswith("rule/"):  # by a class feature or magic item that shares its words
                candidate.score += RULE_PRIOR
                if _names_section(asked, self._passages[pid].name) or pid in aliased:
                    candidate.score += TITLE_PRIOR
                    titled.add(pid)
        return [
            Hit(self._passages[c.row["id"]], c.similarity, False, c.text_rank, c.row["id"] in titled)
            for c in best(found, limit)
            if c.row["id"] in self._passages
        ]

    def _candidate(self, passage_id: str, query) -> Candidate:
        """A passage neither search found, as a candidate with no rank of its own."""
        import numpy as np

        row = (
            self.searchable()
            .search()
            .where(f"id = '{passage_id}'")
            .select(["id", "vector"])
            .limit(1)
            .to_list()[0]
        )
        return Candidate(row, 0.0, float(np.asarray(row["vector"], dtype=np.float32) @ query))

    def retrieve(
        self,
        question: str,
        mentions: list[Mention],
        limit: int = 5,
        kinds: tuple[str, ...] | None = None,
        told: str = "",
    ) -> list[Hit]:
        """Named entries first (exact names before near spellings), then the best search hits.

        Only things with a name of their own lead (`kinds`, else NAMED_KINDS and a class feature
        whose name is its alone: Sneak Attack, not the three classes' Fighting Style): a question
        naming "saving throws" inside "how do death saving throws work" is better served by search
        than by that rule section.
        """
        hits: list[Hit] = []
        seen: set[str] = set()
        shared = Counter((m.start, m.end) for m in mentions if m.entry.kind == "feature")
        for mention in mentions:
            own_feature = (  # the one feature its words name
                kinds is None
                and mention.entry.kind == "feature"
                and mention.exact
                and shared[(mention.start, mention.end)] == 1
            )
            if mention.entry.kind not in (kinds or NAMED_KINDS) and not own_feature:
                continue
            passage = passage_for(mention.entry, self.srd)
            if passage.id not in seen:
                seen.add(passage.id)
                hits.append(Hit(passage, 1.0, named=True))
        for hit in self.search(question, limit + len(hits), told):
            if hit.passage.id not in seen and len(hits) < limit:
                seen.add(hit.passage.id)
                hits.append(hit)
        return hits[:limit]
