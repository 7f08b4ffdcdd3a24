"""The SQLite file's write-ahead log stays small while the bot writes."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from bot.storage import wal
from bot.storage.sqlite import SQLiteStorage
from tests.storage.test_sqlite import a_turn

#: SQLite's WAL: a header of 32 bytes, then frames of a 24-byte header and a page.
WAL_HEADER, FRAME_HEADER = 32, 24


async def test_the_wal_is_checkpointed_so_it_stays_small(
    storage: SQLiteStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches are written without checkpoints on the event loop; the checkpoints' thread
    copies the WAL into the database every few batches, and once the WAL is long
    enough it lets the file start over, so the file is reused instead of growing
    with every turn.

    The checkpoints' thread is slowed down here, as on a busy machine (a combined test
    run): the test once failed then, its batches racing the thread. `settled` waits for
    the checkpoint in flight too, so the WAL's length no longer depends on that race."""
    monkeypatch.setattr(wal, "CHECKPOINT_EVERY", 10)
    monkeypatch.setattr(wal, "WAL_PAGES_BEFORE_RESTART", 200)
    checkpoint = wal._checkpoint

    def on_a_busy_machine(db: sqlite3.Connection, mode: str) -> Any:
        time.sleep(0.02)
        return checkpoint(db, mode)

    monkeypatch.setattr(wal, "_checkpoint", on_a_busy_machine)
    for update_id in range(1, 601):  # one batch each: every turn waits for its commit
        assert await storage.commit(a_turn(update_id, chat_id=update_id))
        await storage.settled()  # the checkpoint it began, if any, done as well
    log = await asyncio.to_thread(Path(f"{storage.path}-wal").read_bytes)
    # The WAL header's checkpoint sequence number counts the times the file started over.
    assert int.from_bytes(log[12:16], "big") > 0
    # Without checkpoints: some 4,400 pages (about 18 MB). With them, the file holds what
    # was written between two restarts: the pages a checkpoint found too many, and the
    # batches written until the next checkpoint (at most 20 pages each).
    page = int.from_bytes(log[8:12], "big")
    frames = (len(log) - WAL_HEADER) // (FRAME_HEADER + page)
    assert frames <= wal.WAL_PAGES_BEFORE_RESTART + wal.CHECKPOINT_EVERY * 20
    with sqlite3.connect(storage.path) as db:
        assert db.execute("SELECT count(*) FROM conversations").fetchone() == (600,)
