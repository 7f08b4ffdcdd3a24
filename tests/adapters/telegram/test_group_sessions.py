"""What a class noticed in group quizzes and case studies (issue 26), each through the
real PTB stack against the fake Bot API, which keeps Telegram's 20 messages a minute
per group and refuses votes in a closed poll."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.telegram import texts
from bot.assistant import Content
from bot.core.group_session import Phase
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
from tests.fakes.bot_api import GROUP_MESSAGES_PER_MINUTE

GROUP = -100600
ADMIN = 900


def fill_the_groups_minute(bot: BotHarness, clock: Clock, left: float) -> None:
    """Other messages took the group's 20 for this minute; the next may go in `left` s."""
    for _ in range(GROUP_MESSAGES_PER_MINUTE):
        bot.telegram.handle("sendMessage", {"chat_id": GROUP, "text": "earlier"}, record=False)
    clock.now += 60 - left


def poll_date(bot: BotHarness) -> float:
    """When Telegram opened the newest poll, by its clock."""
    call = bot.telegram.calls_of("sendPoll")[-1]
    assert call.at_telegram is not None and call.error is None
    return float(int(call.at_telegram))  # Telegram's dates are in whole seconds


def last_text(bot: BotHarness) -> str:
    return bot.telegram.texts(GROUP)[-1]


@pytest.mark.parametrize(
    ("start", "result"),
    [
        ("/quiz hfs 1 30", "🥇 Test — 1 correct"),
        ("/case office_worker_eyelid 30", "The group chose “None of these” (1 of 1 vote)."),
    ],
)
async def test_votes_cast_in_time_count_when_the_group_limit_held_the_poll_back(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path, start: str, result: str
) -> None:
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3", rate_limits=True)
    bot.telegram.admins.add((GROUP, ADMIN))
    fill_the_groups_minute(bot, clock, left=1.5)
    asked_at = clock.now
    await start_session(bot, GROUP, ADMIN, start)
    opened = poll_date(bot)
    assert opened - asked_at >= 1, "Telegram held the poll back: the group's minute was full"
    clock.now = opened + 29.5  # in the poll's last second, past the bot's own 30 seconds
    poll = polls(bot, GROUP)[0]
    await vote(bot, await poll_id(bot, GROUP), 1, poll.get("correct_option_ids", [4]))
    await tick(bot, clock, 1.5)
    assert result in last_text(bot)


