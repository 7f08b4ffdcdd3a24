"""Waiting for the bot to act, and what a wait that times out reports."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Bot

from tests.fakes.bot_api import FakeTelegram


async def test_wait_until_reports_calls(tg: FakeTelegram, bot: Bot) -> None:
    asyncio.get_running_loop().call_later(0.05, tg.push_update, tg.message_update(5, "x"))
    await tg.wait_until(lambda t: t.pending_updates == 1, timeout=2)
    await bot.send_message(5, "visible in the report")
    with pytest.raises(AssertionError, match="visible in the report"):
        await tg.wait_until(lambda t: t.texts(5)[1] == "never", timeout=0.05)
