"""Homework links through the real PTB stack: consent, one question at a time, the
explanation, the score, stale buttons, and the teacher's results."""

from __future__ import annotations

import csv
import html
import io
import re

from bot.adapters.telegram import texts
from tests.adapters.telegram.harness import BotHarness, ChatUser
from tests.adapters.telegram.test_teacher_quizzes import QUIZ, TEACHER, send_file, upload

STUDENT, OTHER_STUDENT = 5151, 5252


def shown(user: ChatUser, count: int) -> list[str]:
    """The last `count` messages as the student reads them."""
    return [html.unescape(re.sub(r"</?[bi]>", "", text)) for text in user.texts()[-count:]]


async def tap(user: ChatUser, label: str) -> None:
    """`user` taps the newest button `label`, from an app in their language."""
    message_id, data = user.button(label)
    update = user.telegram.callback_update(
        user.user_id, data, message_id, language_code=user.language_code
    )
    await user.harness.feed(update)


async def test_a_student_takes_a_teachers_homework_and_the_teacher_gets_the_results(
    harness: BotHarness,
) -> None:
    teacher = harness.user(TEACHER)
    code = await upload(teacher)
    student = harness.user(STUDENT)
    await student.send(f"/start quiz_{code}")
    assert shown(student, 1) == [
        "Homework: “Cranial nerves”, a quiz by your teacher — the questions are theirs, not "
        "medical advice from me. 2 questions, one at a time.\n\n"
        "If you start, your teacher will see your Telegram name, your answers, your time and "
        "your score. Taking it again replaces your earlier answers; /forget deletes them."
    ]
    assert student.keyboard() == ["▶ Start", "No, thanks"]
    assert await harness.count("homework") == 0  # nothing before the student agrees
    await tap(student, "▶ Start")
    assert shown(student, 1) == ["Question 1 of 2\n\nWhich nerve moves the face?"]
    assert sorted(student.keyboard()) == ["Facial", "Trigeminal", "Vagus"]
    await tap(student, "Vagus")
    assert shown(student, 2) == [
        "❌ Not quite. The right answer: Facial\n\n"
        "The facial nerve (VII) moves the muscles of the face.",
        "Question 2 of 2\n\nWhich two carry taste?\n\nChoose all the right answers, then tap Done.",
    ]
    await tap(student, "Done ✔")  # nothing ticked yet: a toast, no answer
    assert harness.telegram.calls_of("answerCallbackQuery")[-1].params["text"] == (
        texts.HOMEWORK_PICK_FIRST
    )
    await tap(student, "Facial")  # a tick: the same question, its keyboard marked
    ticked = harness.telegram.edits(STUDENT)[-1]["reply_markup"]["inline_keyboard"]
    assert sorted(row[0]["text"] for row in ticked) == [
        "Done ✔",
        "Glossopharyngeal",
        "Optic",
        "✓ Facial",
    ]
    message_id, data = student.button("Glossopharyngeal")
    await harness.feed(harness.telegram.callback_update(STUDENT, data, message_id))
    message_id, done = student.button("Done ✔")
    await harness.feed(harness.telegram.callback_update(STUDENT, done, message_id))
    assert shown(student, 2) == [
        "✅ Right!\n\nVII and IX carry taste; II is sight.",
        "Finished: 1 of 2 answers right.\nYour teacher will see your result.",
    ]
    # An old button, tapped again, answers nothing.
    await harness.feed(harness.telegram.callback_update(STUDENT, done, message_id))
    assert harness.telegram.calls_of("answerCallbackQuery")[-1].params["text"] == (
        texts.STALE_CALLBACK
    )
    await teacher.send(f"/results {code}")
    assert shown(teacher, 1) == [
        f"“Cranial nerves” ({code}): 1 started, 1 finished.\n\n"
        "Right answers per question:\nQ1: 0% right of 1\nQ2: 100% right of 1"
    ]
    files = harness.telegram.files.sent_documents(TEACHER)
    assert files[-1][0] == f"homework-{code}.csv"
    rows = list(csv.reader(io.StringIO(files[-1][1].decode("utf-8-sig"))))
    assert rows[0] == ["Player", "Correct", "Seconds", "Q1", "Q2"]
    assert rows[1][0:2] == ["Test", "1"] and rows[1][3:] == ["0", "1"]


