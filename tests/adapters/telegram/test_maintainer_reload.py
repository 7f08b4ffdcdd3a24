"""A maintainer reloads the content while teachers run quizzes in their groups."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import shutil
import signal
from dataclasses import replace
from pathlib import Path

import pytest

from bot.adapters.telegram import texts
from bot.assistant import Content
from tests.adapters.telegram.group import (
    Clock,
    GroupBots,
    poll_id,
    polls,
    start_session,
    tick,
    vote,
)
from tests.adapters.telegram.harness import BotHarness
from tests.conftest import DIALOGS, LOCALES

GROUP, OTHER_GROUP = -100810, -100820
TEACHER, OTHER_TEACHER, MAINTAINER = 811, 821, 830


async def test_regression_a_reload_that_dropped_a_running_quizs_question_stopped_every_quiz(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """A maintainer renamed the `hfs` questions of `dialogs/quiz.yml` and reloaded while a
    class was in an `hfs` quiz: when its poll closed the schedule raised StopIteration on
    every pass, the class never saw the answer or the next question, and — the broken
    group being the first due — the other group's quiz stopped too. A quiz now asks
    the questions as they were when it began, and goes on."""
    assert teaching.quiz is not None
    renamed = [
        q.model_copy(update={"id": q.id.replace("hfs", "spasm")}) for q in teaching.quiz.questions
    ]
    edited = replace(teaching, quiz=teaching.quiz.model_copy(update={"questions": renamed}))
    bot = await bots.start(
        teaching,
        tmp_path / "bot.sqlite3",
        admin_ids=frozenset({MAINTAINER}),
        reload=lambda: edited,
    )
    bot.telegram.admins |= {(GROUP, TEACHER), (OTHER_GROUP, OTHER_TEACHER)}
    await start_session(bot, GROUP, TEACHER, "/quiz hfs 2 30")
    clock.now += 5
    await start_session(bot, OTHER_GROUP, OTHER_TEACHER, "/quiz triggers 2 30")
    (first,) = polls(bot, GROUP)
    await vote(bot, await poll_id(bot, GROUP), 1001, first["correct_option_ids"])

    (reloaded,) = await bot.user(MAINTAINER).send("/reload")
    assert reloaded.startswith("Dialogs reloaded")
    await tick(bot, clock, 31)  # both polls close

    for group in (GROUP, OTHER_GROUP):
        closed = bot.telegram.sent(group)[-1]["text"]
        assert closed.startswith("<b>Answer:</b> B"), closed
    assert "🥇 Test — 1 correct" in bot.telegram.sent(GROUP)[-1]["text"]
    await tick(bot, clock, 11)  # the break: the second questions go out
    assert polls(bot, GROUP)[1]["question"].startswith("2/2 Question")
    assert len(polls(bot, OTHER_GROUP)) == 2
    await tick(bot, clock, 31)
    final = bot.telegram.sent(GROUP)[-1]["text"]
    assert texts.QUIZ_FINAL in final and "🥇 Test — 1 correct" in final


async def test_regression_one_groups_failing_session_held_back_every_other_groups_quiz(
    teaching: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """The schedule moved the due groups one after another and stopped at the first that
    failed: a session that could not move on (here one stored before quizzes kept their
    questions, whose question a reload then removed) was the oldest due, came first on
    every pass, and no other group's poll ever closed. The failure is now logged and the
    other groups go on."""
    assert teaching.quiz is not None
    bot = await bots.start(teaching, tmp_path / "bot.sqlite3")
    bot.telegram.admins |= {(GROUP, TEACHER), (OTHER_GROUP, OTHER_TEACHER)}
    await start_session(bot, GROUP, TEACHER, "/quiz hfs 2 30")
    clock.now += 5
    await start_session(bot, OTHER_GROUP, OTHER_TEACHER, "/quiz triggers 2 30")
    classroom = bot.spasmbot.classroom
    assert classroom is not None
    stored = await classroom.store.load(GROUP)
    assert stored is not None
    stored.bank = ""  # as an earlier version stored it
    await classroom.store.save(stored)
    kept = [q for q in teaching.quiz.questions if not q.id.startswith("hfs")]
    bot.spasmbot.assistant.content = replace(
        teaching, quiz=teaching.quiz.model_copy(update={"questions": kept})
    )

    with pytest.raises(RuntimeError):  # the job's failure, which the error handler logs
        await tick(bot, clock, 31)
    assert bot.telegram.sent(OTHER_GROUP)[-1]["text"].startswith("<b>Answer:</b> B")
    with pytest.raises(RuntimeError):
        await tick(bot, clock, 11)
    assert len(polls(bot, OTHER_GROUP)) == 2


async def test_regression_a_refused_reload_did_not_say_why_in_the_log(
    content: Content, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """`systemctl reload` (SIGHUP) after a mistake in `dialogs/consultation.yml`, with no
    SPASMBOT_ADMINS to tell (the default): the log said only "dialog reload refused:
    3 problem(s)". It now gives each problem at its file:line:column, as `spasmbot
    validate` does, and the version still served."""
    dialogs = tmp_path / "dialogs"
    shutil.copytree(DIALOGS, dialogs)
    consultation = dialogs / "consultation.yml"
    consultation.write_text(
        consultation.read_text(encoding="utf-8").replace("goto: location", "goto: locaton", 1),
        encoding="utf-8",
    )
    async with BotHarness(
        content, tmp_path / "bot.sqlite3", reload=lambda: Content.load(dialogs, LOCALES)
    ) as bot:
        caplog.set_level(logging.WARNING, logger="bot.live")
        os.kill(os.getpid(), signal.SIGHUP)
        for _ in range(3000):
            if any("reload refused" in r.getMessage() for r in caplog.records):
                break
            await asyncio.sleep(0.02)
        assert bot.telegram.sent(MAINTAINER) == []
    said = [r.getMessage() for r in caplog.records if r.name == "bot.live"]
    assert f"still serving version {content.dialog.version}" in said[0]
    assert any(
        re.search(r"consultation\.yml:\d+:\d+: error: .*unknown question 'locaton'", line)
        for line in said
    ), said
