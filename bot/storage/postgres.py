"""PostgreSQL storage (asyncpg), for several bot processes sharing one database.

The same tables and migration versions as SQLite, and the same rule for
exactly-once effects: an update's state change, its `update_id` and its
replies are written in one transaction, and the `update_id` primary key makes
a second delivery — to this process or another — change nothing.

Several processes: `hold_chat` takes a PostgreSQL advisory lock on the chat
for as long as one update (or one step of a group session) is being handled,
so two processes never work on the same chat at once; each reads the chat's
state after the lock is granted, so the second sees what the first wrote.
A group session's timer therefore moves the session once, whichever process
gets there first.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from contextvars import ContextVar
from typing import Any

import asyncpg

from bot.core.conversation import Conversation
from bot.storage.base import (
    ConversationKey,
    Pending,
    Snapshot,
    TurnRecord,
    call_from_json,
    call_to_json,
)
from bot.storage.sql import FORGET_STATEMENTS, Row, Sql, numbered
from bot.storage.sqlite import UPDATE_MEMORY_SECONDS
from bot.storage.teaching import GROUP_TABLES_RENAMED

#: The same versions as the SQLite migrations, in PostgreSQL's types.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE conversations (
        chat_id BIGINT NOT NULL,
        user_id BIGINT NOT NULL,
        dialog_version TEXT NOT NULL,
        data TEXT NOT NULL,
        updated_at DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (chat_id, user_id)
    );
    CREATE INDEX conversations_by_user ON conversations (user_id);
    CREATE INDEX conversations_by_age ON conversations (updated_at);
    CREATE TABLE applied_updates (
        update_id BIGINT PRIMARY KEY,
        applied_at DOUBLE PRECISION NOT NULL
    );
    CREATE TABLE outbox (
        update_id BIGINT NOT NULL,
        seq INTEGER NOT NULL,
        chat_id BIGINT NOT NULL,
        user_id BIGINT NOT NULL,
        call TEXT NOT NULL,
        created_at DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (update_id, seq)
    );
    CREATE INDEX outbox_by_chat ON outbox (chat_id);
    """,
    """
    CREATE TABLE users (
        user_id BIGINT PRIMARY KEY,
        language TEXT,
        active INTEGER NOT NULL DEFAULT 1,
        updated_at DOUBLE PRECISION NOT NULL
    );
    """,
    """
    CREATE TABLE chats (
        chat_id BIGINT PRIMARY KEY,
        language TEXT,
        updated_at DOUBLE PRECISION NOT NULL
    );
    """,
    """
    CREATE TABLE quiz_sessions (
        chat_id BIGINT PRIMARY KEY,
        data TEXT NOT NULL,
        due_at DOUBLE PRECISION
    );
    CREATE INDEX quiz_sessions_by_due ON quiz_sessions (due_at);
    CREATE TABLE quiz_polls (
        poll_id TEXT PRIMARY KEY,
        chat_id BIGINT NOT NULL,
        question_index INTEGER NOT NULL,
        opened_at DOUBLE PRECISION NOT NULL,
        closes_at DOUBLE PRECISION NOT NULL
    );
    CREATE INDEX quiz_polls_by_chat ON quiz_polls (chat_id);
    CREATE TABLE quiz_answers (
        chat_id BIGINT NOT NULL,
        question_index INTEGER NOT NULL,
        user_id BIGINT NOT NULL,
        options TEXT NOT NULL,
        seconds DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (chat_id, question_index, user_id)
    );
    CREATE INDEX quiz_answers_by_user ON quiz_answers (user_id);
    CREATE TABLE quiz_players (
        chat_id BIGINT NOT NULL,
        user_id BIGINT NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (chat_id, user_id)
    );
    CREATE INDEX quiz_players_by_user ON quiz_players (user_id);
    """,
    """
    ALTER TABLE quiz_sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'quiz'
        CHECK (kind IN ('quiz', 'case'));
    """,
    GROUP_TABLES_RENAMED,
)

#: Advisory-lock namespaces: migrations, and chats (two-key form: namespace, chat).
MIGRATION_LOCK = 7_301_001
CHAT_LOCK_NAMESPACE = 7_301


