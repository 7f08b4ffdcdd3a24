"""Telegram takes a call, and its answer never reaches the bot.

The case the Bot API leaves open: a `sendPoll` that Telegram accepted — the poll
is in the group, members can vote in it — while the bot saw a timeout, or died
before the answer arrived. In-process (`FakeRequest`) the bot gets `TimedOut`;
over HTTP (`FakeBotApiServer`) the request is held unanswered, as a lost answer
looks, so that a test can kill the bot process meanwhile.

Kept apart from `bot_api.py`: it wraps a `FakeTelegram`, it does not change it.
"""

from __future__ import annotations

from typing import Any

from tests.fakes.bot_api import FakeTelegram, TransportFailure


class LostAnswers:
    """The next `times` successful calls of `method` are taken by Telegram and then
    time out for the bot; `taken` holds what Telegram answered (e.g. the poll's message,
    with the poll's id the bot never learnt)."""

    def __init__(self, telegram: FakeTelegram, method: str, times: int = 1) -> None:
        self.method = method.lower()
        self.left = times
        self.taken: list[dict[str, Any]] = []
        handle = telegram.handle

        def taken_then_lost(
            method: str, params: dict[str, Any], *, record: bool = True, count: bool = True
        ) -> tuple[int, dict[str, Any]]:
            status, answer = handle(method, params, record=record, count=count)
            if method.lower() == self.method and status == 200 and self.left > 0:
                self.left -= 1
                self.taken.append(answer["result"])
                raise TransportFailure("timeout")
            return status, answer

        telegram.handle = taken_then_lost  # type: ignore[method-assign]

    @property
    def poll_ids(self) -> list[str]:
        """The ids of the polls Telegram took whose answer was lost."""
        return [str(message["poll"]["id"]) for message in self.taken if "poll" in message]
