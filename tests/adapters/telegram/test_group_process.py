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
from pathlib import Path

from bot.adapters.telegram import texts
from tests.adapters.telegram.bot_process import BotProcess
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
