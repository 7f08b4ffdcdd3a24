"""How the fake Telegram says no: injected failures and the answers of a refused call.

Tests make Telegram misbehave with ``FakeTelegram.fail`` (flood control, a blocked bot, a message
that cannot be edited, a timeout, a dropped connection); the failures wait here, per method,
until calls of that method use them up.  Method handlers refuse a call by raising
:class:`Rejection`; the group limit answers with :func:`too_many_requests`.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Final, Literal, get_args

from tests.fakes.calls import JSONDict

ErrorKind = Literal[
    "retry_after",
    "forbidden",
    "bad_request",
    "not_found",
    "conflict",
    "bad_gateway",
    "timeout",
    "network",
]
ERROR_KINDS: Final[frozenset[str]] = frozenset(get_args(ErrorKind))
#: Failures Telegram cannot *answer*: the transport raises or drops the connection instead.
TRANSPORT_ERRORS: Final[frozenset[str]] = frozenset({"timeout", "network"})

#: What Telegram answers a ``getUpdates`` while another client polls with the same token.
CONFLICT: Final[str] = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)

#: An answer of Telegram: HTTP status and JSON body.
Answer = tuple[int, JSONDict]


class TransportFailure(Exception):
    """Raised by :meth:`FakeTelegram.handle` for failures a transport must simulate itself.

    Telegram cannot *answer* "timeout" or "network": the transport has to raise
    (:class:`FakeRequest`) or hold/drop the connection (:class:`FakeBotApiServer`).
    """

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class Rejection(Exception):
    """A Telegram-side rejection (HTTP status + description) raised inside method handlers."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description

    def answer(self) -> Answer:
        """The error answer Telegram sends for this rejection."""
        return error_answer(self.status, self.description)


def error_answer(status: int, description: str) -> Answer:
    """An error answer without parameters."""
    return status, {"ok": False, "error_code": status, "description": description}


def too_many_requests(seconds: int, description: str | None = None) -> Answer:
    """Flood control: HTTP 429 and how many seconds to wait before trying again."""
    return 429, {
        "ok": False,
        "error_code": 429,
        "description": description or f"Too Many Requests: retry after {seconds}",
        "parameters": {"retry_after": seconds},
    }


@dataclass(slots=True)
class InjectedFailure:
    """A failure a test queued for a method: what goes wrong and for how many calls."""

    error: str
    times: int
    retry_after: int | None
    description: str | None
    #: Calls of the method still let through before this failure starts.
    after: int = 0

    def __post_init__(self) -> None:
        if self.error not in ERROR_KINDS:
            raise ValueError(f"unknown error {self.error!r}; expected one of {sorted(ERROR_KINDS)}")
        if self.times < 1:
            raise ValueError("times must be >= 1")
        if self.after < 0:
            raise ValueError("after must be >= 0")

    def response(self) -> Answer:
        """What Telegram answers a call that fails this way (not for transport errors)."""
        if self.error == "retry_after":
            seconds = self.retry_after if self.retry_after is not None else 1
            return too_many_requests(seconds, self.description)
        if self.error == "forbidden":
            status, description = 403, "Forbidden: bot was blocked by the user"
        elif self.error == "not_found":
            status, description = 400, "Bad Request: message to edit not found"
        elif self.error == "conflict":
            status, description = 409, CONFLICT
        elif self.error == "bad_gateway":  # Telegram's front cannot reach the Bot API
            status, description = 502, "Bad Gateway"
        else:  # bad_request
            status, description = 400, "Bad Request: message is not modified"
        return error_answer(status, self.description or description)


class FailureQueue:
    """Injected failures waiting for calls, in order, per method (keys are lower-case names)."""

    __slots__ = ("_queues",)

    def __init__(self) -> None:
        self._queues: dict[str, deque[InjectedFailure]] = {}

    def __bool__(self) -> bool:
        return bool(self._queues)

    def __contains__(self, method_key: str) -> bool:
        return method_key in self._queues

    def add(self, method_key: str, failure: InjectedFailure) -> None:
        """Queue ``failure`` after the ones already waiting for ``method_key``."""
        self._queues.setdefault(method_key, deque()).append(failure)

    def clear(self) -> None:
        """Forget every queued failure."""
        self._queues.clear()

    def take(self, method_key: str) -> InjectedFailure | None:
        """The failure this call of ``method_key`` meets, if any (using one of its ``times``)."""
        queue = self._queues.get(method_key)
        if not queue:
            return None
        failure = queue[0]
        if failure.after > 0:
            failure.after -= 1
            return None
        failure.times -= 1
        if failure.times <= 0:
            queue.popleft()
            if not queue:
                del self._queues[method_key]
        return failure
