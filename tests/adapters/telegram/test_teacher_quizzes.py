"""A teacher's own quizzes through the real PTB stack: upload, problems, code, list,
replace, delete, and `/quiz CODE` in a group with its results."""

from __future__ import annotations

import csv
import html
import io
import re

from bot.adapters.telegram import texts
from bot.core.teacher_quiz import TEMPLATE_CSV, TEMPLATE_YAML
from tests.adapters.telegram.group import (
    Clock,
    GroupBots,
    command,
    poll_id,
    polls,
    start_session,
    tick,
    vote,
)
from tests.adapters.telegram.harness import BotHarness, ChatUser

TEACHER = 4242
OTHER_TEACHER = 4343
GROUP = -100900
CODE = re.compile(r"Its code is ([A-Z0-9]{6})\.")

QUIZ = """\
title: Cranial nerves
questions:
  - question: Which nerve moves the face?
    options: [Trigeminal, Facial, Vagus]
    correct: 2
    explanation: The facial nerve (VII) moves the muscles of the face.
  - question: Which two carry taste?
    options: [Facial, Glossopharyngeal, Optic]
    correct: [1, 2]
    explanation: VII and IX carry taste; II is sight.
"""


async def send_file(
    user: ChatUser, content: bytes, name: str | None, caption: str | None = None, **kw: object
) -> list[str]:
    """`user` sends a document; the texts the bot answered with."""
    before = len(user.received())
    update = user.telegram.files.document_update(
        user.user_id, content, name, caption, language_code=user.language_code, **kw
    )
    await user.harness.feed(update)
    return [html.unescape(text) for text in user.texts()[before:]]  # as Telegram shows them


async def upload(user: ChatUser, content: str = QUIZ, caption: str | None = None) -> str:
    said = await send_file(user, content.encode(), "nerves.yml", caption)
    found = CODE.search(said[-1])
    assert found, said
    return found.group(1)


async def test_a_teachers_file_gets_a_code_a_group_command_and_a_homework_link(
    harness: BotHarness,
) -> None:
    teacher = harness.user(TEACHER)
    said = await send_file(teacher, QUIZ.encode(), "nerves.yml")
    assert len(said) == 1
    code = CODE.search(said[0])
    assert code is not None
    assert "Saved: “Cranial nerves”, 2 questions." in said[0]
    assert f"/quiz {code.group(1)}" in said[0]
    assert f"https://t.me/spasmbot_test_bot?start=quiz_{code.group(1)}" in said[0]
    assert await harness.count("teacher_quizzes", "owner_id = ?", TEACHER) == 1


async def test_every_problem_is_listed_at_its_line_and_column_and_nothing_is_saved(
    harness: BotHarness,
) -> None:
    broken = (
        QUIZ.replace("correct: 2", "correct: 4").replace(
            "options: [Facial, Glossopharyngeal, Optic]", "options: [Facial]"
        )
        + "  - question: "
        + "x" * 301
        + "\n    options: [a, b]\n    correct: 1\n"
    )
    said = await send_file(harness.user(TEACHER), broken.encode(), "nerves.yml")
    assert said == [
        "I found 5 problems in nerves.yml, so nothing was saved:\n"
        "5:14: question 1: correct names option 4, which is not there (the options are "
        "numbered 1 to 3) (fix: number the options from 1, in the order they are written)\n"
        "8:14: question 2: a poll needs 2 to 12 options; this question has 1 (fix: add options)\n"
        "9:14: question 2: correct names option 2, which is not there (the options are "
        "numbered 1 to 1) (fix: number the options from 1, in the order they are written)\n"
        "11:5: question 3: explanation is missing (fix: add it)\n"
        "11:15: question 3: question has 301 characters; Telegram allows 300 (fix: shorten it)"
    ]
    assert await harness.count("teacher_quizzes") == 0


