"""Where conversations are kept: an async interface and its backends."""

from __future__ import annotations

from pathlib import Path

from bot.storage.base import ConversationKey, Storage

__all__ = ["ConversationKey", "Storage", "storage_for"]


def storage_for(database: Path, url: str | None = None) -> Storage:
    """PostgreSQL when `url` (DATABASE_URL) is set, else the SQLite file `database`."""
    if url:
        from bot.storage.postgres import PostgresStorage

        return PostgresStorage(url)
    from bot.storage.sqlite import SQLiteStorage

    return SQLiteStorage(database)
