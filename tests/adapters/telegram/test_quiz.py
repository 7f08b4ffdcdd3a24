"""Group quizzes through the real PTB stack: polls, votes, leaderboards, restarts."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.telegram import texts
from bot.assistant import Consultation
from tests.adapters.telegram.harness import BotHarness
from tests.core.test_quiz import BANK

GROUP, OTHER_GROUP = -100200, -100300
ADMIN = 700


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def teaching(consultation: Consultation) -> Consultation:
    return replace(consultation, quiz=BANK)


@pytest.fixture
def clock() -> Clock:
    return Clock()


OPEN: list[BotHarness] = []


@pytest.fixture(autouse=True)
async def close_bots() -> AsyncIterator[None]:
    yield
    while OPEN:
        harness = OPEN.pop()
        if harness.spasmbot.quiz_tick:  # not closed by the test itself
            await harness.__aexit__(None, None, None)


async def start_bot(teaching: Consultation, database: Path, clock: Clock, **kw: Any) -> BotHarness:
    harness = BotHarness(teaching, database, **kw)
    assert harness.spasmbot.quiz is not None
    harness.spasmbot.quiz.clock = clock
    await harness.__aenter__()
    OPEN.append(harness)
    return harness


async def stop_bot(harness: BotHarness) -> None:
    await harness.__aexit__(None, None, None)
    harness.spasmbot.quiz_tick = 0.0  # marks it closed


async def command(harness: BotHarness, chat: int, user: int, text: str) -> list[str]:
    before = len(harness.telegram.sent(chat))
    await harness.feed(harness.telegram.message_update(chat, text, user_id=user))
    return [m["text"] for m in harness.telegram.sent(chat)[before:]]


def polls(harness: BotHarness, chat: int) -> list[dict[str, Any]]:
    return [c.params for c in harness.telegram.calls_of("sendPoll") if c.params["chat_id"] == chat]


async def poll_id(harness: BotHarness, chat: int) -> str:
    """The id Telegram gave the open poll in `chat`, as the bot stored it."""
    assert harness.spasmbot.quiz is not None
    session = await harness.spasmbot.quiz.store.load(chat)
    assert session is not None and session.poll_id is not None
    return session.poll_id


async def vote(harness: BotHarness, poll: str, user: int, options: list[int]) -> None:
    await harness.feed(harness.telegram.poll_answer_update(poll, user, options))


async def tick(harness: BotHarness, clock: Clock, seconds: float) -> None:
    clock.now += seconds
    await harness.spasmbot.run_due_quizzes(harness.app.bot)


async def test_a_fifty_member_quiz_with_changed_and_late_votes_and_a_restart(
    teaching: Consultation, clock: Clock, tmp_path: Path
) -> None:
    database = tmp_path / "bot.sqlite3"
    bot = await start_bot(teaching, database, clock)
    bot.telegram.admins.add((GROUP, ADMIN))

    assert await command(bot, GROUP, 55, "/quiz hfs 2 30") == [texts.QUIZ_ADMINS_ONLY]
    assert polls(bot, GROUP) == []
    (started,) = await command(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    assert started == "Quiz: 2 questions, 30 seconds each. Vote in the polls!"
    (first,) = polls(bot, GROUP)
    assert first["type"] == "quiz" and first["is_anonymous"] is False
    assert first["open_period"] == 30 and first["correct_option_ids"] == [1]
    assert first["question"].startswith("1/2 Question")

    poll = await poll_id(bot, GROUP)
    members = range(1000, 1050)
    for member in members:  # interleaved: everyone votes, odd members right
        await vote(bot, poll, member, [member % 2])
    await vote(bot, poll, 1002, [1])  # changed their mind before the close: now right
    await vote(bot, poll, 1003, [])  # retracted
    await tick(bot, clock, 31)
    await vote(bot, poll, 1004, [1])  # too late: ignored

    sent = bot.telegram.sent(GROUP)
    assert sent[-2]["text"].startswith("<b>Answer:</b> B")
    leaders = sent[-1]["text"]
    assert leaders.startswith("<b>Leaders so far</b>") and leaders.count("1 correct") == 5

    # The process dies during the break; a new one picks the quiz up on time.
    await stop_bot(bot)
    bot = await start_bot(teaching, database, clock, telegram=bot.telegram, first_update_id=5000)
    await tick(bot, clock, 10)
    assert len(polls(bot, GROUP)) == 2
    await vote(bot, await poll_id(bot, GROUP), 1001, [1])
    await tick(bot, clock, 31)  # closes question 2
    await tick(bot, clock, 10)  # the final leaderboard
    final = bot.telegram.sent(GROUP)[-1]["text"]
    assert final.startswith("<b>Final leaderboard</b>")
    assert final.splitlines()[1].startswith("🥇") and "2 correct" in final.splitlines()[1]
    # Question 1: the 25 odd members were right, but 1003 retracted and 1002 switched to right.
    # Question 2: only 1001 voted (right). The 24 even members other than 1002 got none.
    scores = [line.rsplit("— ", 1)[1] for line in final.splitlines()[1:] if "— " in line]
    assert (scores.count("2 correct"), scores.count("1 correct")) == (1, 24)
    assert scores.count("0 correct") == 24
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM quiz_sessions").fetchone() == (0,)
    await stop_bot(bot)


async def test_two_groups_run_quizzes_at_once(
    teaching: Consultation, clock: Clock, tmp_path: Path
) -> None:
    bot = await start_bot(teaching, tmp_path / "bot.sqlite3", clock)
    for group in (GROUP, OTHER_GROUP):
        bot.telegram.admins.add((group, ADMIN))
        await command(bot, group, ADMIN, "/quiz triggers 1 20")
    await vote(bot, await poll_id(bot, GROUP), 1, [1])
    await vote(bot, await poll_id(bot, OTHER_GROUP), 2, [0])
    await tick(bot, clock, 21)
    await tick(bot, clock, 10)
    first = bot.telegram.sent(GROUP)[-1]["text"]
    second = bot.telegram.sent(OTHER_GROUP)[-1]["text"]
    assert "1 correct" in first and "0 correct" in second
    await stop_bot(bot)


async def test_score_pause_next_and_stop(
    teaching: Consultation, clock: Clock, tmp_path: Path
) -> None:
    bot = await start_bot(teaching, tmp_path / "bot.sqlite3", clock)
    bot.telegram.admins.add((GROUP, ADMIN))
    assert await command(bot, GROUP, 3, "/score") == [texts.QUIZ_NOT_RUNNING]
    await command(bot, GROUP, ADMIN, "/quiz hfs 3 30")
    assert await command(bot, GROUP, ADMIN, "/pause") == [texts.QUIZ_PAUSED]
    await tick(bot, clock, 31)  # the question closes, then the quiz waits
    await tick(bot, clock, 60)
    assert len(polls(bot, GROUP)) == 1
    assert await command(bot, GROUP, ADMIN, "/pause") == [texts.QUIZ_RESUMED]
    await tick(bot, clock, 1)
    assert len(polls(bot, GROUP)) == 2
    await command(bot, GROUP, ADMIN, "/next")  # skips to question 3 at once
    assert len(polls(bot, GROUP)) == 3
    assert bot.telegram.calls_of("stopPoll"), "the skipped poll is closed for everyone"
    (score,) = await command(bot, GROUP, 9, "/score")
    assert score.startswith("<b>Leaders so far</b>")
    replies = await command(bot, GROUP, ADMIN, "/stop")
    assert replies[0] == texts.QUIZ_STOPPED and replies[1].startswith("<b>Final leaderboard</b>")
    assert await command(bot, GROUP, 9, "/score") == [texts.QUIZ_NOT_RUNNING]
    await stop_bot(bot)


async def test_a_migrated_group_keeps_its_quiz(
    teaching: Consultation, clock: Clock, tmp_path: Path
) -> None:
    bot = await start_bot(teaching, tmp_path / "bot.sqlite3", clock)
    bot.telegram.admins.add((GROUP, ADMIN))
    await command(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    await vote(bot, await poll_id(bot, GROUP), 1, [1])
    moved = {"message": {**bot.telegram.message_update(GROUP, "x", user_id=ADMIN)["message"]}}
    del moved["message"]["text"]
    moved["message"]["migrate_to_chat_id"] = OTHER_GROUP
    await bot.feed(moved)
    await tick(bot, clock, 31)
    assert bot.telegram.sent(OTHER_GROUP)[-1]["text"].count("1 correct") == 1
    await stop_bot(bot)


async def test_removing_the_bot_ends_the_quiz(
    teaching: Consultation, clock: Clock, tmp_path: Path
) -> None:
    bot = await start_bot(teaching, tmp_path / "bot.sqlite3", clock)
    bot.telegram.admins.add((GROUP, ADMIN))
    await command(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    await bot.feed(bot.telegram.my_chat_member_update(GROUP, "left"))
    await tick(bot, clock, 31)
    assert len(polls(bot, GROUP)) == 1
    with sqlite3.connect(bot.database) as db:
        assert db.execute("SELECT count(*) FROM quiz_sessions").fetchone() == (0,)
    await stop_bot(bot)