class PostgresSql:
    """`Sql` over the storage's pool, or over one connection inside a transaction."""

    def __init__(
        self, storage: PostgresStorage, connection: asyncpg.Connection | None = None
    ) -> None:
        self.storage = storage
        self.connection = connection

    @contextlib.asynccontextmanager
    async def _conn(self) -> AsyncIterator[asyncpg.Connection]:
        if self.connection is not None:
            yield self.connection
        else:
            async with self.storage.connection() as connection:
                yield connection

    async def fetch(self, query: str, *args: Any) -> list[Row]:
        async with self._conn() as connection:
            return [tuple(r) for r in await connection.fetch(numbered(query), *args)]

    async def fetchone(self, query: str, *args: Any) -> Row | None:
        async with self._conn() as connection:
            row = await connection.fetchrow(numbered(query), *args)
        return tuple(row) if row is not None else None

    async def execute(self, query: str, *args: Any) -> int:
        async with self._conn() as connection:
            status = await connection.execute(numbered(query), *args)
        count = status.rsplit(" ", 1)[-1]
        return int(count) if count.isdigit() else 0

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Sql]:
        async with self._conn() as connection, connection.transaction():
            yield PostgresSql(self.storage, connection)


class PostgresStorage:
    def __init__(self, url: str, *, schema: str | None = None, pool_size: int = 10) -> None:
        self.url = url
        #: A schema of their own for tests; None uses the server's search path.
        self.schema = schema
        #: Connections per process: also how many chats one process handles at once.
        self.pool_size = pool_size
        self._pool: asyncpg.Pool | None = None
        #: The connection holding the current chat's lock, used by every query of that
        #: update: one connection per chat in flight, so waiting chats cannot starve it.
        #: The connection of the chat the current task holds, and that task. A task
        #: started meanwhile inherits the variable, but not the connection: it is not
        #: the owner.
        self._held: ContextVar[tuple[asyncpg.Connection, asyncio.Task[Any] | None] | None] = (
            ContextVar(f"spasmbot-chat-connection-{id(self)}", default=None)
        )

    def __repr__(self) -> str:  # the URL may hold a password
        return "PostgresStorage(…)"

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("storage is not open")
        return self._pool

    @property
    def sql(self) -> Sql:
        return PostgresSql(self)

    async def open(self) -> None:
        settings = {"search_path": self.schema} if self.schema else {}
        if self.schema:
            connection = await asyncpg.connect(self.url)
            try:
                await connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
            finally:
                await connection.close()
        self._pool = await asyncpg.create_pool(
            self.url, min_size=1, max_size=self.pool_size, server_settings=settings
        )
        await self.migrate()

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()

    @contextlib.asynccontextmanager
    async def connection(self) -> AsyncIterator[asyncpg.Connection]:
        """The current chat's connection while a chat is held, else one from the pool."""
        held = self._held_here()
        if held is not None:
            yield held
        else:
            async with self.pool.acquire() as connection:
                yield connection

    async def ping(self) -> bool:
        if self._pool is None:
            return False
        async with self.pool.acquire() as connection:
            return bool(await connection.fetchval("SELECT 1") == 1)

    async def schema_version(self) -> int:
        async with self.pool.acquire() as connection:
            exists = await connection.fetchval("SELECT to_regclass('schema_migrations')")
            if exists is None:
                return 0
            return int(
                await connection.fetchval("SELECT coalesce(max(version), 0) FROM schema_migrations")
            )

    async def migrate(self) -> None:
        """Bring the schema up to date; concurrent processes wait for the first one."""
        async with self.pool.acquire() as connection, connection.transaction():
            await connection.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
            await connection.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations"
                " (version INTEGER PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL)"
            )
            current = await connection.fetchval(
                "SELECT coalesce(max(version), 0) FROM schema_migrations"
            )
            for version, script in enumerate(MIGRATIONS[current:], start=current + 1):
                await connection.execute(script)
                await connection.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
                    version,
                    time.time(),
                )

    @contextlib.asynccontextmanager
    async def hold_chat(self, chat_id: int) -> AsyncIterator[None]:
        """Only one process at a time handles `chat_id` (a session-level advisory lock)."""
        key = (CHAT_LOCK_NAMESPACE, _lock_key(chat_id))
        held = self._held_here()
        if held is not None:  # nested in the same task: its connection locks this chat too
            await held.execute("SELECT pg_advisory_lock($1, $2)", *key)
            try:
                yield
            finally:
                await held.execute("SELECT pg_advisory_unlock($1, $2)", *key)
            return
        async with self.pool.acquire() as connection:
            await connection.execute("SELECT pg_advisory_lock($1, $2)", *key)
            token = self._held.set((connection, asyncio.current_task()))
            try:
                yield
            finally:
                self._held.reset(token)
                await connection.execute("SELECT pg_advisory_unlock($1, $2)", *key)

    def _held_here(self) -> asyncpg.Connection | None:
        held = self._held.get()
        if held is None or held[1] is not asyncio.current_task():
            return None
        return held[0]

    # -- conversations -----------------------------------------------------------

    async def load(self, key: ConversationKey) -> Conversation | None:
        async with self.connection() as connection:
            data = await connection.fetchval(
                "SELECT data FROM conversations WHERE chat_id = $1 AND user_id = $2", *key
            )
        return Conversation.from_json(data) if data else None

    async def save(self, key: ConversationKey, conversation: Conversation) -> None:
        async with self.connection() as connection:
            await _save_conversation(connection, key, conversation, time.time())

    async def purge_idle(self, idle_since: float) -> int:
        async with self.connection() as connection, connection.transaction():
            status = await connection.execute(
                "DELETE FROM conversations WHERE updated_at < $1", idle_since
            )
            await connection.execute(
                "DELETE FROM users WHERE updated_at < $1"
                " AND user_id NOT IN (SELECT user_id FROM conversations)",
                idle_since,
            )
            await connection.execute(
                "DELETE FROM applied_updates WHERE applied_at < $1",
                time.time() - UPDATE_MEMORY_SECONDS,
            )
        return _count(status)

    async def forget_user(self, user_id: int) -> int:
        """Delete the user's data once no process is in the middle of a turn of theirs.

        `spasmbot forget` runs as a process of its own: a turn that had read the
        user's conversation before the deletion would otherwise write it back. So the
        deletion waits for the locks of the user's chats (private chat, groups with
        the user's conversations or quiz answers), taken in one order so that two
        deletions cannot wait for each other.
        """
        async with self.connection() as connection, connection.transaction():
            chats = await connection.fetch(
                "SELECT chat_id FROM conversations WHERE user_id = $1"
                " UNION SELECT chat_id FROM group_players WHERE user_id = $1"
                " UNION SELECT chat_id FROM group_votes WHERE user_id = $1",
                user_id,
            )
            keys = sorted({_lock_key(user_id), *(_lock_key(row[0]) for row in chats)})
            for key in keys:
                await connection.execute(
                    "SELECT pg_advisory_xact_lock($1, $2)", CHAT_LOCK_NAMESPACE, key
                )
            return await _forget(connection, user_id)

    # -- turns (exactly-once) -------------------------------------------------------

    async def snapshot(self, update_id: int, key: ConversationKey) -> Snapshot:
        async with self.connection() as connection:
            row = await connection.fetchrow(
                "SELECT (SELECT data FROM conversations WHERE chat_id = $1 AND user_id = $2),"
                " EXISTS (SELECT 1 FROM applied_updates WHERE update_id = $3),"
                " (SELECT language FROM users WHERE user_id = $2),"
                " (SELECT active FROM users WHERE user_id = $2),"
                " (SELECT language FROM chats WHERE chat_id = $1)",
                key.chat_id,
                key.user_id,
                update_id,
            )
        assert row is not None
        data, applied, language, active, chat_language = row
        return Snapshot(
            applied=bool(applied),
            conversation=Conversation.from_json(data) if data else None,
            language=language,
            active=active is None or bool(active),
            chat_language=chat_language,
        )

    async def commit(self, record: TurnRecord) -> bool:
        now = time.time()
        async with self.connection() as connection, connection.transaction():
            fresh = await connection.fetchval(
                "INSERT INTO applied_updates (update_id, applied_at) VALUES ($1, $2)"
                " ON CONFLICT (update_id) DO NOTHING RETURNING update_id",
                record.update_id,
                now,
            )
            if fresh is None:
                return False  # delivered again: applied before, by this process or another
            user_id = record.key.user_id
            if record.forget:
                await _forget(connection, user_id)
            if record.conversation is not None:
                await _save_conversation(connection, record.key, record.conversation, now)
            if record.language or record.reactivate:
                await connection.execute(
                    "INSERT INTO users (user_id, language, active, updated_at)"
                    " VALUES ($1, $2, 1, $3) ON CONFLICT (user_id) DO UPDATE SET active = 1,"
                    " language = coalesce(excluded.language, users.language),"
                    " updated_at = excluded.updated_at",
                    user_id,
                    record.language,
                    now,
                )
            if record.chat_language:
                await connection.execute(
                    "INSERT INTO chats (chat_id, language, updated_at) VALUES ($1, $2, $3)"
                    " ON CONFLICT (chat_id) DO UPDATE SET language = excluded.language,"
                    " updated_at = excluded.updated_at",
                    record.key.chat_id,
                    record.chat_language,
                    now,
                )
            if record.calls:
                await connection.executemany(
                    "INSERT INTO outbox (update_id, seq, chat_id, user_id, call, created_at)"
                    " VALUES ($1, $2, $3, $4, $5, $6)",
                    [
                        (
                            record.update_id,
                            seq,
                            record.key.chat_id,
                            user_id,
                            call_to_json(call),
                            now,
                        )
                        for seq, call in enumerate(record.calls)
                    ],
                )
        return True

    async def pending(self, chat_id: int | None = None) -> list[Pending]:
        query = (
            "SELECT update_id, seq, chat_id, call,"
            " seq = max(seq) OVER (PARTITION BY update_id) FROM outbox"
        )
        async with self.connection() as connection:
            if chat_id is None:
                rows = await connection.fetch(query + " ORDER BY update_id, seq")
            else:
                rows = await connection.fetch(
                    query + " WHERE chat_id = $1 ORDER BY update_id, seq", chat_id
                )
        return [Pending(u, s, c, call_from_json(call), last) for u, s, c, call, last in rows]

    async def settled(self) -> None:
        """Every write here is done when its call returns."""

    async def delivered(self, items: list[Pending]) -> None:
        if not items:
            return
        async with self.connection() as connection:
            await connection.executemany(
                "DELETE FROM outbox WHERE update_id = $1 AND seq = $2",
                [(item.update_id, item.seq) for item in items],
            )

    async def deactivate(self, user_id: int, chat_id: int) -> None:
        async with self.connection() as connection, connection.transaction():
            await connection.execute(
                "INSERT INTO users (user_id, active, updated_at) VALUES ($1, 0, $2)"
                " ON CONFLICT (user_id) DO UPDATE SET active = 0, updated_at = excluded.updated_at",
                user_id,
                time.time(),
            )
            await connection.execute("DELETE FROM outbox WHERE chat_id = $1", chat_id)


async def _save_conversation(
    connection: asyncpg.Connection, key: ConversationKey, conversation: Conversation, now: float
) -> None:
    await connection.execute(
        "INSERT INTO conversations (chat_id, user_id, dialog_version, data, updated_at)"
        " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (chat_id, user_id) DO UPDATE SET"
        " dialog_version = excluded.dialog_version, data = excluded.data,"
        " updated_at = excluded.updated_at",
        key.chat_id,
        key.user_id,
        conversation.dialog_version,
        conversation.to_json(),
        now,
    )


async def _forget(connection: asyncpg.Connection, user_id: int) -> int:
    statuses = [
        await connection.execute(numbered(statement), user_id) for statement in FORGET_STATEMENTS
    ]
    return _count(statuses[0])  # the first statement deletes the conversations


def _count(status: str) -> int:
    """Rows changed, from asyncpg's status line ("DELETE 3")."""
    tail = status.rsplit(" ", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _lock_key(chat_id: int) -> int:
    """A chat id folded into advisory-lock range (32-bit signed)."""
    return ((chat_id + (1 << 31)) % (1 << 32)) - (1 << 31)
