"""End to end: a group quiz with `spasmbot run` as a real process, killed (SIGKILL) the
moment Telegram took a poll and before the bot heard of it (issue 26).

The Bot API has no idempotency key for `sendPoll`: the bot cannot learn after the
restart that the poll went out. What the class must see: the question once more,
under one word that only the new poll counts; the votes in the first copy not
counted, and no error; the Start tap Telegram delivers again taking no effect.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections import Counter
from pathlib import Path

from bot.adapters.telegram import texts
from tests.adapters.telegram.bot_process import CHAT, BotProcess, newest_button, tap
from tests.adapters.telegram.harness import BENIGN_TAPS
from tests.fakes.bot_api import FakeBotApiServer, FakeTelegram
from tests.fakes.lost_answers import LostAnswers

GROUP = -100900
ADMIN = 903


def polls_taken(tg: FakeTelegram) -> list[dict[str, object]]:
    return [c.params for c in tg.calls_of("sendPoll") if c.error is None]


def open_poll(bot: BotProcess) -> str | None:
    """The poll id the bot recorded for the group's session, if any."""
    with sqlite3.connect(f"file:{bot.env['SPASMBOT_DB']}?mode=ro", uri=True) as db:
        row = db.execute("SELECT data FROM group_sessions WHERE chat_id = ?", (GROUP,)).fetchone()
    return json.loads(row[0])["poll_id"] if row else None


def test_a_poll_sent_as_the_bot_was_killed_is_sent_again_once_and_only_it_counts(
    tmp_path: Path,
) -> None:
    with FakeBotApiServer(hold_seconds=60) as server:
        tg = server.telegram
        tg.admins.add((GROUP, ADMIN))
        bot = BotProcess(server, tmp_path)
        bot.start()
        tg.push_update(tg.message_update(GROUP, "/quiz 1 10", ADMIN))
        server.wait_for(lambda t: any(m.get("reply_markup") for m in t.sent(GROUP)), timeout=20)
        lost = LostAnswers(tg, "sendPoll")
        lobby = len(tg.sent(GROUP))
        tg.push_update(tg.callback_update(GROUP, "session:begin", lobby, user_id=ADMIN))
        server.wait_for(lambda t: lost.taken, timeout=20)
        bot.kill()  # the poll is in the group; the bot never heard back

        (first,) = lost.poll_ids
        right = list(polls_taken(tg)[0]["correct_option_ids"])  # type: ignore[call-overload]
        tg.push_update(tg.poll_answer_update(first, 2, right))  # cast while the bot is down
        bot.start()
        server.wait_for(lambda t: len(polls_taken(t)) == 2, timeout=30)
        server.wait_for(lambda t: open_poll(bot) not in (None, first), timeout=10)
        second = open_poll(bot)
        assert second is not None
        right = list(polls_taken(tg)[1]["correct_option_ids"])  # type: ignore[call-overload]
        tg.push_update(tg.poll_answer_update(second, 1, right))
        server.wait_for(lambda t: any(texts.QUIZ_FINAL in m for m in t.texts(GROUP)), timeout=30)
        assert bot.stop() == 0

    said = tg.texts(GROUP)
    assert said.count(texts.POLL_SENT_AGAIN) == 1
    assert said.index(texts.POLL_SENT_AGAIN) == len(said) - 2  # just before the new poll
    assert polls_taken(tg)[0]["question"] == polls_taken(tg)[1]["question"]
    board = [line for line in said[-1].splitlines() if line.endswith(" correct")]
    assert board == ["🥇 Test — 1 correct"]  # member 2's vote in the first copy is not counted
    assert len(polls_taken(tg)) == 2 and texts.SORRY not in said
    assert "Traceback" not in bot.log.read_text(errors="replace")


