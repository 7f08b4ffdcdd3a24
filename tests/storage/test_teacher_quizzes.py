"""Teachers' quizzes and homework in storage, on SQLite and PostgreSQL: codes, owners,
a file delivered twice, replacing, retention and `spasmbot forget`."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import pytest

from bot.core import homework
from bot.core.teacher_quiz import CODE_PATTERN, TEMPLATE_YAML, read_quiz_file
from bot.storage.base import Database
from bot.storage.teacher_quizzes import TeacherQuizStore
from tests.storage.backends import Backend

TEACHER, STUDENT = 31, 41
QUIZ, _problems = read_quiz_file("q.yml", TEMPLATE_YAML.encode())
assert QUIZ is not None


@pytest.fixture
async def store(backend: Backend) -> AsyncIterator[Database]:
    async with backend.opened() as opened:
        yield opened


async def count(store: Database, table: str) -> int:
    row = await store.statements.fetchone(f"SELECT count(*) FROM {table}")
    assert row is not None
    return int(row[0])


async def take(quizzes: TeacherQuizStore, code: str, user_id: int) -> None:
    own = await quizzes.get(code)
    assert own is not None
    bank = own.quiz.bank(own.version)
    taken = homework.begin(bank, code, homework.questions_of(bank, None))
    taken.consented = True
    taken.answer(bank, [0], time.time())
    await quizzes.save_homework(user_id, "Ann", taken)


async def test_a_quiz_is_kept_under_a_new_code_once_per_update(store: Database) -> None:
    assert QUIZ is not None
    quizzes = TeacherQuizStore(store.statements)
    code = await quizzes.add(TEACHER, QUIZ, update_id=7)
    assert CODE_PATTERN.match(code)
    assert await quizzes.add(TEACHER, QUIZ, update_id=7) == code  # delivered again
    other = await quizzes.add(TEACHER, QUIZ, update_id=8)
    assert other != code
    assert [q.code for q in await quizzes.of_owner(TEACHER)] == [code, other]
    assert await quizzes.of_owner(STUDENT) == []
    assert not await quizzes.delete(code, STUDENT)  # not theirs
    assert await quizzes.replace(code, STUDENT, QUIZ, 9) == -1


async def test_replacing_drops_the_old_versions_results_and_changes_the_version(
    store: Database,
) -> None:
    assert QUIZ is not None
    quizzes = TeacherQuizStore(store.statements)
    code = await quizzes.add(TEACHER, QUIZ, update_id=1)
    before = await quizzes.get(code)
    await take(quizzes, code, STUDENT)
    assert len(await quizzes.attempts(code)) == 1
    changed = QUIZ.model_copy(update={"title": "Another"})
    assert await quizzes.replace(code, TEACHER, changed, 2) == 1
    after = await quizzes.get(code)
    assert before is not None and after is not None and after.version != before.version
    assert await quizzes.attempts(code) == []


async def test_forget_deletes_a_teachers_quizzes_with_their_results_and_a_students_homework(
    store: Database,
) -> None:
    assert QUIZ is not None
    quizzes = TeacherQuizStore(store.statements)
    code = await quizzes.add(TEACHER, QUIZ, update_id=1)
    kept = await quizzes.add(99, QUIZ, update_id=2)
    await take(quizzes, code, STUDENT)
    await take(quizzes, kept, STUDENT)
    await take(quizzes, kept, 55)
    await store.forget_user(STUDENT)  # as `spasmbot forget` and /forget do
    assert await count(store, "homework") == 1
    await store.forget_user(TEACHER)
    assert await quizzes.get(code) is None and await quizzes.get(kept) is not None
    await take(quizzes, kept, STUDENT)
    await store.forget_user(99)
    assert await count(store, "homework") == 0 and await count(store, "teacher_quizzes") == 0


async def test_quizzes_and_homework_go_after_the_retention_period(store: Database) -> None:
    assert QUIZ is not None
    quizzes = TeacherQuizStore(store.statements)
    code = await quizzes.add(TEACHER, QUIZ, update_id=1)
    await take(quizzes, code, STUDENT)
    await store.purge_idle(time.time() - 3600)
    assert await count(store, "homework") == 1 and await count(store, "teacher_quizzes") == 1
    purged = await store.purge_idle(time.time() + 1)
    assert (purged.teacher_quizzes, purged.homework) == (1, 1)  # counted for the log line
    assert await count(store, "homework") == 0 and await count(store, "teacher_quizzes") == 0
