"""LoRA training throughput: our trainer (length-grouped batches) against a plain padded
transformers Trainer baseline, same model, data, LoRA and batch settings, in one run.

Counts only real (non-pad) tokens. The baseline pads every sample to --max-len (DataCollator
padding="max_length"), as a plain Trainer recipe does; both train one epoch over the same
samples, so they process the same real tokens.

    .venv/bin/python benchmarks/train_throughput.py [--samples 48] [--batch 8] [--max-len 640]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools import train_data, train_lora
from tools.common import DATA_DIR, load_base, read_jsonl


def baseline(records: list[dict], batch: int, max_len: int, rank: int, targets: list[str], out: Path) -> dict:
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import DataCollatorForSeq2Seq, Trainer, TrainingArguments

    model, tokenizer, _ = load_base("bundled")
    # transformers labels a GGUF-loaded model "quantized" and the Trainer refuses it, though the
    # weights are already dequantized to float32 (our trainer trains the same tensors)
    model.is_quantized, model.hf_quantizer = False, None
    model = get_peft_model(
        model,
        LoraConfig(
            r=rank, lora_alpha=2 * rank, lora_dropout=0.05, target_modules=targets, task_type="CAUSAL_LM"
        ),
    )
    samples = train_data.tokenize(records, tokenizer, max_len)
    collator = DataCollatorForSeq2Seq(
        tokenizer, padding="max_length", max_length=max_len, label_pad_token_id=-100
    )
    arguments = TrainingArguments(
        output_dir=str(out),
        per_device_train_batch_size=batch,
        num_train_epochs=1,
        learning_rate=2e-4,
        logging_steps=1000,
        save_strategy="no",
        report_to=[],
        use_cpu=not torch.cuda.is_available(),
        seed=0,
        disable_tqdm=True,
    )
    trainer = Trainer(model=model, args=arguments, train_dataset=samples, data_collator=collator)
    started = time.perf_counter()
    trainer.train()
    seconds = time.perf_counter() - started
    real = sum(len(s["input_ids"]) for s in samples)
    return {
        "seconds": round(seconds, 1),
        "real_tokens": real,
        "padded_tokens": len(samples) * max_len,
        "real_tokens_per_s": round(real / seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--samples", type=int, default=48)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--max-len", type=int, default=640, help="the default adapter's setting")
    parser.add_argument("--rank", type=int, default=8)
    args = parser.parse_args()
    targets = ["q_proj", "k_proj", "v_proj", "o_proj"]
    records = read_jsonl(args.data / "train.jsonl")[: args.samples]
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        text = "".join(json.dumps(r) + "\n" for r in records)
        (data / "train.jsonl").write_text(text)
        (data / "val.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records[:8]))
        padded = baseline(records, args.batch, args.max_len, args.rank, targets, Path(tmp) / "hf")
        given = f"--data {data} --out {Path(tmp) / 'ours'} --rank {args.rank} --alpha {2 * args.rank}"
        given += f" --targets {','.join(targets)} --batch {args.batch} --max-len {args.max_len} --epochs 1"
        given += " --eval-every 0 --eval-samples 8 --save-every 0 --lr 2e-4"
        ours = train_lora.train(train_lora.parse(given.split()))
    print(
        json.dumps(
            {
                "benchmark": "train_throughput",
                "samples": len(records),
                "batch": args.batch,
                "max_len": args.max_len,
                "hardware": ours["hardware"],
                "trainer_padded": padded,
                "ours_length_grouped": {
                    k: ours[k]
                    for k in ("seconds", "real_tokens", "padded_tokens", "real_tokens_per_s", "padding_share")
                },
                "ratio_real_tokens_per_s": round(ours["real_tokens_per_s"] / padded["real_tokens_per_s"], 2),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
