"""A forum supergroup: the bot answers in the topic it was written to."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.telegram import texts
from bot.assistant import Content
from tests.adapters.telegram.group import Clock, GroupBots, poll_id, tap_start, tick, vote
from tests.adapters.telegram.harness import BotHarness

FORUM, TOPIC, ADMIN = -100777, 42, 700


def in_topic(harness: BotHarness, text: str, user: int = ADMIN) -> dict[str, Any]:
    """`text` written in topic `TOPIC` of the forum supergroup `FORUM`."""
    update = harness.telegram.message_update(
        FORUM, text, user_id=user, message_thread_id=TOPIC, is_topic_message=True
    )
    update["message"]["chat"]["is_forum"] = True
    return update


def threads(harness: BotHarness, since: int = 0) -> list[int | None]:
    """The topic of each message and poll the bot sent to the forum, from call `since`."""
    return [
        call.params.get("message_thread_id")
        for call in harness.telegram.calls[since:]
        if call.method in ("sendMessage", "sendPoll") and call.params.get("chat_id") == FORUM
    ]


async def test_regression_replies_in_a_forum_topic_went_to_the_general_topic(
    harness: BotHarness,
) -> None:
    """/help, /start and /language written in a topic were answered in "General", where
    the person who asked does not look (or, if General is closed, not at all)."""
    unknown = f"/frobnicate@{harness.telegram.username}"  # a bare one is another bot's
    for text in ("/help", "/start", "/language", unknown):
        before = len(harness.telegram.calls)
        await harness.feed(in_topic(harness, text))
        assert threads(harness, before) == [TOPIC], text


async def test_regression_a_quiz_started_in_a_forum_topic_ran_in_the_general_topic(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """The lobby, every poll, every result and the final board of a quiz started in a
    topic go to that topic; so does a refusal of a command given there."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((FORUM, ADMIN))
    await bot.feed(in_topic(bot, "/quiz hfs 2 10", user=55))  # not an admin: refused
    await bot.feed(in_topic(bot, "/quiz hfs 2 10"))
    await tap_start(bot, FORUM, ADMIN)
    await vote(bot, await poll_id(bot, FORUM), 1001, [0])
    await tick(bot, clock, 11)  # the first poll closes; the second follows the break
    await tick(bot, clock, 30)
    await tick(bot, clock, 11)
    sent = threads(bot)
    assert len(sent) >= 5  # the refusal, the lobby, two polls, the results
    assert sent == [TOPIC] * len(sent)


def in_another_topic(
    harness: BotHarness, text: str, topic: int, user: int = ADMIN
) -> dict[str, Any]:
    update = in_topic(harness, text, user)
    update["message"]["message_thread_id"] = topic
    return update


