"""Group sessions across crashes and redeliveries (issue 26): each command takes effect
once, a poll sent just before a crash is sent again with a word to the class, and a
quiz stopped early still gives the admin its results.

Each drives the real PTB stack against the fake Bot API, on a SQLite file and on
PostgreSQL when a server is given; a restart is the bot shut down and started again
on the same database and the same fake Telegram.
"""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.telegram import texts
from bot.assistant import Content
from bot.core.group_session import GroupSession
from tests.adapters.telegram.group import (
    Clock,
    GroupBots,
    command,
    poll_id,
    polls,
    start_session,
    tap_start,
    tick,
    vote,
)
from tests.adapters.telegram.harness import BotHarness
from tests.fakes.lost_answers import LostAnswers

GROUP = -100700
ADMIN = 901


def right_option(bot: BotHarness, number: int) -> int:
    (right,) = polls(bot, GROUP)[number]["correct_option_ids"]
    return int(right)


def to_admin(bot: BotHarness) -> list[Any]:
    """What the admin received in their private chat: files and messages."""
    return [
        call
        for call in bot.telegram.calls
        if call.params.get("chat_id") == ADMIN and call.error is None
    ]


def board(text: str) -> list[str]:
    """The leaderboard's lines (every fake member is called Test)."""
    return [line for line in text.splitlines() if line.endswith(" correct")]


def results(bot: BotHarness) -> list[list[str]]:
    (sent,) = bot.telegram.calls_of("sendDocument")
    assert sent.params["chat_id"] == ADMIN
    return list(csv.reader(io.StringIO(sent.params["document"].content.decode("utf-8-sig"))))


# -- 1. the results after /stop ---------------------------------------------------------


