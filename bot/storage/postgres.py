"""PostgreSQL storage (asyncpg), for several bot processes sharing one database.

The same tables, migration versions and statements as SQLite (`schema.py`,
`sql.py`); what differs is said here: `$n` placeholders, wider types, the
version kept in `schema_migrations`, a connection pool, and locks. An update's
state change, its `update_id` and its calls are written in one transaction,
and the `update_id` primary key makes a second delivery — to this process or
another — change nothing.

One process per chat at a time: `hold_chat` takes a PostgreSQL advisory lock
on the chat for as long as one update (or one step of a group session) is
handled, on a connection that every query of that update then uses, so two
processes never work on the same chat at once; each reads the chat's state
after the lock is granted, so the second sees what the first wrote. A group
session's timer therefore moves the session once, whichever process gets
there first.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import re
import time
from collections.abc import AsyncIterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg

from bot.storage import sql
from bot.storage.base import DatabaseUnreachable, Pending, TurnRecord
from bot.storage.database_file import DatabaseTooNew, DatabaseUnusable
from bot.storage.schema import MIGRATIONS
from bot.storage.shared import SharedStorage, forget, turn_writes
from bot.storage.sql import Row, Sql

#: Advisory-lock namespaces: migrations, and chats (two-key form: namespace, chat).
MIGRATION_LOCK = 7_301_001
CHAT_LOCK_NAMESPACE = 7_301

#: What SQLite's terms in `schema.MIGRATIONS` are in PostgreSQL's.
_IN_POSTGRES_TERMS = (
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"\s*CHECK \(json_valid\(\w+\)\)"), ""),
    (re.compile(r"\s*WITHOUT ROWID"), ""),
    (re.compile(r"json_extract\((\w+), '\$\.(\w+)'\)"), r"(\1::jsonb ->> '\2')"),
    (
        re.compile(r"json_set\((\w+), '\$\.(\w+)', (\w+)\)"),
        r"jsonb_set(\1::jsonb, '{\2}', '\3')::text",
    ),
)


def in_postgres_terms(script: str) -> str:
    """A migration as PostgreSQL runs it: Telegram ids need 64 bits, times doubles, and
    JSON is read and written with `jsonb`'s functions."""
    for pattern, replacement in _IN_POSTGRES_TERMS:
        script = pattern.sub(replacement, script)
    return script


@functools.lru_cache(maxsize=256)
def numbered(query: str) -> str:
    """`?` placeholders as PostgreSQL's `$1, $2, …` (our queries hold no literal `?`)."""
    counter = iter(range(1, 1 << 16))
    return re.sub(r"\?", lambda _match: f"${next(counter)}", query)


def changed(status: str) -> int:
    """Rows changed, from asyncpg's status line ("DELETE 3", "INSERT 0 1")."""
    tail = status.rsplit(" ", 1)[-1]
    return int(tail) if tail.isdigit() else 0


class DatabaseUrlUnusable(DatabaseUnusable):
    """DATABASE_URL is no PostgreSQL URL: a setting to fix, not a server to look at."""

    def __init__(self, reason: str) -> None:
        Exception.__init__(
            self,
            f"DATABASE_URL {reason}: it must be a PostgreSQL URL, "
            "postgresql://USER:PASSWORD@HOST:PORT/DATABASE (unset it to use SQLite)",
        )
        self.path = Path()


