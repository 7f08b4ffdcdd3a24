"""Stopping in a few seconds, even while Telegram cannot be reached.

On SIGTERM PTB stops polling, calls `getUpdates` once more, lets the updates in
hand finish and stops the jobs. With Telegram unreachable every one of those
calls waited out its timeouts, and each reply being sent its backoff (about
half a minute in all): a restart or a deploy hung that long, and a supervisor
that loses patience kills the process. Once a stop is asked for, every Bot API
call still running or started gets `STOP_GRACE` seconds, then fails as
`TimedOut`, and nothing is retried: a reply that did not go out stays in the
outbox, committed, and is sent at the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from telegram.error import TimedOut

#: Seconds a Bot API call may still take once the process is asked to stop.
STOP_GRACE = 1.0


class Stopping:
    """Whether the process was asked to stop, and the deadline it puts on Bot API calls."""

    def __init__(self) -> None:
        self._asked = asyncio.Event()
        #: The deadlines of the calls in flight, brought forward when a stop is asked.
        self._in_flight: set[asyncio.Timeout] = set()

    @property
    def asked(self) -> bool:
        return self._asked.is_set()

    def ask(self) -> None:
        """Stop soon: calls in flight get `STOP_GRACE` seconds more, and no more retries."""
        if self._asked.is_set():
            return
        self._asked.set()
        if self._in_flight:
            deadline = asyncio.get_running_loop().time() + STOP_GRACE
            for scope in self._in_flight:
                scope.reschedule(deadline)

    async def pause(self, seconds: float) -> bool:
        """Wait `seconds` before a retry; True (at once) when a stop is asked meanwhile."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._asked.wait(), seconds)
        return self._asked.is_set()

    @contextlib.asynccontextmanager
    async def bounded(self) -> AsyncIterator[None]:
        """Run a Bot API call (its waits for the rate limiter included) with no deadline
        of its own until a stop is asked; then it fails as `TimedOut` `STOP_GRACE` later."""
        when = asyncio.get_running_loop().time() + STOP_GRACE if self._asked.is_set() else None
        scope = asyncio.timeout_at(when)
        self._in_flight.add(scope)
        try:
            async with scope:
                yield
        except TimeoutError:
            if not scope.expired():
                raise
            raise TimedOut("stopping: Telegram did not answer in time") from None
        finally:
            self._in_flight.discard(scope)
