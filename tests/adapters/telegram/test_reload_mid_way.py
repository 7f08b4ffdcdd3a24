"""A maintainer renames a question and reloads while people are in the middle of it:
a student's homework, a group's case study, a private consultation."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bot.adapters.telegram import texts
from bot.assistant import Content
from tests.adapters.telegram.group import Clock, GroupBots, command, poll_id, polls, tick, vote
from tests.adapters.telegram.harness import BotHarness
from tests.adapters.telegram.test_homework import shown, tap
from tests.conftest import DIALOGS, LOCALES

MAINTAINER, STUDENT, USER = 830, 5151, 1001
GROUP, TEACHER = -100400, 800
SORRY = "Sorry, something went wrong on my side."


def renamed_dialogs(tmp_path: Path, old: str, new: str, version: str | None = None) -> Path:
    """A copy of the dialogs with question `old` renamed `new` wherever it is named, as a
    maintainer would; the version bumped only when `version` is given."""
    target = tmp_path / "dialogs"
    shutil.copytree(DIALOGS, target)
    shutil.rmtree(target / "tests")
    for path in target.rglob("*"):
        if path.suffix in (".yml", ".j2") and path.is_file():
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(rf"\b{old}\b", new, text), encoding="utf-8")
    if version is not None:
        path = target / "consultation.yml"
        text = path.read_text(encoding="utf-8")
        text = re.sub(r'^version: ".*"', f'version: "{version}"', text, flags=re.M)
        path.write_text(text, encoding="utf-8")
    return target


async def test_regression_a_reload_that_renamed_a_topics_question_broke_a_students_homework(
    teaching: Content, tmp_path: Path
) -> None:
    """A student was half-way through a built-in topic (`/start quiz_triggers`) when a
    reload renamed its questions and kept the quiz's version: every tap and every new
    `/start quiz_triggers` got "something went wrong", for good. The homework is now a
    changed quiz: the student is told so, and the link starts it over."""
    assert teaching.quiz is not None
    questions = [
        q.model_copy(update={"id": q.id.replace("triggers_", "trig_")})
        for q in teaching.quiz.questions
    ]
    edited = replace(teaching, quiz=teaching.quiz.model_copy(update={"questions": questions}))
    async with BotHarness(
        teaching,
        tmp_path / "bot.sqlite3",
        admin_ids=frozenset({MAINTAINER}),
        reload=lambda: edited,
    ) as bot:
        student = bot.user(STUDENT)
        await student.send("/start quiz_triggers")
        await tap(student, "▶ Start")
        (reloaded,) = await bot.user(MAINTAINER).send("/reload")
        assert reloaded.startswith("Dialogs reloaded")

        await tap(student, student.keyboard()[0])
        assert shown(student, 1) == [texts.HOMEWORK_CHANGED]
        said = await student.send("/start quiz_triggers")
        assert said[0].startswith("Homework: “Triggers”, 4 questions")
        await tap(student, "▶ Start")
        assert shown(student, 1) == ["Question 1 of 4\n\nQuestion 0 about triggers?"]
        await tap(student, student.keyboard()[0])
        assert not any(SORRY in text for text in student.texts())


async def test_regression_a_reload_that_renamed_the_open_question_broke_a_consultation(
    content: Content, tmp_path: Path
) -> None:
    """A maintainer renamed the `location` question and reloaded, keeping the version
    number, while someone was on it: each tap and each message got "something went
    wrong" until they found /back. They are now told the questions were updated and
    asked the renamed question, as when the version changes."""
    dialogs = renamed_dialogs(tmp_path, "location", "face_area")
    async with BotHarness(
        content,
        tmp_path / "bot.sqlite3",
        admin_ids=frozenset({MAINTAINER}),
        reload=lambda: Content.load(dialogs, LOCALES),
    ) as bot:
        user = bot.user(USER)
        await user.send("/start")
        await user.click("None of these")
        await bot.user(MAINTAINER).send("/reload")

        replies = await user.click("One eyelid twitches")
        assert replies[0].startswith("The questions were updated since we last talked.")
        assert replies[-1] == "Which of these describes it best?"
        assert await user.click("One eyelid twitches") == ["How long has it been going on?"]
        assert not any(SORRY in text for text in user.texts())


@pytest.mark.parametrize("version", [None, "next-version"])
async def test_regression_a_reload_that_renamed_a_case_studys_question_stalled_the_group(
    content: Content, bots: GroupBots, clock: Clock, tmp_path: Path, version: str | None
) -> None:
    """A group was voting on the `location` question of a case study when a reload
    renamed it (with or without a new version): counting the vote raised KeyError on
    every pass, and the class waited in silence with a closed poll. The group is now
    told the vote does not count and gets the question again."""
    dialogs = renamed_dialogs(tmp_path, "location", "face_area", version)
    bot = await bots.start(
        content,
        tmp_path / "bot.sqlite3",
        admin_ids=frozenset({MAINTAINER}),
        reload=lambda: Content.load(dialogs, LOCALES),
    )
    bot.telegram.admins.add((GROUP, TEACHER))
    await command(bot, GROUP, TEACHER, "/case office_worker_eyelid 30")
    none_of_these = 4
    await vote(bot, await poll_id(bot, GROUP), 2001, [none_of_these])
    await tick(bot, clock, 31)
    await bot.user(MAINTAINER).send("/reload")
    await vote(bot, await poll_id(bot, GROUP), 2001, [0])

    await tick(bot, clock, 31)
    assert bot.telegram.texts(GROUP)[-1] == texts.CASE_QUESTIONS_UPDATED
    asked = [p["question"] for p in polls(bot, GROUP)]
    assert asked[1:] == ["In the story: Which of these describes it best?"] * 2
    await vote(bot, await poll_id(bot, GROUP), 2001, [0])
    await tick(bot, clock, 31)
    assert bot.telegram.texts(GROUP)[-1].startswith("The group chose “One eyelid twitches”")
    assert len(polls(bot, GROUP)) == 4
