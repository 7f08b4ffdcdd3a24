"""SQLite storage (aiosqlite): the embedded default.

WAL mode lets readers work while a write commits, `busy_timeout` makes a
second process wait instead of failing, and `PRAGMA user_version` records
which migrations have run, so an old database file upgrades itself on open.
"""

from __future__ import annotations

import time
from pathlib import Path

import aiosqlite

from bot.core.conversation import Conversation
from bot.storage.base import ConversationKey

#: Each entry upgrades the schema by one version; never edit a released one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE conversations (
        chat_id INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        dialog_version TEXT NOT NULL,
        data TEXT NOT NULL CHECK (json_valid(data)),
        updated_at REAL NOT NULL,
        PRIMARY KEY (chat_id, user_id)
    );
    CREATE INDEX conversations_by_user ON conversations (user_id);
    """,
)


class SQLiteStorage:
    def __init__(self, path: Path | str, busy_timeout_ms: int = 5000) -> None:
        self.path = Path(path)
        self.busy_timeout_ms = busy_timeout_ms
        self._db: aiosqlite.Connection | None = None

    @property
    def db(self) -> aiosqlite.Connection:
        if self._db is None:
            raise RuntimeError("storage is not open")
        return self._db

    async def open(self) -> None:
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = await aiosqlite.connect(self.path, isolation_level=None)
        await self._db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
        await self._db.execute("PRAGMA journal_mode = WAL")
        await self._db.execute("PRAGMA synchronous = NORMAL")
        await self._db.execute("PRAGMA foreign_keys = ON")
        await self.migrate()

    async def schema_version(self) -> int:
        async with self.db.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self) -> None:
        current = await self.schema_version()
        for version, script in enumerate(MIGRATIONS[current:], start=current + 1):
            await self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in filter(str.strip, script.split(";")):
                    await self.db.execute(statement)
                await self.db.execute(f"PRAGMA user_version = {version}")
                await self.db.execute("COMMIT")
            except BaseException:
                await self.db.execute("ROLLBACK")
                raise

    async def close(self) -> None:
        if self._db is not None:
            await self._db.close()
            self._db = None

    async def load(self, key: ConversationKey) -> Conversation | None:
        async with self.db.execute(
            "SELECT data FROM conversations WHERE chat_id = ? AND user_id = ?", key
        ) as cursor:
            row = await cursor.fetchone()
        return Conversation.from_json(row[0]) if row else None

    async def save(self, key: ConversationKey, conversation: Conversation) -> None:
        await self.db.execute(
            "INSERT INTO conversations (chat_id, user_id, dialog_version, data, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id, user_id) DO UPDATE SET "
            "dialog_version = excluded.dialog_version, data = excluded.data, "
            "updated_at = excluded.updated_at",
            (*key, conversation.dialog_version, conversation.to_json(), time.time()),
        )

    async def forget_user(self, user_id: int) -> int:
        cursor = await self.db.execute("DELETE FROM conversations WHERE user_id = ?", (user_id,))
        return cursor.rowcount
