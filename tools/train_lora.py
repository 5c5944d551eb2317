"""Train a LoRA adapter with PEFT on the model the app serves (or a local HF checkpoint).

Read top to bottom: parse the config and refuse a bad one in one line; load the base; tokenize
(`train_data`) each sample as the app's chat prompt with the answer, the loss on the answer tokens only; group
samples of similar length into batches so little compute goes on padding (`--grouping padded`
gives the plain random, padded batches a Trainer would use); train with accelerate (CPU, one
GPU, or `accelerate launch` on several GPUs/nodes, unchanged), evaluating on the validation
split, checkpointing, with a progress bar of loss and real (non-pad) tokens per second.

    python -m tools.train_lora --data data/adapter --out runs/default [--rank 8] [--alpha 16]
        [--targets q_proj,v_proj] [--lr 2e-4] [--epochs 1] [--batch 8] [--accumulation 1]
        [--max-steps N] [--bf16] [--4bit] [--resume] [--from-adapter runs/old/adapter]
        [--tasks rule,refusal:100]

`--from-adapter` goes on training a saved PEFT adapter (its rank and target modules) on new
data, so a new task mix need not repeat the compute already spent; `--tasks` spends a stage on
some tasks only (their validation samples too), `task:N` at most N training samples of one
(`--tasks describe,narration,query:600,stat:400` weights a stage toward the first two).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

from dm_companion.errors import DMCError
from tools.common import DATA_DIR, load_base
from tools.train_data import IGNORE, collate, load_records, plan_batches, tokenize


@dataclass
class Config:
    data: Path = DATA_DIR
    out: Path = Path("runs/adapter")
    base: str = "bundled"
    rank: int = 8
    alpha: float = 16.0
    dropout: float = 0.05
    targets: list[str] = field(default_factory=lambda: ["q_proj", "k_proj", "v_proj", "o_proj"])
    lr: float = 2e-4
    schedule: str = "cosine"
    warmup: float = 0.05
    epochs: float = 1.0
    batch: int = 8
    accumulation: int = 1
    max_len: int = 512
    max_steps: int = 0
    eval_every: int = 100
    eval_samples: int = 128
    save_every: int = 200
    grouping: str = "length"
    seed: int = 0
    bf16: bool = False
    four_bit: bool = False
    resume: bool = False
    limit: int = 0
    tasks: list[str] = field(default_factory=list)
    from_adapter: Path | None = None

    def check(self) -> None:
        if self.rank < 1:
            raise DMCError(f"--rank must be 1 or more, not {self.rank}")
        if self.alpha <= 0 or not 0 <= self.dropout < 1:
            raise DMCError("--alpha must be positive and --dropout in [0, 1)")
        if self.lr <= 0 or self.batch < 1 or self.accumulation < 1 or self.epochs <= 0 or self.max_len < 32:
            raise DMCError(
                "--lr, --batch, --accumulation and --epochs must be positive; --max-len at least 32"
            )
        if self.schedule not in ("cosine", "linear", "constant", "constant_with_warmup"):
            raise DMCError(
                f"unknown --schedule '{self.schedule}' (cosine, linear, constant, constant_with_warmup)"
            )
        if self.grouping not in ("length", "padded"):
            raise DMCError(f"unknown --grouping '{self.grouping}' (length, padded)")
        if (
            self.from_adapter
            and not (Path(self.from_adapter) / "adapter_config.json").is_file()
            and not (Path(self.from_adapter).suffix == ".gguf" and Path(self.from_adapter).is_file())
        ):
            raise DMCError(
                f"--from-adapter {self.from_adapter} is neither a saved PEFT adapter (no "
                "adapter_config.json) nor a GGUF adapter file"
            )


def linear_names(model) -> set[str]:
    import torch

    return {
        name.rsplit(".", 1)[-1]
        for name, module in model.named_modules()
        if isinstance(module, torch.nn.Linear)
    }


def evaluate_loss(model, samples: list[dict], pad_id: int, accelerator, batch: int) -> float:
    import torch

    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(samples), batch):
            inputs = {
                k: v.to(accelerator.device)
                for k, v in collate(samples[start : start + batch], pad_id).items()
            }
            out = model(**inputs)
            tokens = int((inputs["labels"][:, 1:] != IGNORE).sum())
            total += float(out.loss) * tokens
            count += tokens
    model.train()
    return total / max(count, 1)


def prepare_model(config: Config):
    """The base model with LoRA on the target layers (fresh, or a saved adapter trained on);
    returns the model, its tokenizer and the base's path."""
    from peft import LoraConfig, get_peft_model

    model, tokenizer, base_path = load_base(config.base, quantize_4bit=config.four_bit)
    unknown = sorted(set(config.targets) - linear_names(model))
    if unknown:
        raise DMCError(
            f"unknown target module '{unknown[0]}' (this model's linear layers: "
            f"{', '.join(sorted(linear_names(model) - {'lm_head'}))})"
        )
    if config.four_bit:
        from peft import prepare_model_for_kbit_training

        model = prepare_model_for_kbit_training(model)
    if config.from_adapter:
        from peft import PeftModel

        start = Path(config.from_adapter)
        if start.suffix == ".gguf":  # the app's adapter file: back to PEFT first (export_gguf's inverse)
            from tools.export_gguf import peft_from_gguf

            start = peft_from_gguf(start, Path(config.out) / "from-gguf", config.base)
        return PeftModel.from_pretrained(model, str(start), is_trainable=True), tokenizer, base_path
    lora = LoraConfig(
        r=config.rank,
        lora_alpha=config.alpha,
        lora_dropout=config.dropout,
        target_modules=config.targets,
        task_type="CAUSAL_LM",
    )
    return get_peft_model(model, lora), tokenizer, base_path


