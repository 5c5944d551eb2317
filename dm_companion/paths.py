"""Where things live: the repo's shipped folders and the user's config and data dirs."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "dm-companion"
REPO_ROOT = Path(__file__).resolve().parent.parent
ADAPTERS_DIR = REPO_ROOT / "adapters"
DEFAULT_ADAPTER = ADAPTERS_DIR / "default" / "adapter.gguf"


def user_config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """Where the app keeps what it derives (the SRD index, llama.cpp probe results): DMC_DATA_DIR or
    the user data dir."""
    import os

    base = os.environ.get("DMC_DATA_DIR")
    return Path(base).expanduser() if base else user_data_dir()


def campaign_dir(settings) -> Path:
    """The folder of the campaign the settings name, inside the campaigns dir."""
    return Path(settings.campaigns_dir) / settings.campaign


def write_atomically(path: Path, text: str) -> None:
    """Replaces `path` with `text` so that a crash leaves either the old file or the new one."""
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