class PostgresStorage(SharedStorage):
    def __init__(self, url: str, *, schema: str | None = None, pool_size: int = 10) -> None:
        self.url = url
        #: A schema of their own for tests; None uses the server's search path.
        self.schema = schema
        #: Connections per process: also how many chats one process handles at once.
        self.pool_size = pool_size
        self._pool: asyncpg.Pool | None = None
        #: The connection holding the current chat's lock, and the task that holds it.
        #: A task started meanwhile inherits the variable, but not the connection: it is
        #: not the owner.
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
    def statements(self) -> Sql:
        return PostgresStatements(self)

    # -- lifecycle -----------------------------------------------------------------

    async def open(self) -> None:
        """Raises `DatabaseUnreachable` if the server cannot be reached or refuses us, and
        `DatabaseUrlUnusable` (a setting: exit status 2) if the URL is no PostgreSQL one."""
        scheme = urlsplit(self.url).scheme
        if scheme not in ("postgresql", "postgres"):
            raise DatabaseUrlUnusable(f"starts with {scheme + '://' if scheme else 'no scheme'}")
        try:
            await self._connect()
        except asyncpg.ClientConfigurationError as exc:  # e.g. a port that is no number
            raise DatabaseUrlUnusable(f"cannot be read ({type(exc).__name__})") from exc
        except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            raise self._unreachable(exc) from exc
        await self.migrate()

    async def _connect(self) -> None:
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

    def _unreachable(self, exc: BaseException) -> DatabaseUnreachable:
        from bot.storage import where_kept

        reason = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
        password = urlsplit(self.url).password
        if password:
            reason = reason.replace(password, "[redacted]")
        return DatabaseUnreachable(
            f"cannot reach the {where_kept(Path(), self.url)} ({' '.join(reason.split())}); "
            "check DATABASE_URL and that the server runs"
        )

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()

    async def ping(self) -> bool:
        if self._pool is None:
            return False
        async with self.pool.acquire() as connection:
            return bool(await connection.fetchval("SELECT 1") == 1)

    async def schema_version(self) -> int:
        async with self.pool.acquire() as connection:
            if await connection.fetchval("SELECT to_regclass('schema_migrations')") is None:
                return 0
            return int(await connection.fetchval("SELECT max(version) FROM schema_migrations"))

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
            if current > len(MIGRATIONS):
                from bot.storage import where_kept

                where = where_kept(Path(), self.url)
                raise DatabaseTooNew(where, current, len(MIGRATIONS))
            for version, script in enumerate(MIGRATIONS[current:], start=current + 1):
                await connection.execute(in_postgres_terms(script))
                await connection.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
                    version,
                    time.time(),
                )

    # -- one chat at a time ------------------------------------------------------------

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

    @contextlib.asynccontextmanager
    async def connection(self) -> AsyncIterator[asyncpg.Connection]:
        """The current chat's connection while a chat is held, else one from the pool:
        one connection per chat in flight, so chats waiting for a lock cannot starve it."""
        held = self._held_here()
        if held is not None:
            yield held
        else:
            async with self.pool.acquire() as connection:
                yield connection

    # -- turns ---------------------------------------------------------------------------

    async def commit(self, record: TurnRecord) -> bool:
        now = time.time()
        async with self.connection() as connection, connection.transaction():
            status = await connection.execute(numbered(sql.APPLIED), record.update_id, now)
            if not changed(status):
                return False  # delivered again: applied before, by this process or another
            for statement, rows in turn_writes([record], now):
                if rows:
                    await connection.executemany(numbered(statement), rows)
        return True

    async def delivered(self, items: list[Pending]) -> None:
        if items:
            async with self.connection() as connection:
                rows = [(item.update_id, item.seq) for item in items]
                await connection.executemany(numbered(sql.DELIVERED), rows)

    async def settled(self) -> None:
        """Every write here is done when its call returns."""

    # -- maintenance -------------------------------------------------------------------

    async def forget_user(self, user_id: int) -> int:
        """Delete the user's data once no process is in the middle of a turn of theirs.

        `spasmbot forget` runs as a process of its own: a turn that had read the
        user's conversation before the deletion would otherwise write it back. So the
        deletion waits for the locks of the user's chats (private chat, groups with
        the user's conversations or quiz answers), taken in one order so that two
        deletions cannot wait for each other.
        """
        async with self.statements.transaction() as tx:
            chats = await tx.fetch(sql.CHATS_OF_USER, user_id, user_id, user_id)
            for key in sorted({_lock_key(user_id), *(_lock_key(row[0]) for row in chats)}):
                await tx.execute("SELECT pg_advisory_xact_lock(?, ?)", CHAT_LOCK_NAMESPACE, key)
            return await forget(tx, user_id)


class PostgresStatements:
    """`Sql` over the storage's connections, or over one inside a transaction."""

    def __init__(
        self, storage: PostgresStorage, connection: asyncpg.Connection | None = None
    ) -> None:
        self.storage = storage
        self.connection = connection

    @contextlib.asynccontextmanager
    async def _connection(self) -> AsyncIterator[asyncpg.Connection]:
        if self.connection is not None:
            yield self.connection
        else:
            async with self.storage.connection() as connection:
                yield connection

    async def fetch(self, query: str, *args: Any) -> list[Row]:
        async with self._connection() as connection:
            return [tuple(row) for row in await connection.fetch(numbered(query), *args)]

    async def fetchone(self, query: str, *args: Any) -> Row | None:
        async with self._connection() as connection:
            row = await connection.fetchrow(numbered(query), *args)
        return tuple(row) if row is not None else None

    async def execute(self, query: str, *args: Any) -> int:
        async with self._connection() as connection:
            return changed(await connection.execute(numbered(query), *args))

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Sql]:
        async with self._connection() as connection, connection.transaction():
            yield PostgresStatements(self.storage, connection)


def _lock_key(chat_id: int) -> int:
    """A chat id folded into advisory-lock range (32-bit signed)."""
    return ((chat_id + (1 << 31)) % (1 << 32)) - (1 << 31)
