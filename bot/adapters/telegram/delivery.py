"""Sending committed replies to Telegram, and what to do when Telegram says no.

Every reply waits in the outbox until Telegram accepted it. Flood control
(429) is waited out by the rate limiter; network trouble is retried with
backoff and, if it persists, left for the periodic flush; a user who blocked
the bot is marked inactive; edits that no longer apply fall back to a plain
message (except the cosmetic mark on an answered question, which is dropped).
One chat's replies always go out in order.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import re
from collections.abc import Sequence
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.adapters.telegram.layout import COSMETIC
from bot.metrics import Metrics
from bot.storage.base import Pending, Storage

log = logging.getLogger(__name__)

_TAGS = re.compile(r"<[^>]+>")


async def post(bot: Bot, method: str, params: dict[str, Any]) -> Any:
    """Make one stored Bot API call (`sendMessage`, ...) and return Telegram's raw answer.

    Outbox calls are kept as the Bot API's own JSON, so they go out as they are
    rather than through the typed methods, which would turn them back into
    objects and Telegram's answer into a `Message` for nothing. This is what
    `Bot.do_api_request` does, without its check for a typed method of the same
    name: that check warns on every call, and `warnings.warn` costs about 6 µs
    even when the warning is filtered out, two or three times per update.
    `Bot._post` is where every typed method ends up (PTB 20 to 22, which
    pyproject allows); ExtBot's rate limiter and PTB's error classes apply below it.
    """
    return await bot._post(method, api_kwargs=params)  # copied there, never changed


class Result(enum.Enum):
    DELIVERED = "delivered"
    RETRY_LATER = "retry_later"
    BLOCKED = "blocked"


class Delivery:
    def __init__(
        self,
        storage: Storage,
        backoff: Sequence[float] = (0.5, 1.0, 2.0, 4.0),
        metrics: Metrics | None = None,
    ) -> None:
        self.storage = storage
        self.metrics = metrics or Metrics()
        self.backoff = tuple(backoff)
        #: Chats whose older replies are still waiting: they go out first.
        self.backlog: set[int] = set()

    async def deliver(self, bot: Bot, chat_id: int, items: Sequence[Pending]) -> None:
        """Send `items` (all of one chat) in order; the caller holds the chat's lock."""
        if chat_id in self.backlog:
            await self.deliver_waiting(bot, chat_id)
            return
        await self._deliver(bot, chat_id, items)

    async def deliver_waiting(self, bot: Bot, chat_id: int) -> None:
        """Send whatever of the chat's is in the outbox now; the caller holds its lock.

        Read under the lock, so replies that another process sharing the
        database sent in the meantime are not sent again.
        """
        self.backlog.discard(chat_id)
        await self._deliver(bot, chat_id, await self.storage.pending(chat_id))

    async def _deliver(self, bot: Bot, chat_id: int, items: Sequence[Pending]) -> None:
        """Send `items` one by one, recording each as delivered as soon as Telegram took it.

        A chat's calls are paced about a second apart, so recording them only at
        the end would let a crash in between send the earlier ones again after a
        restart: this way only the call in flight can repeat.
        """
        for item in items:
            result = await self._send(bot, item)
            if result is Result.BLOCKED:
                await self.storage.deactivate(chat_id, chat_id)  # private chat: chat id = user id
                return
            if result is Result.RETRY_LATER:
                self.backlog.add(chat_id)
                return
            await self.storage.delivered([item])

    async def _send(self, bot: Bot, item: Pending) -> Result:
        method, params = item.call["method"], item.call["params"]
        for attempt, pause in enumerate((*self.backoff, None)):
            try:
                await post(bot, method, params)
                return Result.DELIVERED
            except Forbidden:
                log.info("chat %s blocked the bot or is gone", item.chat_id)
                return Result.BLOCKED
            except RetryAfter:  # the rate limiter already waited and retried
                self.metrics.retries.inc("flood_control")
                log.warning("flood control persists for %s; will retry later", method)
                return Result.RETRY_LATER
            except BadRequest as exc:
                return await self._fallback(bot, method, params, exc, bool(item.call.get(COSMETIC)))
            except NetworkError as exc:
                if pause is None:
                    log.warning(
                        "network trouble sending %s (%s); will retry later",
                        method,
                        type(exc).__name__,
                    )
                    return Result.RETRY_LATER
                self.metrics.retries.inc("network")
                log.info("network trouble sending %s, attempt %d; retrying", method, attempt + 1)
                await asyncio.sleep(pause)
        return Result.RETRY_LATER  # pragma: no cover - the loop always returns

    async def _fallback(
        self,
        bot: Bot,
        method: str,
        params: dict[str, object],
        error: BadRequest,
        cosmetic: bool = False,
    ) -> Result:
        """What to do when Telegram refuses a call as it is.

        An edit that no longer applies is sent as a new message instead, unless
        it only marked an answered question (`cosmetic`): the next question went
        out before it, and the mark sent below that question would read out of order.
        """
        message = error.message.lower()
        if "message is not modified" in message:
            return Result.DELIVERED  # it already shows what we wanted
        try:
            if method == "editMessageText" and (
                "message to edit not found" in message or "can't be edited" in message
            ):
                if cosmetic:
                    log.info("the answered question can no longer be marked; left as it is")
                    return Result.DELIVERED
                resend = {k: v for k, v in params.items() if k != "message_id"}
                await post(bot, "sendMessage", resend)
                return Result.DELIVERED
            if "parse entities" in message and isinstance(params.get("text"), str):
                plain = {k: v for k, v in params.items() if k != "parse_mode"}
                plain["text"] = _TAGS.sub("", str(params["text"]))
                await post(bot, method, plain)
                return Result.DELIVERED
        except Forbidden:
            return Result.BLOCKED
        except TelegramError as exc:
            log.warning("fallback for %s failed: %s", method, type(exc).__name__)
        log.warning("Telegram refused %s: %s", method, error.message)
        return Result.DELIVERED  # it can never succeed; do not retry it forever