@pytest.mark.parametrize(
    ("refusal", "go_on_in"),
    [("Bad Request: TOPIC_CLOSED", TOPIC), ("Bad Request: message thread not found", 43)],
)
async def test_regression_a_closed_topic_got_the_quizs_poll_sent_again_every_second(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path, refusal: str, go_on_in: int
) -> None:
    """The topic a quiz ran in was closed (or deleted) by an admin mid-quiz: Telegram
    refused the next poll, and the schedule sent it again every second, for ever, telling
    nobody. Now the quiz waits with its question not asked, the group is told once in
    General how to go on, and /next (in the reopened topic, or in another) asks it there."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((FORUM, ADMIN))
    await bot.feed(in_topic(bot, "/quiz hfs 2 10"))
    await tap_start(bot, FORUM, ADMIN)
    await vote(bot, await poll_id(bot, FORUM), 1001, [1])
    for method in ("sendMessage", "sendPoll"):
        bot.telegram.fail(method, error="bad_request", description=refusal, times=1000)
    await tick(bot, clock, 11)  # the first poll closes; its result cannot be posted
    await tick(bot, clock, 30)  # the break is over: the second poll is refused
    for _ in range(20):
        await tick(bot, clock, 1)
    assert len(bot.telegram.calls_of("sendPoll")) == 2  # the first, and one refused
    told = [
        c
        for c in bot.telegram.calls_of("sendMessage")
        if "topic" in c.params["text"] and c.params["chat_id"] == FORUM
    ]
    assert len(told) == 1 and "message_thread_id" not in told[0].params  # General
    assert "/next" in told[0].params["text"]

    bot.telegram.clear_failures()  # reopened (or a topic still there)
    before = len(bot.telegram.calls)
    await bot.feed(in_another_topic(bot, "/next", go_on_in))
    (poll,) = [c.params for c in bot.telegram.calls[before:] if c.method == "sendPoll"]
    assert poll["message_thread_id"] == go_on_in and poll["question"].startswith("2/2")
    assert not any("interrupted" in t for t in bot.telegram.texts(FORUM))
    await vote(bot, await poll_id(bot, FORUM), 1001, [1])
    await tick(bot, clock, 11)
    assert await bot.spasmbot.classroom.store.load(FORUM) is None  # finished
    assert set(threads(bot, before)) == {go_on_in}


async def test_regression_score_asked_in_another_topic_was_posted_into_the_quizs_topic(
    teaching: Content, bots: GroupBots, tmp_path: Path
) -> None:
    """/score asked in another topic, or in General, while a quiz ran in its own topic:
    the standing was posted into the quiz's topic, between its polls, and whoever asked
    saw no answer. Now it is answered where it was asked; the quiz's topic gets nothing."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((FORUM, ADMIN))
    await bot.feed(in_topic(bot, "/quiz hfs 2 10"))
    await tap_start(bot, FORUM, ADMIN)
    before = len(bot.telegram.calls)
    await bot.feed(in_another_topic(bot, "/score", 43, user=55))
    general = in_topic(bot, "/score", user=55)
    del general["message"]["message_thread_id"], general["message"]["is_topic_message"]
    await bot.feed(general)
    await bot.feed(in_topic(bot, "/score", user=55))
    assert threads(bot, before) == [43, None, TOPIC]
    assert all("Leaders so far" in t for t in bot.telegram.texts(FORUM)[-3:])


def posted(bot: BotHarness, since: int) -> list[tuple[int | None, str]]:
    """(topic, text) of each message the bot sent to the forum from call `since`."""
    return [
        (call.params.get("message_thread_id"), call.params["text"])
        for call in bot.telegram.calls[since:]
        if call.method == "sendMessage" and call.params.get("chat_id") == FORUM
    ]


async def test_regression_pause_next_or_stop_given_in_another_topic_was_answered_in_silence(
    teaching: Content, bots: GroupBots, tmp_path: Path
) -> None:
    """A teacher who sent /pause, /next or /stop in General (a forum's default topic), or
    in another topic, while the quiz ran in its own topic saw nothing happen where they
    wrote: everything went to the quiz's topic. The class still reads it there; where it
    was asked now gets one line saying it was done and where to look."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((FORUM, ADMIN))
    await bot.feed(in_topic(bot, "/quiz hfs 3 10"))
    await tap_start(bot, FORUM, ADMIN)
    general = in_topic(bot, "/pause")
    del general["message"]["message_thread_id"], general["message"]["is_topic_message"]
    for update in (general, in_another_topic(bot, "/next", 43), in_another_topic(bot, "/stop", 43)):
        before = len(bot.telegram.calls)
        await bot.feed(update)
        sent = posted(bot, before)
        where = update["message"].get("message_thread_id")
        assert [topic for topic, _ in sent[:-1]] == [TOPIC] * (len(sent) - 1)  # the class
        assert sent[-1] == (where, texts.DONE_IN_THE_SESSIONS_TOPIC), update["message"]["text"]
    before = len(bot.telegram.calls)
    await bot.feed(in_topic(bot, "/quiz hfs 2 10"))  # in the quiz's own topic: no note
    await tap_start(bot, FORUM, ADMIN)
    await bot.feed(in_topic(bot, "/pause"))
    assert {topic for topic, _ in posted(bot, before)} == {TOPIC}
    assert texts.DONE_IN_THE_SESSIONS_TOPIC not in [text for _, text in posted(bot, before)]


@pytest.mark.parametrize(
    "refusal", ["Bad Request: TOPIC_CLOSED", "Bad Request: message thread not found"]
)
async def test_regression_a_quizs_result_refused_by_a_closed_topic_was_lost_in_silence(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path, refusal: str
) -> None:
    """An admin closed (or deleted) the quiz's topic while its last poll was open: the
    final board Telegram refused there was marked sent and dropped — the class never saw
    who won, the operator's log said only that Telegram refused a sendMessage. It now
    goes to the group's General topic instead."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((FORUM, ADMIN))
    await bot.feed(in_topic(bot, "/quiz hfs 1 10"))
    await tap_start(bot, FORUM, ADMIN)
    await vote(bot, await poll_id(bot, FORUM), 1001, [0])
    before = len(bot.telegram.calls)
    bot.telegram.fail("sendMessage", error="bad_request", description=refusal, times=1)
    await tick(bot, clock, 11)  # the poll closes; the topic takes no result
    (refused, *after) = posted(bot, before)
    assert refused[0] == TOPIC, after
    assert after and after[0] == (None, refused[1])  # the same board, in General
    assert await bot.spasmbot.classroom.store.load(FORUM) is None  # finished