async def test_a_broken_yaml_a_binary_a_huge_and_a_wrong_file_each_get_a_clear_answer(
    harness: BotHarness,
) -> None:
    teacher = harness.user(TEACHER)
    assert await send_file(teacher, b"title: [unclosed\n", "q.yaml") == [
        "I found 1 problem in q.yaml, so nothing was saved:\n"
        "2:1: the YAML cannot be read: expected ',' or ']', but got '<stream end>' "
        "(fix: check the indentation and the quotes on this line)"
    ]
    assert await send_file(teacher, b"\x89PNG\r\n\x1a\n\x00\x00", "photo.csv") == [
        "I found 1 problem in photo.csv, so nothing was saved:\n"
        "1:1: this is not a text file "
        "(fix: save the quiz as plain text in UTF-8, as a .yml or .csv file)"
    ]
    downloads = harness.telegram.files.downloads
    huge = await send_file(teacher, b"x", "big.yml", file_size=5_000_000)
    assert huge == [
        "I found 1 problem in big.yml, so nothing was saved:\n"
        "1:1: the file has 4883 KB; a quiz file may have 64 KB (fix: split it into two quizzes)"
    ]
    assert harness.telegram.files.downloads == downloads  # refused before the download
    assert await send_file(teacher, b"%PDF-1.4", "quiz.pdf") == [texts.QUIZ_FILE_WRONG_TYPE]
    assert await send_file(teacher, b"a", None) == [texts.QUIZ_FILE_WRONG_TYPE]
    assert await harness.count("teacher_quizzes") == 0


async def test_a_csv_from_a_spreadsheet_with_semicolons_is_read_and_its_cells_located(
    harness: BotHarness,
) -> None:
    teacher = harness.user(TEACHER)
    good = "question;correct;explanation;option 1;option 2\nWhat?;2;Because.;A;B\n"
    said = await send_file(teacher, good.encode("utf-8-sig"), "week 3.csv")
    assert "Saved: “week 3”, 1 question." in said[0]
    bad = "question,correct,explanation,option 1,option 2\nWhat?,two,Because.,A,B\n"
    assert await send_file(teacher, bad.encode(), "w.csv") == [
        "I found 1 problem in w.csv, so nothing was saved:\n"
        "2:2: question 1: correct should be option numbers, such as 2 or 1;3 "
        "(fix: compare it with the example that /template sends)"
    ]


async def test_template_sends_a_yaml_and_a_csv_example_that_both_load(
    harness: BotHarness,
) -> None:
    teacher = harness.user(TEACHER)
    said = await teacher.send("/template")
    assert said == [texts.TEMPLATE_INTRO]
    files = harness.telegram.files.sent_documents(TEACHER)
    assert [(name, caption) for name, _content, caption in files] == [
        ("quiz-example.yml", texts.TEMPLATE_YAML_CAPTION),
        ("quiz-example.csv", texts.TEMPLATE_CSV_CAPTION),
    ]
    assert files[0][1].decode() == TEMPLATE_YAML and files[1][1].decode() == TEMPLATE_CSV
    titles = ["The facial nerve, week 3", "quiz-example"]  # a CSV's title is its file's name
    for (name, content, _caption), title in zip(files, titles, strict=True):
        said = await send_file(teacher, content, name)  # sent back unchanged: each is a quiz
        assert f"Saved: “{title}”, 2 questions." in said[0]


async def test_the_owner_lists_replaces_and_deletes_and_nobody_else_can(
    harness: BotHarness,
) -> None:
    teacher, other = harness.user(TEACHER), harness.user(OTHER_TEACHER)
    assert await teacher.send("/myquizzes") == [texts.MY_QUIZZES_NONE]
    code = await upload(teacher)
    listed = await teacher.send("/myquizzes")
    assert listed[0].startswith(
        f"Your quizzes:\n• {code} — “Cranial nerves”, 2 questions, "
        "homework finished by 0 students\n"
    )
    assert await other.send(f"/delete {code}") == [
        f"You have no quiz with the code {code}. /myquizzes lists yours."
    ]
    said = await send_file(other, QUIZ.encode(), "mine.yml", caption=code)
    assert said == [f"You have no quiz with the code {code}. /myquizzes lists yours."]
    replaced = await send_file(
        teacher, QUIZ.replace("Cranial nerves", "Nerves II").encode(), "n.yml", caption=code
    )
    assert replaced[0].startswith(f"Replaced the quiz {code}: “Nerves II”, 2 questions.")
    assert await harness.count("teacher_quizzes") == 1
    assert await teacher.send("/delete") == [
        "Write the quiz's code after the command, e.g. /delete ABC234."
    ]
    assert await teacher.send(f"/delete {code.lower()}") == [
        f"Deleted the quiz {code} (“Nerves II”) and its homework results."
    ]
    assert await harness.count("teacher_quizzes") == 0


