"""The bot keeps working through Telegram errors, crashes and concurrency."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
import warnings
from pathlib import Path
from typing import Any

import pytest
from telegram.warnings import PTBUserWarning

from bot.adapters.telegram import texts
from bot.adapters.telegram.turns import DECISIONS_PER_UPDATE
from bot.assistant import Content
from bot.storage.base import TurnRecord
from bot.storage.sql import FORGET_STATEMENTS
from tests.adapters.telegram.harness import BotHarness, ChatUser
from tests.adapters.telegram.test_language import tr
from tests.fakes.bot_api import FakeTelegram


def decided_again(harness: BotHarness) -> float:
    return harness.spasmbot.metrics.value("spasmbot_turns_decided_again_total")


def outbox_size(database: Path) -> int:
    with sqlite3.connect(database) as db:
        return int(db.execute("SELECT count(*) FROM outbox").fetchone()[0])


async def test_reply_committed_before_a_crash_is_sent_after_restart(
    content: Content, tmp_path: Path
) -> None:
    telegram = FakeTelegram()
    database = tmp_path / "bot.sqlite3"
    async with BotHarness(content, database, telegram) as first:
        alice = first.user(7)
        await alice.send("/start")
        telegram.fail("sendMessage", error="network", times=100)  # Telegram unreachable
        await alice.click("None of these")
        assert outbox_size(database) == 2  # the turn's calls wait, committed: a row per call
    telegram.clear_failures()
    async with BotHarness(content, database, telegram, first_update_id=100) as second:
        alice = second.user(7)
        questions = [t for t in alice.texts() if t.startswith("Which of these describes")]
        assert len(questions) == 1  # delivered once, after the restart
        assert outbox_size(database) == 0
        await alice.click("One eyelid twitches")
        assert alice.texts()[-1].startswith("How long")


async def test_regression_flush_resent_replies_another_process_had_sent(
    harness: BotHarness, alice: ChatUser
) -> None:
    """Start-up listed the waiting replies, then waited for the chat's lock while
    another process holding it sent them: the stale list went out a second time."""
    await alice.send("/start")
    harness.telegram.fail("sendMessage", error="network", times=100)
    await alice.click("None of these")
    # The reply waits in the outbox, a row per call.
    assert await harness.count("outbox") >= 1
    harness.telegram.clear_failures()
    turns = harness.spasmbot.turns
    async with harness.spasmbot.locks.hold(alice.user_id):
        flush = asyncio.create_task(turns.redeliver_all(harness.app.bot))
        await asyncio.sleep(0.05)  # it has read the outbox and waits for the lock
        assert not flush.done()
        await turns.deliver_waiting(harness.app.bot, alice.user_id)  # the other one
    await flush
    questions = [t for t in alice.texts() if t.startswith("Which of these describes")]
    assert len(questions) == 1
    assert await harness.count("outbox") == 0


async def test_regression_a_tap_after_spasmbot_forget_wrote_the_conversation_back(
    content: Content, tmp_path: Path
) -> None:
    """The bot kept each chat's latest state in memory; `spasmbot forget` (another
    process) deleted it from the file, and the user's next tap went on from memory
    and stored the conversation again. Now every tap starts from the file: the
    conversation is gone, and the tap says so (and how to begin again)."""
    async with BotHarness(content, tmp_path / "bot.sqlite3") as harness:
        alice = harness.user(7)
        await alice.send("/start")
        await alice.click("None of these")
        with sqlite3.connect(harness.database, isolation_level=None) as other:
            for statement in FORGET_STATEMENTS:
                other.execute(statement, (alice.user_id,))
        assert await alice.click("One eyelid twitches") == [texts.DELETED_TAP]  # no question
        assert await harness.count("conversations") == 0
        assert decided_again(harness) == 0  # read from the file, not kept in memory
        replies = await alice.send("/start")  # the user can begin again
        assert replies[-1].startswith("First, a quick safety check.")


async def test_flood_control_is_waited_out(content: Content, tmp_path: Path) -> None:
    async with BotHarness(content, tmp_path / "b.sqlite3", rate_limits=True) as harness:
        alice = harness.user(8)
        harness.telegram.fail("sendMessage", error="retry_after", retry_after=1)
        started = time.monotonic()
        replies = await alice.send("/start")
        assert time.monotonic() - started >= 1.0
        assert len(replies) == 2  # welcome + first question, each once
        assert await harness.count("outbox") == 0


async def test_network_errors_are_retried_with_backoff(
    harness: BotHarness, alice: ChatUser
) -> None:
    harness.telegram.fail("sendMessage", error="timeout", times=2)
    replies = await alice.send("/start")
    assert len(replies) == 2
    assert await harness.count("outbox") == 0


async def test_user_who_blocked_the_bot_is_marked_inactive(
    harness: BotHarness, alice: ChatUser
) -> None:
    await alice.send("/start")
    harness.telegram.fail("sendMessage", error="forbidden", times=5)
    await alice.click("None of these")
    assert await active(harness, alice) == 0
    assert await harness.count("outbox") == 0
    harness.telegram.clear_failures()
    replies = await alice.send("/start")  # they unblocked the bot and come back
    assert replies[0].startswith("Welcome back")
    assert replies[1].startswith("Which of these describes")
    assert await active(harness, alice) == 1


async def active(harness: BotHarness, user: ChatUser) -> int:
    row = await harness.storage.statements.fetchone(
        "SELECT active FROM users WHERE user_id = ?", user.user_id
    )
    assert row is not None
    return int(row[0])


async def test_edit_not_modified_is_fine(harness: BotHarness, alice: ChatUser) -> None:
    await alice.send("/start")
    harness.telegram.fail(
        "editMessageText", error="bad_request", description="Bad Request: message is not modified"
    )
    await alice.click("None of these")
    assert alice.texts()[-1].startswith("Which of these describes")
    assert await harness.count("outbox") == 0


async def test_edit_of_a_deleted_message_falls_back_to_a_new_message(
    harness: BotHarness, alice: ChatUser
) -> None:
    await alice.send("/language")
    harness.telegram.fail("editMessageText", error="not_found")
    replies = await alice.click("Español")
    assert replies == [tr("es", texts.LANGUAGE_PROMPT), tr("es", texts.LANGUAGE_SET)]


async def test_answer_mark_on_a_deleted_question_is_dropped_not_sent_below_the_next(
    harness: BotHarness, alice: ChatUser
) -> None:
    """The next question now goes out before the answered one is marked; a mark
    that cannot be made any more would have come below the next question."""
    await alice.send("/start")
    harness.telegram.fail("editMessageText", error="not_found")
    replies = await alice.click("None of these")
    assert len(replies) == 1 and replies[0].startswith("Which of these describes")
    assert await harness.count("outbox") == 0
    await alice.click("One eyelid twitches")  # the consultation goes on
    assert alice.texts()[-1].startswith("How long")


async def test_regression_every_reply_raised_a_ptb_warning(
    harness: BotHarness, alice: ChatUser
) -> None:
    """Replies go out as raw Bot API calls through `Bot.do_api_request`, which
    suggests the typed method ("Please use 'Bot.sendMessage'") on every call: the
    delivery module silences exactly that suggestion, so the log stays clean."""
    with warnings.catch_warnings(record=True) as caught:
        await alice.send("/language")
        harness.telegram.fail("editMessageText", error="not_found")  # the fallback path too
        replies = await alice.click("English")
    assert replies[1] == tr("en", texts.LANGUAGE_SET)
    assert [w for w in caught if issubclass(w.category, PTBUserWarning)] == []


async def test_an_error_in_one_update_is_logged_without_text_and_the_bot_goes_on(
    harness: BotHarness,
    alice: ChatUser,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await alice.send("/start")
    engine = harness.spasmbot.assistant.content.engine
    original = engine.handle

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "handle", broken)
    replies = await alice.send("secret words")
    assert replies == ["Sorry, something went wrong on my side. Please try again in a moment."]
    assert "secret words" not in caplog.text
    assert "RuntimeError" in caplog.text
    monkeypatch.setattr(engine, "handle", original)
    replies = await alice.send("none of these")
    assert replies[-1].startswith("Which of these describes")


async def test_an_update_whose_state_keeps_changing_under_it_gets_an_apology(
    content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each time another process wrote between the turn's read and its batch, the turn
    is decided again; if that goes on, the update ends as an error: the user is told
    to try again, and nothing half-made is stored."""
    async with BotHarness(content, tmp_path / "bot.sqlite3") as harness:
        alice = harness.user(7)
        await alice.send("/start")
        writes: list[int] = []
        commit = harness.storage.commit

        async def others_keep_writing(record: TurnRecord) -> bool:
            writes.append(record.update_id)
            with sqlite3.connect(harness.database, isolation_level=None) as other:
                other.execute(
                    "INSERT INTO users (user_id, active, updated_at) VALUES (?, 1, ?)",
                    (1000 + len(writes), time.time()),
                )
            return await commit(record)

        monkeypatch.setattr(harness.storage, "commit", others_keep_writing)
        replies = await alice.send("none of these")
        assert replies == ["Sorry, something went wrong on my side. Please try again in a moment."]
        assert len(writes) == DECISIONS_PER_UPDATE
        assert decided_again(harness) == DECISIONS_PER_UPDATE
        assert await harness.count("applied_updates") == 1  # /start only
        monkeypatch.setattr(harness.storage, "commit", commit)
        replies = await alice.send("none of these")
        assert replies[-1].startswith("Which of these describes")


