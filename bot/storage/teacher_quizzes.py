"""Teachers' own quizzes, by code, and the homework students take from a link.

A quiz row belongs to the teacher who sent the file (`owner_id`); only they
replace, delete or read the results of it. A homework row is one student's
attempt at one quiz (a topic of the bank or a code). Both are kept for the
retention period after their last change or use (`sql.PURGE_TEACHING`) and
deleted by `/forget` (`sql.FORGET_STATEMENTS`), and so is the topic of the private
chat a teacher last wrote in (`teacher_topics`), where their results are sent.
Written once in the SQL that SQLite and PostgreSQL share.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from bot.core import homework
from bot.core.homework import Attempt, Homework
from bot.core.teacher_quiz import TeacherQuiz, new_code
from bot.storage.sql import Sql

#: Tries for a code nobody has yet (31⁶ codes: a second try is already rare).
CODE_TRIES = 20
NAME_MAX = 64


@dataclass(frozen=True)
class StoredQuiz:
    code: str
    owner_id: int
    quiz: TeacherQuiz
    #: When it was sent or last replaced: the version a homework is taken against.
    version: str


class TeacherQuizStore:
    def __init__(self, sql: Sql) -> None:
        self.sql = sql

    # -- quizzes -------------------------------------------------------------------

    async def add(self, owner_id: int, quiz: TeacherQuiz, update_id: int) -> str:
        """Store a new quiz and return its code; the same code again when update
        `update_id` (a file Telegram delivered twice) stored it before."""
        row = await self.sql.fetchone(
            "SELECT code FROM teacher_quizzes WHERE owner_id = ? AND update_id = ?",
            owner_id,
            update_id,
        )
        if row is not None:
            return str(row[0])
        now = time.time()
        for _try in range(CODE_TRIES):
            code = new_code()
            added = await self.sql.execute(
                "INSERT INTO teacher_quizzes (code, owner_id, title, data, update_id,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (code) DO NOTHING",
                code,
                owner_id,
                quiz.title,
                quiz.model_dump_json(),
                update_id,
                now,
                now,
            )
            if added:
                return code
        raise RuntimeError("no free quiz code")

    async def replace(self, code: str, owner_id: int, quiz: TeacherQuiz, update_id: int) -> int:
        """Put `quiz` in place of the owner's quiz `code`; how many students' results of the
        old one went with it (-1: no such quiz of theirs)."""
        async with self.sql.transaction() as tx:
            row = await tx.fetchone(
                "SELECT update_id FROM teacher_quizzes WHERE code = ? AND owner_id = ?",
                code,
                owner_id,
            )
            if row is None:
                return -1
            if int(row[0]) == update_id:  # this very file, delivered again
                return 0
            removed = await tx.execute("DELETE FROM homework WHERE quiz = ?", code)
            await tx.execute(
                "UPDATE teacher_quizzes SET title = ?, data = ?, update_id = ?, updated_at = ?"
                " WHERE code = ?",
                quiz.title,
                quiz.model_dump_json(),
                update_id,
                time.time(),
                code,
            )
            return removed

    async def get(self, code: str) -> StoredQuiz | None:
        row = await self.sql.fetchone(
            "SELECT code, owner_id, data, updated_at FROM teacher_quizzes WHERE code = ?", code
        )
        return _stored(row) if row else None

    async def of_owner(self, owner_id: int) -> list[StoredQuiz]:
        rows = await self.sql.fetch(
            "SELECT code, owner_id, data, updated_at FROM teacher_quizzes WHERE owner_id = ?"
            " ORDER BY created_at, code",
            owner_id,
        )
        return [_stored(row) for row in rows]

    async def delete(self, code: str, owner_id: int) -> bool:
        """Delete the owner's quiz `code` with its results; False if they have none such."""
        async with self.sql.transaction() as tx:
            deleted = await tx.execute(
                "DELETE FROM teacher_quizzes WHERE code = ? AND owner_id = ?", code, owner_id
            )
            if deleted:
                await tx.execute("DELETE FROM homework WHERE quiz = ?", code)
            return bool(deleted)

    async def used(self, code: str) -> None:
        """The quiz was run or opened: it is kept for another retention period."""
        await self.sql.execute(
            "UPDATE teacher_quizzes SET updated_at = ? WHERE code = ?", time.time(), code
        )

    # -- where the teacher reads ------------------------------------------------------

    async def wrote_in(self, owner_id: int, topic: int | None) -> None:
        """The teacher sent a quiz file or command in `topic` of their private chat with
        the bot (None: its main topic): their group quizzes' results go there."""
        if topic is None:
            await self.sql.execute("DELETE FROM teacher_topics WHERE user_id = ?", owner_id)
            return
        await self.sql.execute(
            "INSERT INTO teacher_topics (user_id, topic, seen_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET topic = excluded.topic,"
            " seen_at = excluded.seen_at",
            owner_id,
            topic,
            time.time(),
        )

    async def topic_of(self, owner_id: int) -> int | None:
        """The private topic the teacher last wrote in (`wrote_in`); None: the main one."""
        row = await self.sql.fetchone(
            "SELECT topic FROM teacher_topics WHERE user_id = ?", owner_id
        )
        return int(str(row[0])) if row else None

    # -- homework --------------------------------------------------------------------

    async def homework(self, user_id: int, quiz: str) -> Homework | None:
        row = await self.sql.fetchone(
            "SELECT data FROM homework WHERE user_id = ? AND quiz = ?", user_id, quiz
        )
        return homework.from_json(str(row[0])) if row else None

    async def save_homework(self, user_id: int, name: str, taken: Homework) -> None:
        now = time.time()
        await self.sql.execute(
            "INSERT INTO homework (user_id, quiz, name, data, started_at, updated_at,"
            " finished_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, quiz) DO UPDATE"
            " SET name = excluded.name, data = excluded.data,"
            " updated_at = excluded.updated_at, finished_at = excluded.finished_at",
            user_id,
            taken.quiz,
            name[:NAME_MAX],
            homework.to_json(taken),
            now,
            now,
            now if taken.finished else None,
        )

    async def drop_homework(self, user_id: int, quiz: str) -> None:
        await self.sql.execute("DELETE FROM homework WHERE user_id = ? AND quiz = ?", user_id, quiz)

    async def attempts(self, quiz: str) -> list[Attempt]:
        """Every student who agreed to take `quiz`, finished or not, in the order they began."""
        rows = await self.sql.fetch(
            "SELECT user_id, name, data FROM homework WHERE quiz = ? ORDER BY started_at, user_id",
            quiz,
        )
        taken = [Attempt(int(u), str(n), homework.from_json(str(d))) for u, n, d in rows]
        return [a for a in taken if a.homework.consented]

    async def finished_count(self, quiz: str) -> int:
        row = await self.sql.fetchone(
            "SELECT count(*) FROM homework WHERE quiz = ? AND finished_at IS NOT NULL", quiz
        )
        return int(row[0]) if row else 0


def _stored(row: tuple[object, ...]) -> StoredQuiz:
    code, owner_id, data, _updated_at = row
    quiz = TeacherQuiz.model_validate_json(str(data))
    return StoredQuiz(str(code), int(str(owner_id)), quiz, version=_version(str(data)))


def _version(data: str) -> str:
    """A quiz's version: its content (a replaced quiz is another)."""
    return hashlib.sha256(data.encode()).hexdigest()[:12]