def resume(config: Config, accelerator, loader, checkpoints: Path):
    """With `resume` and a checkpoint, its state restored and the batches it had done skipped;
    returns the loader and how many batches were done."""
    if not (config.resume and checkpoints.is_dir() and any(checkpoints.iterdir())):
        return loader, 0
    latest = max(checkpoints.iterdir(), key=lambda p: int(p.name.split("-")[1]))
    accelerator.load_state(str(latest))
    done_batches = json.loads((latest / "progress.json").read_text())["batches"]
    return accelerator.skip_first_batches(loader, done_batches), done_batches


@dataclass
class Trace:
    """What a run did: losses by step, tokens seen (real and padded), training seconds."""

    step: int
    train_loss: list = field(default_factory=list)
    eval_loss: list = field(default_factory=list)
    real_tokens: int = 0
    padded_tokens: int = 0
    seconds: float = 0.0


def run_steps(config: Config, parts: dict, steps: int, done_batches: int, checkpoints: Path) -> Trace:
    """The training loop: optimizer steps with gradient accumulation, a progress bar with loss
    and tokens/s, evaluation and checkpoints every so many steps (evaluation not timed)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    model, optimizer, scheduler, loader, accelerator = (
        parts[k] for k in ("model", "optimizer", "scheduler", "loader", "accelerator")
    )
    evaluate = partial(evaluate_loss, model, parts["val_samples"], parts["pad_id"], accelerator, config.batch)
    trace = Trace(step=done_batches // config.accumulation)
    trace.eval_loss.append((trace.step, round(evaluate(), 4)))
    evaluating, started = 0.0, time.perf_counter()
    columns = [
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} steps"),
        TimeElapsedColumn(),
        TextColumn("{task.fields[status]}"),
    ]
    with Progress(*columns, disable=not accelerator.is_local_main_process) as progress:
        task = progress.add_task("training", total=steps, completed=trace.step, status="")
        model.train()
        for number, batch in enumerate(loader, start=done_batches + 1):
            with accelerator.accumulate(model):
                loss = model(**batch).loss
                accelerator.backward(loss)
                loss = loss.detach()
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
            trace.real_tokens += int(batch["attention_mask"].sum())
            trace.padded_tokens += batch["attention_mask"].numel()
            if number % config.accumulation:
                continue
            trace.step += 1
            trace.train_loss.append((trace.step, round(float(loss), 4)))
            rate = trace.real_tokens / (time.perf_counter() - started - evaluating)
            progress.update(task, completed=trace.step, status=f"loss {float(loss):.3f} · {rate:,.0f} tok/s")
            if config.eval_every and trace.step % config.eval_every == 0 and trace.step < steps:
                paused = time.perf_counter()  # evaluation time is not training time
                trace.eval_loss.append((trace.step, round(evaluate(), 4)))
                evaluating += time.perf_counter() - paused
            if config.save_every and trace.step % config.save_every == 0 and trace.step < steps:
                target = checkpoints / f"step-{trace.step}"
                accelerator.save_state(str(target))
                (target / "progress.json").write_text(json.dumps({"batches": number, "step": trace.step}))
            if trace.step >= steps:
                break
    trace.seconds = time.perf_counter() - started - evaluating
    trace.eval_loss.append((trace.step, round(evaluate(), 4)))
    return trace


def metrics_of(config: Config, trace: Trace, samples: int, base_path) -> dict:
    import torch

    return {
        "steps": trace.step,
        "samples": samples,
        "seconds": round(trace.seconds, 1),
        "real_tokens": trace.real_tokens,
        "padded_tokens": trace.padded_tokens,
        "real_tokens_per_s": round(trace.real_tokens / trace.seconds, 1),
        "padding_share": round(1 - trace.real_tokens / max(trace.padded_tokens, 1), 3),
        "train_loss_first": trace.train_loss[0][1] if trace.train_loss else None,
        "train_loss_last": trace.train_loss[-1][1] if trace.train_loss else None,
        "eval_loss": trace.eval_loss,
        "base": str(base_path),
        "hardware": (
            torch.cuda.get_device_name(0)
            if torch.cuda.is_available()
            else f"CPU ({platform.processor() or platform.machine()}, {torch.get_num_threads()} threads)"
        ),
        "peak_gpu_memory_gib": round(torch.cuda.max_memory_allocated() / 2**30, 2)
        if torch.cuda.is_available()
        else None,
        "config": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(config).items()},
    }


def train(config: Config) -> dict:
    """Records, model, batch plan, optimizer, (resume,) the loop, then the adapter and its metrics
    written to `config.out`."""
    config.check()
    import torch
    from accelerate import Accelerator
    from accelerate.utils import set_seed
    from torch.utils.data import DataLoader
    from transformers import get_scheduler

    train_records, val_records = load_records(config)
    set_seed(config.seed)
    accelerator = Accelerator(
        gradient_accumulation_steps=config.accumulation, mixed_precision="bf16" if config.bf16 else "no"
    )
    model, tokenizer, base_path = prepare_model(config)
    samples = tokenize(train_records, tokenizer, config.max_len)
    val_samples = tokenize(val_records, tokenizer, config.max_len)[: config.eval_samples]
    plan, steps = plan_batches(samples, config)
    pad_id = tokenizer.pad_token_id
    loader = DataLoader(samples, batch_sampler=plan, collate_fn=lambda items: collate(items, pad_id))
    optimizer = torch.optim.AdamW(
        (p for p in model.parameters() if p.requires_grad), lr=config.lr, weight_decay=0.0
    )
    scheduler = get_scheduler(
        config.schedule, optimizer, num_warmup_steps=int(config.warmup * steps), num_training_steps=steps
    )
    model, optimizer, loader, scheduler = accelerator.prepare(model, optimizer, loader, scheduler)
    out = Path(config.out)
    loader, done_batches = resume(config, accelerator, loader, out / "checkpoints")
    parts = {
        "model": model,
        "optimizer": optimizer,
        "scheduler": scheduler,
        "loader": loader,
        "accelerator": accelerator,
        "val_samples": val_samples,
        "pad_id": pad_id,
    }
    trace = run_steps(config, parts, steps, done_batches, out / "checkpoints")
    accelerator.wait_for_everyone()
    metrics = metrics_of(config, trace, len(samples), base_path)
    if accelerator.is_main_process:
        out.mkdir(parents=True, exist_ok=True)
        accelerator.unwrap_model(model).save_pretrained(str(out / "adapter"))
        (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    return metrics


def _listed(text: str) -> list[str]:
    """A comma-separated option's names ("q_proj, v_proj" -> ["q_proj", "v_proj"])."""
    return [name.strip() for name in text.split(",") if name.strip()]