async def run_queued(harness: BotHarness, payloads: list[dict[str, object]]) -> None:
    """Feed updates through PTB's queue and update processor, as polling does."""
    app = harness.app
    await app.start()
    try:
        for payload in payloads:
            await app.update_queue.put(harness.update(payload))
        for _ in range(500):
            await asyncio.sleep(0.01)
            if app.update_queue.empty() and app.update_processor.current_concurrent_updates == 0:
                break
    finally:
        await app.stop()


async def test_two_fast_taps_on_the_same_button_apply_once(
    harness: BotHarness, alice: ChatUser
) -> None:
    await alice.send("/start")
    tap = alice.click_update("None of these")
    again = alice.click_update("None of these")
    await run_queued(harness, [tap, again])
    assert [t for t in alice.texts() if t.startswith("Which of these describes")] != []
    assert len([t for t in alice.texts() if t.startswith("Which of these describes")]) == 1
    assert len(harness.telegram.edits(alice.user_id)) == 1


async def test_regression_a_double_tapped_send_answered_the_next_question_unseen(
    harness: BotHarness, alice: ChatUser
) -> None:
    """Send tapped twice: the same "No" twice within a second. The second answered the
    question the first brought up before anyone could read it: "Other nerve symptoms:
    None of these" in /summary, never asked."""
    await alice.send("/start")
    for label in ("None of these", "One eyelid twitches", "Less than 2 weeks"):
        await alice.click(label)
    telegram = harness.telegram
    first = telegram.message_update(alice.user_id, "No")
    first["message"]["date"] += 1  # read the question first
    again = telegram.message_update(alice.user_id, "No")
    again["message"]["date"] = first["message"]["date"] + 1
    before = len(alice.texts())
    await harness.feed(first)
    await harness.feed(again)
    replies = alice.texts()[before:]
    assert len(replies) == 1 and replies[0].startswith("Have you noticed either of these")
    summary = await alice.send("/summary")
    assert "Other nerve symptoms" not in summary[0]
    # the same words typed again once the question could be read answer it
    later = telegram.message_update(alice.user_id, "No")
    later["message"]["date"] = first["message"]["date"] + 5
    before = len(alice.texts())
    await harness.feed(later)
    assert alice.texts()[before:][-1].startswith("Does any of these fit as well?")


