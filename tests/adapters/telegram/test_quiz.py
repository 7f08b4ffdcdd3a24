"""Group quizzes through the real PTB stack: polls, votes, leaderboards, restarts."""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

import pytest

from bot.adapters.telegram import texts
from bot.assistant import Content
from bot.i18n import Catalogs
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
from tests.conftest import LOCALES

GROUP, OTHER_GROUP = -100200, -100300
ADMIN = 700


async def test_a_fifty_member_quiz_with_changed_and_late_votes_and_a_restart(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    database = tmp_path / "bot.sqlite3"
    bot = await bots.start(teaching, database)
    bot.telegram.admins.add((GROUP, ADMIN))

    assert await command(bot, GROUP, 55, "/quiz hfs 2 30") == [texts.TEACHING_ADMINS_ONLY]
    assert polls(bot, GROUP) == []
    (started,) = await start_session(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    assert started.startswith("Quiz: 2 questions, 30 seconds each. Vote in the polls!")
    (first,) = polls(bot, GROUP)
    assert first["type"] == "quiz" and first["is_anonymous"] is False
    assert first["open_period"] == 30 and len(first["correct_option_ids"]) == 1
    assert first["question"].startswith("1/2 Question")

    poll = await poll_id(bot, GROUP)
    members = range(1000, 1050)
    right, wrong = first["correct_option_ids"][0], 1 - first["correct_option_ids"][0]
    for member in members:  # interleaved: everyone votes, odd members right
        await vote(bot, poll, member, [right if member % 2 else wrong])
    await vote(bot, poll, 1002, [right])  # changed their mind before the close: now right
    await vote(bot, poll, 1003, [])  # retracted
    await tick(bot, clock, 31)
    with pytest.raises(AssertionError, match="refuses a vote"):  # too late: Telegram says no
        bot.telegram.poll_answer_update(poll, 1004, [right])

    closed = bot.telegram.sent(GROUP)[-1]["text"]  # one message: the answer and the leaders
    assert closed.startswith("<b>Answer:</b> B")
    leaders = closed.split("\n\n<b>")[-1]
    assert leaders.startswith("Leaders so far</b>") and leaders.count("1 correct") == 5
    # those tied with the fifth (the same score in the same tenth of a second), in number
    assert re.search(r"1 correct( in [\d.]+ s)?(\n…and \d+ more with the same score)?$", leaders)

    # The process dies during the break; a new one picks the quiz up on time.
    await bots.stop(bot)
    bot = await bots.start(teaching, database, telegram=bot.telegram, first_update_id=5000)
    await tick(bot, clock, 10)
    assert len(polls(bot, GROUP)) == 2
    second = polls(bot, GROUP)[1]
    await vote(bot, await poll_id(bot, GROUP), 1001, second["correct_option_ids"])
    await tick(bot, clock, 31)  # closes question 2, with the final leaderboard
    final = "<b>" + bot.telegram.sent(GROUP)[-1]["text"].split("\n\n<b>")[-1]
    assert final.startswith("<b>Final leaderboard</b>")
    assert final.splitlines()[1].startswith("🥇") and "2 correct" in final.splitlines()[1]
    # Question 1: the 25 odd members were right, but 1003 retracted and 1002 switched to right.
    # Question 2: only 1001 voted (right). The 24 even members other than 1002 got none.
    scores = [
        line.rsplit("— ", 1)[1].split(" in ")[0] for line in final.splitlines()[1:] if "— " in line
    ]
    assert (scores.count("2 correct"), scores.count("1 correct")) == (1, 24)
    assert scores.count("0 correct") == 24
    assert await bot.count("group_sessions") == 0
    await bots.stop(bot)


async def test_two_groups_run_quizzes_at_once(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    for group in (GROUP, OTHER_GROUP):
        bot.telegram.admins.add((group, ADMIN))
        await start_session(bot, group, ADMIN, "/quiz triggers 1 20")
    right = polls(bot, GROUP)[0]["correct_option_ids"]
    wrong = [1 - polls(bot, OTHER_GROUP)[0]["correct_option_ids"][0]]
    await vote(bot, await poll_id(bot, GROUP), 1, right)
    await vote(bot, await poll_id(bot, OTHER_GROUP), 2, wrong)
    await tick(bot, clock, 21)
    first = bot.telegram.sent(GROUP)[-1]["text"]
    second = bot.telegram.sent(OTHER_GROUP)[-1]["text"]
    assert "1 correct" in first and "0 correct" in second
    await bots.stop(bot)


async def test_score_pause_next_and_stop(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    assert await command(bot, GROUP, 3, "/score") == [texts.NOTHING_RUNNING]
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 3 30")
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
    assert await command(bot, GROUP, 9, "/score") == [texts.NOTHING_RUNNING]
    await bots.stop(bot)


async def test_a_migrated_group_keeps_its_quiz(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    await vote(bot, await poll_id(bot, GROUP), 1, polls(bot, GROUP)[0]["correct_option_ids"])
    moved = {"message": {**bot.telegram.message_update(GROUP, "x", user_id=ADMIN)["message"]}}
    del moved["message"]["text"]
    moved["message"]["migrate_to_chat_id"] = OTHER_GROUP
    await bot.feed(moved)
    await tick(bot, clock, 31)
    assert bot.telegram.sent(OTHER_GROUP)[-1]["text"].count("1 correct") == 1
    await bots.stop(bot)


async def test_regression_a_group_upgraded_mid_quiz_got_the_bots_whole_help_between_polls(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """A group becomes a supergroup mid-quiz (an admin made its history visible): Telegram
    moves the chat, and tells the bot it joined the new one. The class got the group's
    whole help ("In a group I teach ... /quiz [topic] ...") between two polls, as if the
    bot had just been added. The quiz goes on there, with no introduction."""
    basic = -200200
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.update({(basic, ADMIN), (OTHER_GROUP, ADMIN)})
    await start_session(bot, basic, ADMIN, "/quiz hfs 2 30")
    await vote(bot, await poll_id(bot, basic), 1, polls(bot, basic)[0]["correct_option_ids"])
    for chat, field, other in ((basic, "to", OTHER_GROUP), (OTHER_GROUP, "from", basic)):
        service = bot.telegram.message_update(chat, "x", user_id=ADMIN)
        del service["message"]["text"]
        service["message"][f"migrate_{field}_chat_id"] = other
        await bot.feed(service)
    await bot.feed(bot.telegram.my_chat_member_update(OTHER_GROUP, "member", user_id=ADMIN))
    assert bot.telegram.sent(OTHER_GROUP) == []
    await tick(bot, clock, 31)
    (result,) = [m["text"] for m in bot.telegram.sent(OTHER_GROUP)]
    assert result.startswith("<b>Answer:</b>") and "1 correct" in result
    await tick(bot, clock, 10)
    assert len(polls(bot, OTHER_GROUP)) == 1, "the second question, in the supergroup"
    await bots.stop(bot)


async def test_regression_a_group_made_a_supergroup_read_the_help_twice_across_processes(
    teaching: Content, bots: GroupBots, tmp_path: Path
) -> None:
    """A group became a supergroup; one process (sharing the database) took Telegram's
    migration, another — or the same one after a restart — the "joined" to the new chat
    that follows it. The memory of the migration was the first process's alone: the
    group read the bot's whole help a second time, as if someone had just added it.
    Removed and added again later, the group reads the help once more."""
    database, basic = tmp_path / "bot.sqlite3", -200400
    first = await bots.start(teaching, database)
    for chat, field, other in ((basic, "to", OTHER_GROUP), (OTHER_GROUP, "from", basic)):
        service = first.telegram.message_update(chat, "x", user_id=ADMIN)
        del service["message"]["text"]
        service["message"][f"migrate_{field}_chat_id"] = other
        await first.feed(service)
    await bots.stop(first)
    second = await bots.start(teaching, database, telegram=first.telegram, first_update_id=900)
    joined = second.telegram.my_chat_member_update(OTHER_GROUP, "member", user_id=ADMIN)
    await second.feed(joined)
    assert second.telegram.sent(OTHER_GROUP) == []
    await second.feed(second.telegram.my_chat_member_update(OTHER_GROUP, "left", user_id=ADMIN))
    await second.feed(second.telegram.my_chat_member_update(OTHER_GROUP, "member", user_id=ADMIN))
    (help_text,) = second.telegram.texts(OTHER_GROUP)
    assert "/quiz" in help_text


async def test_removing_the_bot_ends_the_quiz(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    await bot.feed(bot.telegram.my_chat_member_update(GROUP, "left"))
    await tick(bot, clock, 31)
    assert len(polls(bot, GROUP)) == 1
    assert await bot.count("group_sessions") == 0
    await bots.stop(bot)


async def test_regression_a_teacher_was_not_told_when_the_bot_was_removed_mid_quiz(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """Someone removed the bot from the class's group mid-quiz: the quiz stopped, its
    votes were deleted, and the teacher who started it was told nothing and never got
    its results. They now read in their private chat that it ended, and why, with the
    results of the questions asked."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    await vote(bot, await poll_id(bot, GROUP), 1, polls(bot, GROUP)[0]["correct_option_ids"])
    await tick(bot, clock, 31)
    await bot.feed(bot.telegram.my_chat_member_update(GROUP, "kicked", user_id=55))
    told, summary = bot.telegram.texts(ADMIN)
    assert told == texts.SESSION_ENDED_REMOVED % {"group": "Test group"}
    assert "stopped after question 1 of 2" in summary
    (results,) = bot.telegram.calls_of("sendDocument")
    assert results.params["chat_id"] == ADMIN
    assert await bot.count("group_sessions") == 0
    await bot.feed(bot.telegram.my_chat_member_update(GROUP, "kicked", user_id=55))  # again
    assert len(bot.telegram.texts(ADMIN)) == 2
    await bots.stop(bot)


async def test_regression_a_crash_after_the_bot_was_removed_lost_the_teachers_notice(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """The bot was removed from the class's group mid-quiz and its process died just
    after it ended the quiz, before it told the teacher. Telegram delivered the removal
    again after the restart, but the quiz was gone: the teacher was never told that it
    had ended, nor why. The end and the notice are now written together: after the
    restart the teacher reads that the quiz ended."""
    database = tmp_path / "bot.sqlite3"
    bot = await bots.start(teaching, database)
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    classroom = bot.spasmbot.classroom
    assert classroom is not None

    async def dies(*_args: object, **_kw: object) -> None:
        raise RuntimeError("the process died")

    # Whatever would reach the teacher first: the process dies there.
    classroom.host.posts.direct = dies  # type: ignore[method-assign]
    classroom.host.posts.outbox.deliver_to = dies  # type: ignore[attr-defined]
    removal = bot.telegram.my_chat_member_update(GROUP, "kicked", user_id=55)
    await bot.feed(removal)  # the error handler logs the crash
    assert bot.telegram.texts(ADMIN) == []
    await bots.stop(bot)
    bot = await bots.start(teaching, database, telegram=bot.telegram, first_update_id=900)
    await bot.feed(removal)  # Telegram delivers it again
    assert bot.telegram.texts(ADMIN) == [texts.SESSION_ENDED_REMOVED % {"group": "Test group"}]
    assert await bot.count("group_sessions") == 0


async def test_regression_a_quiz_stopped_in_its_lobby_thanked_the_group_for_playing(
    teaching: Content, bots: GroupBots, tmp_path: Path
) -> None:
    """A teacher who started a quiz in the wrong group and sent /stop before Start got a
    "Final leaderboard: nobody has answered yet" and "Thank you for playing!" for a quiz
    nobody saw a question of."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await command(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    assert await command(bot, GROUP, ADMIN, "/stop") == [texts.QUIZ_STOPPED]
    assert polls(bot, GROUP) == []
    assert await command(bot, GROUP, 9, "/score") == [texts.NOTHING_RUNNING]
    await bots.stop(bot)


async def test_regression_pause_in_a_quiz_lobby_promised_a_pause_after_no_question(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """/pause in a quiz's lobby said "The quiz will pause after this question" though no
    question had been asked; the quiz then stopped after its first question, which the
    teacher had long forgotten asking for. In the lobby the quiz already waits: it says so,
    and the quiz runs on after Start."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await command(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    assert await command(bot, GROUP, ADMIN, "/pause") == [texts.QUIZ_LOBBY_WAITS]
    assert polls(bot, GROUP) == []
    await tap_start(bot, GROUP, ADMIN)
    assert len(polls(bot, GROUP)) == 1
    await tick(bot, clock, 31)  # the first question closes
    await tick(bot, clock, 30)  # after the break, the second goes out: nothing paused it
    assert len(polls(bot, GROUP)) == 2
    await bots.stop(bot)


def newest_id(bot: BotHarness) -> int:
    """The id of the bot's newest message in the group (Telegram numbers them per chat)."""
    return sum(
        1
        for c in bot.telegram.calls
        if c.method.startswith("send") and c.error is None and c.params.get("chat_id") == GROUP
    )


def keyboard_taken_away(bot: BotHarness, message_id: int) -> bool:
    """Whether the bot edited the buttons off its message `message_id` in the group."""
    return any(
        c.params.get("chat_id") == GROUP
        and c.params.get("message_id") == message_id
        and not c.params.get("reply_markup")
        for c in bot.telegram.calls_of("editMessageReplyMarkup")
    )


async def test_regression_a_quiz_lobby_kept_its_start_button_after_the_quiz_began_or_ended(
    teaching: Content, bots: GroupBots, tmp_path: Path
) -> None:
    """The lobby's ▶ Start stayed under the plan for the whole quiz and after /stop: the
    class saw a live-looking Start beside the running polls, and every tap on it only
    got a passing notice. A Start an admin tapped takes the lobby's button away — the
    quiz began, or it began or ended before; a student's tap leaves it for the admin."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await command(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    lobby = newest_id(bot)
    await bot.feed(bot.telegram.callback_update(GROUP, "session:begin", lobby, user_id=9))
    assert not keyboard_taken_away(bot, lobby)  # only admins start: the button stays
    await bot.feed(bot.telegram.callback_update(GROUP, "session:begin", lobby, user_id=ADMIN))
    assert len(polls(bot, GROUP)) == 1
    assert keyboard_taken_away(bot, lobby)

    await command(bot, GROUP, ADMIN, "/stop")
    await command(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    second = newest_id(bot)
    assert bot.telegram.sent(GROUP)[-1]["reply_markup"]  # the new lobby
    await command(bot, GROUP, ADMIN, "/stop")  # stopped in its lobby, never started
    tap = bot.telegram.callback_update(GROUP, "session:begin", second, user_id=ADMIN)
    await bot.feed(tap)
    answered = bot.telegram.calls_of("answerCallbackQuery")[-1].params
    assert answered.get("text") == texts.NOTHING_RUNNING
    assert keyboard_taken_away(bot, second)
    await bots.stop(bot)


def test_regression_a_score_parted_by_time_alone_did_not_show_the_time() -> None:
    """Two members both got 2 right: the board said '🥇 Ann — 2 correct', '🥈 Bob — 2
    correct' with nothing to tell why Ann was first. Where time alone parts the same
    score, the time is shown (in the group's language); the same time is one place."""
    from bot.adapters.telegram.quiz import places
    from bot.core.quiz import Standing

    ranked = [
        Standing(1, "Bob", 2, 4.0),
        Standing(2, "ann", 2, 4.04),
        Standing(3, "Cid", 2, 7.5),
        Standing(4, "Dan", 0, 0.0),
        Standing(5, "Eve", 0, 0.0),
    ]
    assert [(p, s.name) for p, s in places(ranked)] == [
        (1, "ann"),
        (1, "Bob"),
        (3, "Cid"),
        (4, "Dan"),
        (4, "Eve"),
    ]
    assert texts.quiz_score_in(lambda t: t, "2 correct", 75, "en") == "2 correct in 7.5 s"
    de = Catalogs(LOCALES).translations("de").gettext
    assert texts.quiz_score_in(de, "2 richtig", 75, "de") == "2 richtig in 7,5 s"


async def test_regression_the_retention_log_line_counted_conversations_only(
    teaching: Content,
    bots: GroupBots,
    clock: Clock,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The hourly purge logged "deleted 1 idle conversation(s)" and nothing else: the
    operator could not see that a group quiz, with its names and votes, went too, nor that
    the purge ran at all when it found nothing. Each run now logs one line of counts, with
    no ids and no names."""
    caplog.set_level(logging.INFO, logger="bot")
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    await vote(bot, await poll_id(bot, GROUP), 1001, [0])
    await command(bot, GROUP, ADMIN, "/pause")
    await bot.user(1002).send("/start")
    caplog.clear()

    await bot.spasmbot.turns.purge_idle(retention_days=30)  # nothing idle yet
    for table in ("group_sessions", "conversations"):
        await bot.storage.statements.execute(f"UPDATE {table} SET updated_at = 1")
    await bot.spasmbot.turns.purge_idle(retention_days=30)

    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("retention:")]
    assert lines == [
        "retention: deleted 0 idle conversation(s), 0 group session(s), 0 teacher quiz(zes)"
        " and 0 student homework(s)",
        "retention: deleted 1 idle conversation(s), 1 group session(s), 0 teacher quiz(zes)"
        " and 0 student homework(s)",
    ]
    assert str(GROUP) not in caplog.text and "1002" not in caplog.text
    await bots.stop(bot)


def test_a_name_is_isolated_only_where_it_could_turn_its_line_round() -> None:
    """Its own direction marks taken out, in an isolate of its own; a name written left
    to right only is shown as it is."""
    from bot.adapters.telegram.quiz import isolated

    assert isolated("Max\u202e") == "\u2068Max\u2069"
    assert isolated("\u2069\u202bדנה") == "\u2068דנה\u2069"
    assert isolated("Иван") == "Иван"  # left to right only: as it is


async def test_regression_a_quiz_paused_and_forgotten_kept_its_class_names_and_votes_for_ever(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """A quiz paused after its first question and never resumed kept the class's names and
    votes past the retention period: the hourly purge never looked at group sessions.
    Left that long, it is deleted with its votes and names, the group is not messaged, and
    a teacher coming back finds nothing running, with how to start again."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    await vote(bot, await poll_id(bot, GROUP), 1001, polls(bot, GROUP)[0]["correct_option_ids"])
    await command(bot, GROUP, ADMIN, "/pause")
    await tick(bot, clock, 31)  # counted, then paused for good
    assert await bot.count("group_players") == 1 and await bot.count("group_votes") == 1
    sent = len(bot.telegram.sent(GROUP))

    await bot.storage.purge_idle(time.time() - 3600)  # moved on within the period: kept
    assert await bot.count("group_sessions") == 1
    await bot.storage.purge_idle(time.time() + 1)  # as the hourly job, a period later
    for table in ("group_sessions", "group_polls", "group_votes", "group_players"):
        assert await bot.count(table) == 0, table
    await tick(bot, clock, 3600)
    assert len(bot.telegram.sent(GROUP)) == sent  # nothing said into a quiet group
    assert await command(bot, GROUP, ADMIN, "/next") == [texts.NOTHING_RUNNING]
    assert await command(bot, GROUP, 9, "/score") == [texts.NOTHING_RUNNING]
    (again,) = await start_session(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    assert again.startswith("Quiz: 2 questions")  # a new quiz starts as ever
    await bots.stop(bot)
