"""Settings: defaults, then the TOML file in the user config dir, then `DMC_*` env vars, then CLI flags.

Each value remembers where it came from, so `dm-companion doctor` can say why it is in force.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dm_companion.errors import DMCError
from dm_companion.paths import user_config_dir, user_data_dir

BUNDLED = "bundled"
DEFAULT = "default"
NONE = "none"
AUTO = "auto"


def _path_or(keyword: str, *more: str) -> Callable[[Any], str]:
    keywords = (keyword, *more)

    def parse(value: Any) -> str:
        text = str(value).strip()
        if not text:
            raise ValueError("is empty")
        if text.lower() in keywords:
            return text.lower()
        return str(Path(text).expanduser())

    return parse


def _int_or_auto(minimum: int) -> Callable[[Any], int | str]:
    def parse(value: Any) -> int | str:
        if isinstance(value, str) and value.strip().lower() == AUTO:
            return AUTO
        number = int(value)
        if number < minimum:
            raise ValueError(f"must be at least {minimum}")
        return number

    return parse


def _positive_int(value: Any) -> int:
    number = int(value)
    if number < 256:
        raise ValueError("must be at least 256")
    return number


def _temperature(value: Any) -> float:
    number = float(value)
    if not 0.0 <= number <= 2.0:
        raise ValueError("must be between 0 and 2")
    return number


def _directory(value: Any) -> str:
    text = str(value).strip()
    if not text:
        raise ValueError("is empty")
    return str(Path(text).expanduser())


def _server(value: Any) -> str:
    text = str(value).strip()
    if text.lower() in ("", NONE):
        return ""
    if not text.startswith(("http://", "https://")) or len(text) < 10:
        raise ValueError("must be an http:// or https:// URL, or 'none'")
    return text.rstrip("/")


def _name(value: Any) -> str:
    text = str(value).strip()
    if not text:
        raise ValueError("is empty")
    return text


@dataclass(frozen=True)
class Spec:
    name: str
    parse: Callable[[Any], Any]
    default: Callable[[], Any]
    help: str

    @property
    def env(self) -> str:
        return "DMC_" + self.name.upper()

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


SPECS: tuple[Spec, ...] = (
    Spec("model", _path_or(BUNDLED), lambda: BUNDLED, "GGUF model file, or 'bundled' for SmolLM2-135M"),
    Spec(
        "adapter",
        _path_or(DEFAULT, NONE),
        lambda: DEFAULT,
        "GGUF LoRA adapter file, 'default' for adapters/default, or 'none'",
    ),
    Spec("n_ctx", _positive_int, lambda: 4096, "context size in tokens"),
    Spec("threads", _int_or_auto(1), lambda: AUTO, "CPU threads for llama.cpp, or 'auto'"),
    Spec(
        "gpu_layers",
        _int_or_auto(-1),
        lambda: AUTO,
        "layers to offload to the GPU (-1 all, 0 none), or 'auto' (all when llama.cpp has GPU support)",
    ),
    Spec(
        "campaigns_dir", _directory, lambda: str(user_data_dir() / "campaigns"), "where campaigns are stored"
    ),
    Spec("campaign", _name, lambda: "example", "the campaign to open"),
    Spec("temperature", _temperature, lambda: 0.7, "sampling temperature for chat (0 is greedy)"),
    Spec(
        "server",
        _server,
        lambda: "",
        "an OpenAI-compatible model server's URL (llama-server, vLLM), or 'none' to run the model here",
    ),
)
SPEC_BY_NAME = {spec.name: spec for spec in SPECS}


def config_file() -> Path:
    override = os.environ.get("DMC_CONFIG")
    return Path(override).expanduser() if override else user_config_dir() / "settings.toml"


@dataclass(frozen=True)
class Settings:
    values: dict[str, Any]
    origins: dict[str, str] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def resolved_threads(self) -> int:
        threads = self.values["threads"]
        return (os.cpu_count() or 1) if threads == AUTO else threads


def _apply(values: dict, origins: dict, name: str, raw: Any, origin: str) -> None:
    spec = SPEC_BY_NAME[name]
    try:
        values[name] = spec.parse(raw)
    except (TypeError, ValueError) as exc:
        reason = str(exc) if str(exc).startswith(("must", "is ")) else "is not valid"
        raise DMCError(f"setting '{name}' from {origin} {reason}: {raw!r}") from None
    origins[name] = origin


def load_settings(
    cli: dict[str, Any] | None = None, environ: dict[str, str] | None = None, path: Path | None = None
) -> Settings:
    """Builds the settings in force; `cli` holds only the flags the user gave (None = not given)."""
    environ = os.environ if environ is None else environ
    path = config_file() if path is None else path
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for spec in SPECS:
        values[spec.name] = spec.default()
        origins[spec.name] = "default"

    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise DMCError(f"settings file {path} is not valid TOML: {exc}") from None
        for key, raw in data.items():
            if key not in SPEC_BY_NAME:
                known = ", ".join(SPEC_BY_NAME)
                raise DMCError(f"settings file {path} has an unknown key '{key}' (known: {known})")
            _apply(values, origins, key, raw, f"{path}")

    for spec in SPECS:
        if spec.env in environ:
            _apply(values, origins, spec.name, environ[spec.env], f"env {spec.env}")

    for name, raw in (cli or {}).items():
        if raw is not None:
            _apply(values, origins, name, raw, SPEC_BY_NAME[name].flag)
    return Settings(values, origins)
