"""Everything the bot keeps: an async interface (`base.Storage`) and its two backends.

Conversations, each update's id with its replies waiting in the outbox, group sessions
and their votes, teachers' quizzes and homework. SQLite serves one process with
nothing to set up; PostgreSQL (`DATABASE_URL`) lets several webhook processes share
the load. Both run the same schema and statements (`schema.py`, `sql.py`,
`shared.py`); `storage_for` picks one from the settings.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from bot.storage.base import ConversationKey, Database, Storage

__all__ = ["ConversationKey", "Database", "Storage", "storage_for", "where_kept"]


def storage_for(database: Path, url: str | None = None) -> Database:
    """PostgreSQL when `url` (DATABASE_URL) is set, else the SQLite file `database`."""
    if url:
        from bot.storage.postgres import PostgresStorage

        return PostgresStorage(url)
    from bot.storage.sqlite import SQLiteStorage

    return SQLiteStorage(database)


def where_kept(database: Path, url: str | None = None) -> str:
    """Which database `storage_for` uses, for the start-up log: the SQLite file's path,
    or PostgreSQL's host and database name (never the user or the password)."""
    if url:
        parts = urlsplit(url)
        name = parts.path.lstrip("/") or "(default)"
        return f"PostgreSQL database {name} on {parts.hostname or 'localhost'}"
    return f"SQLite file {database.resolve()}"