def parse(argv: list[str] | None = None) -> Config:
    defaults = Config()
    parser = argparse.ArgumentParser(prog="python -m tools.train_lora", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=defaults.data, help="folder with train.jsonl and val.jsonl"
    )
    parser.add_argument("--out", type=Path, default=defaults.out)
    parser.add_argument(
        "--base", default=defaults.base, help="'bundled', a GGUF file, or a local HF checkpoint folder"
    )
    parser.add_argument("--rank", type=int, default=defaults.rank)
    parser.add_argument("--alpha", type=float, default=defaults.alpha)
    parser.add_argument("--dropout", type=float, default=defaults.dropout)
    parser.add_argument("--targets", default=",".join(defaults.targets), help="comma-separated module names")
    parser.add_argument("--lr", type=float, default=defaults.lr)
    parser.add_argument("--schedule", default=defaults.schedule)
    parser.add_argument("--warmup", type=float, default=defaults.warmup, help="share of steps")
    parser.add_argument("--epochs", type=float, default=defaults.epochs)
    parser.add_argument("--batch", type=int, default=defaults.batch)
    parser.add_argument("--accumulation", type=int, default=defaults.accumulation)
    parser.add_argument("--max-len", type=int, default=defaults.max_len)
    parser.add_argument("--max-steps", type=int, default=0)
    parser.add_argument("--eval-every", type=int, default=defaults.eval_every)
    parser.add_argument("--eval-samples", type=int, default=defaults.eval_samples)
    parser.add_argument("--save-every", type=int, default=defaults.save_every)
    parser.add_argument("--grouping", default=defaults.grouping, help="length (default) or padded")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N training samples")
    parser.add_argument(
        "--tasks",
        default="",
        help="train and validate on these tasks only "
        "(comma-separated; task:N takes at most N of its samples)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--bf16", action="store_true", help="bf16 mixed precision (CUDA)")
    parser.add_argument(
        "--4bit", dest="four_bit", action="store_true", help="4-bit QLoRA base (CUDA, bitsandbytes)"
    )
    parser.add_argument("--resume", action="store_true", help="continue from the latest checkpoint in --out")
    parser.add_argument(
        "--from-adapter", type=Path, help="go on training this saved PEFT adapter (its rank and targets)"
    )
    args = parser.parse_args(argv)
    values = vars(args) | {"targets": _listed(args.targets), "tasks": _listed(args.tasks)}
    return Config(**values)


def main(argv: list[str] | None = None) -> int:
    try:
        metrics = train(parse(argv))
    except DMCError as exc:
        print(f"train_lora: error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps({k: v for k, v in metrics.items() if k != "config"}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
