"""Replies in a private chat from flows beside the consultation: teachers' quizzes, homework.

They go the way every turn's replies go: committed with the update's id in
the outbox, then delivered in order (`Turns.deliver`), so an update Telegram
delivers twice is answered once, and a student who blocked the bot is marked
as such. Files (a template, results) cannot wait in the outbox as JSON: they
are sent directly, after the turn is committed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import Bot, InputFile
from telegram.error import Forbidden, TelegramError

from bot.adapters.telegram import layout
from bot.adapters.telegram.delivery import Delivery, answer_tap
from bot.adapters.telegram.layout import Call
from bot.adapters.telegram.turns import Turns
from bot.core.group_session import MAIN, Place
from bot.i18n import Catalogs
from bot.storage.base import ConversationKey, Storage, TurnRecord, pending_calls

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sender:
    """Who wrote to the bot in a private chat, in which update."""

    update_id: int
    user_id: int
    language_code: str | None
    name: str
    callback_id: str | None = None
    message_id: int | None = None
    #: The private chat's topic the message or tapped button is in: answers, files too,
    #: go there (`layout.in_place`).
    place: Place = MAIN


class PrivateReplies:
    """`turns` delivers a committed turn's calls in order (the outbox); `delivery` makes
    a call beside it (a file: `send_file`)."""

    def __init__(
        self, storage: Storage, turns: Turns, delivery: Delivery, catalogs: Catalogs
    ) -> None:
        self.storage = storage
        self.turns = turns
        self.delivery = delivery
        self.catalogs = catalogs

    async def language(self, bot: Bot, sender: Sender) -> str | None:
        """The language to answer in; None when this update was handled before (its
        tap is answered, and what of the chat still waits is sent)."""
        key = ConversationKey(sender.user_id, sender.user_id)
        snapshot = await self.storage.snapshot(sender.update_id, key)
        if snapshot.applied:
            await self.answer_tap(bot, sender, None)
            if sender.user_id in self.turns.backlog:
                await self.turns.deliver_waiting(bot, sender.user_id)
            return None
        return snapshot.language or self.catalogs.resolve(sender.language_code)

    async def send(
        self, bot: Bot, sender: Sender, calls: list[Call], toast: str | None = None
    ) -> bool:
        """Commit `calls` as the update's turn, answer its tap, and deliver them; False
        when the update had been handled before."""
        chat = sender.user_id
        calls = layout.in_place(calls, sender.place)
        record = TurnRecord(sender.update_id, ConversationKey(chat, chat), calls=calls)
        committed = await self.storage.commit(record)
        await self.answer_tap(bot, sender, toast)
        if committed:
            await self.turns.deliver(bot, chat, pending_calls(sender.update_id, chat, calls))
        return committed

    async def send_file(
        self, bot: Bot, sender: Sender, filename: str, content: bytes, caption: str
    ) -> None:
        """A file, straight to the chat (after the turn that announces it), in the topic
        the sender wrote in."""
        document = InputFile(content, filename=filename)
        where = layout.ptb_where(sender.place)
        try:
            await self.delivery.direct(
                lambda: bot.send_document(sender.user_id, document, caption=caption, **where),
                "a file",
            )
        except Forbidden:
            await self.storage.deactivate(sender.user_id, sender.user_id)
        except TelegramError as exc:
            log.info("could not send a file: %s", type(exc).__name__)

    async def answer_tap(self, bot: Bot, sender: Sender, toast: str | None) -> None:
        await answer_tap(bot, sender.callback_id, toast)
