"""Where the bot finds its content and keeps its data, overridable by environment."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def dialogs_dir() -> Path:
    return Path(os.environ.get("SPASMBOT_DIALOGS", PROJECT_ROOT / "dialogs"))


def locales_dir() -> Path:
    return Path(os.environ.get("SPASMBOT_LOCALES", PROJECT_ROOT / "locales"))


def default_database() -> Path:
    """`SPASMBOT_DB`, else the user's data directory."""
    configured = os.environ.get("SPASMBOT_DB")
    if configured:
        return Path(configured)
    return platformdirs.user_data_path("spasmbot") / "spasmbot.sqlite3"
