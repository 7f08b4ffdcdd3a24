"""SQLite storage (aiosqlite): the embedded default.

WAL mode lets readers work while a write commits, `busy_timeout` makes a
second process wait instead of failing, and `PRAGMA user_version` records
which migrations have run, so an old database file upgrades itself on open.

Turns are written by group commit (`turn_writer`): every turn that arrives
while a transaction is being written joins the next one. Each turn is durable
before its reply is sent, yet a busy bot pays for one commit per batch, not
per update. Both the snapshot a turn starts from and the batch it is written
in are handled right on the event loop, on a connection that never waits: in
WAL mode the read never waits for the writer, and a batch that finds the file
locked by someone else is tried again after a pause. The snapshot is mostly
what the chat's previous turn left (`recent_state`); each batch checks that
nobody else wrote the file since, and a turn decided from an outdated snapshot
is not written (`SnapshotOutdated`) but decided again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiosqlite

from bot.core.conversation import Conversation
from bot.storage.base import (
    ConversationKey,
    Pending,
    Snapshot,
    TurnRecord,
    calls_from_json,
    pending_calls,
)
from bot.storage.database_file import DatabaseUnusable, check_database_file
from bot.storage.recent_state import RecentState
from bot.storage.sql import FORGET_STATEMENTS, Row, Sql
from bot.storage.teaching import GROUP_TABLES_RENAMED
from bot.storage.turn_writer import TurnWriter

log = logging.getLogger(__name__)

#: Telegram keeps an unconfirmed update for 24 hours; remember applied ones a while longer.
UPDATE_MEMORY_SECONDS = 3 * 24 * 3600

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
    """
    CREATE TABLE applied_updates (
        update_id INTEGER PRIMARY KEY,
        applied_at REAL NOT NULL
    );
    CREATE TABLE outbox (
        update_id INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        chat_id INTEGER NOT NULL,
        user_id INTEGER,
        call TEXT NOT NULL CHECK (json_valid(call)),
        created_at REAL NOT NULL,
        UNIQUE (update_id, seq)
    );
    CREATE INDEX outbox_by_chat ON outbox (chat_id);
    CREATE TABLE users (
        user_id INTEGER PRIMARY KEY,
        language TEXT,
        active INTEGER NOT NULL DEFAULT 1,
        updated_at REAL NOT NULL
    );
    """,
    """
    CREATE TABLE chats (
        chat_id INTEGER PRIMARY KEY,
        language TEXT,
        updated_at REAL NOT NULL
    );
    """,
    """
    CREATE TABLE quiz_sessions (
        chat_id INTEGER PRIMARY KEY,
        data TEXT NOT NULL CHECK (json_valid(data)),
        due_at REAL
    );
    CREATE INDEX quiz_sessions_by_due ON quiz_sessions (due_at);
    CREATE TABLE quiz_polls (
        poll_id TEXT PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        question_index INTEGER NOT NULL,
        opened_at REAL NOT NULL,
        closes_at REAL NOT NULL
    );
    CREATE INDEX quiz_polls_by_chat ON quiz_polls (chat_id);
    CREATE TABLE quiz_answers (
        chat_id INTEGER NOT NULL,
        question_index INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        options TEXT NOT NULL CHECK (json_valid(options)),
        seconds REAL NOT NULL,
        PRIMARY KEY (chat_id, question_index, user_id)
    );
    CREATE INDEX quiz_answers_by_user ON quiz_answers (user_id);
    CREATE TABLE quiz_players (
        chat_id INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (chat_id, user_id)
    );
    CREATE INDEX quiz_players_by_user ON quiz_players (user_id);
    """,
    """
    ALTER TABLE quiz_sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'quiz'
        CHECK (kind IN ('quiz', 'case'));
    """,
    # One outbox row per turn, keyed by its update (the table's own B-tree, no second
    # index): a turn's replies were two rows and three B-trees each, written once and
    # deleted once, most of a busy bot's writes. `sent` counts the calls Telegram already
    # accepted, if only some were.
    """
    CREATE TABLE outbox_by_turn (
        update_id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        user_id INTEGER,
        calls TEXT NOT NULL CHECK (json_valid(calls)),
        sent INTEGER NOT NULL DEFAULT 0,
        created_at REAL NOT NULL
    );
    INSERT INTO outbox_by_turn (update_id, chat_id, user_id, calls, created_at)
        SELECT update_id, min(chat_id), min(user_id), json_group_array(json(call)),
            min(created_at)
        FROM (SELECT * FROM outbox ORDER BY update_id, seq)
        GROUP BY update_id;
    DROP TABLE outbox;
    ALTER TABLE outbox_by_turn RENAME TO outbox;
    CREATE INDEX outbox_by_chat ON outbox (chat_id);
    """,
    GROUP_TABLES_RENAMED,
)


#: What a turn needs to know before it starts (see `SQLiteStorage.snapshot`).
_SNAPSHOT = (
    "SELECT (SELECT data FROM conversations WHERE chat_id = ? AND user_id = ?),"
    " EXISTS (SELECT 1 FROM applied_updates WHERE update_id = ?),"
    " (SELECT language FROM users WHERE user_id = ?),"
    " (SELECT active FROM users WHERE user_id = ?),"
    " (SELECT language FROM chats WHERE chat_id = ?)"
)
_HIGHEST_APPLIED = "SELECT coalesce(max(update_id), 0) FROM applied_updates"


class SQLiteStorage:
    def __init__(self, path: Path | str, busy_timeout_ms: int = 5000) -> None:
        if str(path) == ":memory:":
            raise ValueError("SQLite storage needs a file: the turn writer opens it too")
        self.path = Path(path)
        self.busy_timeout_ms = busy_timeout_ms
        self._db: aiosqlite.Connection | None = None
        #: One write transaction at a time, on either connection.
        self._tx = asyncio.Lock()
        self._turns = TurnWriter(self.path, busy_timeout_ms, self._tx)
        #: What the last turns left, while nobody else writes the file.
        self._recent = RecentState()
        #: The writer's epoch that what `_recent` keeps was read in.
        self._recent_epoch = 0

    @property
    def db(self) -> aiosqlite.Connection:
        if self._db is None:
            raise RuntimeError("storage is not open")
        return self._db

    async def open(self) -> None:
        """Raises `DatabaseUnusable` (and touches nothing) if the file is not fit to use."""
        check_database_file(self.path, write=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnusable(self.path, f"cannot be created: {exc.strerror}") from exc
        try:
            self._db = await aiosqlite.connect(self.path, isolation_level=None)
            await self._db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
            await self._db.execute("PRAGMA journal_mode = WAL")
            await self._db.execute("PRAGMA synchronous = NORMAL")
            await self._db.execute("PRAGMA foreign_keys = ON")
            await self._db.execute("PRAGMA secure_delete = ON")  # see `erase_deleted`
            await self.migrate()
            await self._turns.start()
            ((highest,),) = await self._turns.read(_HIGHEST_APPLIED, ())
        except BaseException as exc:
            await self.close()  # an open connection's thread would keep the process alive
            if isinstance(exc, sqlite3.Error):
                raise DatabaseUnusable(self.path, f"cannot be opened ({exc})") from exc
            raise
        self._recent.start_over(highest)
        self._recent_epoch = self._turns.epoch

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """A write on the storage's own connection (not a turn); the snapshots kept in
        memory are dropped after it, since it may change what they hold."""
        async with self._tx:
            await self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                await self.db.execute("ROLLBACK")
                raise
            await self.db.execute("COMMIT")
            self._recent.discard()

    async def schema_version(self) -> int:
        async with self.db.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self) -> None:
        current = await self.schema_version()
        for version, script in enumerate(MIGRATIONS[current:], start=current + 1):
            async with self.transaction() as db:
                for statement in filter(str.strip, script.split(";")):
                    await db.execute(statement)
                await db.execute(f"PRAGMA user_version = {version}")

    async def close(self) -> None:
        self._recent.stop()
        await self._turns.stop()
        if self._db is not None:
            await self._db.close()
            self._db = None

    @property
    def sql(self) -> Sql:
        return SQLiteSql(self)

    def hold_chat(self, chat_id: int) -> contextlib.AbstractAsyncContextManager[None]:
        """One process owns the file, so the in-process chat locks are enough."""
        return contextlib.nullcontext()

    async def ping(self) -> bool:
        if self._db is None or not self._turns.running:
            return False
        async with self.db.execute("SELECT 1") as cursor:
            return await cursor.fetchone() == (1,)

    async def load(self, key: ConversationKey) -> Conversation | None:
        async with self.db.execute(
            "SELECT data FROM conversations WHERE chat_id = ? AND user_id = ?", key
        ) as cursor:
            row = await cursor.fetchone()
        return Conversation.from_json(row[0]) if row else None

    async def save(self, key: ConversationKey, conversation: Conversation) -> None:
        async with self.transaction() as db:
            await db.execute(
                "INSERT INTO conversations (chat_id, user_id, dialog_version, data, updated_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id, user_id) DO UPDATE SET "
                "dialog_version = excluded.dialog_version, data = excluded.data, "
                "updated_at = excluded.updated_at",
                (*key, conversation.dialog_version, conversation.to_json(), time.time()),
            )

    async def purge_idle(self, idle_since: float) -> int:
        """Delete conversations untouched since `idle_since`, and settings nobody uses any more."""
        async with self.transaction() as db:
            cursor = await db.execute(
                "DELETE FROM conversations WHERE updated_at < ?", (idle_since,)
            )
            count = cursor.rowcount
            await db.execute(
                "DELETE FROM users WHERE updated_at < ?"
                " AND user_id NOT IN (SELECT user_id FROM conversations)",
                (idle_since,),
            )
            await db.execute(
                "DELETE FROM applied_updates WHERE applied_at < ?",
                (time.time() - UPDATE_MEMORY_SECONDS,),
            )
        return int(count)

    async def forget_user(self, user_id: int) -> int:
        """Also empties the WAL, which held the deleted rows (`erase_deleted`)."""
        async with self.transaction():
            count = await self._forget(user_id)
        async with self._tx:
            await self._turns.erase_deleted()
        return count

    async def _forget(self, user_id: int) -> int:
        counts = [
            (await self.db.execute(statement, (user_id,))).rowcount
            for statement in FORGET_STATEMENTS
        ]
        return int(counts[0])  # the first statement deletes the conversations

    # -- turns (exactly-once) --------------------------------------------------

    async def snapshot(self, update_id: int, key: ConversationKey) -> Snapshot:
        """The state a turn starts from, read without leaving the event loop.

        Mostly it is what the chat's previous turn left (`RecentState`), unless
        a batch found since that somebody else wrote. Otherwise five primary-key
        lookups in WAL mode take microseconds and never wait for the writer, so
        a trip to a thread would cost more than the read. Only if the file is
        briefly unreadable (e.g. WAL recovery after a crash) is the read retried
        on the writer's thread, which waits with the busy timeout.
        """
        epoch = self._turns.epoch
        if epoch != self._recent_epoch:  # somebody else wrote: what is kept may be outdated
            self._recent.discard()
            self._recent_epoch = epoch
        recent = self._recent.snapshot(update_id, key)
        if recent is not None:
            return recent
        args = (key.chat_id, key.user_id, update_id, key.user_id, key.user_id, key.chat_id)
        try:
            rows = self._turns.read_now(_SNAPSHOT, args)
        except sqlite3.OperationalError as exc:
            log.info("snapshot read on the event loop failed (%s); reading on the writer", exc)
            rows = await self._turns.read(_SNAPSHOT, args)
        ((data, applied, language, active, chat_language),) = rows
        snapshot = Snapshot(
            applied=bool(applied),
            conversation=Conversation.from_json(data) if data else None,
            language=language,
            active=active is None or bool(active),
            chat_language=chat_language,
            read_at=epoch,
        )
        if self._turns.epoch == epoch:  # not if a batch found others' writes meanwhile
            self._recent.remember(key, snapshot)
        return snapshot

    async def commit(self, record: TurnRecord) -> bool:
        """Raises `SnapshotOutdated` when the turn was decided from a snapshot of an
        earlier epoch of the writer (somebody else wrote since)."""
        applied = await self._turns.commit(record)
        self._recent.committed(record, applied)
        return applied

    async def pending(self, chat_id: int | None = None) -> list[Pending]:
        query = "SELECT update_id, chat_id, calls, sent FROM outbox"
        args: tuple[int, ...] = ()
        if chat_id is not None:
            query += " WHERE chat_id = ?"
            args = (chat_id,)
        # Not while a batch is being written: what it deletes is either gone from the
        # file or still known to the writer, never neither.
        async with self._tx:
            rows = await self.db.execute_fetchall(query + " ORDER BY update_id", args)
            return self._turns.undelivered(
                item
                for update_id, chat, calls, sent in rows
                for item in pending_calls(update_id, chat, calls_from_json(calls))[sent:]
            )

    async def delivered(self, items: list[Pending]) -> None:
        """Forget delivered calls (they hold advice text) in the next group commit."""
        self._turns.delivered(items)

    async def settled(self) -> None:
        """Wait until every write queued so far is done (tests read the file after it)."""
        await self._turns.settled()

    async def deactivate(self, user_id: int, chat_id: int) -> None:
        async with self.transaction() as db:
            await db.execute(
                "INSERT INTO users (user_id, active, updated_at) VALUES (?, 0, ?)"
                " ON CONFLICT (user_id) DO UPDATE SET active = 0, updated_at = excluded.updated_at",
                (user_id, time.time()),
            )
            await db.execute("DELETE FROM outbox WHERE chat_id = ?", (chat_id,))


class SQLiteSql:
    """`Sql` on the storage's one connection; writes go through its transaction lock."""

    def __init__(self, storage: SQLiteStorage, db: aiosqlite.Connection | None = None) -> None:
        self.storage = storage
        self.db = db  # set inside a transaction

    async def fetch(self, query: str, *args: Any) -> list[Row]:
        async with (self.db or self.storage.db).execute(query, args) as cursor:
            return [tuple(row) for row in await cursor.fetchall()]

    async def fetchone(self, query: str, *args: Any) -> Row | None:
        async with (self.db or self.storage.db).execute(query, args) as cursor:
            row = await cursor.fetchone()
        return tuple(row) if row is not None else None

    async def execute(self, query: str, *args: Any) -> int:
        if self.db is not None:
            cursor = await self.db.execute(query, args)
            return int(cursor.rowcount)
        async with self.transaction() as inner:
            return await inner.execute(query, *args)

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Sql]:
        if self.db is not None:
            yield self
            return
        async with self.storage.transaction() as db:
            yield SQLiteSql(self.storage, db)
