"""Telegram's sending limits: about 30 messages/s overall, 20/min per group,
about one message per second in a private chat.

PTB's `AIORateLimiter` already handles the overall and per-group limits and
waits out `RetryAfter`; this adds the per-private-chat limit as a token
bucket (aiolimiter's leaky bucket is one): a message goes out at once while
the chat has a token, tokens come back at one a second, and a chat holds at
most `private_burst` of them (a reply of a few messages is not held back).

Only new messages spend a chat's tokens. A tap's button answer
(`answerCallbackQuery`) is not a message, and an edit (such as the one that
marks the answered question) changes a message already there. With the edits
paced too, a user tapping once a second waited about two seconds for each
next question: every tap spent two tokens and got one back. Edits still count
towards the overall limit, as PTB applies it; Telegram's `RetryAfter`, should
it come, is waited out as for any call.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter

from bot.adapters.telegram.stopping import Stopping


class QuietLastFloodWait(logging.Filter):
    """PTB's report that Telegram still said "retry after" once its retries were spent,
    in one line.

    PTB logs it as an ERROR with a traceback of some 30 lines; the call then waits in the
    outbox and goes out at the next redelivery, in order and once, and the delivery says
    so in a WARNING of its own ("flood control persists for sendMessage; will retry
    later"). An operator read an ERROR for a reply that was not lost."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage().startswith("Rate limit hit after maximum of"):
            error = record.exc_info[1] if record.exc_info else None
            wait = getattr(error, "retry_after", None)
            record.msg = "Telegram still asks to wait (%s s) after %s retries; the call waits"
            record.args = (wait, record.args[0] if isinstance(record.args, tuple) else "its")
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


_QUIET_LAST_FLOOD_WAIT = QuietLastFloodWait()


class SendingLimits(AIORateLimiter):
    def __init__(
        self,
        *,
        overall_per_second: float = 30,
        group_per_minute: float = 20,
        private_burst: int = 3,
        private_per_second: float = 1,
        max_retries: int = 3,
        stopping: Stopping | None = None,
    ) -> None:
        #: Messages per second this process sends at most, to all chats together.
        self.overall_per_second = overall_per_second
        super().__init__(
            overall_max_rate=overall_per_second,
            overall_time_period=1,
            group_max_rate=group_per_minute,
            group_time_period=60,
            max_retries=max_retries,
        )
        self._private_burst = private_burst
        self._private_period = private_burst / private_per_second if private_per_second else 0
        self._private: dict[int, AsyncLimiter] = {}
        #: Once a stop is asked, no call waits for its turn or out a flood wait for long.
        self._stopping = stopping or Stopping()
        # PTB's own logger for this class (`telegram.ext.AIORateLimiter`); added once.
        logging.getLogger("telegram.ext.AIORateLimiter").addFilter(_QUIET_LAST_FLOOD_WAIT)

    def _private_limiter(self, chat_id: int) -> AsyncLimiter:
        if len(self._private) > 4096:  # drop limiters of chats that went quiet
            for key, limiter in list(self._private.items()):
                if limiter.has_capacity(limiter.max_rate):
                    del self._private[key]
        if chat_id not in self._private:
            self._private[chat_id] = AsyncLimiter(self._private_burst, self._private_period)
        return self._private[chat_id]

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat_id: object = data.get("chat_id")
        with contextlib.suppress(TypeError, ValueError):
            chat_id = int(chat_id)  # type: ignore[call-overload]
        paced = self._private_period and posts_a_message(endpoint)
        async with self._stopping.bounded():
            if paced and isinstance(chat_id, int) and chat_id > 0:  # a private chat
                async with self._private_limiter(chat_id):
                    return await super().process_request(
                        callback, args, kwargs, endpoint, data, rate_limit_args
                    )
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )


def posts_a_message(endpoint: str) -> bool:
    """Whether a Bot API method puts a new message in the chat (`sendMessage`,
    `sendPoll`, `copyMessage`, ...), as opposed to editing one, answering a
    button or showing "typing…"."""
    if endpoint == "sendChatAction":
        return False
    return endpoint.startswith(("send", "copyMessage", "forwardMessage"))