async def test_regression_stop_after_a_closed_question_still_sends_the_admin_the_results(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """/stop ended a quiz with the final board in the group, and the admin who ran it got
    nothing: the results file came only at the natural end."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 3 20")
    first = await poll_id(bot, GROUP)
    await vote(bot, first, 1, [right_option(bot, 0)])
    await vote(bot, first, 2, [1 - right_option(bot, 0)])
    await tick(bot, clock, 21)  # question 1 closes
    await tick(bot, clock, 10)  # question 2 is open
    await vote(bot, await poll_id(bot, GROUP), 1, [right_option(bot, 1)])
    before = len(bot.telegram.texts(GROUP))
    assert await command(bot, GROUP, ADMIN, "/stop")
    stopped = bot.telegram.texts(GROUP)[before:]
    assert stopped[0] == texts.QUIZ_STOPPED
    assert sum(text.count(texts.QUIZ_FINAL) for text in stopped) == 1
    assert board(stopped[1]) == ["🥇 Test — 2 correct", "2. Test — 0 correct"]
    rows = results(bot)
    assert rows[0] == ["Player", "Correct", "Seconds", "Q1", "Q2"]  # the questions asked
    assert [row[1:2] + row[3:] for row in rows[1:]] == [["2", "1", "1"], ["0", "0", ""]]
    summary = [c.params["text"] for c in to_admin(bot) if c.method == "sendMessage"]
    assert summary == [
        "The quiz was stopped after question 2 of 3.\n"
        "Right answers, question by question:\n"
        "Q1: 1 of 2 (50%)\n"
        "Q2: 1 of 1 (100%)"
    ]
    await tick(bot, clock, 60)
    assert len(bot.telegram.texts(GROUP)) == before + 2  # the final board, once


async def test_a_quiz_stopped_in_its_lobby_sends_the_admin_nothing(
    teaching: Content, bots: GroupBots, tmp_path: Path
) -> None:
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await command(bot, GROUP, ADMIN, "/quiz hfs 3 20")
    (said,) = await command(bot, GROUP, ADMIN, "/stop")  # no board: nobody played
    assert said == texts.QUIZ_STOPPED
    assert to_admin(bot) == [] and polls(bot, GROUP) == []


async def test_the_admin_gets_the_summary_question_by_question_at_the_natural_end(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 1 20")
    await vote(bot, await poll_id(bot, GROUP), 1, [right_option(bot, 0)])
    await tick(bot, clock, 21)
    assert len(results(bot)) == 2
    summary = [c.params["text"] for c in to_admin(bot) if c.method == "sendMessage"]
    assert summary == ["Right answers, question by question:\nQ1: 1 of 1 (100%)"]


# -- 2. a session command Telegram delivers again ----------------------------------------


async def _started(bot: BotHarness) -> None:
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 3 20")


async def _lobby(bot: BotHarness) -> None:
    await command(bot, GROUP, ADMIN, "/quiz hfs 3 20")


async def _nothing(bot: BotHarness) -> None:
    return None


def _start_tap(bot: BotHarness) -> dict[str, Any]:
    sent = len([c for c in bot.telegram.calls if c.params.get("chat_id") == GROUP])
    return bot.telegram.callback_update(GROUP, "session:begin", sent, user_id=ADMIN)


@pytest.mark.parametrize(
    ("before", "text"),
    [
        (_nothing, "/quiz hfs 3 20"),
        (_lobby, None),  # the lobby's Start
        (_nothing, "/case office_worker_eyelid 30"),
        (_started, "/next"),
        (_started, "/pause"),
        (_started, "/stop"),
    ],
    ids=["quiz", "start", "case", "next", "pause", "stop"],
)
async def test_regression_a_session_command_delivered_again_after_a_crash_takes_effect_once(
    teaching: Content, bots: GroupBots, tmp_path: Path, before: Any, text: str | None
) -> None:
    """The bot crashed before confirming an update to Telegram, which delivered it again
    after the restart: a /next skipped a question, a /pause resumed, a /quiz said that a
    quiz was already running."""
    database = tmp_path / "bot.sqlite3"
    bot = await bots.start(teaching, database)
    bot.telegram.admins.add((GROUP, ADMIN))
    await before(bot)
    update = _start_tap(bot) if text is None else bot.telegram.message_update(GROUP, text, ADMIN)
    await bot.feed(update, update_id=500)
    seen = (bot.telegram.texts(GROUP), polls(bot, GROUP), bot.telegram.calls_of("stopPoll"))
    session = await _session(bot)
    await bots.stop(bot)
    bot = await bots.start(teaching, database, telegram=bot.telegram, first_update_id=600)
    await bot.feed(update, update_id=500)  # delivered again
    assert (bot.telegram.texts(GROUP), polls(bot, GROUP), bot.telegram.calls_of("stopPoll")) == (
        seen
    )
    assert await _session(bot) == session


async def _session(bot: BotHarness) -> GroupSession | None:
    classroom = bot.spasmbot.classroom
    assert classroom is not None
    return await classroom.store.load(GROUP)


async def test_a_vote_delivered_again_after_a_restart_counts_once(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """Votes are idempotent by themselves: one per member and poll, the latest kept."""
    database = tmp_path / "bot.sqlite3"
    bot = await bots.start(teaching, database)
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 1 20")
    right, poll = right_option(bot, 0), await poll_id(bot, GROUP)
    changed = [bot.telegram.poll_answer_update(poll, 1, [o]) for o in (1 - right, right)]
    for number, update in enumerate(changed):
        await bot.feed(update, update_id=700 + number)
    await bots.stop(bot)
    bot = await bots.start(teaching, database, telegram=bot.telegram, first_update_id=800)
    for number, update in enumerate(changed):  # Telegram delivers both again, in order
        await bot.feed(update, update_id=700 + number)
    await tick(bot, clock, 21)
    assert board(bot.telegram.texts(GROUP)[-1]) == ["🥇 Test — 1 correct"]
    assert [row[1:2] + row[3:] for row in results(bot)[1:]] == [["1", "1"]]


# -- 3. a poll sent just before a crash ------------------------------------------------------


async def test_regression_a_poll_sent_just_before_a_crash_is_sent_again_and_only_it_counts(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """Telegram took question 2's poll, and the bot died before it recorded the poll's
    id. After the restart the question is sent again, under a word to the class that
    only the new poll counts; votes in the first one are not counted, and cause no
    error."""
    database = tmp_path / "bot.sqlite3"
    bot = await bots.start(teaching, database)
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 2 20")
    await vote(bot, await poll_id(bot, GROUP), 1, [right_option(bot, 0)])
    await tick(bot, clock, 21)  # question 1 closes
    classroom = bot.spasmbot.classroom
    assert classroom is not None
    unrecorded: list[str] = []

    async def crash(session: GroupSession, *_args: object) -> None:
        assert session.poll_id is not None
        unrecorded.append(session.poll_id)
        raise RuntimeError("the process died")

    classroom.store.record_poll = crash  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        await tick(bot, clock, 10)  # question 2 goes out; the bot dies before noting it
    (first,) = unrecorded
    early = bot.telegram.poll_answer_update(first, 2, [right_option(bot, 1)])
    await bots.stop(bot)
    bot = await bots.start(teaching, database, telegram=bot.telegram, first_update_id=900)
    await bot.feed(early)  # cast while the bot was down: no error, and not counted
    before = len(bot.telegram.texts(GROUP))
    await tick(bot, clock, 3)
    assert bot.telegram.texts(GROUP)[before:] == [texts.POLL_SENT_AGAIN]
    assert [p["question"] for p in polls(bot, GROUP)[1:]] == [polls(bot, GROUP)[1]["question"]] * 2
    second = await poll_id(bot, GROUP)
    assert second != first
    await vote(bot, first, 3, [right_option(bot, 1)])  # the old copy, still open a while
    await vote(bot, second, 1, [right_option(bot, 2)])
    await tick(bot, clock, 21)
    final = bot.telegram.texts(GROUP)[-1]
    assert board(final) == ["🥇 Test — 2 correct"]  # members 2 and 3 voted in the first copy
    assert len(polls(bot, GROUP)) == 3 and await bot.count("group_sessions") == 0


async def test_a_poll_telegram_did_not_take_is_sent_again_on_the_next_step_of_the_schedule(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """The network failed as the poll went out: the bot cannot know whether Telegram took
    it, so the schedule sends it again with the same word to the class, once."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await command(bot, GROUP, ADMIN, "/quiz hfs 1 20")
    bot.telegram.fail("sendPoll", error="network", times=2)
    await tap_start(bot, GROUP, ADMIN)
    await tick(bot, clock, 3)  # sent again: still failing
    await tick(bot, clock, 1)
    assert texts.SORRY not in bot.telegram.texts(GROUP)  # the bot sorts it out itself
    assert bot.telegram.texts(GROUP).count(texts.POLL_SENT_AGAIN) == 1
    assert len(polls(bot, GROUP)) == 3  # two failed sends, then the poll
    await vote(bot, await poll_id(bot, GROUP), 1, [right_option(bot, 2)])
    await tick(bot, clock, 21)
    assert board(bot.telegram.texts(GROUP)[-1]) == ["🥇 Test — 1 correct"]


async def test_a_poll_telegram_took_while_the_bot_timed_out_is_sent_again_and_only_it_counts(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """Telegram took the poll, and its answer never reached the bot (a timeout): two
    copies of the question are then in the group; the class is told which one counts,
    and the votes in the other are not counted."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await command(bot, GROUP, ADMIN, "/quiz hfs 1 20")
    lost = LostAnswers(bot.telegram, "sendPoll")
    await tap_start(bot, GROUP, ADMIN)
    (first,) = lost.poll_ids
    assert bot.telegram.poll_open(first)  # in the group, and members can vote in it
    await vote(bot, first, 2, [right_option(bot, 0)])  # no error, and not counted
    await tick(bot, clock, 3)
    assert bot.telegram.texts(GROUP)[-1] == texts.POLL_SENT_AGAIN
    assert texts.SORRY not in bot.telegram.texts(GROUP)
    second = await poll_id(bot, GROUP)
    assert second != first and len(polls(bot, GROUP)) == 2
    await vote(bot, second, 1, [right_option(bot, 1)])
    await tick(bot, clock, 21)
    assert board(bot.telegram.texts(GROUP)[-1]) == ["🥇 Test — 1 correct"]
    assert [row[1:2] + row[3:] for row in results(bot)[1:]] == [["1", "1"]]


async def test_regression_a_quiz_stopped_in_its_last_question_says_so_and_who_answered_nothing(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """Stopped during its last question, the admin's summary did not say the quiz was
    stopped, and a question nobody answered read "0 of 0 (0%)"."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 2 20")
    await vote(bot, await poll_id(bot, GROUP), 1, [right_option(bot, 0)])
    await tick(bot, clock, 21)
    await tick(bot, clock, 10)  # the last question is open; nobody answers it
    await command(bot, GROUP, ADMIN, "/stop")
    summary = [c.params["text"] for c in to_admin(bot) if c.method == "sendMessage"]
    assert summary == [
        "The quiz was stopped after question 2 of 2.\n"
        "Right answers, question by question:\n"
        "Q1: 1 of 1 (100%)\n"
        "Q2: nobody answered"
    ]


async def test_the_schedule_moves_other_groups_while_one_is_busy_sending_its_poll(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """A group's poll may wait up to a minute for the group's 20 messages a minute; the
    schedule does not wait for that group: the other groups' questions close on time."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    other = GROUP - 1
    for chat in (GROUP, other):
        bot.telegram.admins.add((chat, ADMIN))
        await start_session(bot, chat, ADMIN, "/quiz hfs 2 20")
    async with bot.spasmbot.locks.hold(GROUP):  # its step is under way, held back
        await asyncio.wait_for(tick(bot, clock, 21), timeout=5)
    assert bot.telegram.texts(other)[-1].startswith("<b>Answer:</b>")
    assert not bot.telegram.texts(GROUP)[-1].startswith("<b>Answer:</b>")
    await tick(bot, clock, 1)  # its turn comes at the next pass
    assert bot.telegram.texts(GROUP)[-1].startswith("<b>Answer:</b>")
