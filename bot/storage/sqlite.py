"""SQLite storage: the embedded default, for one bot process.

The design, and why:

- **One connection, on the event loop**, reads and writes everything. A
  turn's read is five primary-key lookups, and its share of a batch's write
  about 40 µs: handing either to a thread costs more than the work, since
  Python's `sqlite3` hands the GIL back and forth on every step (a writer
  thread made the bot 15-25% slower). The connection never waits for a lock
  (`busy_timeout` 0): a statement that finds the file locked by another
  process is tried again after a pause (`FIRST_PAUSE`, doubling), for up to
  the busy timeout, while the loop goes on. One write transaction at a time
  runs on it (`_write_lock`), and the checkpoints that need a moment
  without writers take the same lock.
- **Group commit** (`group_commit.py`), the backend's one measure for
  speed: a turn written in a transaction of its own costs about 140 µs, its
  share of a batch of 16 about 40 µs, which a busy bot's throughput shows.
  Turns arriving while a batch is written join the next one; each is still
  committed before its reply is sent. So a turn costs one read (its
  snapshot) and a share of one write; nothing is kept in memory between
  turns.
- **Another process may write the file** (`spasmbot forget`, or a second
  bot by mistake): a snapshot carries `PRAGMA data_version`, which moves only
  when another connection commits, and a batch refuses the turns whose number
  moved since (`SnapshotOutdated`): they are decided again from what is there.
- **Checkpoints on a thread** (`wal.py`): copying the WAL into the database
  writes and fsyncs megabytes, so a second connection does that and nothing
  else, on a thread of its own.

WAL mode lets the checkpoint and other processes read while a batch commits;
`PRAGMA user_version` records the schema version (`schema.py`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from bot.storage import sql
from bot.storage.base import ConversationKey, Pending, Snapshot, TurnRecord
from bot.storage.database_file import DatabaseTooNew, DatabaseUnusable, check_database_file
from bot.storage.group_commit import GroupCommit
from bot.storage.schema import MIGRATIONS, statements
from bot.storage.shared import (
    SharedStorage,
    question_shown_row,
    snapshot_args,
    snapshot_from,
    turn_writes,
)
from bot.storage.sql import Row, Sql
from bot.storage.wal import Checkpoints

T = TypeVar("T")

#: The connection's page cache, in KiB. SQLite's default (2 MiB) stops holding a busy
#: bot's pages somewhere past 40,000 stored users: at 100,000 each turn's read then took
#: 26 µs instead of 16, a batch 0.70 ms instead of 0.45, and the p99 per update went
#: from 4 to 15 ms (benchmark, 16 users at once). 16 MiB keeps it flat; memory above
#: bare PTB stays within the cache's size whatever the number of users.
PAGE_CACHE_KIB = 16 * 1024

#: The first and the longest pause before a statement that found the file locked by
#: another process is tried again (seconds).
FIRST_PAUSE, LONGEST_PAUSE = 0.001, 0.05
_LOCKED = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})

#: SQLite's own version 6 kept the outbox as one row per turn, its calls in a JSON
#: array (`calls`) of which the first `sent` were delivered: back to version 5's rows.
UNDO_OUTBOX_BY_TURN = """
    CREATE TABLE outbox_by_call (
        update_id INTEGER NOT NULL, seq INTEGER NOT NULL, chat_id INTEGER NOT NULL,
        user_id INTEGER, call TEXT NOT NULL, created_at REAL NOT NULL
    );
    INSERT INTO outbox_by_call (update_id, seq, chat_id, user_id, call, created_at)
        SELECT turn.update_id, item.key, turn.chat_id, turn.user_id, item.value, turn.created_at
        FROM outbox AS turn, json_each(turn.calls) AS item WHERE item.key >= turn.sent;
    DROP TABLE outbox;
    ALTER TABLE outbox_by_call RENAME TO outbox
