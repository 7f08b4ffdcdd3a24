"""Updates of one chat in order, different chats at the same time.

PTB's `concurrent_updates` runs every update at once, which would let two
fast taps of one user race; without it, one slow chat holds up everyone. This
processor gives each chat a lock: a chat's updates queue behind each other
while other chats proceed. The same locks serialise the outbox flush, so a
chat's replies are never sent twice or out of order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import AbstractAsyncContextManager
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.adapters.telegram.outage import FIRST_WAIT, LONGEST_WAIT, Outage
from bot.metrics import CounterChild, Metrics

log = logging.getLogger(__name__)


class ChatLocks:
    """One `asyncio.Lock` per chat that is busy; a chat's lock goes when nobody holds
    or waits for it, so idle chats hold no memory.

    `across_processes` adds the storage's own chat lock inside the in-process
    one, for several processes sharing a database (PostgreSQL).
    """

    def __init__(
        self, across_processes: Callable[[int], AbstractAsyncContextManager[None]] | None = None
    ) -> None:
        #: Each busy chat's lock, and how many hold or wait for it.
        self._busy: dict[int, tuple[asyncio.Lock, int]] = {}
        self.across_processes = across_processes

    @property
    def busy_chats(self) -> int:
        """How many chats are held or waited for now (an idle chat holds no lock)."""
        return len(self._busy)

    def busy(self, chat_id: int) -> bool:
        """Whether somebody in this process holds or waits for the chat's lock."""
        return chat_id in self._busy

    @contextlib.asynccontextmanager
    async def hold(self, chat_id: int) -> AsyncIterator[None]:
        """`async with locks.hold(chat_id):` the chat is ours until the block ends."""
        async with self.here(chat_id), self.across(chat_id):
            yield

    @contextlib.asynccontextmanager
    async def across(self, chat_id: int) -> AsyncIterator[None]:
        """The storage's lock alone (nothing without one), inside `here`."""
        if self.across_processes is None:
            yield
        else:
            async with self.across_processes(chat_id):
                yield

    @contextlib.asynccontextmanager
    async def here(self, chat_id: int) -> AsyncIterator[None]:
        """The chat's lock in this process alone."""
        lock, users = self._busy.get(chat_id, (None, 0))
        if lock is None:
            lock = asyncio.Lock()
        self._busy[chat_id] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._busy[chat_id]
            if users == 1:
                del self._busy[chat_id]
            else:
                self._busy[chat_id] = (lock, users - 1)


#: The kinds of update the bot receives, as Bot API field names (the `kind` metric label).
UPDATE_KINDS = (
    "message",
    "edited_message",
    "callback_query",
    "poll_answer",
    "poll",
    "my_chat_member",
    "chat_member",
    "channel_post",
    "edited_channel_post",
)


def update_kind(update: object) -> str:
    if isinstance(update, Update):
        for kind in UPDATE_KINDS:
            if getattr(update, kind, None) is not None:
                return kind
    return "other"


def chat_of(update: object) -> int | None:
    """The chat an update belongs to (a poll answer belongs to its voter)."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


class ChatOrderedProcessor(BaseUpdateProcessor):
    def __init__(
        self,
        locks: ChatLocks,
        metrics: Metrics | None = None,
        max_concurrent_updates: int = 256,
        outage: Outage | None = None,
    ) -> None:
        super().__init__(max_concurrent_updates)
        self.locks = locks
        self.metrics = metrics
        #: A database that cannot be reached: the update waits for it (`outage.py`).
        self.outage = outage
        #: Each kind's counter, looked up once.
        self._counted: dict[str, CounterChild] = (
            {kind: metrics.updates.labels(kind) for kind in (*UPDATE_KINDS, "other")}
            if metrics is not None
            else {}
        )

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        started = time.perf_counter()
        chat_id = chat_of(update)
        try:
            if chat_id is None:
                await coroutine
                return
            async with self.locks.here(chat_id):
                await self._until_handled(update, chat_id, coroutine)
        finally:
            seconds = time.perf_counter() - started
            kind = update_kind(update)
            if self.metrics is not None:
                self._counted[kind].inc()
                self.metrics.update_seconds.observe(seconds)
            if log.isEnabledFor(logging.INFO) and isinstance(update, Update):
                chat_type = update.effective_chat.type if update.effective_chat else None
                log.info(
                    "update %d (%s, %s chat) took %.1f ms",
                    update.update_id,
                    kind,
                    chat_type,
                    seconds * 1000,
                    extra={"update_id": update.update_id, "kind": kind, "chat_type": chat_type},
                )

    async def _until_handled(self, update: object, chat_id: int, coroutine: Awaitable[Any]) -> None:
        """Handle `update` holding the storage's chat lock too; while the database cannot
        be reached, again and again (the chat's lock in this process held meanwhile)."""
        update_id = update.update_id if isinstance(update, Update) else 0
        wait = FIRST_WAIT
        try:
            await self._attempts(update, update_id, chat_id, coroutine, wait)
        finally:
            if self.outage is not None:
                self.outage.waiting.discard(update_id)

    async def _attempts(
        self,
        update: object,
        update_id: int,
        chat_id: int,
        attempt: Awaitable[Any] | None,
        wait: float,
    ) -> None:
        while True:
            try:
                async with self.locks.across(chat_id):
                    running, attempt = attempt, None
                    assert running is not None
                    await running
            except Exception as error:
                if isinstance(attempt, Coroutine):  # the lock was not had: never started
                    attempt.close()
                if self.outage is None or not self.outage.waits_out(error):
                    raise
                failure: str | None = type(error).__name__
            else:
                failure = None if self.outage is None else self.outage.failure(update_id)
            if failure is None:
                if self.outage is not None:
                    self.outage.answered()
                return
            assert self.outage is not None and self.outage.again is not None
            self.outage.waiting.add(update_id)
            if not await self.outage.wait(update_id, failure, wait):
                return
            wait = min(wait * 2, LONGEST_WAIT)
            attempt = self.outage.again(update)

    async def initialize(self) -> None:
        """Nothing to set up: locks are made on demand."""

    async def shutdown(self) -> None:
        """Nothing to release: locks vanish with their last user."""
