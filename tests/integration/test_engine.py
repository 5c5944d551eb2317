"""The engine on the real bundled SmolLM2 through llama.cpp (greedy, so runs are repeatable)."""

import threading

import pytest
from conftest import lora_for, write_unknown_architecture_gguf

from dm_companion.assistant.chat import Conversation, Turn
from dm_companion.errors import DMCError
from dm_companion.llm.discovery import choose
from dm_companion.llm.engine import Engine
from dm_companion.llm.lora_gguf import write_lora_gguf
from dm_companion.settings import load_settings

pytestmark = pytest.mark.model  # every test here runs a real model

QUESTION = [{"role": "user", "content": "Name three classic Dungeons & Dragons monsters."}]


def test_streams_several_pieces_that_form_the_answer(engine):
    pieces = list(engine.stream_chat(QUESTION, max_tokens=40))
    assert len(pieces) > 5
    text = "".join(pieces)
    assert len(text.split()) > 3
    assert "<|im_end|>" not in text and "<|im_start|>" not in text


def test_greedy_decoding_is_repeatable(engine):
    first = "".join(engine.stream_chat(QUESTION, max_tokens=30))
    second = "".join(engine.stream_chat(QUESTION, max_tokens=30))
    assert first == second


def test_cancel_stops_generation_mid_answer(engine):
    cancel = threading.Event()
    story = [{"role": "user", "content": "Tell a very long story about a dragon and a knight."}]
    received = []
    for piece in engine.stream_chat(story, max_tokens=400, cancel=cancel):
        received.append(piece)
        if len(received) == 5:
            cancel.set()
    assert len(received) == 5
    # The context is usable again straight away after a cancel.
    assert "".join(engine.stream_chat(QUESTION, max_tokens=10))


def test_json_schema_constrains_the_output(engine):
    schema = {
        "type": "object",
        "properties": {
            "op": {"enum": ["damage", "heal"]},
            "target": {"enum": ["Mira", "Goblin 1", "Goblin 2"]},
            "amount": {"type": "integer", "minimum": 0, "maximum": 100},
        },
        "required": ["op", "target", "amount"],
    }
    messages = [
        {"role": "system", "content": "Turn the DM's sentence into a combat event as JSON."},
        {"role": "user", "content": "The goblin slashes Mira for 7 damage."},
    ]
    event = engine.complete_json(messages, schema, max_tokens=60)
    assert set(event) == {"op", "target", "amount"}
    assert event["op"] in ("damage", "heal")
    assert event["target"] in ("Mira", "Goblin 1", "Goblin 2")
    assert isinstance(event["amount"], int) and 0 <= event["amount"] <= 100


def test_a_request_goes_alone_with_its_notes_and_no_earlier_answer(engine):
    chat = Conversation(answer_tokens=30)
    first = "".join(chat.ask(engine, "Describe a d20."))
    assert first
    chat.turns.append(Turn("Describe a d20.", first))
    messages = chat.messages_for("Describe a d4.", engine, notes="Campaign notes:\n- Dice: Mira's d4 is red.")
    assert messages == [
        {"role": "system", "content": chat.system_prompt},
        {"role": "user", "content": "Campaign notes:\n- Dice: Mira's d4 is red.\n\nDescribe a d4."},
    ]


def test_a_question_longer_than_the_context_is_one_clear_error(engine):
    chat = Conversation()
    with pytest.raises(DMCError, match="too long"):
        list(chat.ask(engine, "goblin " * 5000))
    assert chat.turns == []


def test_adapter_is_applied_by_llama_cpp(tmp_path, model_info, greedy_settings):
    """A LoRA with large random B must change greedy output; the same LoRA with B=0 must not."""

    def answer_with(adapter_path):
        settings = load_settings(
            {**{k: str(v) for k, v in greedy_settings.values.items()}, "adapter": str(adapter_path)},
            environ={},
            path=tmp_path / "x.toml",
        )
        engine = Engine(choose(settings), settings)
        engine.load()
        return "".join(engine.stream_chat(QUESTION, max_tokens=20))

    kinds = ("attn_q", "attn_k", "attn_v", "attn_output", "ffn_up", "ffn_down", "ffn_gate")
    layers = tuple(range(30))
    zero = write_lora_gguf(
        tmp_path / "zero.gguf", "llama", 4, lora_for(model_info, 4, 0.0, layers=layers, kinds=kinds)
    )
    loud = write_lora_gguf(
        tmp_path / "loud.gguf", "llama", 4, lora_for(model_info, 4, 0.5, layers=layers, kinds=kinds)
    )
    base = answer_with("none")
    assert answer_with(zero) == base
    assert answer_with(loud) != base


def test_llama_cpp_load_failure_is_one_clear_error(tmp_path, greedy_settings):
    """A file whose header is sound but whose architecture llama.cpp does not know."""
    path = write_unknown_architecture_gguf(tmp_path / "strange.gguf")
    settings = load_settings(
        {"model": str(path), "adapter": "none", "threads": "2"}, environ={}, path=tmp_path / "x.toml"
    )
    engine = Engine(choose(settings), settings)
    with pytest.raises(DMCError, match=f"llama.cpp could not load {path}"):
        engine.load()
