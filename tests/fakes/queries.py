"""What the bot did, as tests ask it: its calls, the messages it sent, waiting until it acted.

Tests assert on Telegram's side of the conversation rather than on the bot's internals; these
questions read the calls :class:`~tests.fakes.fake_telegram.FakeTelegram` recorded.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Self

from tests.fakes.calls import Call, JSONDict
from tests.fakes.limits import most_within_a_window
from tests.fakes.objects import chat_key


class CallQueries:
    """The questions tests ask :class:`~tests.fakes.fake_telegram.FakeTelegram` (a mixin).

    They read its :attr:`calls` under its :attr:`lock`.
    """

    # Provided by FakeTelegram.
    lock: threading.RLock
    calls: list[Call]

    def calls_of(self, method: str) -> list[Call]:
        """All recorded calls of ``method`` (case-insensitive), failed ones included."""
        key = method.lower()
        with self.lock:
            return [call for call in self.calls if call.method.lower() == key]

    def _successful(self, method: str, chat_id: int | str | None) -> list[JSONDict]:
        wanted = chat_key(chat_id)
        with self.lock:
            return [
                call.params
                for call in self.calls
                if call.method == method
                and call.error is None
                and (wanted is None or chat_key(call.params.get("chat_id")) == wanted)
            ]

    def sent(self, chat_id: int | str | None = None) -> list[JSONDict]:
        """Params of successful ``sendMessage`` calls (to ``chat_id``, if given), in order."""
        return self._successful("sendMessage", chat_id)

    def edits(self, chat_id: int | str | None = None) -> list[JSONDict]:
        """Params of successful ``editMessageText`` calls (in ``chat_id``, if given)."""
        return self._successful("editMessageText", chat_id)

    def texts(self, chat_id: int | str) -> list[str]:
        """Texts the bot successfully sent to ``chat_id`` with ``sendMessage``."""
        return [str(params.get("text", "")) for params in self.sent(chat_id)]

    def group_messages_per_minute(self, chat_id: int) -> int:
        """The most new messages ``chat_id`` got within any minute, by Telegram's clock."""
        return most_within_a_window(
            call.at_telegram
            for call in self.calls
            if call.error is None
            and call.at_telegram is not None
            and chat_key(call.params.get("chat_id")) == chat_id
            and call.method.lower().startswith("send")
        )

    async def wait_until(
        self,
        predicate: Callable[[Self], object],
        timeout: float = 10.0,  # noqa: ASYNC109 -- same signature as the sync wait_for
        interval: float = 0.005,
    ) -> None:
        """Async twin of :meth:`FakeBotApiServer.wait_for` for bots running in the test's loop.

        Yields to the event loop between checks, so the bot under test keeps running.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            satisfied, error = self.check(predicate)
            if satisfied:
                return
            if loop.time() >= deadline:
                raise AssertionError(self.unmet_report(timeout, error))
            await asyncio.sleep(interval)

    def check(self, predicate: Callable[[Self], object]) -> tuple[bool, Exception | None]:
        """Evaluate ``predicate(self)`` under the lock; an exception counts as "not yet"."""
        try:
            with self.lock:
                return bool(predicate(self)), None
        except Exception as exc:
            return False, exc

    def unmet_report(self, timeout: float, error: Exception | None) -> str:
        """Why a wait failed: the predicate's last error, if any, and the last calls."""
        reason = f" (last predicate error: {error!r})" if error else ""
        return f"condition not met within {timeout}s{reason}; last calls:\n{self.describe_calls()}"

    def describe_calls(self, last: int = 20) -> str:
        """The last ``last`` calls, one a line, for assertion messages."""
        with self.lock:
            calls = self.calls[-last:]
        if not calls:
            return "  (no calls)"
        return "\n".join(
            f"  {call.method}{' [' + call.error + ']' if call.error else ''} {call.params!r}"
            for call in calls
        )
