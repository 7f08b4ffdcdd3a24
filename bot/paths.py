"""Where the bot finds its content and keeps its data, overridable by environment.

A setting that is set but empty (`SPASMBOT_DIALOGS=` in an env file) means
the default, as if it were not set at all: env files list settings that way.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def setting(name: str) -> str | None:
    """The environment variable `name`, or None when it is unset or blank."""
    return os.environ.get(name, "").strip() or None


def dialogs_dir() -> Path:
    return Path(setting("SPASMBOT_DIALOGS") or PROJECT_ROOT / "dialogs")


def locales_dir() -> Path:
    return Path(setting("SPASMBOT_LOCALES") or PROJECT_ROOT / "locales")


def default_database() -> Path:
    """`SPASMBOT_DB`, else the user's data directory."""
    configured = setting("SPASMBOT_DB")
    if configured:
        return Path(configured)
    return platformdirs.user_data_path("spasmbot") / "spasmbot.sqlite3"


def missing_dialog(name: str = "consultation") -> str | None:
    """What to tell an operator when the dialog `name` is not where the bot looks for it."""
    folder = dialogs_dir()
    if (folder / f"{name}.yml").is_file():
        return None
    where = "SPASMBOT_DIALOGS" if setting("SPASMBOT_DIALOGS") else "the default; SPASMBOT_DIALOGS"
    return f"no dialog {name}.yml in {folder.resolve()} ({where} names the folder of the dialogs)"
