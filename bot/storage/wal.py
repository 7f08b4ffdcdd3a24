"""The SQLite file's write-ahead log: copied into the database on a thread of its own.

Batches are written without checkpoints on the event loop. Every
`CHECKPOINT_EVERY` batches a second connection, on a thread that does nothing
else, copies the WAL into the database (PASSIVE: batches go on meanwhile;
about 11 ms for 64 busy batches). Once the WAL is `WAL_PAGES_BEFORE_RESTART`
pages long it then copies the rest with the batches held back (RESTART: those
that came meanwhile, 2-3 ms), so that the next batch starts the file over
instead of making it longer. A bot that is not that busy never holds its
batches back. After a person is forgotten the WAL is emptied at once
(`erase_deleted`).

Both of these need a moment without writers, which SQLite's busy handler,
polling every few milliseconds, would seldom find while batches follow each
other: they take the storage's `write_lock`, and the batches wait for it.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: Batches written between two checkpoints: a busy bot's batch adds about 14 pages to
#: the WAL, and SQLite's own default is a checkpoint per 1,000 pages.
CHECKPOINT_EVERY = 64
#: How long the WAL may grow (in pages of 4 KiB) before a checkpoint holds batches back
#: to copy the rest and let the file start over.
WAL_PAGES_BEFORE_RESTART = 4000


class Checkpoints:
    def __init__(self, path: Path, busy_timeout_ms: int, write_lock: asyncio.Lock) -> None:
        self.path = path
        self.busy_timeout_ms = busy_timeout_ms
        self.write_lock = write_lock
        self._thread: ThreadPoolExecutor | None = None
        self._db: sqlite3.Connection | None = None
        self._batches = 0
        self._copying: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="spasmbot-checkpoints")
        self._db = await self._run(_connect, self.path, self.busy_timeout_ms)

    async def stop(self) -> None:
        if self._copying is not None:
            await self._copying
        if self._db is not None:
            await self._run(self._db.close)
            self._db = None
        if self._thread is not None:
            self._thread.shutdown(wait=True)
            self._thread = None

    async def settled(self) -> None:
        """Wait for the checkpoint in flight, if any (the storage's `settled`)."""
        if self._copying is not None:
            await asyncio.shield(self._copying)

    def after_batch(self) -> None:
        """A batch was written: copy the WAL if it is time."""
        self._batches += 1
        if self._batches >= CHECKPOINT_EVERY and self._copying is None:
            self._batches = 0
            self._copying = asyncio.create_task(self._copy())

    async def erase_deleted(self) -> None:
        """Copy the whole WAL into the database and empty it, after a person was forgotten.

        A deletion is written to the WAL, and the WAL keeps the pages as they were
        before as well: until a checkpoint, the forgotten answers stayed readable in
        the -wal file. `secure_delete` (on every connection) zeroes the deleted rows
        in the database file itself. Waits for readers up to the busy timeout.
        """
        try:
            async with self.write_lock:
                busy, _frames = await self._run(_checkpoint, self._db, "TRUNCATE")
        except sqlite3.Error as exc:
            log.warning("emptying the WAL after a forget failed: %s", type(exc).__name__)
            return
        if busy:
            log.warning("emptying the WAL after a forget waited too long for a reader")

    async def _copy(self) -> None:
        try:
            _busy, frames = await self._run(_checkpoint, self._db, "PASSIVE")
            if frames > WAL_PAGES_BEFORE_RESTART:
                async with self.write_lock:
                    await self._run(_checkpoint, self._db, "RESTART")
        except Exception as exc:  # the next checkpoint tries again
            log.warning("WAL checkpoint failed: %s", type(exc).__name__)
        finally:
            self._copying = None

    async def _run(self, function: Callable[..., Any], *args: Any) -> Any:
        if self._thread is None:
            raise RuntimeError("storage is not open")
        return await asyncio.get_running_loop().run_in_executor(self._thread, function, *args)


def _connect(path: Path, busy_timeout_ms: int) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    db.execute("PRAGMA secure_delete = ON")
    return db


def _checkpoint(db: sqlite3.Connection, mode: str) -> tuple[int, int]:
    """Whether it gave up waiting for a reader or writer, and how long the WAL was."""
    ((busy, frames, _copied),) = db.execute(f"PRAGMA wal_checkpoint({mode})").fetchall()
    return int(busy), int(frames)
