"""`GroupPosts` is given what it uses: the outbox's delivery in order, and one call's."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Bot

from bot.adapters.telegram.delivery import Delivery
from bot.adapters.telegram.posting import GroupPosts
from bot.metrics import Metrics
from bot.storage.base import Pending
from bot.storage.sqlite import SQLiteStorage

GROUP = -100123


class Outbox:
    """Only what the outbox does for `GroupPosts`: send a committed turn's calls."""

    def __init__(self) -> None:
        self.sent: list[int] = []

    async def deliver(self, bot: Bot, chat_id: int, items: Sequence[Pending]) -> None:
        self.sent.extend(item.seq for item in items)


async def test_group_posts_use_the_delivery_they_are_given_not_one_behind_the_outbox(
    storage: SQLiteStorage,
) -> None:
    """`GroupPosts` reached through its outbox for the delivery (`self.delivery.delivery`):
    a newcomer could not tell which object made a call beside the outbox, or kept the
    groups that refused text, without reading `Turns`."""
    delivery, outbox, told = Delivery(Metrics()), Outbox(), []
    posts = GroupPosts(storage, outbox, delivery)

    async def teacher_told(bot: Bot, chat_id: int) -> None:
        told.append(chat_id)

    posts.on_text_refused = teacher_told

    async def a_file() -> str:
        return "sent"

    assert await posts.direct(a_file, "the results file") == "sent"
    delivery.text_refused.add(GROUP)
    assert await posts.post(Bot("1:A"), GROUP, 7, ["Question 1"])
    assert outbox.sent == [0]
    assert told == [GROUP] and GROUP not in delivery.text_refused
