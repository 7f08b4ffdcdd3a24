"""What the quiz host and the case host do alike: send a poll and take its window from
Telegram, stop it early, and post through the outbox.

A poll's window is Telegram's: from the poll message's date to its
`close_date`. Asking the clock before `sendPoll` gave a window that could end
seconds before the poll's, once the group's 20 messages a minute held the poll
back, and votes cast in time were then dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from telegram import Bot
from telegram.error import TelegramError

from bot.adapters.telegram.posting import GroupPosts
from bot.core import group_polls
from bot.core.group_polls import PollWindow, PostingSession
from bot.core.teaching import POLL_QUESTION_MAX

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SentPoll:
    poll_id: str
    message_id: int
    window: PollWindow


class PollHost:
    """The shared half of a group-session host."""

    def __init__(self, posts: GroupPosts, clock: Callable[[], float]) -> None:
        self.posts = posts
        self.clock = clock

    async def send_poll(
        self,
        bot: Bot,
        chat_id: int,
        question: str,
        options: Sequence[str],
        seconds: int,
        **extra: Any,
    ) -> SentPoll:
        """Post a non-anonymous poll open for `seconds`; its window as Telegram set it."""
        message = await bot.send_poll(
            chat_id,
            question[:POLL_QUESTION_MAX],
            list(options),
            is_anonymous=False,
            open_period=seconds,
            **extra,
        )
        poll = message.poll
        close_date = poll.close_date.timestamp() if poll and poll.close_date else None
        window = group_polls.poll_window(message.date.timestamp(), close_date, seconds)
        poll_id = poll.id if poll else f"{chat_id}:{message.message_id}"
        return SentPoll(poll_id, message.message_id, window)

    async def stop_poll(
        self, bot: Bot, chat_id: int, message_id: int | None, closes_at: float
    ) -> None:
        """End a poll before its time (/next, /stop) for everyone, so nobody votes on."""
        if message_id is None or self.clock() >= closes_at:
            return
        try:
            await bot.stop_poll(chat_id, message_id)
        except TelegramError as exc:
            log.info("could not stop a group poll: %s", type(exc).__name__)

    async def post(
        self,
        bot: Bot,
        chat_id: int,
        session: PostingSession | None,
        turn: int | None,
        *texts: str,
    ) -> None:
        """Post `texts` (Telegram HTML) once: as turn `turn` (a command's update id),
        else as the session's next post (the session must be saved afterwards)."""
        if turn is None:
            assert session is not None, "a post outside a command needs its session"
            turn = group_polls.next_turn(session)
        await self.posts.post(bot, chat_id, turn, texts)