async def test_regression_words_sent_twice_that_moved_nothing_went_unanswered(
    harness: BotHarness, alice: ChatUser
) -> None:
    """Words not understood, sent twice within a second, got one "Sorry" and then
    silence: only a copy of words that moved the consultation is Send tapped twice.
    Both copies, sent before the "Sorry" was shown, are answered by it (one reply for a
    burst of words not understood: `turns.UnclearWords`); the same words sent once it
    could be read get theirs."""
    await alice.send("/start")
    telegram = harness.telegram
    first = telegram.message_update(alice.user_id, "blorp")
    again = telegram.message_update(alice.user_id, "blorp")
    again["message"]["date"] = first["message"]["date"]
    before = len(alice.texts())
    await harness.feed(first)
    await harness.feed(again)
    replies = alice.texts()[before:]
    assert sum("did not understand" in text for text in replies) == 1
    assert replies[-1].startswith("First, a quick safety check")  # the question below it
    later = await alice.send("blorp")
    assert sum("did not understand" in text for text in later) == 1


async def test_many_chats_at_once_each_in_order(harness: BotHarness) -> None:
    users = [harness.user(5000 + n) for n in range(30)]
    script = [
        "/start",
        "none of these",
        "one eyelid twitches",
        "less than 2 weeks",
        "no",
        "none of these",
        "none of these",
        "none of these",
        "stress or anxiety",
    ]
    start = int(time.time())
    payloads = [  # each step a few seconds after the one before, as people type
        harness.telegram.message_update(user.user_id, text, date=start + 3 * step)
        for step, text in enumerate(script)
        for user in users
    ]
    await run_queued(harness, payloads)
    for user in users:
        assert user.texts()[-1].startswith("🟢"), user.texts()[-3:]
        assert not any("did not understand" in t for t in user.texts())


