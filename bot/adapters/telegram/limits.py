"""Telegram's sending limits: about 30 messages/s overall, 20/min per group,
about one per second in a private chat.

PTB's `AIORateLimiter` already handles the overall and per-group limits and
waits out `RetryAfter`; this adds the per-private-chat limit as a leaky bucket
that allows a short burst (an edited question plus the next one).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter


class SendingLimits(AIORateLimiter):
    def __init__(
        self,
        *,
        overall_per_second: float = 30,
        group_per_minute: float = 20,
        private_burst: int = 3,
        private_per_second: float = 1,
        max_retries: int = 3,
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
        if self._private_period and isinstance(chat_id, int) and chat_id > 0:
            async with self._private_limiter(chat_id):
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )
