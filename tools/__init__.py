"""The adapter factory: dataset builder, LoRA trainer, GGUF exporter and evaluator
(`python -m tools.<name>`)."""
