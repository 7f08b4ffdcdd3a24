"""Group commit of turns for SQLite: many chats' turns, one transaction.

Every turn must be durable before its reply goes out, so each update waits
for a commit. Turns that arrive while the writer is busy join the next batch,
and a whole batch is one transaction: a busy bot pays one commit per batch,
not per update.

A batch is written right on the event loop, on a connection of its own that
never waits for a lock. With WAL and `synchronous = NORMAL` a commit is a few
`write()` calls and no `fsync`: in the benchmark a batch of 8 turns takes
about 0.4 ms there. On a thread the same batch took 2.4 ms and more CPU,
because Python's `sqlite3` lets go of the GIL around every statement step and
each step then waited for the event loop to hand it back; writing on the loop
raised throughput by 8-16% and halved p99 latency. When another connection or
process holds the file's write lock, the batch is tried again after a pause
(the event loop goes on meanwhile), for up to the busy timeout. The writer's
own thread does only what may wait: the checkpoints that copy the WAL into the
database and `fsync` it (every `CHECKPOINT_EVERY` batches, and in full right
after a batch that forgets someone: `erase_deleted`), and reading a
snapshot when the file is briefly unreadable on the loop (`read`).

Each batch also checks, inside its write transaction, whether anybody else
committed since the last batch (`PRAGMA data_version`). If so, the turns
decided from what was read before that (their `read_at` is an older `epoch`)
are not written: their commit raises `SnapshotOutdated`, and the bot decides
them again from what the database holds now. This is what makes it safe to
start turns from what the previous turns left in memory (`RecentState`), and
it also catches a write that lands between a turn's read and its commit.

Delivered replies are forgotten in the next batch too. Until that batch is
committed they are remembered here, so `pending()` never offers them again.
A batch of deliveries alone costs about as much as a batch with a turn, so
they wait up to `DELIVERIES_WAIT` for the next turn to go with: with one
update at a time, that is one transaction per update instead of two. A crash
in that wait sends those replies again after the restart, as a crash between
Telegram's answer and the batch always could.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

from bot.storage.base import (
    Pending,
    SnapshotOutdated,
    TurnRecord,
    call_to_json,
    delivery_progress,
)
from bot.storage.sql import FORGET_STATEMENTS

log = logging.getLogger(__name__)

_APPLIED = "INSERT INTO applied_updates (update_id, applied_at) VALUES (?, ?)"
_CONVERSATION = (
    "INSERT INTO conversations (chat_id, user_id, dialog_version, data, updated_at)"
    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id, user_id) DO UPDATE SET"
    " dialog_version = excluded.dialog_version, data = excluded.data,"
    " updated_at = excluded.updated_at"
)
_USER = (
    "INSERT INTO users (user_id, language, active, updated_at) VALUES (?, ?, 1, ?)"
    " ON CONFLICT (user_id) DO UPDATE SET active = 1,"
    " language = coalesce(excluded.language, users.language),"
    " updated_at = excluded.updated_at"
)
_CHAT = (
    "INSERT INTO chats (chat_id, language, updated_at) VALUES (?, ?, ?)"
    " ON CONFLICT (chat_id) DO UPDATE SET language = excluded.language,"
    " updated_at = excluded.updated_at"
)
_OUTBOX = (
    "INSERT INTO outbox (update_id, chat_id, user_id, calls, created_at) VALUES (?, ?, ?, ?, ?)"
)
_DELIVERED = "DELETE FROM outbox WHERE update_id = ?"
_PARTLY_DELIVERED = "UPDATE outbox SET sent = max(sent, ?) WHERE update_id = ?"
#: Batches written between two checkpoints: a busy bot's batch adds about 14 pages to
#: the WAL, and SQLite's own default is a checkpoint per 1,000 pages.
CHECKPOINT_EVERY = 64
#: How long the WAL may grow (in pages of 4 KiB) before a checkpoint holds batches back
#: to copy the rest and let the file start over. Each hold delays the turns in flight
#: by a few milliseconds; at 64 batches per hold it was most of the p99 latency.
WAL_PAGES_BEFORE_RESTART = 4000
#: Errors that mean "someone else holds the write lock": the batch is tried again later.
_LOCK_ERRORS = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
#: The first and the longest pause before a locked batch is tried again (seconds).
FIRST_PAUSE, LONGEST_PAUSE = 0.001, 0.05
#: How long delivered replies wait for a turn to be written with (seconds).
DELIVERIES_WAIT = 0.005
#: How long they wait after a failed batch: a disk that keeps failing is tried
#: again every second, not every few milliseconds.
DELIVERIES_RETRY = 1.0


class Batch(NamedTuple):
    """What a written batch says about its turns and about the file."""

    #: Per turn: True written, False applied before, None decided from an outdated read.
    results: list[bool | None]
    #: `PRAGMA data_version` inside the batch's transaction.
    data_version: int


def write_batch(
    db: sqlite3.Connection,
    records: list[TurnRecord],
    delivered: list[Pending],
    data_version: int,
    epoch: int,
) -> Batch:
    """Apply `records` in one transaction, except those its own check finds outdated.

    `data_version` is what the last batch on `db` saw; if it moved, someone else
    wrote since and the reads of `epoch` are outdated (the caller starts the next
    epoch). A turn read in an older epoch is outdated in any case.
    """
    now = time.time()
    db.execute("BEGIN IMMEDIATE")
    try:
        ((version,),) = db.execute("PRAGMA data_version").fetchall()
        current = epoch if version == data_version else epoch + 1
        fresh: list[TurnRecord] = []
        results: list[bool | None] = []
        if records:
            ids = [record.update_id for record in records]
            marks = ",".join("?" * len(ids))
            seen = {
                row[0]
                for row in db.execute(
                    f"SELECT update_id FROM applied_updates WHERE update_id IN ({marks})", ids
                )
            }
            for record in records:
                if record.read_at is not None and record.read_at != current:
                    results.append(None)
                    continue
                ok = record.update_id not in seen
                seen.add(record.update_id)
                results.append(ok)
                if ok:
                    fresh.append(record)
        for record in fresh:
            if record.forget:  # rare: keep it simple and in order
                for statement in FORGET_STATEMENTS:
                    db.execute(statement, (record.key.user_id,))
        db.executemany(_APPLIED, [(r.update_id, now) for r in fresh])
        db.executemany(
            _CONVERSATION,
            [
                (*r.key, r.conversation.dialog_version, r.conversation.to_json(), now)
                for r in fresh
                if r.conversation is not None
            ],
        )
        db.executemany(
            _USER, [(r.key.user_id, r.language, now) for r in fresh if r.language or r.reactivate]
        )
        db.executemany(
            _CHAT, [(r.key.chat_id, r.chat_language, now) for r in fresh if r.chat_language]
        )
        db.executemany(
            _OUTBOX, [(r.update_id, *r.key, call_to_json(r.calls), now) for r in fresh if r.calls]
        )
        if delivered:
            finished, sent = delivery_progress(delivered)
            db.executemany(_DELIVERED, [(update_id,) for update_id in finished])
            db.executemany(_PARTLY_DELIVERED, [(count, uid) for uid, count in sent.items()])
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return Batch(results, version)


def _fetchall(db: sqlite3.Connection, query: str, args: tuple[Any, ...]) -> list[Any]:
    return db.execute(query, args).fetchall()


def _connect(path: Path, busy_timeout_ms: int, checkpoints: bool) -> sqlite3.Connection:
    """A connection of the writer: it waits up to `busy_timeout_ms` for a lock, and
    copies the WAL into the database after its commits only with `checkpoints`."""
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA secure_delete = ON")  # deleted answers are zeroed, not left behind
    if not checkpoints:
        db.execute("PRAGMA wal_autocheckpoint = 0")
    return db


def erase_deleted(db: sqlite3.Connection) -> None:
    """Copy the whole WAL into the database and empty it, after a person was forgotten.

    A deletion is written to the WAL, and the WAL keeps the pages as they were
    before as well: until a checkpoint, the forgotten answers stayed readable in
    the -wal file. `secure_delete` (on every connection) zeroes the deleted rows
    in the database file itself. Waits for readers up to the busy timeout.
    """
    try:
        ((busy, _frames, _copied),) = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except sqlite3.Error as exc:
        log.warning("emptying the WAL after a forget failed: %s", type(exc).__name__)
        return
    if busy:
        log.warning("emptying the WAL after a forget waited too long for a reader")


def _copy_wal(db: sqlite3.Connection) -> int:
    """Copy what the WAL holds into the database; return how many pages long it was.

    Batches written meanwhile are not copied, and the next batch starts the file
    over only if everything was: with batches going on, only a pass that holds
    them back lets the WAL start over.
    """
    ((_busy, frames, _copied),) = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    return int(frames)


class TurnWriter:
    """Queues turns and delivered replies; a task writes them in batches."""

    def __init__(
        self,
        path: Path,
        busy_timeout_ms: int,
        write_lock: asyncio.Lock,
    ) -> None:
        self.path = path
        self.busy_timeout_ms = busy_timeout_ms
        #: Held around each batch: the storage's other writes wait for it, and it for them.
        self.write_lock = write_lock
        self._turns: list[tuple[TurnRecord, asyncio.Future[bool]]] = []
        self._delivered: list[Pending] = []
        #: Delivered items of the batch being written right now.
        self._delivering: list[Pending] = []
        self._wakeup = asyncio.Event()
        #: Wakes the writer for deliveries that no turn came to take along.
        self._deliveries_due: asyncio.TimerHandle | None = None
        self._thread: ThreadPoolExecutor | None = None
        #: The thread's connection: runs checkpoints, reads when the loop's cannot.
        self._db: sqlite3.Connection | None = None
        #: The event loop's connection: writes the batches, never waits, never checkpoints.
        self._on_loop: sqlite3.Connection | None = None
        #: What `PRAGMA data_version` said on it in the last batch.
        self._data_version: int | None = None
        #: Moves on whenever a batch finds that somebody else wrote since the last one:
        #: a turn decided from a read of an earlier epoch is not written.
        self.epoch = 0
        self._batches_since_checkpoint = 0
        self._checkpointing: asyncio.Task[None] | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        #: Set while nothing waits to be written.
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="spasmbot-turn-writer")
        self._db = await self._run(_connect, self.path, self.busy_timeout_ms, True)
        self._on_loop = _connect(self.path, 0, False)
        ((self._data_version,),) = _fetchall(self._on_loop, "PRAGMA data_version", ())
        self._task = asyncio.create_task(self._loop(), name="spasmbot-turn-writer")

    async def stop(self) -> None:
        """Write what is queued, then let go of the connection and the thread."""
        if self._task is not None:
            self._stopping = True
            self._wakeup.set()
            with contextlib.suppress(Exception):  # a failed batch was reported to its turns
                await self._task
            self._task = None
            self._stopping = False
        if self._checkpointing is not None:
            await self._checkpointing
        if self._on_loop is not None:
            self._on_loop.close()
            self._on_loop = None
            self._data_version = None
        if self._db is not None:
            await self._run(self._db.close)
            self._db = None
        if self._thread is not None:
            self._thread.shutdown(wait=True)
            self._thread = None

    async def commit(self, record: TurnRecord) -> bool:
        if not self.running or self._stopping:
            raise RuntimeError("storage is not open")
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._turns.append((record, future))
        self._idle.clear()
        self._wakeup.set()
        return await future

    def delivered(self, items: Iterable[Pending]) -> None:
        """Forget these in the next batch; nobody needs to wait for that."""
        if not self.running:
            raise RuntimeError("storage is not open")
        self._delivered.extend(items)
        self._idle.clear()
        self._write_deliveries_soon(DELIVERIES_WAIT)

    def _write_deliveries_soon(self, wait: float) -> None:
        """Wake the writer for the delivered replies after `wait` seconds, unless a
        turn takes them along before."""
        if self._deliveries_due is None:
            self._deliveries_due = asyncio.get_running_loop().call_later(wait, self._wakeup.set)

    async def settled(self) -> None:
        """Wait until everything queued so far is written (or failed)."""
        await self._idle.wait()

    def read_now(self, query: str, args: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """Rows of `query`, read right here on the connection that writes the batches.

        Its page cache survives its own commits; a separate reader's cache was
        dropped after every batch and read the same pages again. Raises
        `sqlite3.OperationalError` rather than wait if the file is unreadable.
        """
        if self._on_loop is None:
            raise RuntimeError("storage is not open")
        return _fetchall(self._on_loop, query, args)

    async def read(self, query: str, args: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """Rows of `query`, read on the writer's own connection and thread."""
        assert self._db is not None
        return list(await self._run(_fetchall, self._db, query, args))

    async def erase_deleted(self) -> None:
        """Empty the WAL after a forget (`erase_deleted`); hold `write_lock` around it."""
        await self._run(erase_deleted, self._db)

    def undelivered(self, rows: Iterable[Pending]) -> list[Pending]:
        """`rows` read from the outbox, without those already known to be delivered."""
        done = {(p.update_id, p.seq) for p in (*self._delivering, *self._delivered)}
        return [p for p in rows if (p.update_id, p.seq) not in done]

    async def _loop(self) -> None:
        while True:
            await self._wakeup.wait()
            self._wakeup.clear()
            await self._flush()
            if not self._turns and not self._delivered:
                self._idle.set()
                if self._stopping:
                    return

    async def _flush(self) -> None:
        batch, self._turns = self._turns, []
        self._delivering, self._delivered = self._delivered, []
        if self._deliveries_due is not None:
            self._deliveries_due.cancel()
            self._deliveries_due = None
        if not batch and not self._delivering:
            return
        records = [record for record, _future in batch]
        try:
            async with self.write_lock:
                results = await self._write(records, self._delivering)
                if any(r.forget for r, ok in zip(records, results, strict=True) if ok):
                    await self._run(erase_deleted, self._db)
        except BaseException as exc:
            # The turns failed; the deletions go with the next batch, or on their own
            # once DELIVERIES_RETRY is over.
            self._delivered[:0], self._delivering = self._delivering, []
            if self._delivered:
                self._write_deliveries_soon(DELIVERIES_RETRY)
            for _record, future in batch:
                if not future.done():
                    future.set_exception(exc if isinstance(exc, Exception) else RuntimeError())
            if not isinstance(exc, Exception):
                raise
            log.error("writing %d turn(s) failed: %s", len(batch), type(exc).__name__)
            return
        self._delivering = []
        for (_record, future), result in zip(batch, results, strict=True):
            if future.done():
                continue
            if result is None:
                future.set_exception(SnapshotOutdated())
            else:
                future.set_result(result)

    async def _write(
        self, records: list[TurnRecord], delivered: list[Pending]
    ) -> list[bool | None]:
        """One batch on the event loop; while someone else holds the write lock, the
        batch waits (and the loop goes on) for up to the busy timeout."""
        assert self._on_loop is not None and self._data_version is not None
        pause, waited = FIRST_PAUSE, 0.0
        while True:
            try:
                batch = write_batch(
                    self._on_loop, records, delivered, self._data_version, self.epoch
                )
                break
            except sqlite3.OperationalError as exc:
                locked = getattr(exc, "sqlite_errorcode", None) in _LOCK_ERRORS
                if not locked or waited * 1000 >= self.busy_timeout_ms:
                    raise
                if not waited:
                    log.info("the database is locked; %d turn(s) wait for it", len(records))
                await asyncio.sleep(pause)
                waited += pause
                pause = min(2 * pause, LONGEST_PAUSE)
        if batch.data_version != self._data_version:
            self._data_version = batch.data_version
            self.epoch += 1
        self._batches_since_checkpoint += 1
        if self._batches_since_checkpoint >= CHECKPOINT_EVERY and self._checkpointing is None:
            self._batches_since_checkpoint = 0
            self._checkpointing = asyncio.create_task(self._checkpoint())
        return batch.results

    async def _checkpoint(self) -> None:
        """Copy the WAL into the database on the thread.

        First while batches go on (the bulk: about 11 ms for 64 busy batches' pages
        in the benchmark). If batches came meanwhile, once more with batches held
        back, which copies only those (2-3 ms): the next batch then finds the WAL
        all copied and starts the file over from its beginning instead of making
        it longer. A bot that is not that busy never holds its batches back: at one
        update at a time, that took the p99 latency from 2.7 to about 1 ms.
        """
        try:
            if await self._run(_copy_wal, self._db) > WAL_PAGES_BEFORE_RESTART:
                async with self.write_lock:
                    await self._run(_copy_wal, self._db)
        except Exception as exc:  # the next checkpoint tries again
            log.warning("WAL checkpoint failed: %s", type(exc).__name__)
        finally:
            self._checkpointing = None

    def _run(self, function: Callable[..., Any], *args: Any) -> Awaitable[Any]:
        if self._thread is None:
            raise RuntimeError("storage is not open")
        return asyncio.get_running_loop().run_in_executor(self._thread, function, *args)
