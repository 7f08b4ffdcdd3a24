"""Injected failures reach PTB as its own exceptions, as often and as late as asked."""

from __future__ import annotations

import pytest
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from tests.fakes.bot_api import FakeTelegram
from tests.fakes.ptb import PTB_RETRY_AFTER_DEPRECATION, retry_seconds


@PTB_RETRY_AFTER_DEPRECATION
async def test_retry_after_raises_with_seconds(tg: FakeTelegram, bot: Bot) -> None:
    tg.fail("sendMessage", error="retry_after", retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(5, "too fast")
    assert retry_seconds(caught.value) == 7

    await bot.send_message(5, "later")  # only one failure was queued
    assert tg.texts(5) == ["later"]
    assert [call.error for call in tg.calls_of("sendMessage")] == ["retry_after", None]


async def test_forbidden_and_bad_requests(tg: FakeTelegram, bot: Bot) -> None:
    tg.fail("sendMessage", error="forbidden")
    with pytest.raises(Forbidden, match="blocked by the user"):
        await bot.send_message(5, "hi")

    tg.fail("editMessageText", error="bad_request")
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("same", chat_id=5, message_id=1)

    tg.fail("editMessageText", error="not_found")
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("gone", chat_id=5, message_id=1)

    tg.fail("deleteMessage", error="bad_request", description="Bad Request: custom")
    with pytest.raises(BadRequest, match=r"(?i)custom"):
        await bot.delete_message(5, 1)

    assert tg.sent() == [] and tg.edits() == []


async def test_a_failure_can_start_after_some_calls_went_through(
    tg: FakeTelegram, bot: Bot
) -> None:
    tg.fail("sendMessage", error="network", after=1)
    await bot.send_message(5, "first")
    with pytest.raises(NetworkError):
        await bot.send_message(5, "second")
    await bot.send_message(5, "second")
    assert tg.texts(5) == ["first", "second"]
    assert [call.error for call in tg.calls_of("sendMessage")] == [None, "network", None]


def test_fail_rejects_unknown_errors(tg: FakeTelegram) -> None:
    with pytest.raises(ValueError, match="unknown error"):
        tg.fail("sendMessage", error="flaky")
