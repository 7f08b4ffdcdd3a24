"""The getUpdates queue: offsets confirmed on arrival, long polls woken and capped."""

from __future__ import annotations

import asyncio
import time

import pytest
from telegram import Bot, Update
from telegram.error import RetryAfter

from tests.fakes.bot_api import INCOMING_MESSAGE_ID_BASE, FakeTelegram
from tests.fakes.ptb import PTB_RETRY_AFTER_DEPRECATION


async def test_get_updates_and_offset(tg: FakeTelegram, bot: Bot) -> None:
    assert tg.push_update(tg.message_update(5, "/start")) == 1
    assert tg.push_update(tg.callback_update(5, "yes", message_id=1)) == 2

    updates = await bot.get_updates()
    assert [update.update_id for update in updates] == [1, 2]
    assert all(isinstance(update, Update) for update in updates)
    message = updates[0].message
    assert message is not None and message.text == "/start"
    assert message.from_user is not None and message.from_user.id == 5
    assert message.from_user.language_code == "en"
    assert message.message_id > INCOMING_MESSAGE_ID_BASE
    assert message.entities[0].type == "bot_command" and message.entities[0].length == 6
    query = updates[1].callback_query
    assert query is not None and query.data == "yes"
    assert query.message is not None and query.message.message_id == 1

    again = await bot.get_updates(offset=2)  # confirms update 1
    assert [update.update_id for update in again] == [2]
    assert await bot.get_updates(offset=3) == ()
    assert tg.pending_updates == 0


async def test_get_updates_long_poll_wakes_on_push(tg: FakeTelegram, bot: Bot) -> None:
    loop = asyncio.get_running_loop()
    loop.call_later(0.05, tg.push_update, tg.message_update(5, "hi"))
    started = time.monotonic()
    updates = await bot.get_updates(timeout=30)
    assert [update.update_id for update in updates] == [1]
    assert time.monotonic() - started < 0.8


async def test_get_updates_long_poll_is_capped(tg: FakeTelegram, bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=30) == ()
    assert 0.9 <= time.monotonic() - started < 2.5


async def test_offset_is_confirmed_when_the_poll_arrives(tg: FakeTelegram, bot: Bot) -> None:
    tg.push_updates([tg.message_update(5, "one"), tg.message_update(5, "two")])
    poll = asyncio.create_task(bot.get_updates(offset=3, timeout=1))
    await asyncio.sleep(0.05)
    # Like Telegram: confirmed on arrival, so a bot killed mid-poll never sees them again.
    assert tg.pending_updates == 0
    assert tg.counts["getUpdates"] == 1 and tg.calls_of("getUpdates") == []
    tg.push_update(tg.message_update(5, "three"))
    assert [update.update_id for update in await poll] == [3]


@PTB_RETRY_AFTER_DEPRECATION
async def test_failing_get_updates_does_not_long_poll(tg: FakeTelegram, bot: Bot) -> None:
    tg.fail("getUpdates", error="retry_after", retry_after=2)
    started = time.monotonic()
    with pytest.raises(RetryAfter):
        await bot.get_updates(timeout=30)
    assert time.monotonic() - started < 0.5


async def test_drop_pending_updates(tg: FakeTelegram, bot: Bot) -> None:
    tg.push_update(tg.message_update(5, "old"))
    await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == ()
