"""Telegram's limit on new messages in a group: 20 a minute, the 21st gets 429.

A bot that posts quizzes in classrooms must pace itself; the fake enforces the limit so tests
see the bot wait instead of trusting that it does.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from typing import Final

from tests.fakes.calls import JSONDict
from tests.fakes.failures import Answer, too_many_requests
from tests.fakes.objects import chat_key

#: Telegram's limit on new messages in one group: this many per :data:`GROUP_WINDOW` seconds.
GROUP_MESSAGES_PER_MINUTE: Final[int] = 20
GROUP_WINDOW: Final[float] = 60.0


class GroupSendLimit:
    """When each group got its new messages within the last :data:`GROUP_WINDOW` seconds."""

    __slots__ = ("_sends",)

    def __init__(self) -> None:
        self._sends: dict[int | str, deque[float]] = {}

    def refuse(
        self,
        method_key: str,
        params: JSONDict,
        per_minute: int | None,
        clock: Callable[[], float],
    ) -> Answer | None:
        """429 and how long to wait (until the oldest of the minute leaves the window) when
        this call would be a group's ``per_minute + 1``-th new message; else count it."""
        chat = chat_key(params.get("chat_id"))
        if per_minute is None or not isinstance(chat, int) or chat > 0:
            return None
        if not method_key.startswith(("send", "copymessage", "forwardmessage")):
            return None
        if method_key == "sendchataction":
            return None
        now = clock()
        sends = self._sends.setdefault(chat, deque())
        while sends and sends[0] <= now - GROUP_WINDOW:
            sends.popleft()
        if len(sends) >= per_minute:
            return too_many_requests(max(1, int(sends[0] + GROUP_WINDOW - now + 0.999)))
        sends.append(now)
        return None


def most_within_a_window(times: Iterable[float]) -> int:
    """The most of ``times`` that fall within any :data:`GROUP_WINDOW` seconds."""
    ordered = sorted(times)
    most, start = 0, 0
    for end, at in enumerate(ordered):
        while ordered[start] <= at - GROUP_WINDOW:
            start += 1
        most = max(most, end - start + 1)
    return most
