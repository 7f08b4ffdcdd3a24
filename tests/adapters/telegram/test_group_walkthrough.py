"""A teacher's whole lesson, as a class lives it (issue 26): a quiz and a case study in
a group, in English and in another language, with the bot restarted mid-question and
once dying as it sent a poll. What the group and the admin see is checked in the
group's language throughout."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest

from bot.adapters.telegram import texts
from bot.assistant import Content
from bot.core.group_session import GroupSession
from bot.core.render import escape
from bot.i18n import Catalogs
from tests.adapters.telegram.group import Clock, GroupBots, poll_id, polls, tap_start, tick
from tests.adapters.telegram.harness import BotHarness
from tests.conftest import LOCALES

GROUP = -100800
ADMIN = 902
MEMBERS = range(4000, 4006)
#: What the group may read in English in any language: names, numbers, marks.
LATIN_ONLY = re.compile(r"^[\W\d_]*$")
#: Words of the bot's own English that must not show in another language's lesson.
ENGLISH = (
    texts.QUIZ_ANSWER,
    texts.QUIZ_FINAL,
    texts.QUIZ_TOP,
    texts.QUIZ_THANKS,
    texts.LOBBY,
    texts.POLL_SENT_AGAIN,
    texts.CASE_PAUSED,
    texts.QUIZ_PAUSED,
    "In the story:",
    "The group chose",
    "Where the group's answers lead",
)


async def session(bot: BotHarness) -> GroupSession | None:
    classroom = bot.spasmbot.classroom
    assert classroom is not None
    return await classroom.store.load(GROUP)


async def vote_all(bot: BotHarness, chosen: list[int]) -> None:
    poll = await poll_id(bot, GROUP)
    for member in MEMBERS:
        await bot.feed(bot.telegram.poll_answer_update(poll, member, chosen))


def right_options(bot: BotHarness, number: int) -> list[int]:
    """Every right option of the quiz's `number`-th poll (some questions have two)."""
    return list(polls(bot, GROUP)[number]["correct_option_ids"])


def in_language(language: str, said: list[str]) -> None:
    """Nothing the bot said is in English unless the lesson is."""
    if language == "en":
        return
    for text in said:
        for english in ENGLISH:
            assert english not in text, (english, text)


