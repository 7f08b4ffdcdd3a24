"""Telegram's per-chat pacing, as a user who taps quickly sees it.

These run on the event loop's real clock: the limits are PTB's and
aiolimiter's, which read it directly. The margins are wide (0.3 s against a
few milliseconds) and each test waits only as long as the pacing it checks.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram import Bot
from telegram.ext import ExtBot

from bot.adapters.telegram.limits import SendingLimits, posts_a_message
from bot.assistant import Content
from tests.adapters.telegram.harness import BENIGN_TAPS, TOKEN, BotHarness
from tests.fakes.bot_api import FakeRequest, FakeTelegram

#: How soon the next question must appear after a tap.
PROMPT = 0.3
CHAT = 5150


async def test_quick_taps_get_the_next_question_within_a_fraction_of_a_second(
    content: Content, tmp_path: Path
) -> None:
    """Tapping once a second, each next question took 1-2 s to appear: the chat's
    three-message budget went on the edit marking the answer and the question,
    and the edit went first. With Telegram's limits on, every tap of a whole
    consultation now brings the next question at once."""
    async with BotHarness(content, tmp_path / "bot.sqlite3", rate_limits=True) as harness:
        user = harness.user(CHAT)
        await user.send("/start")
        waits: list[float] = []
        for label in BENIGN_TAPS:
            await asyncio.sleep(1.0)
            before = len(user.received())
            tapped = time.monotonic()
            await harness.feed(user.click_update(label))
            sent = [
                call
                for call in harness.telegram.calls_of("sendMessage")
                if call.error is None and int(call.params["chat_id"]) == CHAT
            ]
            if len(sent) > before:
                waits.append(sent[before].at - tapped)  # the next question reached Telegram
            else:  # a tick on a choose-all-that-apply question: its ✓, edited in place
                waits.append(harness.telegram.calls_of("editMessageText")[-1].at - tapped)
        assert user.texts()[-1].startswith("🟢")  # the whole consultation, advice included
        assert max(waits) < PROMPT, [round(w, 3) for w in waits]
        # The answered question is still marked, after the next one went out.
        assert len(harness.telegram.edits(CHAT)) == len(BENIGN_TAPS)


@pytest.fixture
async def paced_bot() -> AsyncIterator[tuple[Bot, FakeTelegram]]:
    telegram = FakeTelegram()
    bot = ExtBot(TOKEN, request=FakeRequest(telegram), rate_limiter=SendingLimits())
    async with bot:
        yield bot, telegram


async def test_a_chat_still_gets_about_one_message_a_second_after_a_short_burst(
    paced_bot: tuple[Bot, FakeTelegram],
) -> None:
    bot, telegram = paced_bot
    for number in range(5):
        await bot.send_message(CHAT, f"part {number}")
    at = [call.at for call in telegram.calls_of("sendMessage")]
    assert at[2] - at[0] < PROMPT  # a reply of a few messages is not held back
    assert at[3] - at[0] > 0.8 and at[4] - at[3] > 0.8  # then one a second


async def test_button_answers_and_edits_do_not_wait_for_the_chat_s_message_budget(
    paced_bot: tuple[Bot, FakeTelegram],
) -> None:
    bot, telegram = paced_bot
    for number in range(3):
        await bot.send_message(CHAT, f"part {number}")  # the chat's burst is spent
    started = time.monotonic()
    await bot.answer_callback_query("1")
    await bot.edit_message_text("part 0 ✓", chat_id=CHAT, message_id=1)
    assert time.monotonic() - started < PROMPT
    assert [c.method for c in telegram.calls][-2:] == ["answerCallbackQuery", "editMessageText"]


def test_only_new_messages_spend_the_chat_s_budget() -> None:
    for method in ("sendMessage", "sendPoll", "sendPhoto", "copyMessage", "forwardMessage"):
        assert posts_a_message(method), method
    for method in ("answerCallbackQuery", "editMessageText", "sendChatAction", "getChat"):
        assert not posts_a_message(method), method


async def test_forty_people_finishing_at_once_through_flood_waits_get_each_reply_once_in_order(
    content: Content, tmp_path: Path
) -> None:
    """40 people send their last answer at the same moment while Telegram answers some
    messages with 429: nobody is left with nothing, nobody gets a message twice, and each
    chat's messages come in the order they were said (the advice, then /summary sent
    right after it)."""
    database, telegram = tmp_path / "bot.sqlite3", FakeTelegram()
    people = range(7000, 7040)
    async with BotHarness(content, database, telegram) as ready:  # to the last question
        for user_id in people:
            person = ready.user(user_id)
            await person.send("/start")
            for label in BENIGN_TAPS[:-2]:
                await person.click(label)
    before = {user_id: len(telegram.sent(user_id)) for user_id in people}
    async with BotHarness(
        content, database, telegram, rate_limits=True, first_update_id=10_000
    ) as harness:
        telegram.fail("sendMessage", error="retry_after", retry_after=1, times=6, after=5)
        start = int(time.time()) + 60
        app = harness.app
        await app.start()
        try:
            for user_id in people:
                update = telegram.message_update(user_id, "stress or anxiety", date=start)
                await app.update_queue.put(harness.update(update))
            for user_id in people:  # each at once asks for the summary
                update = telegram.message_update(user_id, "/summary", date=start + 3)
                await app.update_queue.put(harness.update(update))
            for _ in range(3000):
                await asyncio.sleep(0.01)
                if (
                    app.update_queue.empty()
                    and app.update_processor.current_concurrent_updates == 0
                ):
                    break
            await harness.storage.settled()
        finally:
            await app.stop()
        assert [call.error for call in telegram.calls].count("retry_after") == 6
        for user_id in people:
            said = telegram.texts(user_id)[before[user_id] :]
            assert said, user_id
            assert len(said) == len(set(said)), (user_id, said)
            assert sum(text.startswith("🟢") for text in said) == 1, (user_id, said)
            assert said[0].startswith("🟢"), (user_id, said)  # the advice, then the summary
            assert said[-1].startswith("<b>Summary of my answers"), (user_id, said)
            assert await harness.count("outbox") == 0
