"""Group sessions — quizzes and case studies — with their polls and votes.

A group runs one session at a time; its row says which kind it is, where it
is and when its next step is due, so a restart picks it up on time. Votes are
rows, one per member and poll, so fifty members voting at once never
overwrite each other. (The tables keep their first name, `quiz_*`.)

The queries are written once in the SQL that SQLite and PostgreSQL share, so
the same code serves one process on SQLite and many on PostgreSQL.
"""

from __future__ import annotations

import json
import time
from typing import Literal

from bot.core import case_study, quiz
from bot.core.group_polls import PollWindow
from bot.core.quiz import Answer, QuizSession
from bot.storage.sql import Sql

SessionKind = Literal["quiz", "case"]

#: Tables holding a group's session, keyed by chat.
SESSION_TABLES = ("quiz_sessions", "quiz_polls", "quiz_answers", "quiz_players")


class TeachingStore:
    def __init__(self, sql: Sql) -> None:
        self.sql = sql

    async def kind(self, chat_id: int) -> SessionKind | None:
        """Which session the group is running, if any."""
        row = await self.sql.fetchone("SELECT kind FROM quiz_sessions WHERE chat_id = ?", chat_id)
        return row[0] if row else None

    async def save_quiz(self, session: QuizSession) -> None:
        await self._save(session.chat_id, "quiz", quiz.session_to_json(session), session.due_at)

    async def load_quiz(self, chat_id: int) -> QuizSession | None:
        data = await self._load(chat_id, "quiz")
        return quiz.session_from_json(data) if data else None

    async def save_case(self, session: case_study.CaseSession) -> None:
        data = case_study.session_to_json(session)
        await self._save(session.chat_id, "case", data, session.due_at)

    async def load_case(self, chat_id: int) -> case_study.CaseSession | None:
        data = await self._load(chat_id, "case")
        return case_study.session_from_json(data) if data else None

    async def _save(self, chat_id: int, kind: SessionKind, data: str, due_at: float | None) -> None:
        await self.sql.execute(
            "INSERT INTO quiz_sessions (chat_id, kind, data, due_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (chat_id) DO UPDATE SET kind = excluded.kind,"
            " data = excluded.data, due_at = excluded.due_at",
            chat_id,
            kind,
            data,
            due_at,
        )

    async def _load(self, chat_id: int, kind: SessionKind) -> str | None:
        row = await self.sql.fetchone(
            "SELECT data FROM quiz_sessions WHERE chat_id = ? AND kind = ?", chat_id, kind
        )
        return str(row[0]) if row else None

    async def end(self, chat_id: int) -> None:
        """Forget a finished session with its polls, votes and players."""
        async with self.sql.transaction() as tx:
            for table in SESSION_TABLES:
                await tx.execute(f"DELETE FROM {table} WHERE chat_id = ?", chat_id)

    async def due(self, now: float | None = None) -> list[int]:
        rows = await self.sql.fetch(
            "SELECT chat_id FROM quiz_sessions WHERE due_at IS NOT NULL AND due_at <= ?"
            " ORDER BY due_at",
            time.time() if now is None else now,
        )
        return [int(row[0]) for row in rows]

    async def add_poll(self, poll_id: str, chat_id: int, index: int, window: PollWindow) -> None:
        """A poll the session sent, with its window by Telegram's clock."""
        await self.sql.execute(
            "INSERT INTO quiz_polls (poll_id, chat_id, question_index, opened_at, closes_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (poll_id) DO UPDATE SET"
            " chat_id = excluded.chat_id, question_index = excluded.question_index,"
            " opened_at = excluded.opened_at, closes_at = excluded.closes_at",
            poll_id,
            chat_id,
            index,
            window.opened_at,
            window.closes_at,
        )

    async def record_answer(
        self, poll_id: str, user_id: int, name: str, options: list[int], at: float
    ) -> bool:
        """Store (or replace, or with no options retract) a vote; False if the poll is not
        one of a running session's.

        Telegram takes votes only while a poll is open, so every vote it delivers was
        cast in time — also one delivered again after a restart, long after the close."""
        async with self.sql.transaction() as tx:
            row = await tx.fetchone(
                "SELECT chat_id, question_index, opened_at, closes_at FROM quiz_polls"
                " WHERE poll_id = ?",
                poll_id,
            )
            if row is None:
                return False
            chat_id, index, opened_at, closes_at = row
            window = PollWindow(opened_at, closes_at)
            if not options:
                await tx.execute(
                    "DELETE FROM quiz_answers WHERE chat_id = ? AND question_index = ?"
                    " AND user_id = ?",
                    chat_id,
                    index,
                    user_id,
                )
                return True
            await tx.execute(
                "INSERT INTO quiz_answers (chat_id, question_index, user_id, options, seconds)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id, question_index, user_id)"
                " DO UPDATE SET options = excluded.options, seconds = excluded.seconds",
                chat_id,
                index,
                user_id,
                json.dumps(sorted(options)),
                window.seconds_into(at),
            )
            await tx.execute(
                "INSERT INTO quiz_players (chat_id, user_id, name) VALUES (?, ?, ?)"
                " ON CONFLICT (chat_id, user_id) DO UPDATE SET name = excluded.name",
                chat_id,
                user_id,
                name[:64],
            )
            return True

    async def answers(self, chat_id: int, index: int | None = None) -> list[Answer]:
        """Every vote in the group's session, or only those for poll number `index`."""
        query = "SELECT user_id, question_index, options, seconds FROM quiz_answers"
        if index is None:
            rows = await self.sql.fetch(
                query + " WHERE chat_id = ? ORDER BY question_index, user_id", chat_id
            )
        else:
            rows = await self.sql.fetch(
                query + " WHERE chat_id = ? AND question_index = ? ORDER BY user_id",
                chat_id,
                index,
            )
        return [Answer(u, i, tuple(json.loads(o)), s) for u, i, o, s in rows]

    async def players(self, chat_id: int) -> dict[int, str]:
        rows = await self.sql.fetch(
            "SELECT user_id, name FROM quiz_players WHERE chat_id = ?", chat_id
        )
        return {int(u): str(n) for u, n in rows}

    async def migrate_chat(self, old: int, new: int) -> None:
        """A group became a supergroup: its session, votes, scores and language move along."""
        async with self.sql.transaction() as tx:
            for table in (*SESSION_TABLES, "chats"):
                await tx.execute(f"DELETE FROM {table} WHERE chat_id = ?", new)
                await tx.execute(f"UPDATE {table} SET chat_id = ? WHERE chat_id = ?", new, old)
            row = await tx.fetchone("SELECT data FROM quiz_sessions WHERE chat_id = ?", new)
            if row is not None:  # both kinds keep the chat id at the top of their data
                data = json.loads(row[0])
                data["chat_id"] = new
                await tx.execute(
                    "UPDATE quiz_sessions SET data = ? WHERE chat_id = ?",
                    json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                    new,
                )
