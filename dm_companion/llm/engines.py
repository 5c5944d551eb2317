"""Which engine the settings mean, and loading it safely: the model on a server when one is
configured, else llama.cpp in this process (after the child-process probe says it survives here)."""

from __future__ import annotations

from dm_companion.llm.discovery import ModelChoice, choose
from dm_companion.llm.engine import Engine
from dm_companion.llm.protocol import LanguageModel
from dm_companion.llm.served import ServedEngine
from dm_companion.settings import Settings


def engine_for(settings: Settings, choice: ModelChoice | None = None) -> LanguageModel:
    """The served engine when `settings.server` is set (no local model file is read), else the
    local one for `choice` (read from the settings when not given: a wrong path fails here)."""
    if settings.server:
        return ServedEngine(settings)
    return Engine(choice or choose(settings), settings)


def load_engine(engine: LanguageModel) -> LanguageModel:
    """`engine`, loaded: a served one once its server answered, a local one once the probe passed;
    DMCError with one line otherwise."""
    if isinstance(engine, ServedEngine):
        engine.load()
        return engine
    from dm_companion.llm.probe import load_safely

    return load_safely(engine)