"""
#: The turn's snapshot, and the number `PRAGMA data_version` gives at the same moment.
SNAPSHOT_AND_VERSION = sql.SNAPSHOT + ", (SELECT data_version FROM pragma_data_version)"
_OUTBOX_BY_TURN = "SELECT 1 FROM pragma_table_info('outbox') WHERE name = 'calls'"


class SQLiteStorage(SharedStorage):
    def __init__(self, path: Path | str, busy_timeout_ms: int = 5000) -> None:
        if str(path) == ":memory:":
            raise ValueError("SQLite storage needs a file: its checkpoints open it too")
        self.path = Path(path)
        self.busy_timeout_ms = busy_timeout_ms
        self._db: sqlite3.Connection | None = None
        self._write_lock = asyncio.Lock()
        self._commits = GroupCommit(self._write_batch)
        self._checkpoints = Checkpoints(self.path, busy_timeout_ms, self._write_lock)

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("storage is not open")
        return self._db

    @property
    def statements(self) -> Sql:
        return SQLiteStatements(self)

    # -- lifecycle -----------------------------------------------------------------

    async def open(self) -> None:
        """Raises `DatabaseUnusable` (and touches nothing) if the file is not fit to use."""
        check_database_file(self.path, write=True)
        try:
            create_private(self.path)
        except OSError as exc:
            raise DatabaseUnusable(self.path, f"cannot be created: {exc.strerror}") from exc
        try:
            # Waiting is fine while the bot starts: other processes may be migrating too.
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute("PRAGMA secure_delete = ON")  # see `wal.erase_deleted`
            self._db.execute("PRAGMA wal_autocheckpoint = 0")  # `Checkpoints` does them
            self._db.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
            await self._migrate()
            self._db.execute("PRAGMA busy_timeout = 0")  # from now on the loop never waits
            await self._checkpoints.start()
        except BaseException as exc:
            await self.close()
            if isinstance(exc, sqlite3.Error):
                raise DatabaseUnusable(self.path, f"cannot be opened ({exc})") from exc
            raise
        self._commits.start()

    async def close(self) -> None:
        await self._commits.stop()
        await self._checkpoints.stop()
        if self._db is not None:
            self._db.close()
            self._db = None

    async def ping(self) -> bool:
        if self._db is None or not self._commits.running:
            return False
        return await self.read("SELECT 1") == [(1,)]

    async def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchall()[0][0])

    # -- turns -----------------------------------------------------------------------

    def hold_chat(self, chat_id: int) -> contextlib.AbstractAsyncContextManager[None]:
        """One process owns the file, so the in-process chat locks are enough."""
        return contextlib.nullcontext()

    async def snapshot(self, update_id: int, key: ConversationKey) -> Snapshot:
        """Read with the file's `data_version`, in one statement: a write by another
        process after it makes the batch refuse the turn, never one that the read missed."""
        args = snapshot_args(update_id, key)
        db = self.db
        row = await self._when_free(lambda: db.execute(SNAPSHOT_AND_VERSION, args).fetchall()[0])
        return snapshot_from(row[:-1], read_at=row[-1])

    async def commit(self, record: TurnRecord) -> bool:
        """Raises `SnapshotOutdated` when another process wrote after the turn's snapshot."""
        return await self._commits.commit(record)

    async def pending(self, chat_id: int | None = None) -> list[Pending]:
        # Read and filtered without a pause between: a batch deleting delivered calls
        # has either written or is still known to `_commits`, never neither.
        return self._commits.undelivered(await super().pending(chat_id))

    async def delivered(self, items: list[Pending]) -> None:
        """Forget delivered calls (they hold advice text) in the next group commit."""
        self._commits.delivered(items)

    async def question_shown(self, key: ConversationKey, message_id: int) -> None:
        """Written with the next group commit, as a delivered call's deletion is."""
        self._commits.also(sql.QUESTION_SHOWN, question_shown_row(key, message_id))

    async def settled(self) -> None:
        """Wait until every write queued so far is done, and the checkpoint those writes
        began (tests read the file after it: how long the WAL is depends on it)."""
        await self._commits.settled()
        await self._checkpoints.settled()

    async def _write_batch(
        self, records: list[TurnRecord], delivered: list[Pending], also: list[tuple[str, Row]]
    ) -> list[bool | None]:
        async with self.write_transaction() as db:
            results = write_batch(db, records, delivered, also)
        self._checkpoints.after_batch()
        if any(ok and record.forget for record, ok in zip(records, results, strict=True)):
            await self._checkpoints.erase_deleted()
        return results

    # -- maintenance -----------------------------------------------------------------

    async def forget_user(self, user_id: int) -> int:
        """Also empties the WAL, which held the deleted rows (`wal.erase_deleted`)."""
        count = await super().forget_user(user_id)
        await self._checkpoints.erase_deleted()
        return count

    # -- the connection --------------------------------------------------------------

    async def _migrate(self) -> None:
        """Bring the file's schema up to date, one version per transaction."""
        while True:
            async with self.write_transaction() as db:
                if db.execute(_OUTBOX_BY_TURN).fetchall():
                    script, version = UNDO_OUTBOX_BY_TURN, 5
                else:
                    ((current,),) = db.execute("PRAGMA user_version").fetchall()
                    if current > len(MIGRATIONS):
                        where = f"database {self.path}"
                        raise DatabaseTooNew(where, current, len(MIGRATIONS))
                    if current == len(MIGRATIONS):
                        return
                    script, version = MIGRATIONS[current], current + 1
                for statement in statements(script):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {version}")

    async def read(self, query: str, *args: Any) -> list[Row]:
        db = self.db
        return await self._when_free(lambda: db.execute(query, args).fetchall())

    @contextlib.asynccontextmanager
    async def write_transaction(self) -> AsyncIterator[sqlite3.Connection]:
        async with self._write_lock:
            db = self.db
            await self._when_free(lambda: db.execute("BEGIN IMMEDIATE"))
            try:
                yield db
            except BaseException:
                if db.in_transaction:  # some errors end the transaction themselves
                    db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    async def _when_free(self, step: Callable[[], T]) -> T:
        """`step()`, tried again after a pause while another process holds a lock it needs."""
        pause, waited = FIRST_PAUSE, 0.0
        while True:
            try:
                return step()
            except sqlite3.OperationalError as exc:
                code = getattr(exc, "sqlite_errorcode", 0) & 0xFF  # BUSY_RECOVERY is BUSY
                if code not in _LOCKED or waited * 1000 >= self.busy_timeout_ms:
                    raise
            await asyncio.sleep(pause)
            waited += pause
            pause = min(2 * pause, LONGEST_PAUSE)


