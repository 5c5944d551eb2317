"""The trainer's data (`train_lora`): the samples read from the dataset (a stage's tasks only),
tokenized as the app's chat prompt with the answer (the loss on the answer tokens only), grouped
into batches of similar length, and padded."""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import TYPE_CHECKING

from dm_companion.errors import DMCError
from tools.common import messages, read_jsonl

if TYPE_CHECKING:
    from tools.train_lora import Config


IGNORE = -100


def tokenize(records: list[dict], tokenizer, max_len: int) -> list[dict]:
    """input_ids and labels per sample: the prompt's labels are IGNORE, so the loss is on the
    answer (and its end-of-turn token) only. Samples whose prompt alone fills max_len are dropped."""
    samples = []
    for record in records:
        prompt = tokenizer.apply_chat_template(
            messages(record, with_answer=False), tokenize=False, add_generation_prompt=True
        )
        prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
        answer_ids = tokenizer(record["output"] + tokenizer.eos_token + "\n", add_special_tokens=False)[
            "input_ids"
        ]
        if len(prompt_ids) >= max_len - 8:
            continue
        ids = (prompt_ids + answer_ids)[:max_len]
        labels = ([IGNORE] * len(prompt_ids) + answer_ids)[:max_len]
        samples.append({"input_ids": ids, "labels": labels})
    return samples


def batches(samples: list[dict], batch: int, grouping: str, rng: random.Random) -> list[list[int]]:
    """Index lists, one per batch. "length": shuffle, cut into mega-batches of 50 batches, sort
    each by length, slice, shuffle the batches (the length-grouped sampling of HF's Trainer, done
    here so padding stays small). "padded": plain shuffled batches."""
    order = list(range(len(samples)))
    rng.shuffle(order)
    if grouping == "length":
        mega = batch * 50
        order = [
            i
            for start in range(0, len(order), mega)
            for i in sorted(order[start : start + mega], key=lambda i: len(samples[i]["input_ids"]))
        ]
    cut = [order[start : start + batch] for start in range(0, len(order), batch)]
    rng.shuffle(cut)
    return cut


def collate(items: list[dict], pad_id: int):
    import torch

    longest = max(len(item["input_ids"]) for item in items)
    ids = torch.full((len(items), longest), pad_id, dtype=torch.long)
    labels = torch.full((len(items), longest), IGNORE, dtype=torch.long)
    mask = torch.zeros((len(items), longest), dtype=torch.long)
    for row, item in enumerate(items):
        n = len(item["input_ids"])
        ids[row, :n] = torch.tensor(item["input_ids"])
        labels[row, :n] = torch.tensor(item["labels"])
        mask[row, :n] = 1
    return {"input_ids": ids, "labels": labels, "attention_mask": mask}


def load_records(config: Config) -> tuple[list[dict], list[dict]]:
    """The training and validation records, kept to the tasks asked for and cut to `limit`."""
    train_records = read_jsonl(Path(config.data) / "train.jsonl")
    val_records = read_jsonl(Path(config.data) / "val.jsonl")
    if config.tasks:
        caps = {
            name: int(most) if most else None for name, _, most in (t.partition(":") for t in config.tasks)
        }
        present = {str(record.get("task")) for record in train_records}
        unknown_tasks = sorted(set(caps) - present)
        if unknown_tasks:
            raise DMCError(
                f"no training samples of task '{unknown_tasks[0]}' in {config.data} "
                f"(tasks there: {', '.join(sorted(present))})"
            )
        taken = dict.fromkeys(caps, 0)
        kept = []
        for record in train_records:  # the file is shuffled: the first N of a task are a fair draw
            name = record.get("task")
            if name in caps and (caps[name] is None or taken[name] < caps[name]):
                kept.append(record)
                taken[name] += 1
        train_records = kept
        val_records = [record for record in val_records if record.get("task") in caps]
    if config.limit:
        train_records = train_records[: config.limit]
    return train_records, val_records


def plan_batches(samples: list[dict], config: Config) -> tuple[list[list[int]], int]:
    """The batches in training order (whole epochs, then the fraction asked for) and the number
    of optimizer steps they make (at most `max_steps`)."""
    rng = random.Random(config.seed)
    plan = [
        b
        for _ in range(math.ceil(config.epochs))
        for b in batches(samples, config.batch, config.grouping, rng)
    ]
    plan = plan[: int(len(plan) * config.epochs / math.ceil(config.epochs))] if config.epochs % 1 else plan
    steps = math.ceil(len(plan) / config.accumulation)
    if config.max_steps:
        steps = min(steps, config.max_steps)
        plan = plan[: steps * config.accumulation]
    return plan, steps
