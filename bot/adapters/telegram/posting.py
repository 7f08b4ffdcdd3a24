"""Posting to a group for its quiz or case study: through the outbox, once.

Group sessions move on timers as well as on commands, yet what they post goes
the way a private chat's replies go: the messages are committed as the calls
of a turn and then delivered from the outbox. A timer step's turn id comes
from its session (`group_polls.next_turn`), a command's is its update id; a
step done again after a crash commits nothing new, and what a crash left
waiting is sent once at the restart. A step's change to its session is
written in the same transaction (`writes`), so a command Telegram delivers
again after a crash, or a step done again, changes nothing twice. Text over
Telegram's 4096 characters is cut at paragraph breaks, as in private chats.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol, TypeVar

from telegram import Bot
from telegram.error import ChatMigrated

from bot.adapters.telegram import layout
from bot.adapters.telegram.delivery import Delivery
from bot.core.group_session import MAIN, Place
from bot.storage.base import ConversationKey, Pending, Storage, TurnRecord, pending_calls
from bot.storage.sql import Row

T = TypeVar("T")


class Outbox(Protocol):
    async def deliver(self, bot: Bot, chat_id: int, items: Sequence[Pending]) -> object:
        """Send a committed turn's calls in order (`Turns.deliver`)."""
        ...

    async def deliver_to(self, bot: Bot, chat_id: int, items: Sequence[Pending]) -> bool:
        """The same for another chat than the one held, under its lock; whether all went
        out (`Turns.deliver_to`)."""
        ...


class GroupPosts:
    """`outbox` sends a committed turn's calls in order (`Turns`); `delivery` makes one
    call (`Delivery`): a call beside the outbox, and which groups refused text."""

    def __init__(self, storage: Storage, outbox: Outbox, delivery: Delivery) -> None:
        self.storage = storage
        self.outbox = outbox
        self.delivery = delivery
        #: Told when the group refused text for lack of rights (`SessionHost.text_refused`).
        self.on_text_refused: Callable[[Bot, int], Awaitable[None]] | None = None

    async def applied(self, chat_id: int, turn: int) -> bool:
        """Whether turn `turn` (a command's update id) was committed before, as a
        private turn finds out (its snapshot)."""
        snapshot = await self.storage.snapshot(turn, ConversationKey(chat_id, chat_id))
        return snapshot.applied

    async def direct(self, make: Callable[[], Awaitable[T]], what: str) -> T:
        """A call sent beside the outbox (a file, a private notice), tried again through
        flood control and network trouble a bounded number of times (`Delivery.direct`)."""
        return await self.delivery.direct(make, what)

    async def tell(
        self,
        bot: Bot,
        person: int,
        turn: int,
        text: str,
        writes: Sequence[tuple[str, Row]],
        topic: int | None = None,
    ) -> bool:
        """Commit `text` (Telegram HTML, escaped) for `person`'s private chat (in its
        `topic`, if any) with a group's `writes` as turn `turn`, then send it: a group's
        change and the word to its teacher, together or not at all. Whether it went out
        now; False too if that turn was committed before."""
        place = Place(topic) if topic is not None else MAIN
        calls = layout.send(person, text, None, place)
        key = ConversationKey(person, person)
        if not await self.storage.commit(TurnRecord(turn, key, calls=calls, writes=list(writes))):
            return False
        return await self.outbox.deliver_to(bot, person, pending_calls(turn, person, calls))

    async def post(
        self,
        bot: Bot,
        chat_id: int,
        turn: int,
        texts: Sequence[str],
        markup: dict[str, Any] | None = None,
        writes: Sequence[tuple[str, Row]] = (),
        place: Place = MAIN,
        notes: Sequence[tuple[str, Place]] = (),
    ) -> bool:
        """Commit `texts` (Telegram HTML, already escaped; the last with `markup`) and
        `writes` (the session's change) as turn `turn`, then send the texts; False, and
        nothing written or sent, if that turn was committed before. The caller holds the
        chat's lock. `place`: the forum topic or comments to post in; `notes`: texts for
        other places (text, place), after the rest, in the same turn."""
        last = len(texts) - 1
        calls = [
            call
            for number, text in enumerate(texts)
            for call in layout.send(chat_id, text, markup if number == last else None, place)
        ]
        for text, elsewhere in notes:
            calls.extend(layout.send(chat_id, text, None, elsewhere))
        # The group's own id as the user: /forget of any member leaves group posts alone.
        key = ConversationKey(chat_id, chat_id)
        if not await self.storage.commit(TurnRecord(turn, key, calls=calls, writes=list(writes))):
            return False
        if not calls:
            return True
        try:
            await self.outbox.deliver(bot, chat_id, pending_calls(turn, chat_id, calls))
        except ChatMigrated:
            # The group became a supergroup: what waits for the old id can never go; the
            # classroom moves the session to the new id.
            await self.storage.delivered(await self.storage.pending(chat_id))
            raise
        refused = self.delivery.text_refused
        if chat_id in refused:
            refused.discard(chat_id)
            if self.on_text_refused is not None:
                await self.on_text_refused(bot, chat_id)
        return True