async def test_no_thanks_stores_nothing_and_a_forged_button_gets_a_toast(
    harness: BotHarness,
) -> None:
    code = await upload(harness.user(TEACHER))
    student = harness.user(STUDENT)
    await student.send(f"/start quiz_{code}")
    await tap(student, "No, thanks")
    assert shown(student, 1) == [texts.HOMEWORK_DECLINED]
    assert await harness.count("homework") == 0
    for forged in (f"hw:{code}:7.1", f"hw:{code}:0.99", "hw:nonsense", f"hw:{code}:x"):
        await harness.feed(harness.telegram.callback_update(STUDENT, forged, 1))
        assert harness.telegram.calls_of("answerCallbackQuery")[-1].params["text"] == (
            texts.STALE_CALLBACK
        )
    await harness.feed(harness.telegram.callback_update(STUDENT, "hw:QQQQQQ:0.1", 1))
    assert shown(student, 1) == [texts.HOMEWORK_UNKNOWN]


async def test_an_unknown_link_gets_a_clear_answer_and_the_consultation_is_untouched(
    harness: BotHarness,
) -> None:
    student = harness.user(STUDENT)
    await student.send("/start quiz_nothing_here")
    assert shown(student, 1) == [texts.HOMEWORK_UNKNOWN]
    assert await harness.count("conversations") == 0


async def test_a_topic_homework_in_spanish_keeps_nothing_for_a_teacher(
    harness: BotHarness,
) -> None:
    student = harness.user(STUDENT, "es")
    await student.send("/start quiz_triggers")
    consent = shown(student, 1)[0]
    assert consent.startswith("Deberes: «Desencadenantes cotidianos», 4 preguntas")
    assert "ningún docente las ve" in consent
    await tap(student, "▶ Empezar")
    for number in range(1, 5):
        assert shown(student, 1)[0].startswith(f"Pregunta {number} de 4\n\n")
        first = student.keyboard()[0]
        await tap(student, first)
        if "Listo ✔" in student.keyboard():  # more than one right answer: tick, then Done
            await tap(student, "Listo ✔")
    assert shown(student, 1)[0].startswith("Terminado: ")
    assert "docente" not in shown(student, 1)[0]


async def test_a_student_who_leaves_comes_back_to_the_question_they_left(
    harness: BotHarness,
) -> None:
    code = await upload(harness.user(TEACHER))
    student = harness.user(STUDENT)
    await student.send(f"/start quiz_{code}")
    await tap(student, "▶ Start")
    await student.send(f"/start quiz_{code}")
    assert shown(student, 2) == [
        texts.HOMEWORK_CONTINUE,
        "Question 1 of 2\n\nWhich nerve moves the face?",
    ]


async def test_forget_deletes_a_students_homework_and_a_teachers_quizzes_with_results(
    harness: BotHarness,
) -> None:
    teacher = harness.user(TEACHER)
    code = await upload(teacher)
    student = harness.user(STUDENT)
    await student.send(f"/start quiz_{code}")
    await tap(student, "▶ Start")
    other = harness.user(OTHER_STUDENT)
    await other.send(f"/start quiz_{code}")
    await tap(other, "▶ Start")
    await student.send("/forget")
    await tap(student, texts.FORGET_YES)
    assert await harness.count("homework") == 1
    await teacher.send("/forget")
    await tap(teacher, texts.FORGET_YES)
    assert await harness.count("homework") == 0
    assert await harness.count("teacher_quizzes") == 0


async def test_a_replaced_quiz_starts_over_for_a_student_half_way(harness: BotHarness) -> None:
    teacher = harness.user(TEACHER)
    code = await upload(teacher)
    student = harness.user(STUDENT)
    await student.send(f"/start quiz_{code}")
    await tap(student, "▶ Start")
    changed = QUIZ.replace("Which nerve", "What nerve").encode()
    said = await send_file(teacher, changed, "nerves.yml", caption=code)
    assert "The homework results of the old version (1 student) were deleted." in said[0]
    await tap(student, "Facial")  # a question of the old version: it answers nothing
    assert harness.telegram.calls_of("answerCallbackQuery")[-1].params["text"] == (
        texts.STALE_CALLBACK
    )
    await student.send(f"/start quiz_{code}")
    await tap(student, "▶ Start")
    assert shown(student, 1) == ["Question 1 of 2\n\nWhat nerve moves the face?"]


async def test_results_of_someone_elses_code_are_refused(harness: BotHarness) -> None:
    code = await upload(harness.user(TEACHER))
    stranger = harness.user(OTHER_STUDENT)
    await stranger.send(f"/results {code}")
    assert shown(stranger, 1) == [f"You have no quiz with the code {code}. /myquizzes lists yours."]
    assert harness.telegram.files.sent_documents(OTHER_STUDENT) == []
