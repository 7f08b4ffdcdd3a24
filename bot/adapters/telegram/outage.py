"""A database that cannot be reached mid-run: the update waits for it, then is handled
once, in order.

PostgreSQL restarted, failing over or cut off: a turn that could not take its chat's
lock, read or commit was answered "Sorry, something went wrong on my side" — the
patient's answer lost, to be typed again — and logged with a 60-line traceback, one
per update. Now the turn is tried again every few seconds until the database
answers (`ordering.py` keeps the chat's lock in this process meanwhile, so the chat's
later updates queue behind it); one WARNING says the database went away and one INFO
that it is back. A turn is exactly once (`turns.py`): tried again after a commit
whose answer was lost, it finds itself applied and only sends what still waits.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

from bot.adapters.telegram.stopping import Stopping
from bot.storage.base import database_unreachable

log = logging.getLogger(__name__)

#: Seconds before the first try again, and the longest wait between two.
FIRST_WAIT = 0.5
LONGEST_WAIT = 5.0


class Outage:
    def __init__(self, stopping: Stopping) -> None:
        self.stopping = stopping
        #: Handles an update again (the application's `process_update`); None: nothing
        #: tries again, and a turn's error goes to the error handler as ever.
        self.again: Callable[[object], Coroutine[Any, Any, None]] | None = None
        #: Updates whose turn found the database unreachable, and the error's name.
        self._failed: dict[int, str] = {}
        #: The updates waiting for the database now (a metric).
        self.waiting: set[int] = set()
        #: When the database was first found unreachable, while it still is.
        self._since: float | None = None

    def waits_out(self, error: BaseException) -> bool:
        """Whether an update that failed with `error` waits for the database."""
        return self.again is not None and not self.stopping.asked and database_unreachable(error)

    def failed(self, update_id: int, error: BaseException) -> None:
        """A turn found the database unreachable (and told nobody): take it again."""
        self._failed[update_id] = type(error).__name__

    def failure(self, update_id: int) -> str | None:
        """The error that stopped this update's turn, if one did (and forget it)."""
        return self._failed.pop(update_id, None)

    async def wait(self, update_id: int, error: str, seconds: float) -> bool:
        """Wait before trying `update_id` again; False when a stop is asked meanwhile."""
        self.down(error)
        if await self.stopping.pause(seconds):
            log.warning(
                "update %s was not handled: the database could not be reached before the stop",
                update_id,
                extra={"update_id": update_id},
            )
            return False
        return True

    def down(self, error: str) -> None:
        """The database was found unreachable (by a turn or a job): said once an outage."""
        if self._since is None:
            self._since = time.monotonic()
            log.warning(
                "the database cannot be reached (%s); updates wait for it and are handled "
                "once it answers (check DATABASE_URL's server)",
                error,
            )

    def answered(self) -> None:
        """An update was handled: the database answers (again)."""
        if self._since is not None:
            log.info(
                "the database answers again after %.0f s; the updates that waited are handled",
                time.monotonic() - self._since,
            )
            self._since = None