@pytest.mark.parametrize("language", ["en", "ru", "de"])
async def test_a_teacher_runs_a_quiz_and_a_case_study_with_restarts(
    content: Content, bots: GroupBots, clock: Clock, tmp_path: Path, language: str
) -> None:
    translations = Catalogs(LOCALES).translations(language)
    _ = translations.gettext
    database = tmp_path / "bot.sqlite3"
    bot = await bots.start(content, database)
    bot.telegram.admins.add((GROUP, ADMIN))
    say = bot.telegram.message_update

    # The quiz: three questions; a lobby, a pause, a restart while question 2 is open.
    await bot.feed(say(GROUP, "/quiz 3 20", ADMIN, language_code=language))
    assert bot.telegram.texts(GROUP)[-1].endswith(f"<i>{_(texts.LOBBY)}</i>")
    await tap_start(bot, GROUP, ADMIN)
    await vote_all(bot, right_options(bot, 0))
    await tick(bot, clock, 21)
    assert bot.telegram.texts(GROUP)[-1].startswith(f"<b>{_(texts.QUIZ_ANSWER)}:</b>")
    await tick(bot, clock, 10)
    await bot.feed(say(GROUP, "/pause", ADMIN, language_code=language))
    assert bot.telegram.texts(GROUP)[-1] == _(texts.QUIZ_PAUSED)
    right = right_options(bot, 1)
    waiting = await poll_id(bot, GROUP)
    await bots.stop(bot)
    cast_while_down = [
        bot.telegram.poll_answer_update(waiting, member, right) for member in MEMBERS[:3]
    ]
    bot = await bots.start(content, database, telegram=bot.telegram, first_update_id=1000)
    for update in cast_while_down:
        await bot.feed(update)
    await tick(bot, clock, 21)  # question 2 closes; the quiz waits
    assert (await session(bot)) is not None and (await session(bot)).phase == "paused"  # type: ignore[union-attr]
    await bot.feed(say(GROUP, "/pause", ADMIN, language_code=language))  # go on
    await vote_all(bot, right_options(bot, 2))
    await tick(bot, clock, 21)
    final = bot.telegram.texts(GROUP)[-1]
    assert _(texts.QUIZ_FINAL) in final and _(texts.QUIZ_THANKS) in final
    three, two = (texts.quiz_score(translations.ngettext, n) for n in (3, 2))
    lines = final.splitlines()
    # the same score in different times shows the time after it ('… in 3.0 s')
    assert len([line for line in lines if f"Test — {three} " in f"{line} "]) == 3
    assert len([line for line in lines if f"Test — {two} " in f"{line} "]) == 3  # not on question 2
    (document,) = bot.telegram.calls_of("sendDocument")
    rows = list(csv.reader(io.StringIO(document.params["document"].content.decode("utf-8-sig"))))
    assert rows[0][0] == _(texts.RESULTS_PLAYER) and len(rows) == 1 + len(MEMBERS)
    summary = [
        c.params["text"]
        for c in bot.telegram.calls_of("sendMessage")
        if c.params["chat_id"] == ADMIN
    ]
    assert len(summary) == 1 and summary[0].startswith(_(texts.RESULTS_BY_QUESTION))
    quiz_said = bot.telegram.texts(GROUP)

    # The case study: the bot dies as it sends the second vote's poll.
    await bot.feed(say(GROUP, "/case office_worker_eyelid 30", ADMIN, language_code=language))
    story = next(c for c in content.cases.cases if c.id == "office_worker_eyelid")  # type: ignore[union-attr]
    assert bot.telegram.texts(GROUP)[-1].startswith(f"<b>{_(story.title)}</b>")
    classroom = bot.spasmbot.classroom
    assert classroom is not None
    record_poll = classroom.store.record_poll

    async def crash(*_args: object) -> None:
        raise RuntimeError("the process died")

    voted = 0
    while (running := await session(bot)) is not None:
        assert running.conversation is not None
        answer = story.answers[running.conversation.state]
        await vote_all(bot, [running.options.index(answer)])
        voted += 1
        if voted == 1:
            classroom.store.record_poll = crash  # type: ignore[method-assign]
            with pytest.raises(RuntimeError):
                await tick(bot, clock, 31)
            classroom.store.record_poll = record_poll  # type: ignore[method-assign]
            await bots.stop(bot)
            bot = await bots.start(content, database, telegram=bot.telegram, first_update_id=2000)
            classroom = bot.spasmbot.classroom
            assert classroom is not None
            record_poll = classroom.store.record_poll
            await tick(bot, clock, 3)
            assert bot.telegram.texts(GROUP)[-1] == _(texts.POLL_SENT_AGAIN)
        else:
            await tick(bot, clock, 31)
    assert voted == len(story.answers)
    case_said = bot.telegram.texts(GROUP)[len(quiz_said) :]
    group_chose = texts.case_chosen(translations.ngettext, "\0", 6, 6).split("\0")[0]
    chosen = [t for t in case_said if t.startswith(group_chose)]
    assert len(chosen) == len(story.answers)
    assert any("✅" in t for t in case_said)  # the votes led where the story was written to
    in_language(language, quiz_said + case_said)
    for poll in polls(bot, GROUP):
        in_language(language, [poll["question"], *[str(o) for o in poll["options"]]])
        assert not LATIN_ONLY.match(poll["question"])


async def test_regression_several_right_answers_are_listed_one_per_line(
    content: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    """A two-answer question's answer ran its options together ("Long hours of reading
    or screen work, Too little sleep and tiredness"), as if they were one."""
    assert content.quiz is not None
    (question, *_rest) = [q for q in content.quiz.questions if len(q.correct) == 2]
    bank = content.quiz.model_copy(update={"questions": [question]})
    bot = await bots.start(replace(content, quiz=bank), tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await bot.feed(bot.telegram.message_update(GROUP, "/quiz 1 20", ADMIN))
    await tap_start(bot, GROUP, ADMIN)
    await tick(bot, clock, 21)
    right = [o.text for o in question.options if o.id in question.correct]
    answer = bot.telegram.texts(GROUP)[-1].split("\n\n")[0]
    assert answer.splitlines() == ["<b>Answer:</b>", *(f"• {escape(r)}" for r in right)]
