"""The llama.cpp engine: model and adapter discovery, GGUF checks, streaming, JSON-schema output."""