async def test_a_file_delivered_twice_makes_one_quiz(harness: BotHarness) -> None:
    teacher = harness.user(TEACHER)
    update = harness.telegram.files.document_update(TEACHER, QUIZ.encode(), "n.yml")
    await harness.feed(update, update_id=500)
    await harness.feed(update, update_id=500)
    assert len(teacher.texts()) == 1
    assert await harness.count("teacher_quizzes") == 1


async def test_a_teachers_quiz_runs_in_a_group_labelled_as_theirs_with_results_for_them(
    bots: GroupBots, clock: Clock, content: object, tmp_path: object
) -> None:
    from pathlib import Path

    from bot.assistant import Content

    assert isinstance(content, Content) and isinstance(tmp_path, Path)
    bot = await bots.start(content, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, TEACHER))
    code = await upload(bot.user(TEACHER))
    assert await command(bot, GROUP, 55, f"/quiz {code}") == [texts.TEACHING_ADMINS_ONLY]
    assert await command(bot, GROUP, TEACHER, "/quiz ZZZZZZ") == [
        "There is no quiz with the code ZZZZZZ. Check the code with the teacher who wrote it."
    ]
    said = await start_session(bot, GROUP, TEACHER, f"/quiz {code.lower()} 5 45")
    assert said[0].startswith(
        "<b>A quiz by a teacher: “Cranial nerves”. Its questions and answers are the teacher's "
        "own, not medical advice from spasmbot.</b>\n\nQuiz: 2 questions, 45 seconds each."
    )
    first = polls(bot, GROUP)[-1]
    assert first["question"] == "1/2 Which nerve moves the face?"
    assert sorted(o["text"] if isinstance(o, dict) else o for o in first["options"]) == [
        "Facial",
        "Trigeminal",
        "Vagus",
    ]
    labels = [o["text"] if isinstance(o, dict) else o for o in first["options"]]
    await vote(bot, await poll_id(bot, GROUP), 11, [labels.index("Facial")])
    await vote(bot, await poll_id(bot, GROUP), 12, [labels.index("Vagus")])
    await tick(bot, clock, 46)
    await tick(bot, clock, 9)
    second = polls(bot, GROUP)[-1]
    labels = [o["text"] if isinstance(o, dict) else o for o in second["options"]]
    right = sorted([labels.index("Facial"), labels.index("Glossopharyngeal")])
    await vote(bot, await poll_id(bot, GROUP), 11, right)
    await tick(bot, clock, 46)
    files = bot.telegram.files.sent_documents(TEACHER)
    assert [name for name, _c, _caption in files] == ["quiz-results.csv"]
    rows = list(csv.reader(io.StringIO(files[0][1].decode("utf-8-sig"))))
    assert rows == [
        ["Player", "Correct", "Seconds", "Q1", "Q2"],
        ["Test", "2", rows[1][2], "1", "1"],
        ["Test", "0", "0.0", "0", ""],
    ]
    again = await command(bot, GROUP, TEACHER, "/quiz again")
    assert again[0].startswith("<b>A quiz by a teacher: “Cranial nerves”.")


async def test_a_russian_teacher_reads_the_problems_and_the_code_in_russian(
    harness: BotHarness,
) -> None:
    teacher = harness.user(TEACHER, "ru")
    broken = QUIZ.replace("correct: 2", "correct: два")
    assert await send_file(teacher, broken.encode(), "нервы.yml") == [
        "В нервы.yml нашлась 1 проблема, поэтому ничего не сохранено:\n"
        "5:14: вопрос 1: в поле correct должно быть: номера вариантов, например 2 или 1;3 "
        "(как исправить: сравните с примером, который присылает /template)"
    ]
    said = await send_file(teacher, QUIZ.encode(), "нервы.yml")
    assert said[0].startswith("Сохранено: «Cranial nerves», 2 вопроса. Код викторины: ")


