"""Group commit on SQLite: turns and delivered calls written together, and never lost."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bot.storage import group_commit, sqlite
from bot.storage.sqlite import SQLiteStorage
from tests.storage.test_sqlite import a_turn


def count_transactions(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per batch the turn writer writes (each is one transaction)."""
    written: list[int] = []
    write_batch = sqlite.write_batch

    def counted(*args: Any) -> list[bool | None]:
        written.append(len(args[1]))
        return write_batch(*args)

    monkeypatch.setattr(sqlite, "write_batch", counted)
    return written


async def test_regression_one_update_at_a_time_cost_two_transactions(
    storage: SQLiteStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A delivered reply was forgotten in a transaction of its own, as costly as a
    turn's. Now it waits a moment for the next turn and goes with it; with no turn
    to come, it is forgotten on its own once the wait is over."""
    monkeypatch.setattr(group_commit, "DELIVERIES_WAIT", 0.3)  # room for a slow machine
    assert await storage.commit(a_turn(1))
    [sent] = await storage.pending(10)
    transactions = count_transactions(monkeypatch)

    await storage.delivered([sent])
    await asyncio.sleep(0.01)  # the user reads the reply and taps again
    assert await storage.commit(a_turn(2))
    assert len(transactions) == 1
    assert [p.update_id for p in await storage.pending(10)] == [2]

    [sent] = await storage.pending(10)
    await storage.delivered([sent])
    assert [p.update_id for p in await storage.pending(10)] == []  # never offered again
    await asyncio.wait_for(storage.settled(), 5)
    assert len(transactions) == 2
    with sqlite3.connect(storage.path) as db:
        assert db.execute("SELECT count(*) FROM outbox").fetchone() == (0,)


async def test_delivered_replies_are_forgotten_before_the_storage_closes(
    tmp_path: Path,
) -> None:
    storage = SQLiteStorage(tmp_path / "spasmbot.sqlite3")
    await storage.open()
    assert await storage.commit(a_turn(1))
    await storage.delivered(await storage.pending(10))
    await storage.close()  # without waiting for a next turn
    with sqlite3.connect(storage.path) as db:
        assert db.execute("SELECT count(*) FROM outbox").fetchone() == (0,)


async def test_regression_delivered_replies_of_a_failed_batch_waited_for_a_turn_forever(
    storage: SQLiteStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When a batch failed, the replies it was to forget went back in the queue
    without the timer that writes them: with no turn to come they stayed in the
    outbox (sent again after a crash) and `settled()` never returned. Now they
    are tried again after a pause."""
    monkeypatch.setattr(group_commit, "DELIVERIES_WAIT", 0.05)
    monkeypatch.setattr(group_commit, "DELIVERIES_RETRY", 0.1)
    assert await storage.commit(a_turn(1))
    write_batch = sqlite.write_batch
    failures = [sqlite3.OperationalError("disk I/O error")]

    def fails_once(*args: Any) -> list[bool | None]:
        if failures:
            raise failures.pop()
        return write_batch(*args)

    monkeypatch.setattr(sqlite, "write_batch", fails_once)
    await storage.delivered(await storage.pending(10))
    await asyncio.wait_for(storage.settled(), 5)
    assert not failures  # the first try did fail
    with sqlite3.connect(storage.path) as db:
        assert db.execute("SELECT count(*) FROM outbox").fetchone() == (0,)
