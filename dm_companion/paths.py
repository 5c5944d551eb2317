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
