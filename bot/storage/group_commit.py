"""Group commit for the SQLite backend: many chats' turns, one transaction.

Every turn must be durable before its reply goes out, so each update waits
for a commit. Turns that arrive while a batch is being written join the next
one, and a whole batch is one transaction: a busy bot pays one commit per
batch, not per update (a batch of 16 turns takes about 0.6 ms, one turn alone
about 0.15 ms). This is the backend's one measure for speed; nothing outside
the storage sees it.

Delivered calls are forgotten in the next batch too. Until then they are
remembered here, so `pending()` never offers them again. A batch of deliveries
alone costs about as much as one with a turn, so they wait up to
`DELIVERIES_WAIT` for a turn to go with: with one update at a time, that is
one transaction per update instead of two. A crash in that wait sends those
calls again after the restart, as a crash between Telegram's answer and any
write always could.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterable

from bot.storage.base import Pending, SnapshotOutdated, TurnRecord
from bot.storage.sql import Row

log = logging.getLogger(__name__)

#: How long delivered calls wait for a turn to be written with (seconds).
DELIVERIES_WAIT = 0.005
#: How long they wait after a failed batch: a disk that keeps failing is tried
#: again every second, not every few milliseconds.
DELIVERIES_RETRY = 1.0

#: Writes one batch in one transaction (turns, delivered calls, rows written beside
#: them): per turn True (written), False (applied before) or None (decided from an
#: outdated snapshot).
WriteBatch = Callable[
    [list[TurnRecord], list[Pending], list[tuple[str, Row]]], Awaitable[list[bool | None]]
]


class GroupCommit:
    """Queues turns and delivered calls; a task has them written in batches."""

    def __init__(self, write: WriteBatch) -> None:
        self._write = write
        self._turns: list[tuple[TurnRecord, asyncio.Future[bool]]] = []
        self._delivered: list[Pending] = []
        #: Delivered calls of the batch being written right now.
        self._delivering: list[Pending] = []
        #: Rows to write with the next batch, as delivered calls wait (`also`).
        self._also: list[tuple[str, Row]] = []
        self._wakeup = asyncio.Event()
        #: Wakes the task for deliveries that no turn came to take along.
        self._deliveries_due: asyncio.TimerHandle | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        #: Set while nothing waits to be written.
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="spasmbot-group-commit")

    async def stop(self) -> None:
        """Write what is queued, then stop."""
        if self._task is None:
            return
        self._stopping = True
        self._wakeup.set()
        with contextlib.suppress(Exception):  # a failed batch was reported to its turns
            await self._task
        self._task = None
        self._stopping = False

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

    def also(self, statement: str, row: Row) -> None:
        """Write `row` with the next batch, as a delivered call's deletion (a note of
        what Telegram took, that a crash before it may lose)."""
        if not self.running:
            raise RuntimeError("storage is not open")
        self._also.append((statement, row))
        self._idle.clear()
        self._write_deliveries_soon(DELIVERIES_WAIT)

    def undelivered(self, items: Iterable[Pending]) -> list[Pending]:
        """`items` read from the outbox, without those known to be delivered."""
        done = {(p.update_id, p.seq) for p in (*self._delivering, *self._delivered)}
        return [p for p in items if (p.update_id, p.seq) not in done]

    async def settled(self) -> None:
        """Wait until everything queued so far is written (or failed)."""
        await self._idle.wait()

    def _write_deliveries_soon(self, wait: float) -> None:
        if self._deliveries_due is None:
            self._deliveries_due = asyncio.get_running_loop().call_later(wait, self._wakeup.set)

    async def _run(self) -> None:
        while True:
            await self._wakeup.wait()
            self._wakeup.clear()
            await self._flush()
            if not self._turns and not self._delivered and not self._also:
                self._idle.set()
                if self._stopping:
                    return

    async def _flush(self) -> None:
        batch, self._turns = self._turns, []
        self._delivering, self._delivered = self._delivered, []
        also, self._also = self._also, []
        if self._deliveries_due is not None:
            self._deliveries_due.cancel()
            self._deliveries_due = None
        if not batch and not self._delivering and not also:
            return
        try:
            records = [record for record, _future in batch]
            results = await self._write(records, self._delivering, also)
        except BaseException as exc:
            # The turns failed; the deletions go with the next batch, or on their own
            # once DELIVERIES_RETRY is over.
            self._delivered[:0], self._delivering = self._delivering, []
            self._also[:0] = also
            if self._delivered or self._also:
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
