"""What the factory's tools share: the base model (the GGUF the app serves, dequantized by
transformers, or a local Hugging Face checkpoint), the prompt format, and the task prompts.

Training prompts are built exactly as the app builds its own (the same system prompts, the same
"SRD passage (name): ... Question: ..." user turn), so the adapter learns the job it is given
at the table.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from dm_companion.errors import DMCError

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "adapter"
GENERIC_SYSTEM = (
    "You are DM Companion, a helper for the dungeon master of a Dungeons & Dragons 5th edition game."
)


def system_for(task: str) -> str:
    from dm_companion.assistant.chat import SYSTEM_PROMPT as CHAT_SYSTEM
    from dm_companion.assistant.read_question import SYSTEM as QUERY_SYSTEM
    from dm_companion.assistant.rules_qa import NOTES_SYSTEM, RULES_SYSTEM
    from dm_companion.combat.narration import SYSTEM as NARRATION_SYSTEM

    return {
        "stat": RULES_SYSTEM,
        "rule": RULES_SYSTEM,
        "refusal": RULES_SYSTEM,
        "note": NOTES_SYSTEM,
        "narration": NARRATION_SYSTEM,
        "query": QUERY_SYSTEM,
        "describe": CHAT_SYSTEM,
    }.get(task, GENERIC_SYSTEM)


def user_turn(record: dict) -> str:
    """Alpaca's instruction + input as the app's user message."""
    if record.get("task") == "describe":  # the chat's request: the recalled notes, then what was asked
        return f"{record['input']}\n\n{record['instruction']}"
    if record.get("input"):
        return (
            f"{record['input']}\n\nQuestion: {record['instruction']}"
            if record.get("task") in ("stat", "rule", "refusal", "note", "query")
            else f"{record['instruction']}\n\n{record['input']}"
        )
    return record["instruction"]


def messages(record: dict, with_answer: bool = True) -> list[dict]:
    if record.get("task") == "flavour":  # the Characters pane's chat: its worked example, then the facts
        from dm_companion.characters.flavour import prompt

        turns = prompt(record["input"])
    else:
        turns = [
            {"role": "system", "content": system_for(record.get("task", ""))},
            {"role": "user", "content": user_turn(record)},
        ]
    if with_answer:
        turns.append({"role": "assistant", "content": record["output"]})
    return turns


def read_jsonl(path: Path) -> list[dict]:
    path = Path(path)
    if not path.is_file():
        raise DMCError(f"data file not found: {path} (build it with: python -m tools.build_dataset)")
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DMCError(f"{path} line {number} is not JSON ({exc.msg})") from None
        if not isinstance(record, dict) or not all(
            isinstance(record.get(k), str) for k in ("instruction", "output")
        ):
            raise DMCError(f'{path} line {number} needs string "instruction" and "output" fields')
        records.append(record)
    if not records:
        raise DMCError(f"{path} holds no samples")
    return records


def load_base(base: str | None, dtype=None, quantize_4bit: bool = False):
    """(model, tokenizer): the bundled GGUF (or any GGUF file) through transformers, or a local
    Hugging Face checkpoint folder."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    from dm_companion.llm.discovery import bundled_model_path

    transformers_logging.disable_progress_bar()
    path = Path(base).expanduser() if base and base != "bundled" else bundled_model_path()
    if not path.exists():
        raise DMCError(f"base model not found: {path}")
    extra = {}
    if quantize_4bit:
        if not torch.cuda.is_available():
            raise DMCError("4-bit QLoRA needs CUDA (bitsandbytes); this machine has no GPU")
        from transformers import BitsAndBytesConfig

        extra["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=torch.bfloat16
        )
    kwargs = {"gguf_file": path.name} if path.is_file() else {}
    folder = str(path.parent if path.is_file() else path)
    try:
        tokenizer = AutoTokenizer.from_pretrained(folder, **kwargs)
        model = AutoModelForCausalLM.from_pretrained(folder, dtype=dtype or torch.float32, **kwargs, **extra)
    except (OSError, ValueError) as exc:
        raise DMCError(f"transformers cannot load the base model {path}: {exc}") from None
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return model, tokenizer, path