DISCUSSION, POST = -100888, 501  # a channel's discussion group; its copy of a channel post


def in_comments(harness: BotHarness, text: str, user: int = ADMIN) -> dict[str, Any]:
    """`text` written as a comment under channel post `POST` (its discussion group's copy,
    an automatic forward, is the root of the comment thread)."""
    root = {
        "message_id": POST,
        "date": 1_800_000_000,
        "chat": {"id": DISCUSSION, "type": "supergroup", "title": "Comments"},
        "sender_chat": {"id": -100999, "type": "channel", "title": "Clinic"},
        "is_automatic_forward": True,
        "text": "Today's lesson: hemifacial spasm",
    }
    update = harness.telegram.message_update(
        DISCUSSION, text, user_id=user, message_thread_id=POST, reply_to_message=root
    )
    update["message"]["chat"]["title"] = "Comments"
    return update


def where_sent(harness: BotHarness, since: int = 0) -> list[tuple[Any, Any]]:
    """(topic, the message replied to) of each message and poll sent to the discussion."""
    return [
        (
            call.params.get("message_thread_id"),
            (call.params.get("reply_parameters") or {}).get("message_id"),
        )
        for call in harness.telegram.calls[since:]
        if call.method in ("sendMessage", "sendPoll") and call.params.get("chat_id") == DISCUSSION
    ]