async def test_votes_cast_while_the_bot_was_down_count_after_the_restart(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    bot = await votes_cast_while_down(teaching, bots, clock, tmp_path, members=(1, 2, 3))
    await tick(bot, clock, 3)
    assert last_text(bot).count("1 correct") == 3


async def votes_cast_while_down(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path, members: tuple[int, ...]
) -> BotHarness:
    """A one-question quiz whose `members` vote right while the bot is down (Telegram
    keeps their votes), fed to the bot started again after the poll closed."""
    database = tmp_path / "bot.sqlite3"
    bot = await bots.start(teaching, database)
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 1 30")
    poll, right = await poll_id(bot, GROUP), polls(bot, GROUP)[0]["correct_option_ids"]
    await bots.stop(bot)
    clock.now += 20
    waiting = [bot.telegram.poll_answer_update(poll, member, right) for member in members]
    clock.now += 30
    bot = await bots.start(teaching, database, telegram=bot.telegram, first_update_id=700)
    for update in waiting:
        await bot.feed(update)
    return bot


async def test_an_anonymous_admin_starts_and_stops_a_quiz(
    teaching: Content, bots: GroupBots, tmp_path: Path
) -> None:
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    before = len(bot.telegram.texts(GROUP))
    await bot.feed(bot.telegram.anonymous_admin_update(GROUP, "/quiz hfs 2 30"))
    (lobby,) = bot.telegram.texts(GROUP)[before:]
    assert lobby.startswith("Quiz: 2 questions, 30 seconds each. Vote in the polls!")
    await tap_start(bot, GROUP, ADMIN)  # buttons are tapped by name, never anonymously
    assert len(polls(bot, GROUP)) == 1
    await bot.feed(bot.telegram.anonymous_admin_update(GROUP, "/stop"))
    stopped, _final, results = bot.telegram.texts(GROUP)[-3:]
    assert stopped == texts.QUIZ_STOPPED and results == texts.RESULTS_ANONYMOUS


async def test_regression_a_quiz_started_by_an_anonymous_admin_ended_with_no_word_of_its_results(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """An admin who writes anonymously (as the group) ran a quiz: the results file goes to
    whoever started it, who could not be told, and nothing was said — the teacher waited
    for a file that never came. Now the group is told why, once, with what to do."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await bot.feed(bot.telegram.anonymous_admin_update(GROUP, "/quiz hfs 1 10"))
    await tap_start(bot, GROUP, ADMIN)
    await vote(bot, await poll_id(bot, GROUP), 1, [0])
    await tick(bot, clock, 11)
    assert not bot.telegram.calls_of("sendDocument")
    told = [t for t in bot.telegram.texts(GROUP) if "anonymously" in t]
    assert len(told) == 1 and "as yourself" in told[0]


async def test_regression_a_teacher_who_asked_to_be_forgotten_still_got_the_quizs_results(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """A teacher started a quiz in the group, then sent /forget in their private chat
    mid-quiz ('Delete everything stored about you'): their votes and name went, but the
    running session kept their user id as whoever started it, and at its end the bot
    wrote to them again, with the results file. The class's session goes on; who started
    it is forgotten, and the group is told once that the results went to nobody."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    teacher = bot.user(ADMIN)
    await teacher.send("/start")
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    right = polls(bot, GROUP)[0]["correct_option_ids"]
    for member in (ADMIN, 1, 2):
        await vote(bot, await poll_id(bot, GROUP), member, right)
    await tick(bot, clock, 31)
    await teacher.send("/forget")
    message_id, data = teacher.button(texts.FORGET_YES)
    await bot.feed(bot.telegram.callback_update(ADMIN, data, message_id))
    sessions = await bot.storage.statements.fetch("SELECT data FROM group_sessions")
    assert len(sessions) == 1 and f'"started_by":{ADMIN},' not in str(sessions[0][0])
    for table in ("group_votes", "group_players", "conversations", "users", "outbox"):
        assert await bot.count(table, "user_id = ?", ADMIN) == 0, table
    written = len([c for c in bot.telegram.calls if c.params.get("chat_id") == ADMIN])
    await tick(bot, clock, 10)  # the break, then the second question
    await vote(bot, await poll_id(bot, GROUP), 1, right)
    await tick(bot, clock, 31)
    assert "Final leaderboard" in bot.telegram.texts(GROUP)[-2]
    assert [c for c in bot.telegram.calls if c.params.get("chat_id") == ADMIN][written:] == []
    assert bot.telegram.texts(GROUP)[-1] == texts.RESULTS_FORGOTTEN
    assert await bot.count("group_replays", "data LIKE ?", f'%"started_by":{ADMIN},%') == 0


async def test_regression_a_group_step_under_way_wrote_the_forgotten_starter_back(
    teaching: Content, bots: GroupBots, tmp_path: Path
) -> None:
    """A step of the group's session that had read it before the teacher's /forget (a
    poll being closed, counted) and wrote it after wrote the teacher's user id back as
    its starter. A forgotten starter stays forgotten."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    teacher = bot.user(ADMIN)
    await teacher.send("/start")
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    store = bot.spasmbot.classroom.store
    read_before = await store.load(GROUP)
    assert read_before is not None and read_before.started_by == ADMIN
    await teacher.send("/forget")
    message_id, data = teacher.button(texts.FORGET_YES)
    await bot.feed(bot.telegram.callback_update(ADMIN, data, message_id))
    read_before.pause_after = True
    await store.save(read_before)  # ... written after it
    after = await store.load(GROUP)
    assert after is not None and after.started_by == 0 and after.pause_after


@pytest.mark.parametrize(
    "start", ["/quiz hfs 3 30", "/case office_worker_eyelid 30"], ids=["quiz", "case"]
)
async def test_regression_a_bot_without_the_right_to_send_polls_said_it_was_interrupted(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path, start: str
) -> None:
    """An admin took from the bot the right to send polls mid-session (the group's
    permissions, or its admin rights): Telegram refused the next poll ('not enough rights
    to send polls to the chat'), the schedule sent it again every second, for ever, and
    the class read 'The bot was interrupted while sending the next poll, so here it is
    again' above no poll. Now the session waits with the round not asked, the group is
    told once what right to give back, and /next asks it once the right is back."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, start)
    options = [option["text"] for option in polls(bot, GROUP)[0]["options"]]
    chosen = options.index("None of these") if "None of these" in options else 0
    await vote(bot, await poll_id(bot, GROUP), 1, [chosen])
    refusal = "Bad Request: not enough rights to send polls to the chat"
    bot.telegram.fail("sendPoll", error="bad_request", description=refusal, times=1000)
    await tick(bot, clock, 31)  # counted; a case study asks its next poll at once
    await tick(bot, clock, 30)  # a quiz's break is over
    for _ in range(20):
        await tick(bot, clock, 1)
    assert len(bot.telegram.calls_of("sendPoll")) == 2  # the first, and one refused
    said = bot.telegram.texts(GROUP)
    assert not any("interrupted" in text for text in said)
    assert said[-1] == texts.POLLS_FORBIDDEN_SESSION_WAITS

    bot.telegram.clear_failures()  # an admin gave the right back
    await command(bot, GROUP, ADMIN, "/next")
    assert len(bot.telegram.calls_of("sendPoll")) == 3
    assert not any("interrupted" in text for text in bot.telegram.texts(GROUP))
    assert polls(bot, GROUP)[-1]["question"] == polls(bot, GROUP)[-2]["question"]


async def test_regression_a_member_with_an_english_app_was_answered_in_english_mid_quiz(
    teaching: Content, bots: GroupBots, tmp_path: Path
) -> None:
    """A teacher whose Telegram is in Russian ran a quiz in a group nobody had set a
    language for (/language): the quiz spoke Russian, but a member whose app is in English
    sending /stop, /next or /help mid-quiz was answered in English, in front of the
    class. While a session runs in a group with no language chosen, the session's language
    is the group's."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))

    async def sends(user: int, text: str, language: str) -> list[str]:
        before = len(bot.telegram.texts(GROUP))
        update = bot.telegram.message_update(GROUP, text, user_id=user, language_code=language)
        await bot.feed(update)
        return bot.telegram.texts(GROUP)[before:]

    (lobby,) = await sends(ADMIN, "/quiz hfs 2 30", "ru")
    assert lobby.startswith("Викторина")
    russian = Catalogs(LOCALES).translations("ru").gettext
    (refused,) = await sends(1, "/stop", "en")
    assert refused == russian(texts.TEACHING_ADMINS_ONLY)
    (helped,) = await sends(1, "/help", "en")
    assert helped.startswith(russian(texts.GROUP_HELP)[:20])
    await sends(ADMIN, "/stop", "ru")
    (after,) = await sends(1, "/help", "en")  # nothing runs: the member's own language
    assert after.startswith("In a group I teach")


def as_a_channel(bot: BotHarness, text: str, automatic: bool = False) -> dict[str, object]:
    """`text` sent in the group on behalf of a channel (Telegram names Channel_Bot as the
    sender, the channel as `sender_chat`); `automatic`: the channel's own post, forwarded
    by Telegram to its discussion group."""
    update = bot.telegram.message_update(GROUP, text, user_id=136817688)
    update["message"]["from"] = {"id": 136817688, "is_bot": True, "first_name": "Channel"}
    update["message"]["sender_chat"] = {"id": -100555, "type": "channel", "title": "Dr A"}
    if automatic:
        update["message"]["is_automatic_forward"] = True
    return update


async def test_regression_a_command_sent_as_a_channel_was_ignored_in_silence(
    teaching: Content, bots: GroupBots, tmp_path: Path
) -> None:
    """A teacher who posts in the group as their channel sent /quiz: nothing happened,
    nor for /help or /start — the bot cannot tell who sends as a channel, and said
    nothing. Now each gets, once, what to do (send it as yourself); nothing starts."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    for text in ("/quiz hfs 2 30", "/stop", "/help", "/start"):
        update = as_a_channel(bot, text)
        before = len(bot.telegram.texts(GROUP))
        delivered = await bot.feed(update)
        await bot.feed(update, delivered)  # Telegram delivers it again after a crash: said once
        (said,) = bot.telegram.texts(GROUP)[before:]
        assert "on behalf of a channel" in said and "as yourself" in said, text
    assert await bot.spasmbot.classroom.store.load(GROUP) is None
    before = len(bot.telegram.texts(GROUP))
    await bot.feed(as_a_channel(bot, "/quiz@another_bot hfs"))
    await bot.feed(as_a_channel(bot, "/quiz hfs 2 30", automatic=True))
    assert bot.telegram.texts(GROUP)[before:] == []


async def test_options_are_shuffled_per_poll_and_scored_by_what_the_poll_showed(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    orders: set[tuple[str, ...]] = set()
    for _round in range(12):
        await start_session(bot, GROUP, ADMIN, "/quiz hfs 1 30")
        shown = polls(bot, GROUP)[-1]
        options = tuple(o if isinstance(o, str) else o["text"] for o in shown["options"])
        orders.add(options)
        (right,) = shown["correct_option_ids"]
        assert options[right] == "B"  # the bank's right answer, wherever it stands
        await vote(bot, await poll_id(bot, GROUP), 1, [right])
        await tick(bot, clock, 31)
        assert "1 correct" in last_text(bot)
    assert len(orders) > 1, "the options came in one order every time"


async def test_stop_closes_the_open_poll_for_everyone(
    teaching: Content, bots: GroupBots, tmp_path: Path
) -> None:
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    poll = await poll_id(bot, GROUP)
    await command(bot, GROUP, ADMIN, "/stop")
    assert not bot.telegram.poll_open(poll)
    assert [c.error for c in bot.telegram.calls_of("stopPoll")] == [None]


async def test_score_during_an_open_question_does_not_tell_who_answered_it(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    await vote(bot, await poll_id(bot, GROUP), 1, polls(bot, GROUP)[0]["correct_option_ids"])
    (score,) = await command(bot, GROUP, 9, "/score")
    assert texts.QUIZ_NOBODY in score and "Member" not in score
    await tick(bot, clock, 31)
    await tick(bot, clock, 10)  # question 2 is open: question 1's votes are shown
    (score,) = await command(bot, GROUP, 9, "/score")
    assert "1 correct" in score


async def test_a_close_done_again_after_a_crash_posts_its_message_once(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """The process dies while it writes a question's close (its result, the session's
    next state): after the restart the close is done again, and posted once."""
    database = tmp_path / "bot.sqlite3"
    bot = await bots.start(teaching, database)
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 2 30")

    async def crash(*_args: object) -> bool:
        raise RuntimeError("the process died")

    bot.storage.commit = crash  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        await tick(bot, clock, 31)  # the poll was stopped; nothing of the close was written
    assert not [t for t in bot.telegram.texts(GROUP) if t.startswith("<b>Answer:</b>")]
    await bots.stop(bot)
    bot = await bots.start(teaching, database, telegram=bot.telegram, first_update_id=800)
    await tick(bot, clock, 3)  # the close is done again
    await tick(bot, clock, 10)
    answers = [t for t in bot.telegram.texts(GROUP) if t.startswith("<b>Answer:</b>")]
    assert len(answers) == 1 and len(polls(bot, GROUP)) == 2


async def test_regression_another_bots_bare_command_in_a_group_got_the_group_help(
    teaching: Content, bots: GroupBots, tmp_path: Path
) -> None:
    """In a group with a moderation bot, an admin's /warn and /ban (meant for it) each
    got spasmbot's whole group help: noise under every moderation. A bare command that
    is not the bot's is left alone in a group; one addressed to the bot (`/x@bot`) is
    answered with the group help, and the bot's own commands are answered as before."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    for other in ("/warn", "/ban @troll", "/leaderboard", "/rules"):
        assert await command(bot, GROUP, 5, other) == [], other
    name = bot.telegram.username
    assert await command(bot, GROUP, 5, f"/leaderboard@{name}") == [texts.GROUP_HELP]
    assert await command(bot, GROUP, 5, "/start") == [texts.GROUP]  # a consultation: in private
    assert await command(bot, GROUP, 5, "/myquizzes") == [texts.GROUP_HELP]  # a teacher's
    assert await command(bot, GROUP, 5, "/help") == [texts.GROUP_HELP]
    assert await command(bot, GROUP, 5, "/score") == [texts.NOTHING_RUNNING]


def reply_update(bot: BotHarness, message_id: int, text: str, user: int) -> dict[str, Any]:
    """`user` answers the group's message `message_id` with Telegram's Reply: `text`."""
    replied = {"message_id": message_id, "date": 0, "chat": {"id": GROUP, "type": "supergroup"}}
    return bot.telegram.message_update(GROUP, text, user_id=user, reply_to_message=replied)


async def reply_to(bot: BotHarness, message_id: int, text: str, user: int) -> list[str]:
    """The texts the bot posted for `user`'s Reply `text` to message `message_id`."""
    before = len(bot.telegram.texts(GROUP))
    await bot.feed(reply_update(bot, message_id, text, user))
    return bot.telegram.texts(GROUP)[before:]


@pytest.mark.parametrize("start", ["/quiz hfs 2 30", "/case office_worker_eyelid 30"])
async def test_regression_students_who_replied_2_to_a_quiz_poll_were_not_answered(
    teaching: Content, bots: GroupBots, tmp_path: Path, start: str
) -> None:
    """Students answered the quiz's poll with a Reply: "2", "B", "the second one". The
    bot said nothing and scored nothing; they thought they had answered. The class is
    told once a round, in the session's language, that only a tap in the poll counts;
    later replies in the round, a reply to another message and the same update
    delivered again say nothing more."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, start)
    session = await bot.spasmbot.classroom.store.load(GROUP)
    assert session is not None and session.poll_message_id is not None
    poll = session.poll_message_id

    assert await reply_to(bot, poll, "2", user=11) == [texts.REPLY_IS_NO_VOTE]
    assert await reply_to(bot, poll, "B", user=12) == []
    assert await reply_to(bot, poll - 1, "the second one", user=13) == []  # not the poll
    assert await bot.spasmbot.classroom.store.answers(GROUP) == []  # nothing scored

    await bot.feed(bot.telegram.message_update(GROUP, "/next", user_id=ADMIN))
    session = await bot.spasmbot.classroom.store.load(GROUP)
    assert session is not None and session.round == 1 and session.phase is Phase.ASKING
    assert session.poll_message_id is not None
    update = reply_update(bot, session.poll_message_id, "3", user=11)
    before = len(bot.telegram.texts(GROUP))
    delivered = await bot.feed(update)
    await bot.feed(update, delivered)  # delivered again after a crash: said once
    assert bot.telegram.texts(GROUP)[before:] == [texts.REPLY_IS_NO_VOTE]


async def test_no_medal_without_a_correct_answer_and_one_final_board(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 1 30")
    (right,) = polls(bot, GROUP)[0]["correct_option_ids"]
    poll = await poll_id(bot, GROUP)
    await vote(bot, poll, 1, [right])
    await vote(bot, poll, 2, [1 - right])
    before = len(bot.telegram.texts(GROUP))
    await tick(bot, clock, 31)
    await tick(bot, clock, 60)
    (closing,) = bot.telegram.texts(GROUP)[before:]  # one message, the final board in it
    assert texts.QUIZ_TOP not in closing and closing.count(texts.QUIZ_FINAL) == 1
    lines = closing.splitlines()
    assert any(line.startswith("🥇") and "1 correct" in line for line in lines)
    assert any(line.startswith("2. ") and "0 correct" in line for line in lines)
    assert not any(line.startswith("🥈") for line in lines)


async def test_a_raised_vote_length_is_stated(
    teaching: Content, content: Content, bots: GroupBots, tmp_path: Path
) -> None:
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    (started,) = await start_session(bot, GROUP, ADMIN, "/quiz hfs 1 3")
    assert "Polls stay open at least 10 seconds, so each gets 10." in started
    assert polls(bot, GROUP)[0]["open_period"] == 10
    await command(bot, GROUP, ADMIN, "/stop")
    (story,) = await command(bot, GROUP, ADMIN, "/case office_worker_eyelid 5")
    assert "Polls stay open at least 15 seconds, so each gets 15." in story


async def test_fifty_players_voting_in_each_polls_last_second_lose_no_vote_within_the_limit(
    content: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """The measurement of issue 26: a 10-question quiz of 10-second polls, 50 players
    all voting in the last second of each. Every vote counts, the group never gets more
    than Telegram's 20 messages a minute, and each question costs two messages."""
    bot = await bots.start(content, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    players, questions = range(3000, 3050), 10
    started = clock.now
    await start_session(bot, GROUP, ADMIN, f"/quiz {questions} 10")
    right_answers = dict.fromkeys(players, 0)
    handling: list[float] = []
    for number in range(questions):
        poll = polls(bot, GROUP)[number]
        clock.now = poll_date(bot) + poll["open_period"] - 0.5  # the poll's last second
        (right,) = poll["correct_option_ids"][:1]
        wrong = (right + 1) % len(poll["options"])
        poll_ref = await poll_id(bot, GROUP)
        for player in players:
            chosen = right if (player + number) % 3 else wrong
            right_answers[player] += chosen == right and len(poll["correct_option_ids"]) == 1
            began = time.perf_counter()
            await vote(bot, poll_ref, player, [chosen])
            handling.append(time.perf_counter() - began)
        await tick(bot, clock, 1.5)  # counted just after the close
        if number < questions - 1:
            await tick(bot, clock, 8)  # the break, then the next question
    assert await bot.count("group_sessions") == 0
    final = last_text(bot)
    board = [line for line in final.splitlines() if " correct" in line and "— " in line]
    counted = sum(int(line.rsplit("— ", 1)[1].split()[0]) for line in board)
    assert counted == sum(right_answers.values())
    assert not [c for c in bot.telegram.calls if c.error == "retry_after"]
    most = bot.telegram.group_messages_per_minute(GROUP)
    in_group = [c for c in bot.telegram.calls if c.params.get("chat_id") == GROUP]
    messages = len([c for c in in_group if c.method.startswith("send")])
    assert most <= GROUP_MESSAGES_PER_MINUTE and messages == 1 + 2 * questions
    handling.sort()
    print(
        f"\n{len(handling)} votes, {sum(right_answers.values())} right, all counted;"
        f" {messages} messages, at most {most} in a minute;"
        f" quiz took {clock.now - started:.0f} s of Telegram time;"
        f" vote handled in p50 {handling[len(handling) // 2] * 1000:.1f} ms,"
        f" p99 {handling[int(len(handling) * 0.99)] * 1000:.1f} ms"
    )


async def test_a_quiz_waits_in_its_lobby_until_an_admin_taps_start(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """Issue 26: students gather first; only an admin's Start sends the first poll."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    (lobby,) = await command(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    assert lobby.endswith("<i>Admins: tap Start when everyone is here.</i>")
    button = bot.telegram.sent(GROUP)[-1]["reply_markup"]["inline_keyboard"][0][0]
    assert button == {"text": "▶ Start", "callback_data": "session:begin"}
    await tick(bot, clock, 600)  # the lobby waits as long as the class needs
    await tap_start(bot, GROUP, 5)  # not an admin
    assert polls(bot, GROUP) == []
    toasts = [c.params.get("text") for c in bot.telegram.calls_of("answerCallbackQuery")]
    assert toasts == [texts.TEACHING_ADMINS_ONLY]
    await tap_start(bot, GROUP, ADMIN)
    assert len(polls(bot, GROUP)) == 1
    await tap_start(bot, GROUP, ADMIN)  # tapped again: it has started
    assert len(polls(bot, GROUP)) == 1
    toasts = [c.params.get("text") for c in bot.telegram.calls_of("answerCallbackQuery")]
    assert toasts == [texts.TEACHING_ADMINS_ONLY, None, texts.SESSION_STARTED]
    (score,) = await command(bot, GROUP, 9, "/score")
    assert texts.QUIZ_NOBODY in score


async def test_quiz_again_runs_the_last_quiz_for_another_class(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    assert await command(bot, GROUP, ADMIN, "/quiz again") == [texts.QUIZ_NOTHING_TO_REPLAY]
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 2 20")
    await tick(bot, clock, 21)
    await tick(bot, clock, 10)
    await tick(bot, clock, 21)  # the first class is done
    first = [p["question"] for p in polls(bot, GROUP)]
    (lobby,) = await start_session(bot, GROUP, ADMIN, "/quiz again")
    assert lobby.startswith("Quiz: 2 questions, 20 seconds each.")
    await tick(bot, clock, 21)
    await tick(bot, clock, 10)
    assert [p["question"] for p in polls(bot, GROUP)[2:]] == first


async def test_a_finished_quiz_names_the_hardest_questions_and_sends_the_admin_its_results(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 2 20")
    for number, right_voters in enumerate([(1, 2), (1,)]):
        poll = polls(bot, GROUP)[number]
        (right,) = poll["correct_option_ids"]
        ref = await poll_id(bot, GROUP)
        for member in (1, 2):
            await vote(bot, ref, member, [right if member in right_voters else 1 - right])
        await tick(bot, clock, 21)
        await tick(bot, clock, 10)
    final = last_text(bot)
    assert final.endswith("Hardest: question 2, 50% right.")
    (sent,) = bot.telegram.calls_of("sendDocument")
    assert sent.params["chat_id"] == ADMIN and sent.params["caption"] == texts.RESULTS_CAPTION
    rows = list(csv.reader(io.StringIO(sent.params["document"].content.decode("utf-8-sig"))))
    assert rows[0] == ["Player", "Correct", "Seconds", "Q1", "Q2"]
    assert [row[1:2] + row[3:] for row in rows[1:]] == [["2", "1", "1"], ["1", "1", "0"]]


async def test_a_result_telegram_did_not_take_before_a_restart_is_posted_once_after_it(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """Group posts wait in the outbox as private replies do: sent once, after the restart."""
    database = tmp_path / "bot.sqlite3"
    bot = await bots.start(teaching, database)
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    bot.telegram.fail("sendMessage", error="network", times=10)
    await tick(bot, clock, 31)  # the question closes; its message cannot go out
    assert not [t for t in bot.telegram.texts(GROUP) if t.startswith("<b>Answer:</b>")]
    await bots.stop(bot)
    bot.telegram.clear_failures()
    bot = await bots.start(teaching, database, telegram=bot.telegram, first_update_id=900)
    await tick(bot, clock, 3)
    await tick(bot, clock, 10)
    answers = [t for t in bot.telegram.texts(GROUP) if t.startswith("<b>Answer:</b>")]
    assert len(answers) == 1 and len(polls(bot, GROUP)) == 2


@pytest.mark.parametrize("language", ["en", "ru"])
async def test_regression_results_for_an_admin_without_a_private_chat_vanished_unsaid(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path, language: str
) -> None:
    """A teacher who never opened a private chat with the bot ran a quiz: Telegram refused
    the results file (a bot may not write first), the log said so, and the teacher waited
    for a file that never came. The group is told why, with a button to open the chat."""
    _ = Catalogs(LOCALES).translations(language).gettext
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    refused = "Forbidden: bot can't initiate conversation with a user"
    bot.telegram.fail("sendDocument", error="forbidden", description=refused)
    await bot.feed(bot.telegram.message_update(GROUP, "/quiz hfs 1 20", ADMIN, language))
    await tap_start(bot, GROUP, ADMIN)
    await tick(bot, clock, 21)
    (notice,) = [m for m in bot.telegram.sent(GROUP) if _(texts.RESULTS_UNDELIVERED) in m["text"]]
    assert language == "en" or notice["text"] != texts.RESULTS_UNDELIVERED  # translated
    (button,) = notice["reply_markup"]["inline_keyboard"][0]
    assert button["text"] == _(texts.GROUP_BUTTON)
    assert button["url"].startswith(f"https://t.me/{bot.telegram.username}")


async def test_an_admin_with_a_private_chat_gets_no_notice_in_the_group(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """The notice is for a refused file only: a teacher who has a chat gets no notice."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 1 20")
    await tick(bot, clock, 21)
    assert bot.telegram.calls_of("sendDocument")
    assert not [t for t in bot.telegram.texts(GROUP) if texts.RESULTS_UNDELIVERED in t]


async def test_regression_members_tied_on_score_and_time_got_different_medals(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """Three members answered right while the bot was down: Telegram does not say when a
    vote was cast, so each counts as cast at the close — the same score in the same time.
    The board gave them 🥇, 🥈 and 🥉 by their user ids (whoever joined Telegram first
    won); a tie is now shown as one: the same place for each, in a stable order."""
    bot = await votes_cast_while_down(teaching, bots, clock, tmp_path, members=(3, 1, 2))
    await tick(bot, clock, 3)
    board = [line for line in last_text(bot).splitlines() if "1 correct" in line]
    assert len(board) == 3
    assert all(line.startswith("🥇 ") for line in board), board


async def test_regression_the_results_file_garbled_cyrillic_in_excel_and_ran_a_members_formula(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """A teacher double-tapped quiz-results.csv: Excel read the plain UTF-8 in the
    computer's code page ('Иван' as 'Ð˜Ð²Ð°Ð½'), and a member named
    '=HYPERLINK("http://x.example","Open")' was a formula the spreadsheet ran. The file
    is now marked as UTF-8 and a name that begins as a formula does is kept as text."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 1 20")
    (right,) = polls(bot, GROUP)[0]["correct_option_ids"]
    poll = await poll_id(bot, GROUP)
    for member, name in [(1, "Иван"), (2, '=HYPERLINK("http://x.example","Open")')]:
        update = bot.telegram.poll_answer_update(poll, member, [right])
        update["poll_answer"]["user"].update(first_name=name, last_name="")
        await bot.feed(update)
    await tick(bot, clock, 21)
    (sent,) = bot.telegram.calls_of("sendDocument")
    content = sent.params["document"].content
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8, said so for Excel
    names = [row[0] for row in csv.reader(io.StringIO(content.decode("utf-8-sig")))][1:]
    assert sorted(names) == sorted(["Иван", '\'=HYPERLINK("http://x.example","Open")'])


async def test_regression_a_name_with_a_right_to_left_override_turned_its_score_round(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """A member named 'Max' with a right-to-left override after it (U+202E, chosen to
    look odd), or written in Hebrew: the rest of the board's line, '— 1 correct', was
    shown back to front, and a score seemed another's. The name is now shown in an
    isolate of its own (FSI … PDI), its own direction marks taken out."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 1 20")
    (right,) = polls(bot, GROUP)[0]["correct_option_ids"]
    poll = await poll_id(bot, GROUP)
    for member, name in [(1, "Max\u202e"), (2, "דנה")]:
        update = bot.telegram.poll_answer_update(
            poll, member, [right if member == 1 else 1 - right]
        )
        update["poll_answer"]["user"].update(first_name=name, last_name="")
        await bot.feed(update)
    await tick(bot, clock, 21)
    lines = last_text(bot).splitlines()
    assert "🥇 \u2068Max\u2069 — 1 correct" in lines
    assert "2. \u2068דנה\u2069 — 0 correct" in lines


@pytest.mark.parametrize(
    "typed",
    ["/quiz\nhfs 2 30", "/quiz@SpasmBot_Test_Bot\nhfs 2 30", "/quiz\thfs   2   30 "],
)
async def test_regression_quiz_with_a_line_break_after_it_said_nothing_is_running(
    teaching: Content, bots: GroupBots, tmp_path: Path, typed: str
) -> None:
    """A teacher typed /quiz, Enter (a new line, on a phone), then the topic and counts:
    the group read "Nothing is running here. A group admin can start a quiz with /quiz",
    to the admin who just had; "/quiz@bot⏎…" was taken for another bot's command and
    ignored. The command ends at any white space, as Telegram's entity ends it."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    (lobby,) = await command(bot, GROUP, ADMIN, typed)
    assert lobby.startswith("Quiz: 2 questions, 30 seconds each."), lobby
    before = len(bot.telegram.texts(GROUP))
    await bot.feed(bot.telegram.message_update(GROUP, "/quiz@otherbot\nhfs", user_id=ADMIN))
    assert bot.telegram.texts(GROUP)[before:] == []


def edited_command(bot: BotHarness, text: str, user: int = ADMIN) -> dict[str, object]:
    """The group message `text` edited (Telegram sends the message again, as edited)."""
    update = bot.telegram.edited_message_update(GROUP, text, user_id=user)
    command_length = len(text.split(maxsplit=1)[0])
    update["edited_message"]["entities"] = [
        {"type": "bot_command", "offset": 0, "length": command_length}
    ]
    return update


async def test_regression_a_quiz_command_put_right_by_an_edit_changed_nothing_in_silence(
    teaching: Content, bots: GroupBots, tmp_path: Path
) -> None:
    """A teacher sent "/quiz hfs 2 3" (the lobby said 10 seconds a question), then edited
    it to "/quiz hfs 2 30": nothing happened and nothing was said; so for "/stpo" edited
    to "/stop" — the quiz ran on while the teacher thought it stopped. The edit still
    changes nothing, and the group is told so, once, in its language; an edited message
    that is no command of the bot's (another bot's, chatter) stays unanswered."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    (lobby,) = await command(bot, GROUP, ADMIN, "/quiz hfs 2 3")
    assert "10 seconds" in lobby
    edit = edited_command(bot, "/quiz hfs 2 30")
    before = len(bot.telegram.texts(GROUP))
    delivered = await bot.feed(edit)
    await bot.feed(edit, delivered)  # delivered again after a crash: said once
    (said,) = bot.telegram.texts(GROUP)[before:]
    assert said == texts.EDITED_COMMAND
    session = await bot.spasmbot.classroom.store.load(GROUP)
    assert session is not None and session.seconds == 10  # the edit changed nothing

    await bot.feed(edited_command(bot, "/stop@SpasmBot_Test_Bot"))
    assert bot.telegram.texts(GROUP)[-1] == texts.EDITED_COMMAND
    assert await bot.spasmbot.classroom.store.load(GROUP) is not None

    before = len(bot.telegram.texts(GROUP))
    await bot.feed(edited_command(bot, "/quiz@another_bot hfs"))
    await bot.feed(bot.telegram.edited_message_update(GROUP, "see you all at 5", user_id=55))
    assert bot.telegram.texts(GROUP)[before:] == []

    await command(bot, GROUP, ADMIN, "/stop")
    update = edited_command(bot, "/stop")  # nothing runs: the sender's app language
    update["edited_message"]["from"]["language_code"] = "ru"
    await bot.feed(update)
    russian = Catalogs(LOCALES).translations("ru").gettext
    assert bot.telegram.texts(GROUP)[-1] == russian(texts.EDITED_COMMAND) != texts.EDITED_COMMAND


@pytest.mark.parametrize("into", ["/help", "/start learn_hfs", "/qiuz hfs 2 30"])
async def test_regression_a_teachers_quiz_edited_into_another_command_was_ignored_in_silence(
    teaching: Content, bots: GroupBots, tmp_path: Path, into: str
) -> None:
    """A teacher's "/quiz hfs 2 3" edited into another command of the bot's (/help, a
    deep link, a typo of a command) got no word at all: only an edit into a session
    command was told that edits change nothing. Any of the bot's commands edited in a
    group is told so now; the lobby is as it was."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await command(bot, GROUP, ADMIN, "/quiz hfs 2 3")
    before = len(bot.telegram.texts(GROUP))
    await bot.feed(edited_command(bot, into))
    assert bot.telegram.texts(GROUP)[before:] == [texts.EDITED_COMMAND]
    session = await bot.spasmbot.classroom.store.load(GROUP)
    assert session is not None and session.phase is Phase.LOBBY and session.seconds == 10


def anonymous_vote(bot: BotHarness, poll: str, voter: dict[str, object], options: list[int]):
    """A vote cast anonymously — as a channel, or by an anonymous admin as the group — as
    Telegram delivers it: `voter_chat` names the voter, and `user` is @Channel_Bot (id
    136817688), for bots older than `voter_chat`."""
    update = bot.telegram.poll_answer_update(poll, 136817688, options)
    update["poll_answer"]["user"] = {"id": 136817688, "is_bot": True, "first_name": "Channel"}
    update["poll_answer"]["voter_chat"] = voter
    return update


async def test_regression_votes_cast_as_a_channel_put_channel_on_the_board(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """Two members voted as their channels (and an anonymous admin as the group): the
    leaderboard showed a player named "Channel" — Telegram's @Channel_Bot, which it names
    as the user of every anonymous vote — with the last such vote, the others overwritten.
    Anonymous votes are not a member's to score: the board shows the members only."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 1 30")
    poll, right = await poll_id(bot, GROUP), polls(bot, GROUP)[0]["correct_option_ids"]
    wrong = [(right[0] + 1) % len(polls(bot, GROUP)[0]["options"])]
    await vote(bot, poll, 1, right)
    channels = [
        {"id": -100555, "type": "channel", "title": "Dr A"},
        {"id": -100556, "type": "channel", "title": "Dr B"},
        {"id": GROUP, "type": "supergroup", "title": "Class"},
    ]
    for voter, options in zip(channels, [right, wrong, right], strict=True):
        await bot.feed(anonymous_vote(bot, poll, voter, options))
    await tick(bot, clock, 31)
    board = [line for line in last_text(bot).splitlines() if "correct" in line]
    assert board == ["🥇 Test — 1 correct"], board
    assert "Channel" not in last_text(bot)


async def test_regression_forget_sent_in_the_group_said_health_is_asked_only_in_private(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """A member who sent /forget in the group mid-quiz ('delete what you keep about me')
    was told 'For your privacy I ask about health only in a private chat', a word of
    health and not of deleting; the button began a consultation, and their name and votes
    stayed on the board and in the results file. Now they are told where /forget works,
    and the button opens the private chat at /forget's question; once they said yes, the
    board goes on without them and the others' scores stay right."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    right = polls(bot, GROUP)[0]["correct_option_ids"]
    for member in (1, 2):
        await vote(bot, await poll_id(bot, GROUP), member, right)
    said = await command(bot, GROUP, 2, "/forget")
    assert said == [texts.GROUP_FORGET]
    (button,) = bot.telegram.sent(GROUP)[-1]["reply_markup"]["inline_keyboard"][0]
    assert button["url"] == "https://t.me/spasmbot_test_bot?start=forget"
    member = bot.user(2)
    assert await member.send("/start forget") == [texts.FORGET_CONFIRM]
    assert await bot.count("conversations", "user_id = ?", 2) == 0  # no consultation begun
    await member.click(texts.FORGET_YES)
    for table in ("group_votes", "group_players", "conversations", "users"):
        assert await bot.count(table, "user_id = ?", 2) == 0, table
    await tick(bot, clock, 31)
    board = bot.telegram.texts(GROUP)[-1]
    assert "Leaders so far" in board and board.count("— 1 correct") == 1


async def test_regression_a_bot_restricted_mid_quiz_and_given_its_rights_back_waited_in_silence(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """An admin restricted the bot mid-quiz (no text, no polls): the round's result and
    the notice that the quiz waits for /next were both refused, so nobody was told
    anything; when the admin made the bot an admin again the quiz still waited, in
    silence, for a /next nobody knew to send. Rights given back (Telegram's
    my_chat_member) now let the waiting question go out at once."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    await vote(bot, await poll_id(bot, GROUP), 1, [0])
    await bot.feed(bot.telegram.my_chat_member_update(GROUP, "restricted"))
    for method, refusal in (
        ("sendMessage", "Bad Request: not enough rights to send text messages to the chat"),
        ("sendPoll", "Bad Request: not enough rights to send polls to the chat"),
    ):
        bot.telegram.fail(method, error="bad_request", description=refusal, times=1000)
    await tick(bot, clock, 31)  # counted: its result refused
    await tick(bot, clock, 30)  # the break is over: the poll refused, the notice too
    for _ in range(5):
        await tick(bot, clock, 1)
    assert len(bot.telegram.calls_of("sendPoll")) == 2

    bot.telegram.clear_failures()
    await bot.feed(bot.telegram.my_chat_member_update(GROUP, "administrator"))
    await tick(bot, clock, 1)
    assert len(bot.telegram.calls_of("sendPoll")) == 3  # the question that waited
    assert polls(bot, GROUP)[-1]["question"].startswith("2/2")
    await vote(bot, await poll_id(bot, GROUP), 1, [0])
    await tick(bot, clock, 31)
    assert await bot.spasmbot.classroom.store.load(GROUP) is None  # finished


@pytest.mark.parametrize(
    ("method", "error"),
    [
        ("sendDocument", "retry_after"),
        ("sendDocument", "network"),
        ("sendMessage", "retry_after"),
        ("sendMessage", "network"),
    ],
)
async def test_regression_the_teachers_results_were_lost_to_flood_control_or_a_network_blip(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path, method: str, error: str
) -> None:
    """The results file and the 'Right answers, question by question' summary go to the
    teacher's private chat directly, not through the outbox: Telegram's flood control
    (429) or a dropped connection lost either with one INFO line, the teacher waiting for
    results that never came. Each is now tried again, a bounded number of times."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 1 20")
    # sendMessage: the round's result in the group goes first (through the outbox); the
    # teacher's summary after the file is the call that fails.
    after = 0 if method == "sendDocument" else len(bot.telegram.calls_of("sendMessage")) + 1
    bot.telegram.fail(method, error=error, retry_after=1, times=2, after=after)
    await tick(bot, clock, 21)
    documents = [c for c in bot.telegram.calls_of("sendDocument") if c.error is None]
    assert len(documents) == 1 and documents[0].params["chat_id"] == ADMIN
    summaries = [m["text"] for m in bot.telegram.sent(ADMIN)]
    assert [s for s in summaries if s.startswith(texts.RESULTS_BY_QUESTION)]


async def test_regression_a_bot_that_lost_the_right_to_send_text_mid_quiz_left_the_teacher_untold(
    teaching: Content,
    bots: GroupBots,
    clock: Clock,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An admin took away the bot's right to send text mid-quiz (polls still allowed):
    every round's answer and score Telegram refused ('not enough rights to send text
    messages') was dropped, and the teacher who started the quiz was never told. They are
    now told once, in their private chat, what happened and how to fix it; the log says
    so without names or text, and nothing is tried for ever."""
    from tests.fakes.failures import error_answer

    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    refusal = "Bad Request: not enough rights to send text messages to the chat"
    handle = bot.telegram.handle

    def muted(method: str, params: dict, **kwargs: bool):  # type: ignore[no-untyped-def]
        if method.lower() == "sendmessage" and str(params.get("chat_id")) == str(GROUP):
            return error_answer(400, refusal)
        return handle(method, params, **kwargs)

    bot.telegram.handle = muted  # type: ignore[method-assign]
    before = len(bot.telegram.sent(ADMIN))
    await tick(bot, clock, 31)  # the first round's answer: refused
    await tick(bot, clock, 30)  # the second poll goes out
    await tick(bot, clock, 31)  # its answer and the final board: refused
    told = [m["text"] for m in bot.telegram.sent(ADMIN)[before:]]
    assert told.count(texts.SESSION_TEXT_REFUSED) == 1, told
    assert bot.telegram.calls_of("sendDocument")  # the results still came
    warnings = [r.getMessage() for r in caplog.records if "send text" in r.getMessage()]
    assert warnings and all("Test" not in w and str(ADMIN) not in w for w in warnings)


async def test_regression_forget_left_the_members_name_on_a_board_waiting_to_be_posted(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """A member said yes to /forget while the round's board naming them waited in the
    outbox (Telegram's flood control, the network): their conversation, name and votes
    were deleted, yet the board went out after, 'Zelda — 1 correct' for the class to
    read. A waiting post no longer names them; the others' lines are as they were."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    member = bot.user(2)
    await member.send("/start")
    await member.click("None of these")  # in the middle of a consultation
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 2 30")
    right = polls(bot, GROUP)[0]["correct_option_ids"]
    for user, name in ((1, "Ann"), (2, "Zelda")):
        update = bot.telegram.poll_answer_update(await poll_id(bot, GROUP), user, right)
        update["poll_answer"]["user"]["first_name"] = name
        await bot.feed(update)
    bot.telegram.fail("sendMessage", error="timeout", times=3)
    await tick(bot, clock, 31)  # the round's board waits in the outbox
    assert await bot.count("outbox", "chat_id = ?", GROUP) == 1
    await member.send("/forget")
    await member.click(texts.FORGET_YES)
    await bot.spasmbot.turns.redeliver_backlog(bot.app.bot)
    board = bot.telegram.texts(GROUP)[-1]
    assert "Leaders so far" in board and "Ann — 1 correct" in board
    assert "Zelda" not in board
    for table in ("conversations", "users", "outbox", "group_votes", "group_players"):
        assert await bot.count(table, "user_id = ?", 2) == 0, table


async def test_regression_flood_control_on_a_quiz_poll_told_the_class_the_bot_was_interrupted(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """Telegram's flood control refused a question's poll (429, retry after 5 s, once
    the rate limiter's own tries were spent): the schedule sent it again the very next
    second, against Telegram's wait, under "The bot was interrupted while sending the
    next poll … vote in the one below" — but a 429 is a refusal, no poll went out. The
    poll now waits out Telegram's retry_after and goes out once, with no such notice;
    every question is asked, in order, and the teacher gets one results file."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await start_session(bot, GROUP, ADMIN, "/quiz hfs 2 10")
    bot.telegram.fail("sendPoll", error="retry_after", retry_after=5)
    await vote(bot, await poll_id(bot, GROUP), 11, [0])
    await tick(bot, clock, 11)  # the first poll closes: its result, a break, the second
    for _second in range(30):
        if bot.telegram.calls_of("sendPoll")[-1].error is not None:
            break
        await tick(bot, clock, 1)
    refused = len(bot.telegram.calls_of("sendPoll"))
    assert bot.telegram.calls_of("sendPoll")[-1].error == "retry_after"
    await tick(bot, clock, 1)
    await tick(bot, clock, 1)
    assert len(bot.telegram.calls_of("sendPoll")) == refused  # Telegram's wait kept
    await tick(bot, clock, 4)
    sent = [c.params["question"] for c in bot.telegram.calls_of("sendPoll") if c.error is None]
    assert [q[:3] for q in sent] == ["1/2", "2/2"]
    assert not [t for t in bot.telegram.texts(GROUP) if texts.POLL_SENT_AGAIN[:30] in t]
    await vote(bot, await poll_id(bot, GROUP), 11, [0])
    await tick(bot, clock, 11)
    assert await bot.count("group_sessions") == 0
    assert len(bot.telegram.files.sent_documents(ADMIN)) == 1
    assert len(bot.telegram.sent(ADMIN)) == 1  # the summary; nothing else for the teacher