def create_private(path: Path) -> None:
    """Create the database file, if it is new, readable by its owner only (and its folder,
    if new, enterable by its owner only): it holds people's health answers, and with the
    usual umask (022) SQLite would create it, its -wal and its -shm readable by every
    account on the machine. SQLite gives the -wal and -shm the database file's mode.
    An existing file or folder is left as the operator set it."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):  # another process made it: SQLite opens it
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def write_batch(
    db: sqlite3.Connection,
    records: list[TurnRecord],
    delivered: list[Pending],
    also: Sequence[tuple[str, Row]] = (),
) -> list[bool | None]:
    """Write `records`, forget `delivered` and run `also` (rows written beside a turn),
    inside the caller's transaction; per turn True (written), False (applied before) or
    None (read before another's write)."""
    now = time.time()
    ((version,),) = db.execute("PRAGMA data_version").fetchall()
    results: list[bool | None] = []
    for record in records:
        if record.read_at is not None and record.read_at != version:
            results.append(None)
        else:
            results.append(db.execute(sql.APPLIED, (record.update_id, now)).rowcount == 1)
    fresh = [record for record, ok in zip(records, results, strict=True) if ok]
    for statement, rows in turn_writes(fresh, now):
        if rows:
            db.executemany(statement, rows)
    db.executemany(sql.DELIVERED, [(item.update_id, item.seq) for item in delivered])
    for statement, row in also:
        db.execute(statement, row)
    return results


class SQLiteStatements:
    """`Sql` on the storage's connection; a write outside `transaction()` is one."""

    def __init__(self, storage: SQLiteStorage, in_transaction: bool = False) -> None:
        self.storage = storage
        self.in_transaction = in_transaction

    async def fetch(self, query: str, *args: Any) -> list[Row]:
        return await self.storage.read(query, *args)

    async def fetchone(self, query: str, *args: Any) -> Row | None:
        rows = await self.fetch(query, *args)
        return rows[0] if rows else None

    async def execute(self, query: str, *args: Any) -> int:
        if self.in_transaction:
            return int(self.storage.db.execute(query, args).rowcount)
        async with self.transaction() as tx:
            return await tx.execute(query, *args)

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Sql]:
        if self.in_transaction:
            yield self
            return
        async with self.storage.write_transaction():
            yield SQLiteStatements(self.storage, in_transaction=True)
