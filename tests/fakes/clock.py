"""Telegram's clock in the fake: it runs as real time does, and a test moves it on by hand.

Flows that depend on time — a poll that closes by itself, a button tapped long after it was
shown, a session's next step — need a clock a test can move: waiting thirty real seconds for a
poll to close is no test. Real time keeps running underneath, since PTB's rate limiter and the
transports wait in real time.
"""

from __future__ import annotations

import time


class Clock:
    """Telegram's clock (and a bot's, when a test gives it the same one).

    ``clock()`` is the time now; ``clock.advance(seconds)`` moves it on, and ``clock.now =
    t`` sets it. It starts now, or at ``start`` (a fixed date: dates a test reads then do
    not depend on when it ran).
    """

    def __init__(self, start: float | None = None) -> None:
        self._started = time.monotonic()
        self._offset = time.time() if start is None else start

    @property
    def now(self) -> float:
        return self._offset + time.monotonic() - self._started

    @now.setter
    def now(self, value: float) -> None:
        self._offset += value - self.now

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass at once."""
        self._offset += seconds

    def __call__(self) -> float:
        return self.now