async def test_regression_a_quiz_started_in_a_posts_comments_ran_in_the_main_chat(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """A teacher wrote /quiz as a comment under the channel's post: the lobby, the polls
    and the results went to the discussion group's main chat, where the readers of the
    comments never look, and /help written there was answered there too. Every post now
    replies to the thread's root (the channel post's copy), which is how a comment is
    made: all of it is in the post's comments."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((DISCUSSION, ADMIN))
    await bot.feed(in_comments(bot, "/help", user=55))
    await bot.feed(in_comments(bot, "/quiz hfs 2 10"))
    await tap_start(bot, DISCUSSION, ADMIN)
    await vote(bot, await poll_id(bot, DISCUSSION), 1001, [0])
    await tick(bot, clock, 11)
    await tick(bot, clock, 30)
    await tick(bot, clock, 11)
    sent = where_sent(bot)
    assert len(sent) >= 5  # /help, the lobby, two polls, the results
    assert sent == [(None, POST)] * len(sent)


def a_reply_to_a_comment(
    harness: BotHarness, text: str, post: int, user: int = ADMIN
) -> dict[str, Any]:
    """`text` written as a reply to a member's comment under channel post `post`: Telegram
    gives the thread (the post's copy) and the comment replied to, not the post's copy."""
    comment = {
        "message_id": post + 7,
        "message_thread_id": post,
        "date": 1_800_000_000,
        "chat": {"id": DISCUSSION, "type": "supergroup", "title": "Comments"},
        "from": {"id": 1001, "is_bot": False, "first_name": "Ann"},
        "text": "Is hemifacial spasm the same as blepharospasm?",
    }
    update = harness.telegram.message_update(
        DISCUSSION, text, user_id=user, message_thread_id=post, reply_to_message=comment
    )
    update["message"]["chat"]["title"] = "Comments"
    return update


def the_posts_copy(harness: BotHarness, post: int) -> dict[str, Any]:
    """Channel post `post` as Telegram copies it to the discussion group."""
    update = harness.telegram.message_update(
        DISCUSSION,
        "Today's lesson: hemifacial spasm",
        message_id=post,
        sender_chat={"id": -100999, "type": "channel", "title": "Clinic"},
        is_automatic_forward=True,
    )
    update["message"]["chat"]["title"] = "Comments"
    return update


async def test_regression_a_quiz_started_in_a_reply_to_a_comment_ran_in_the_main_chat(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """A teacher wrote /quiz (or /help) as a reply to a comment deeper in a post's comments:
    Telegram names the thread (message_thread_id, the post's copy) but replies to the
    comment, not to the copy, and the lobby, polls and results went to the discussion
    group's main chat. A thread whose root the bot saw, the post's copy itself or a comment
    on it, is now known for the post's comments: all of it is posted there."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((DISCUSSION, ADMIN))
    post = 601
    await bot.feed(the_posts_copy(bot, post))
    await bot.feed(a_reply_to_a_comment(bot, "/quiz hfs 1 10", post))
    await tap_start(bot, DISCUSSION, ADMIN)
    await vote(bot, await poll_id(bot, DISCUSSION), 1001, [0])
    await tick(bot, clock, 11)
    await tick(bot, clock, 30)
    sent = where_sent(bot)
    assert len(sent) >= 3  # the lobby, the poll, the results
    assert sent == [(None, post)] * len(sent)

    # the post's copy unseen (the bot no admin), a comment on it read: then a reply to
    # a comment deeper in the thread is known for the comments too
    since, other = len(bot.telegram.calls), 701
    first = a_reply_to_a_comment(bot, "/help", other, user=56)
    first["message"]["reply_to_message"] = {
        **first["message"]["reply_to_message"],
        "message_id": other,
        "is_automatic_forward": True,
        "sender_chat": {"id": -100999, "type": "channel", "title": "Clinic"},
    }
    await bot.feed(first)
    await bot.feed(a_reply_to_a_comment(bot, "/help", other, user=57))
    assert where_sent(bot, since)[-2:] == [(None, other), (None, other)]


async def test_regression_after_a_restart_a_reply_deep_in_a_posts_comments_ran_in_the_main_chat(
    teaching: Content,
    bots: GroupBots,
    clock: Clock,
    tmp_path: Path,
) -> None:
    """The bot saw a channel post's copy, then restarted (a deploy, a crash): /quiz or
    /help written as a reply to a comment in that post's thread went to the discussion
    group's main chat, as the threads were known only in memory. They are kept in the
    database now: the new process (or another one sharing it) knows them too."""
    database, post = tmp_path / "bot.sqlite3", 901
    bot = await bots.start(teaching, database)
    await bot.feed(the_posts_copy(bot, post))
    await bots.stop(bot)
    bot = await bots.start(teaching, database, first_update_id=100)
    bot.telegram.admins.add((DISCUSSION, ADMIN))
    await bot.feed(a_reply_to_a_comment(bot, "/help", post, user=58))
    await bot.feed(a_reply_to_a_comment(bot, "/quiz hfs 1 10", post))
    sent = where_sent(bot)
    assert len(sent) == 2  # /help, the lobby
    assert sent == [(None, post)] * 2


async def test_regression_two_bots_in_one_process_shared_the_comment_threads_they_had_seen(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """The comment threads seen were a module-level global (`incoming.COMMENT_THREADS`):
    a second application in the same process, on a database of its own (the tests), knew
    the threads the first had seen, and tests had to reset it by hand. Each application
    keeps its own: the second, which never saw the post, answers /help in the main chat."""
    if bots.backend.name == "postgres":
        pytest.skip("one PostgreSQL database: the second bot reads the threads the first kept")
    first, post = await bots.start(teaching, tmp_path / "first.sqlite3"), 902
    await first.feed(the_posts_copy(first, post))
    await first.feed(a_reply_to_a_comment(first, "/help", post, user=58))
    assert where_sent(first) == [(None, post)]
    second = await bots.start(teaching, tmp_path / "second.sqlite3", first_update_id=100)
    await second.feed(a_reply_to_a_comment(second, "/help", post, user=58))
    assert where_sent(second) == [(None, None)]


async def test_regression_a_quiz_stored_in_a_posts_comments_before_the_upgrade_left_them(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """A quiz running in a post's comments was stored with minus the thread's root as its
    "topic" (`thread_id`); the session now keeps its place typed (`Place`). A quiz stored
    by the release before, mid-way, goes on in the comments after the upgrade."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((DISCUSSION, ADMIN))
    await bot.feed(in_comments(bot, "/quiz hfs 2 10"))
    await tap_start(bot, DISCUSSION, ADMIN)
    (data,) = await bot.storage.statements.fetchone(
        "SELECT data FROM group_sessions WHERE chat_id = ?", DISCUSSION
    )
    stored = json.loads(data)
    assert stored.pop("place") == {"topic": None, "comments_on": POST}
    old = json.dumps({**stored, "thread_id": -POST}, separators=(",", ":"))
    await bot.storage.statements.execute(
        "UPDATE group_sessions SET data = ? WHERE chat_id = ?", old, DISCUSSION
    )
    since = len(bot.telegram.calls)
    await vote(bot, await poll_id(bot, DISCUSSION), 1001, [0])
    await tick(bot, clock, 11)
    await tick(bot, clock, 30)
    await tick(bot, clock, 11)
    sent = where_sent(bot, since)
    assert len(sent) >= 3  # the result, the second poll, the final result
    assert sent == [(None, POST)] * len(sent)


async def test_regression_a_patient_writing_in_a_topic_of_the_private_chat_was_answered_elsewhere(
    harness: BotHarness,
) -> None:
    """Telegram lets a private chat with a bot have topics (Bot API 9.3). A patient who
    began in a topic ("Dad's face") read the welcome, the safety check and every next
    question in the chat's main topic, and only /help came back where they wrote: the
    consultation seemed to stop. Every answer goes to the topic the message or the
    tapped button is in."""
    patient, topic = 5005, 9
    tg = harness.telegram
    start = tg.message_update(patient, "/start", message_thread_id=topic, is_topic_message=True)
    await harness.feed(start)
    tap = tg.callback_update(patient, harness.user(patient).button("None of these")[1], 2)
    tap["callback_query"]["message"].update(message_thread_id=topic, is_topic_message=True)
    await harness.feed(tap)
    words = tg.message_update(
        patient,
        "my left eyelid",
        message_thread_id=topic,
        is_topic_message=True,
        date=int(tg.clock()) + 30,
    )
    await harness.feed(words)
    sent = [m for m in tg.calls if m.method == "sendMessage" and m.params["chat_id"] == patient]
    assert len(sent) >= 4  # welcome, safety check, two questions
    assert [call.params.get("message_thread_id") for call in sent] == [topic] * len(sent)


async def test_regression_a_teachers_template_in_a_private_topic_arrived_in_the_main_topic(
    harness: BotHarness,
) -> None:
    """A teacher who keeps the bot's private chat in topics ("Quizzes") sent /template
    there: the introduction and both example files arrived in the chat's main topic,
    where the teacher was not looking. Messages and files of the teachers' and homework
    flows go to the topic the command was written in."""
    teacher, topic = 5006, 11
    tg = harness.telegram
    template = tg.message_update(
        teacher, "/template", message_thread_id=topic, is_topic_message=True
    )
    await harness.feed(template)
    said = [m for m in tg.calls if m.method == "sendMessage" and m.params["chat_id"] == teacher]
    files = [c for c in tg.calls_of("sendDocument") if c.params.get("chat_id") == teacher]
    assert len(said) == 1 and len(files) == 2
    assert [str(c.params.get("message_thread_id")) for c in said + files] == [str(topic)] * 3


def in_general(harness: BotHarness, text: str, user: int = ADMIN) -> dict[str, Any]:
    """`text` written in the forum's General topic (a message with no topic)."""
    update = in_topic(harness, text, user)
    del update["message"]["message_thread_id"], update["message"]["is_topic_message"]
    return update


async def test_regression_with_the_forums_general_closed_a_quiz_and_its_notices_went_nowhere(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """A forum whose General topic is closed or hidden (Telegram closes a hidden General)
    takes no post of the bot's there. An admin who started a quiz in General (admins may
    write in it) saw no lobby, nothing at all, and the quiz sat in its lobby; a quiz
    whose own topic was closed mid-way said how to go on in General, refused too. Told
    nobody, the class and the teacher waited. Such a refusal is now told once to the
    teacher who started it, in their private chat (as a group that takes no text from the
    bot is), and /next or /stop in any topic go on."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((FORUM, ADMIN))
    bot.telegram.closed_topics.add((FORUM, None))
    await bot.feed(in_general(bot, "/quiz hfs 2 10"))
    told = bot.telegram.texts(ADMIN)
    assert told == [texts.TOPIC_CLOSED_SESSION_WAITS]  # not "make me an admin again"
    await bot.feed(in_topic(bot, "/stop"))
    assert await bot.spasmbot.classroom.store.load(FORUM) is None

    # A quiz in a topic closed mid-way: the notice for General cannot go there either.
    await bot.feed(in_topic(bot, "/quiz hfs 2 10"))
    await tap_start(bot, FORUM, ADMIN)
    bot.telegram.closed_topics.add((FORUM, TOPIC))
    await vote(bot, await poll_id(bot, FORUM), 1001, [1])
    await tick(bot, clock, 11)
    await tick(bot, clock, 30)
    for _ in range(5):
        await tick(bot, clock, 1)
    assert bot.telegram.texts(ADMIN) == [texts.TOPIC_CLOSED_SESSION_WAITS] * 2
    bot.telegram.closed_topics.discard((FORUM, TOPIC))
    before = len(bot.telegram.calls)
    await bot.feed(in_topic(bot, "/next"))
    (poll,) = [c.params for c in bot.telegram.calls[before:] if c.method == "sendPoll"]
    assert poll["question"].startswith("2/2")


async def test_regression_a_lobby_lost_in_a_closed_general_could_not_be_started(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """A quiz started in a forum's General topic, closed or hidden: its lobby (and its
    Start button) never reached the group, and the teacher read privately that the bot
    had lost its rights ("make me an admin again"), untrue, with no way to start the
    quiz. They now read that its topic is closed and that /next in another topic goes on
    there, and /next in an open topic starts the quiz in that topic."""
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((FORUM, ADMIN))
    bot.telegram.closed_topics.add((FORUM, None))
    await bot.feed(in_general(bot, "/quiz hfs 2 10"))
    assert bot.telegram.texts(ADMIN) == [texts.TOPIC_CLOSED_SESSION_WAITS]
    before = len(bot.telegram.calls)
    await bot.feed(in_topic(bot, "/next"))
    polls = [c.params for c in bot.telegram.calls[before:] if c.method == "sendPoll"]
    assert [(p["question"][:3], p.get("message_thread_id")) for p in polls] == [("1/2", TOPIC)]
    await vote(bot, await poll_id(bot, FORUM), 1001, [1])
    await tick(bot, clock, 11)
    assert threads(bot, before)[-1] == TOPIC  # the quiz goes on in the topic


async def test_a_lobby_lost_in_a_closed_general_starts_in_a_topic_after_a_restart_too(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """Which lobby a closed General refused is known in memory only
    (`SessionHost.lost_lobbies`): after a restart, the first /next in an open topic finds
    General closed to the first poll too, and the teacher is told again; the /next after
    it starts the quiz in that topic. Never stuck."""
    database = tmp_path / "bot.sqlite3"
    bot = await bots.start(teaching, database)
    bot.telegram.admins.add((FORUM, ADMIN))
    bot.telegram.closed_topics.add((FORUM, None))
    await bot.feed(in_general(bot, "/quiz hfs 2 10"))
    await bots.stop(bot)
    bot = await bots.start(teaching, database, telegram=bot.telegram, first_update_id=5000)
    before = len(bot.telegram.calls)
    for _ in range(2):
        await bot.feed(in_topic(bot, "/next"))
    polls = [c.params for c in bot.telegram.calls[before:] if c.method == "sendPoll"]
    assert [p.get("message_thread_id") for p in polls][-1] == TOPIC
    assert bot.telegram.texts(ADMIN) == [texts.TOPIC_CLOSED_SESSION_WAITS] * 2