async def test_a_student_who_blocked_the_bot_is_marked_and_nothing_is_lost(
    harness: BotHarness,
) -> None:
    code = await upload(harness.user(TEACHER))
    student = harness.user(5151)
    await student.send(f"/start quiz_{code}")
    harness.telegram.fail("sendMessage", error="forbidden")
    message_id, data = student.button("▶ Start")
    await harness.feed(harness.telegram.callback_update(5151, data, message_id))
    assert await harness.count("users", "user_id = ? AND active = 0", 5151) == 1
    await student.send(f"/start quiz_{code}")  # back again: where they left off
    assert html.unescape(student.texts()[-1]).startswith("<b>Question 1 of 2</b>")


async def run_to_the_end(bot: GroupBots | object, clock: Clock, code: str) -> None:
    """`/quiz CODE 1 10` in the group, one vote, the poll closed: the results go out."""
    from tests.adapters.telegram.harness import BotHarness

    assert isinstance(bot, BotHarness)
    await start_session(bot, GROUP, TEACHER, f"/quiz {code} 1 10")
    await vote(bot, await poll_id(bot, GROUP), 11, [0])
    await tick(bot, clock, 11)


async def test_regression_the_results_of_a_quiz_set_in_a_private_topic_came_to_the_main_topic(
    bots: GroupBots, clock: Clock, content: object, tmp_path: object
) -> None:
    """A teacher who keeps the bot's private chat in topics ("Quizzes") sent the quiz
    file there, ran it in the group, and the results file and its summary arrived in
    the chat's main topic, where the teacher was not looking: nothing recorded which
    topic the teacher used. The topic of the teacher's last quiz file or command is
    kept (a table of its own, forgotten by /forget); the results go there, and to the
    main topic if that topic is gone or the teacher's last words were there."""
    from pathlib import Path

    from bot.assistant import Content

    assert isinstance(content, Content) and isinstance(tmp_path, Path)
    bot = await bots.start(content, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, TEACHER))
    teacher, topic = bot.user(TEACHER), 11
    said = await send_file(
        teacher, QUIZ.encode(), "nerves.yml", message_thread_id=topic, is_topic_message=True
    )
    found = CODE.search(said[-1])
    assert found, said
    code = found.group(1)

    def to_teacher(since: int) -> list[tuple[str, object]]:
        return [
            (c.method, c.params.get("message_thread_id"))
            for c in bot.telegram.calls[since:]
            if c.method in ("sendDocument", "sendMessage") and c.params.get("chat_id") == TEACHER
        ]

    since = len(bot.telegram.calls)
    await run_to_the_end(bot, clock, code)
    assert to_teacher(since) == [("sendDocument", topic), ("sendMessage", topic)]

    # The topic deleted since: the results come to the main topic, not lost.
    bot.telegram.fail(
        "sendDocument", error="bad_request", description="Bad Request: message thread not found"
    )
    since = len(bot.telegram.calls)
    await run_to_the_end(bot, clock, code)
    assert [m for m in to_teacher(since) if m[0] == "sendDocument"][-1] == ("sendDocument", None)
    assert to_teacher(since)[-1] == ("sendMessage", None)

    # The teacher's quiz commands now in the main topic: the results follow them there.
    await bot.feed(
        bot.telegram.message_update(
            TEACHER, "/myquizzes", message_thread_id=topic, is_topic_message=True
        )
    )
    await bot.feed(bot.telegram.message_update(TEACHER, "/myquizzes"))
    since = len(bot.telegram.calls)
    await run_to_the_end(bot, clock, code)
    assert to_teacher(since) == [("sendDocument", None), ("sendMessage", None)]

    await bot.feed(
        bot.telegram.message_update(
            TEACHER, "/myquizzes", message_thread_id=topic, is_topic_message=True
        )
    )
    assert await bot.count("teacher_topics", "user_id = ?", TEACHER) == 1
    await bot.storage.forget_user(TEACHER)
    assert await bot.count("teacher_topics") == 0
