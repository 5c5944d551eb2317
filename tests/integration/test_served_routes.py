"""What the served engine sends to a server that speaks llama-server's dialect (adapters by id at
`/lora-adapters`, tokens at `/tokenize`), and what it does when the answer breaks off.

llama.cpp's C++ `llama-server` is not installed here, so this is a stand-in on loopback that
records each request and answers as llama-server does; the engine's own logic is what is tested.
The real-server path is tests/integration/test_served.py."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dm_companion.errors import DMCError
from dm_companion.llm.served import ServedEngine
from dm_companion.settings import load_settings

ADAPTERS = [
    {"id": 0, "path": "/srv/adapters/default/adapter.gguf", "scale": 0.0},
    {"id": 1, "path": "/srv/adapters/gritty.gguf", "scale": 0.0},
]


class LlamaServerLike(BaseHTTPRequestHandler):
    bodies: list[dict] = []
    drop_every_answer = False

    def log_message(self, *args):
        pass

    def reply(self, status: int, value) -> None:
        data = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/v1/models":
            return self.reply(200, {"data": [{"id": "smollm2.gguf"}]})
        if self.path == "/lora-adapters":
            return self.reply(200, ADAPTERS)
        self.reply(404, {"error": "no such endpoint"})

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path == "/tokenize":
            return self.reply(200, {"tokens": list(range(len(body["content"].split())))})
        if self.path != "/v1/chat/completions":
            return self.reply(404, {"error": "no such endpoint"})
        self.bodies.append(body)
        if body["messages"][-1]["content"] == "refuse":
            return self.reply(400, {"error": {"message": "the grammar does not parse"}})
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for word in ("The", " ogre", " roars"):
            chunk = {"choices": [{"delta": {"content": word}}]}
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.flush()
        if self.drop_every_answer or body["messages"][-1]["content"] == "drop":
            self.connection.shutdown(2)  # gone mid-answer, no [DONE]
            return
        self.wfile.write(b"data: [DONE]\n\n")


@pytest.fixture
def url():
    LlamaServerLike.bodies = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), LlamaServerLike)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def engine(url: str, adapter: str = "default") -> ServedEngine:
    served = ServedEngine(load_settings({"server": url, "adapter": adapter}, environ={}))
    served.load()
    return served


def test_the_adapter_is_picked_by_its_id_and_the_others_are_off(url):
    served = engine(url)
    assert served.backend.kind == "llama-server"
    assert (
        "".join(served.stream_chat([{"role": "user", "content": "hi"}], temperature=0.0)) == "The ogre roars"
    )
    sent = LlamaServerLike.bodies[-1]
    assert sent["lora"] == [{"id": 0, "scale": 1.0}, {"id": 1, "scale": 0.0}]
    assert sent["model"] == "smollm2.gguf" and sent["stream"] is True and sent["temperature"] == 0.0
    list(engine(url, "/home/dm/gritty.gguf").stream_chat([{"role": "user", "content": "hi"}]))
    assert LlamaServerLike.bodies[-1]["lora"] == [{"id": 0, "scale": 0.0}, {"id": 1, "scale": 1.0}]
    list(engine(url, "none").stream_chat([{"role": "user", "content": "hi"}]))
    assert [a["scale"] for a in LlamaServerLike.bodies[-1]["lora"]] == [0.0, 0.0]


def test_grammar_and_schema_go_to_both_server_dialects(url):
    served = engine(url)
    list(served.stream_chat([{"role": "user", "content": "hi"}], grammar='root ::= "Yes"'))
    sent = LlamaServerLike.bodies[-1]
    assert sent["grammar"] == sent["guided_grammar"] == 'root ::= "Yes"'
    assert served.count_tokens("three words here") == 3


def test_an_adapter_the_server_lacks_is_named_with_the_ones_it_has(url):
    with pytest.raises(DMCError, match="has no adapter 'grim' \\(it has: default, gritty\\)"):
        engine(url, "/x/grim.gguf")


def test_an_answer_cut_off_keeps_its_pieces_and_ends_in_one_line(url):
    pieces = []
    with pytest.raises(DMCError, match=f"the model server at {url} stopped answering"):
        for piece in engine(url).stream_chat([{"role": "user", "content": "drop"}]):
            pieces.append(piece)
    assert pieces == ["The", " ogre", " roars"]


def test_a_refused_request_says_the_servers_reason(url):
    with pytest.raises(DMCError, match="refused the request \\(HTTP 400: the grammar does not parse\\)"):
        list(engine(url).stream_chat([{"role": "user", "content": "refuse"}]))


@pytest.mark.model
def test_a_rules_answer_keeps_its_quote_when_the_server_breaks_off(url, rules, monkeypatch):
    monkeypatch.setattr(LlamaServerLike, "drop_every_answer", True)
    from dm_companion.assistant.rules_qa import RulesAssistant

    served = RulesAssistant(engine(url), rules.srd, rules.index)
    text = "".join(served.reply("how does grappling work?"))
    assert text.startswith("SRD, ")
    assert f"(No summary: the model server at {url} stopped answering" in text
