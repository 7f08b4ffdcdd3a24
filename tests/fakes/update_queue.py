"""The ``getUpdates`` queue: updates waiting for the bot, long polls, offsets.

Telegram keeps an update until a later ``getUpdates`` offset confirms it, and holds a long poll
open until an update arrives or the poll times out.  Polls wait in threads (the HTTP server) or
in coroutines (the in-process request); a pushed update wakes both kinds.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import threading
import time
from collections import deque
from typing import Final

from tests.fakes.calls import JSONDict

#: Longest time a ``getUpdates`` long poll is held, whatever ``timeout`` the client asked for:
#: keeps polling tests and shutdowns snappy.
MAX_POLL_WAIT: Final[float] = 1.0


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class UpdateQueue:
    """Updates not yet confirmed, numbered from 1, and the long polls waiting for them.

    Args:
        lock: the fake Telegram's lock, which guards the queue too (long polls wait on it).
    """

    def __init__(self, lock: threading.RLock) -> None:
        self._lock = lock
        self._ready = threading.Condition(lock)
        self._updates: deque[JSONDict] = deque()
        self._next_update_id = 1
        self._async_waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []
        self._wakeups = 0

    def __len__(self) -> int:
        with self._lock:
            return len(self._updates)

    def push(self, update: JSONDict) -> int:
        """Queue ``update`` (without ``update_id``); returns its update_id."""
        with self._lock:
            update_id = self._next_update_id
            self._next_update_id += 1
            self._updates.append({**update, "update_id": update_id})
            self._wake_waiters()
            return update_id

    def push_again(self, update: JSONDict) -> None:
        """Queue ``update`` once more under its own ``update_id``, in order: Telegram
        delivers again what the bot had not confirmed when it crashed."""
        with self._lock:
            self._updates.append(update)
            self._updates = deque(sorted(self._updates, key=lambda u: int(u["update_id"])))
            self._wake_waiters()

    def has_updates(self, offset: int | None) -> bool:
        """Whether ``getUpdates(offset)`` would return something right now."""
        with self._lock:
            if not self._updates:
                return False
            if offset is None or offset <= 0:
                return True
            return bool(self._updates[-1]["update_id"] >= offset)

    def wait(self, offset: int | None, timeout: float) -> bool:
        """Block the calling thread until updates >= ``offset`` exist (long poll, capped)."""
        deadline = time.monotonic() + min(max(timeout, 0.0), MAX_POLL_WAIT)
        with self._ready:
            wakeups = self._wakeups
            while not self.has_updates(offset):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._ready.wait(remaining)
                if self._wakeups != wakeups and not self.has_updates(offset):
                    # interrupt_waiters() was called: give up now.
                    return False
            return True

    async def wait_async(self, offset: int | None, seconds: float) -> bool:
        """Like :meth:`wait` but suspends the coroutine instead of the thread."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + min(max(seconds, 0.0), MAX_POLL_WAIT)
        while True:
            with self._lock:
                if self.has_updates(offset):
                    return True
                remaining = deadline - loop.time()
                if remaining <= 0:
                    return False
                future: asyncio.Future[None] = loop.create_future()
                waiter = (loop, future)
                self._async_waiters.append(waiter)
            try:
                await asyncio.wait_for(future, remaining)
            except TimeoutError:
                return self.has_updates(offset)
            finally:
                with self._lock:
                    if waiter in self._async_waiters:
                        self._async_waiters.remove(waiter)

    def interrupt_waiters(self) -> None:
        """Wake every pending long poll, which then returns empty-handed."""
        with self._lock:
            self._wakeups += 1
            self._wake_waiters()

    def _wake_waiters(self) -> None:
        self._ready.notify_all()
        if self._async_waiters:
            for loop, future in self._async_waiters:
                # RuntimeError: that loop is closed, so nobody is waiting there any more.
                with contextlib.suppress(RuntimeError):
                    loop.call_soon_threadsafe(_resolve, future)
            self._async_waiters.clear()

    def confirm(self, offset: object) -> None:
        """Forget the updates a ``getUpdates`` ``offset`` confirms (callers hold the lock)."""
        if not isinstance(offset, int) or offset == 0:
            return
        if offset > 0:
            while self._updates and self._updates[0]["update_id"] < offset:
                self._updates.popleft()
        else:  # negative offset: only the last -offset updates survive
            while len(self._updates) > -offset:
                self._updates.popleft()

    # ------------------------------------------------------------------ Bot API methods

    def get_updates(self, params: JSONDict) -> list[JSONDict]:
        """``getUpdates`` once the long poll is over: up to ``limit`` updates after ``offset``."""
        limit = params.get("limit") or 100
        self.confirm(params.get("offset"))
        return list(itertools.islice(self._updates, max(1, min(int(limit), 100))))

    def delete_webhook(self, params: JSONDict) -> bool:
        """``deleteWebhook``, which may drop the pending updates."""
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    @staticmethod
    def get_webhook_info(_params: JSONDict) -> JSONDict:
        """``getWebhookInfo``: no webhook (the fake only serves ``getUpdates``)."""
        return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