async def test_logs_name_update_ids_not_text(
    harness: BotHarness, alice: ChatUser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    harness.telegram.fail("sendMessage", error="forbidden")
    await alice.send("private words about my face")
    assert "private words" not in caplog.text


async def test_regression_a_reply_waiting_for_a_group_that_became_a_supergroup_stopped_the_start(
    content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A group's reply waited in the outbox (Telegram unreachable) while the group became a
    supergroup; Telegram then answers every call to the old id with the new one
    (`ChatMigrated`). Sending the waiting reply at start-up raised it: the bot could not
    start, again at every restart. The reply goes to the supergroup instead."""
    old, new = -2004, -1002004
    telegram = FakeTelegram()
    database = tmp_path / "bot.sqlite3"
    async with BotHarness(content, database, telegram) as first:
        telegram.fail("sendMessage", error="network", times=100)
        await first.feed(telegram.message_update(old, "/help", user_id=5))
        assert outbox_size(database) == 1
    telegram.clear_failures()
    answer = telegram.handle

    def migrated(method: str, params: dict[str, Any], **kwargs: Any) -> Any:
        if str(params.get("chat_id")) == str(old):
            return 400, {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: group chat was upgraded to a supergroup chat",
                "parameters": {"migrate_to_chat_id": new},
            }
        return answer(method, params, **kwargs)

    monkeypatch.setattr(telegram, "handle", migrated)
    async with BotHarness(content, database, telegram, first_update_id=100):
        assert [m["text"] for m in telegram.sent(new)] == [tr("en", texts.GROUP_HELP)]
        assert outbox_size(database) == 0


async def test_regression_a_reply_telegram_could_not_parse_showed_amp_as_typed(
    harness: BotHarness,
) -> None:
    """A reply Telegram refused as HTML ("can't parse entities") went out again as plain
    text with its tags taken out, but its character references kept: the user read
    'Reading &amp; screens: &lt;2 hours'."""
    from bot.adapters.telegram import layout
    from bot.adapters.telegram.delivery import Result

    harness.telegram.fail(
        "sendMessage",
        error="bad_request",
        description="Bad Request: can't parse entities: unsupported start tag at byte offset 3",
    )
    (call,) = layout.send(42, "<b>Reading &amp; screens:</b> &lt;2 hours &quot;a day&quot;")
    result = await harness.spasmbot.turns.delivery.send(harness.app.bot, 42, call)
    assert result is Result.DELIVERED
    (sent,) = harness.telegram.sent(42)
    assert sent["text"] == 'Reading & screens: <2 hours "a day"'
    assert "parse_mode" not in sent


async def test_regression_flood_control_outlasting_the_retries_logged_an_error_with_a_traceback(
    content: Content, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Telegram still saying 'retry after' once PTB's three retries were spent was logged
    as 'ERROR telegram.ext.AIORateLimiter: Rate limit hit after maximum of 3 retries' with
    a traceback of some 30 lines, for a reply that was not lost: it waits in the outbox
    and goes out at the next redelivery (our own WARNING says so, in one line)."""
    async with BotHarness(content, tmp_path / "b.sqlite3", rate_limits=True) as harness:
        alice = harness.user(8)
        harness.telegram.fail("sendMessage", error="retry_after", retry_after=1, times=4)
        with caplog.at_level(logging.INFO):
            await alice.send("/start")
        assert await harness.count("outbox") > 0  # waits for redelivery
        await harness.spasmbot.turns.redeliver_backlog(harness.app.bot)
        assert len(alice.texts()) == 2
        assert await harness.count("outbox") == 0
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    assert not [r for r in caplog.records if r.exc_info], caplog.text
    (line,) = [r.getMessage() for r in caplog.records if "after 3 retries" in r.getMessage()]
    assert line == "Telegram still asks to wait (1 s) after 3 retries; the call waits"


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("forbidden", "Forbidden: bot was blocked by the user"),
        ("forbidden", "Forbidden: user is deactivated"),
        ("bad_request", "Bad Request: chat not found"),
    ],
)
async def test_regression_a_patient_who_blocked_the_bot_was_logged_by_their_telegram_id(
    harness: BotHarness, caplog: pytest.LogCaptureFixture, kind: str, said: str
) -> None:
    """A patient who blocked the bot (or deleted their account, or a chat Telegram no longer
    finds) was logged at INFO as 'chat 7654321 blocked the bot or is gone': their Telegram
    id, which names the person, in every log the operator keeps and ships, and not what
    Telegram said. The line now says what Telegram said and the kind of chat; at INFO and
    WARNING no patient's id and no words of theirs."""
    patient = harness.user(7654321)
    await patient.send("/start")
    caplog.set_level(logging.INFO)
    harness.telegram.fail("sendMessage", error=kind, description=said, times=5)  # type: ignore[arg-type]
    await patient.send("my left eyelid twitches since Tuesday")
    logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert logged, "nothing said of the refused reply"
    assert not [line for line in logged if "7654321" in line or "eyelid" in line], logged
    reason = said.split(": ", 1)[1].lower()  # PTB leaves out "Bad Request: "
    assert [line for line in logged if reason in line.lower() and "private chat" in line], logged


