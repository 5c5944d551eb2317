"""The model behind an OpenAI-compatible server, with the LoRA adapter chosen per request.

One server (a GPU machine at home, a club's box) can hold a bigger model than a laptop and serve
several tables. `ServedEngine` offers what `Engine` offers (streamed chat, cancellation, output
held to a JSON schema or a GBNF grammar, token counts) over HTTP, so the companion, the combat
reader and the character writer run on either unchanged.

Servers name adapters in two ways, and `connect` asks the server which one it speaks:
- llama.cpp's `llama-server --lora A.gguf` lists its adapters at `GET /lora-adapters`; a request
  picks one with `"lora": [{"id": i, "scale": 1.0}]` (the others at scale 0).
- vLLM (`--enable-lora --lora-modules NAME=PEFT_DIR`) and llama-cpp-python's server (a config file
  with one `model_alias` per adapter) list each adapter as a model: the request's `model` is the
  adapter's name. With no adapter, the request names the first listed model that is not an
  adapter (vLLM marks adapters with a `parent`).
An adapter is named as the app names it: `default` for adapters/default, a file's stem, or the
folder of an `adapter.gguf`.

Fields one server kind reads and another does not (`grammar` and `repeat_penalty` for llama.cpp,
`guided_json`/`guided_grammar` for vLLM, `lora`) are sent side by side: each server ignores what
it does not know. No network is touched unless a server is configured.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dm_companion.errors import DMCError
from dm_companion.llm.discovery import adapter_name
from dm_companion.llm.protocol import Message
from dm_companion.settings import DEFAULT, NONE, Settings

CONNECT_TIMEOUT = 5.0  # seconds to reach the server: a server that is down is said at once
READ_TIMEOUT = 300.0  # seconds between two pieces: a big model's first piece on a long prompt
CHARS_PER_TOKEN = 3  # the estimate where a server offers no tokenizer (English runs ~4)


def requested_adapter(settings: Settings) -> str | None:
    """The adapter the settings ask the server for, by name (None: the base model)."""
    if settings.adapter == NONE:
        return None
    if settings.adapter == DEFAULT:
        return "default"
    return adapter_name(Path(settings.adapter))


@dataclass(frozen=True)
class ServedBackend:
    """Where the model runs and how a request picks the adapter (for the status bar and doctor)."""

    url: str
    kind: str  # "llama-server" (adapters by id) or "OpenAI-compatible" (adapters as models)

    @property
    def label(self) -> str:
        return f"server {self.url}"


class ServedEngine:
    """A model on a server. Callable from any thread, and from several at once (a server queues or
    batches them itself)."""

    def __init__(self, settings: Settings, url: str | None = None):
        self.settings = settings
        self.url = (url or settings.server).rstrip("/")
        self.adapter = requested_adapter(settings)
        self.backend: ServedBackend | None = None
        self.load_log = ""
        self._route: dict[str, Any] | None = None  # the fields that pick model and adapter
        self._tokenize: str | None = None
        self._client = None

    @property
    def loaded(self) -> bool:
        return self._route is not None

    @property
    def model_label(self) -> str:
        """The model the requests name once connected ("served" until then)."""
        return str(self._route["model"]) if self._route else "served"

    @property
    def adapter_label(self) -> str | None:
        return self.adapter

    def load(self) -> None:
        """Asks the server what it serves and how adapters are picked; DMCError with one line
        when it is down, answers something else, or lacks the adapter."""
        import httpx

        self._client = httpx.Client(
            base_url=self.url, timeout=httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT)
        )
        listed = self._get("/v1/models").get("data")
        if not isinstance(listed, list) or not listed:
            raise DMCError(f"the model server at {self.url} lists no models at /v1/models")
        models = [str(m.get("id")) for m in listed if isinstance(m, dict)]
        adapters = self._llama_server_adapters()
        if adapters is not None:
            self._route = {"model": models[0], "lora": self._lora_scales(adapters)}
            kind = "llama-server"
        else:
            self._route = {"model": self._model_for_adapter(listed, models)}
            kind = "OpenAI-compatible"
        self.backend = ServedBackend(self.url, kind)
        self._tokenize = self._find_tokenizer()
        how = {"llama-server": "by adapter id", "OpenAI-compatible": "by model name"}[kind]
        self.load_log = (
            f"{self.url}: {kind} server, models {', '.join(models)}; adapter "
            f"{self.adapter or 'none'} chosen per request {how}"
        )

    def _get(self, path: str) -> dict:
        import httpx

        try:
            response = self._client.get(path)
        except httpx.HTTPError as exc:
            raise DMCError(f"the model server at {self.url} is not answering ({_reason(exc)})") from None
        if response.status_code != 200:
            raise DMCError(f"the model server at {self.url} answered {path} with HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError:
            raise DMCError(
                f"the model server at {self.url} answered {path} with something not JSON"
            ) from None

    def _llama_server_adapters(self) -> list[dict] | None:
        """llama-server's adapter list, or None where the server has no such endpoint."""
        import httpx

        try:
            response = self._client.get("/lora-adapters")
            found = response.json() if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError):
            return None
        return found if isinstance(found, list) else None

    def _lora_scales(self, adapters: list[dict]) -> list[dict]:
        names = {adapter_name(Path(str(a.get("path", "")))): a.get("id") for a in adapters}
        if self.adapter is not None and self.adapter not in names:
            raise DMCError(
                f"the model server at {self.url} has no adapter '{self.adapter}' "
                f"(it has: {', '.join(names) or 'none'})"
            )
        return [{"id": i, "scale": 1.0 if name == self.adapter else 0.0} for name, i in names.items()]

    def _model_for_adapter(self, listed: list[dict], models: list[str]) -> str:
        if self.adapter is None:
            bases = [str(m.get("id")) for m in listed if not m.get("parent")]
            return (bases or models)[0]
        if self.adapter not in models:
            raise DMCError(
                f"the model server at {self.url} has no adapter '{self.adapter}' "
                f"(it serves: {', '.join(models)})"
            )
        return self.adapter

    def _find_tokenizer(self) -> str | None:
        """The server's tokenize endpoint: llama-cpp-python's, then llama-server's and vLLM's."""
        for path in ("/extras/tokenize", "/tokenize"):
            try:
                self._count(path, "a")
            except (DMCError, KeyError, TypeError, ValueError):
                continue
            return path
        return None

    def _count(self, path: str, text: str) -> int:
        import httpx

        body = {
            "input": text,
            "content": text,
            "prompt": text,
            "model": self._route["model"],
            "add_special_tokens": False,
        }
        try:
            response = self._client.post(path, json=body)
        except httpx.HTTPError as exc:
            raise DMCError(f"the model server at {self.url} stopped answering ({_reason(exc)})") from None
        if response.status_code != 200:
            raise DMCError(f"{path}: HTTP {response.status_code}")
        return len(response.json()["tokens"])

    def _require(self) -> dict[str, Any]:
        if self._route is None:
            raise DMCError("the model server is not connected yet")
        return self._route

    def count_tokens(self, text: str) -> int:
        """The server's own count where it offers one, else an estimate that errs high."""
        self._require()
        if self._tokenize is None:
            return -(-len(text) // CHARS_PER_TOKEN)
        return self._count(self._tokenize, text)

    def _body(self, messages: list[Message], max_tokens: int, temperature: float, **more: Any) -> dict:
        return {
            **self._require(),
            "messages": messages,
            "max_tokens": max_tokens,
            "temperature": temperature,
            **{k: v for k, v in more.items() if v is not None},
        }

    def stream_chat(
        self,
        messages: list[Message],
        *,
        max_tokens: int = 512,
        temperature: float | None = None,
        repeat_penalty: float = 1.15,
        cancel: threading.Event | None = None,
        grammar: str | None = None,
        seed: int = 0,
    ) -> Iterator[str]:
        """Yields the answer's pieces as the server streams them; stops (and drops the connection,
        which stops the server too) once `cancel` is set. A server that goes away mid-answer (the
        connection breaks, or the stream ends without the `[DONE]` every OpenAI-compatible server
        sends last) is a DMCError with one line; the pieces already yielded stand."""
        import httpx

        temperature = self.settings.temperature if temperature is None else temperature
        body = self._body(
            messages,
            max_tokens,
            temperature,
            stream=True,
            repeat_penalty=repeat_penalty,
            seed=seed,
            grammar=grammar,
            guided_grammar=grammar,
        )
        try:
            with self._client.stream("POST", "/v1/chat/completions", json=body) as response:
                if response.status_code != 200:
                    response.read()
                    raise DMCError(self._refused(response))
                for line in response.iter_lines():
                    if cancel is not None and cancel.is_set():
                        return
                    if not line.startswith("data:"):
                        continue  # SSE comments (": ping") and blank separators
                    data = line[5:].strip()
                    if data == "[DONE]":
                        return
                    piece = _delta(json.loads(data))
                    if piece:
                        yield piece
            raise DMCError(
                f"the model server at {self.url} stopped answering (the stream ended before [DONE])"
            )
        except httpx.HTTPError as exc:
            raise DMCError(f"the model server at {self.url} stopped answering ({_reason(exc)})") from None

    def complete_json(self, messages: list[Message], schema: dict[str, Any], *, max_tokens: int = 256) -> Any:
        """Greedy output held by the server to `schema` (llama.cpp's schema grammar, vLLM's
        guided JSON), parsed."""
        import httpx

        body = self._body(
            messages,
            max_tokens,
            0.0,
            response_format={"type": "json_object", "schema": schema},
            guided_json=schema,
            repeat_penalty=1.0,
        )  # llama.cpp's own default (a server's is 1.1)
        try:
            response = self._client.post("/v1/chat/completions", json=body)
        except httpx.HTTPError as exc:
            raise DMCError(f"the model server at {self.url} stopped answering ({_reason(exc)})") from None
        if response.status_code != 200:
            raise DMCError(self._refused(response))
        text = response.json()["choices"][0]["message"].get("content") or ""
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            raise DMCError(
                f"the model's constrained output was cut off before the JSON ended "
                f"({len(text)} characters; raise max_tokens)"
            ) from None

    def _refused(self, response) -> str:
        try:
            detail = response.json()
            detail = detail.get("error", detail.get("detail", detail)) if isinstance(detail, dict) else detail
            if isinstance(detail, dict):
                detail = detail.get("message", detail)
        except ValueError:
            detail = response.text
        status = f"HTTP {response.status_code}: {str(detail)[:200]}"
        return f"the model server at {self.url} refused the request ({status})"

    def close(self) -> None:
        if self._client is not None:
            self._client.close()


def _delta(chunk: dict) -> str | None:
    choices = chunk.get("choices") or [{}]
    return (choices[0].get("delta") or {}).get("content")


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
