"""The served engine against a real llama-cpp-python server on loopback (the bundled model as
`base`, with the default adapter as `default`), compared with the in-process engine."""

from __future__ import annotations

import threading

import pytest
from conftest import dmc, settings_in

from dm_companion.errors import DMCError
from dm_companion.llm.discovery import bundled_model_path
from dm_companion.llm.engines import engine_for, load_engine
from dm_companion.llm.serve import config, free_port, launch
from dm_companion.paths import DEFAULT_ADAPTER
from dm_companion.settings import load_settings

pytestmark = pytest.mark.model

PROMPTS = [
    [{"role": "user", "content": "Describe a misty marsh at night."}],
    [
        {"role": "system", "content": "You are a helpful dungeon master's assistant."},
        {"role": "user", "content": "Name three things a goblin might carry."},
    ],
]
CHOICE = {
    "type": "object",
    "properties": {
        "action": {"type": "string", "enum": ["attack", "heal", "move"]},
        "target": {"type": "string"},
    },
    "required": ["action", "target"],
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log = tmp_path_factory.mktemp("server") / "server.log"
    process, url = launch(
        config(bundled_model_path(), {"default": DEFAULT_ADAPTER}, free_port(), threads=2), log
    )
    yield url
    process.terminate()
    process.wait(timeout=30)


def engines(url: str, adapter: str):
    """The in-process engine and the served one for the same adapter, both loaded."""
    local = load_engine(engine_for(load_settings({"adapter": adapter, "threads": "2"}, environ={})))
    served = load_engine(engine_for(load_settings({"adapter": adapter, "server": url}, environ={})))
    return local, served


@pytest.mark.parametrize("adapter", ["default", "none"])
def test_served_answers_equal_the_in_process_ones_token_for_token(server, adapter):
    local, served = engines(server, adapter)
    assert served.backend.kind == "OpenAI-compatible"
    for messages in PROMPTS:
        here = list(local.stream_chat(messages, max_tokens=48, temperature=0.0))
        there = list(served.stream_chat(messages, max_tokens=48, temperature=0.0))
        assert len(here) > 10
        assert there == here
    assert served.count_tokens("What is a goblin's armor class?") == local.count_tokens(
        "What is a goblin's armor class?"
    )


def test_the_adapter_is_chosen_per_request(server):
    with_adapter = load_engine(engine_for(load_settings({"server": server}, environ={})))
    without = load_engine(engine_for(load_settings({"server": server, "adapter": "none"}, environ={})))
    messages = PROMPTS[1]
    first = "".join(with_adapter.stream_chat(messages, max_tokens=32, temperature=0.0))
    base = "".join(without.stream_chat(messages, max_tokens=32, temperature=0.0))
    assert base != first
    assert "".join(with_adapter.stream_chat(messages, max_tokens=32, temperature=0.0)) == first


def test_json_and_grammar_output_through_the_server_equal_in_process(server):
    local, served = engines(server, "default")
    messages = [{"role": "user", "content": "The goblin swings its scimitar at Mira. Which action, on whom?"}]
    assert served.complete_json(messages, CHOICE, max_tokens=40) == local.complete_json(
        messages, CHOICE, max_tokens=40
    )
    assert set(served.complete_json(messages, CHOICE, max_tokens=40)) == {"action", "target"}
    verdict = 'root ::= "Yes." | "No."'
    question = [{"role": "user", "content": "Can a prone creature stand up? Answer yes or no."}]
    said = "".join(served.stream_chat(question, max_tokens=5, temperature=0.0, grammar=verdict))
    assert said in ("Yes.", "No.")
    assert said == "".join(local.stream_chat(question, max_tokens=5, temperature=0.0, grammar=verdict))


def test_cancel_stops_the_served_stream_and_the_server_answers_the_next(server):
    served = load_engine(engine_for(load_settings({"server": server}, environ={})))
    cancel, pieces = threading.Event(), []
    for piece in served.stream_chat(PROMPTS[0], max_tokens=200, temperature=0.0, cancel=cancel):
        pieces.append(piece)
        if len(pieces) == 3:
            cancel.set()
    assert len(pieces) == 3
    assert len(list(served.stream_chat(PROMPTS[0], max_tokens=8, temperature=0.0))) > 2


def test_a_server_killed_mid_answer_is_one_line(tmp_path):
    process, url = launch(config(bundled_model_path(), {}, free_port(), threads=2), tmp_path / "server.log")
    try:
        served = load_engine(engine_for(load_settings({"server": url, "adapter": "none"}, environ={})))
        stream = served.stream_chat(PROMPTS[0], max_tokens=400, temperature=0.0)
        assert next(stream)
        process.kill()
        process.wait(timeout=30)
        with pytest.raises(DMCError, match=f"the model server at {url} stopped answering"):
            for _ in stream:
                pass
    finally:
        process.kill()


def test_an_unknown_adapter_on_the_server_is_refused_with_what_it_serves(server):
    settings = load_settings({"server": server, "adapter": "/adapters/gritty/adapter.gguf"}, environ={})
    with pytest.raises(DMCError, match="has no adapter 'gritty' \\(it serves: base, default\\)"):
        load_engine(engine_for(settings))


def test_ask_and_doctor_on_the_server(server, tmp_path, srd_index):
    asked = dmc(
        "--campaigns-dir", str(tmp_path), "--server", server, "ask", "--json", "how does cover work?"
    )  # a quote the served model sums up (a look-up never connects)
    assert asked.returncode == 0, asked.stderr
    assert '"model": "default"' in asked.stdout and '"adapter": "default"' in asked.stdout
    assert "Cover" in asked.stdout
    doctor = dmc("--server", server, "doctor")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "OpenAI-compatible" in doctor.stdout and "generated" in doctor.stdout


def test_a_server_that_is_down_leaves_the_srd_answering(tmp_path, srd_index):
    down = f"http://127.0.0.1:{free_port()}"
    asked = dmc("--campaigns-dir", str(tmp_path), "--server", down, "ask", "how does cover work?")
    assert asked.returncode == 0, asked.stderr
    assert "Cover (rule)" in asked.stdout
    assert asked.stderr.count(f"the model server at {down} is not answering") == 1
    settings = settings_in(tmp_path, server=down)
    from dm_companion.sessions.runtime import Runtime

    runtime = Runtime(settings)
    runtime.load_model()
    assert runtime.model.error.startswith(f"the model server at {down} is not answering")