async def test_regression_emergency_advice_lost_while_the_bot_was_blocked_was_never_offered(
    harness: BotHarness, alice: ChatUser
) -> None:
    """A patient told a danger sign, and had blocked the bot before its emergency advice
    could reach them: blocking dropped the chat's waiting replies, and /start on the
    finished consultation began a new one, so the advice never seen was never offered
    again. Now the undelivered replies of a finished consultation are kept for a day and
    go out first when the person writes again; older ones, never."""
    await alice.send("/start")
    harness.telegram.fail("sendMessage", error="forbidden", times=5)
    await alice.send("my face suddenly droops on one side")
    assert await active(harness, alice) == 0
    harness.telegram.clear_failures()
    replies = await alice.send("/start")  # they unblocked the bot and come back
    assert replies[0].startswith("🔴"), replies
    assert replies[-1].startswith("First, a quick safety check"), replies
    assert await harness.count("outbox") == 0
    assert await active(harness, alice) == 1


async def test_replies_held_while_blocked_go_no_later_than_a_day(
    harness: BotHarness, alice: ChatUser
) -> None:
    """Replies held for a person who blocked the bot are kept a day: a return after it
    begins afresh, and /forget or the hourly retention deletes them."""
    await alice.send("/start")
    harness.telegram.fail("sendMessage", error="forbidden", times=5)
    await alice.send("my face suddenly droops on one side")
    assert await harness.count("outbox") >= 1
    await harness.storage.statements.execute("UPDATE outbox SET held_at = held_at - 86401")
    await harness.spasmbot.turns.purge_idle(retention_days=30)
    assert await harness.count("outbox") == 0
    harness.telegram.clear_failures()
    replies = await alice.send("/start")
    assert not any(text.startswith("🔴") for text in replies), replies


async def test_forget_deletes_replies_held_while_blocked(
    harness: BotHarness, alice: ChatUser
) -> None:
    await alice.send("/start")
    harness.telegram.fail("sendMessage", error="forbidden", times=5)
    await alice.send("my face suddenly droops on one side")
    assert await harness.count("outbox") >= 1
    await harness.storage.forget_user(alice.user_id)
    assert await harness.count("outbox") == 0