def test_a_crash_mid_quiz_and_mid_consultation_loses_nothing_and_says_nothing_twice(
    tmp_path: Path,
) -> None:
    """Round 56: the bot is killed while a patient is mid-consultation and a class
    mid-quiz. While it is down the quiz's poll closes, and after the restart Telegram
    delivers again the tap and the vote the bot had not confirmed (same update ids),
    and the patient taps a button on a question sent before the crash. The class reads
    the question's result once, with the vote counted once; the patient's tap delivered
    again moves the consultation once, every tap is answered once, and the
    consultation goes on to its advice."""
    with FakeBotApiServer(hold_seconds=60) as server:
        tg = server.telegram
        tg.admins.add((GROUP, ADMIN))
        bot = BotProcess(server, tmp_path)
        bot.start()
        tg.push_update(tg.message_update(CHAT, "/start"))
        server.wait_for(lambda t: len(t.sent(CHAT)) >= 2, timeout=20)
        tap(server, BENIGN_TAPS[0])
        first_question, _data = newest_button(tg, BENIGN_TAPS[0])
        message_id, data = newest_button(tg, BENIGN_TAPS[1])
        tapped = tg.callback_update(CHAT, data, message_id)
        tapped_id = tg.push_update(tapped)
        server.wait_for(lambda t: any("How long" in m["text"] for m in t.sent(CHAT)), timeout=20)

        tg.push_update(tg.message_update(GROUP, "/quiz 2 10", ADMIN))
        server.wait_for(lambda t: any(m.get("reply_markup") for m in t.sent(GROUP)), timeout=20)
        lobby = len(tg.sent(GROUP))
        tg.push_update(tg.callback_update(GROUP, "session:begin", lobby, user_id=ADMIN))
        server.wait_for(lambda t: open_poll(bot) is not None, timeout=20)
        poll = open_poll(bot)
        assert poll is not None
        right = list(polls_taken(tg)[0]["correct_option_ids"])  # type: ignore[call-overload]
        voted = tg.poll_answer_update(poll, 5, right)
        voted_id = tg.push_update(voted)
        bot.wait_until_idle()
        time.sleep(0.5)  # the vote is recorded (it posts nothing)
        bot.kill()

        time.sleep(11)  # the poll closes while the bot is down
        tg.push_again({**tapped, "update_id": tapped_id})
        tg.push_again({**voted, "update_id": voted_id})
        old = tg.callback_update(CHAT, _data, first_question)  # a button sent before
        bot.start()
        server.wait_for(lambda t: len(polls_taken(t)) == 2, timeout=30)
        tg.push_update(old)
        for label in BENIGN_TAPS[2:]:
            tap(server, label)
        tg.push_update(tg.message_update(GROUP, "/stop", ADMIN))
        server.wait_for(lambda t: any(texts.QUIZ_FINAL in m for m in t.texts(GROUP)), timeout=30)
        bot.wait_until_idle()
        assert bot.stop() == 0

    said = tg.texts(GROUP)
    results = [t for t in said if t.startswith("<b>Answer:</b>")]
    assert len(results) == 1, said
    board = [line for line in said[-1].splitlines() if line.endswith(" correct")]
    assert board == ["🥇 Test — 1 correct"], said[-1]  # the vote delivered twice: once
    assert texts.POLL_SENT_AGAIN not in said and texts.SORRY not in said
    # Every tap answered; the one delivered again once more, with no toast: the bot
    # cannot know whether its spinner was stopped before the crash (`_handled_before`).
    answers = [c.params for c in tg.calls_of("answerCallbackQuery")]
    answered = Counter(a["callback_query_id"] for a in answers)
    assert answered[str(tapped["callback_query"]["id"])] == 2, answered
    again = [a for a in answers if a["callback_query_id"] == tapped["callback_query"]["id"]]
    assert not again[-1].get("text"), again
    assert len(answered) == len(BENIGN_TAPS) + 2, answered  # and the lobby's Start, an old tap
    private = tg.texts(CHAT)
    assert sum(t.startswith("How long") for t in private) == 1, private
    assert private[-1].startswith("🟢") and texts.SORRY not in private
    assert "Traceback" not in bot.log.read_text(errors="replace")
