"""Quiz sessions, their polls and every member's answers, in the bot's SQLite file.

Answers are rows, one per member and question, so fifty members voting at
once never overwrite each other; the session row holds only where the quiz is
and when its next step is due, so a restart picks it up on time.
"""

from __future__ import annotations

import json
import time

from bot.core.quiz import Answer, QuizSession, session_from_json, session_to_json
from bot.storage.sqlite import SQLiteStorage


class SQLiteQuizStore:
    def __init__(self, storage: SQLiteStorage) -> None:
        self.storage = storage

    async def save(self, session: QuizSession) -> None:
        async with self.storage.transaction() as db:
            await db.execute(
                "INSERT INTO quiz_sessions (chat_id, data, due_at) VALUES (?, ?, ?)"
                " ON CONFLICT (chat_id) DO UPDATE SET data = excluded.data,"
                " due_at = excluded.due_at",
                (session.chat_id, session_to_json(session), session.due_at),
            )

    async def load(self, chat_id: int) -> QuizSession | None:
        async with self.storage.db.execute(
            "SELECT data FROM quiz_sessions WHERE chat_id = ?", (chat_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return session_from_json(row[0]) if row else None

    async def end(self, chat_id: int) -> None:
        """Forget a finished session with its polls, answers and players."""
        async with self.storage.transaction() as db:
            for table in ("quiz_sessions", "quiz_polls", "quiz_answers", "quiz_players"):
                await db.execute(f"DELETE FROM {table} WHERE chat_id = ?", (chat_id,))

    async def due(self, now: float | None = None) -> list[int]:
        async with self.storage.db.execute(
            "SELECT chat_id FROM quiz_sessions WHERE due_at IS NOT NULL AND due_at <= ?"
            " ORDER BY due_at",
            (time.time() if now is None else now,),
        ) as cursor:
            return [row[0] for row in await cursor.fetchall()]

    async def add_poll(
        self, poll_id: str, chat_id: int, index: int, opened_at: float, closes_at: float
    ) -> None:
        async with self.storage.transaction() as db:
            await db.execute(
                "INSERT OR REPLACE INTO quiz_polls"
                " (poll_id, chat_id, question_index, opened_at, closes_at) VALUES (?, ?, ?, ?, ?)",
                (poll_id, chat_id, index, opened_at, closes_at),
            )

    async def close_poll(self, chat_id: int, index: int, at: float) -> None:
        async with self.storage.transaction() as db:
            await db.execute(
                "UPDATE quiz_polls SET closes_at = min(closes_at, ?)"
                " WHERE chat_id = ? AND question_index = ?",
                (at, chat_id, index),
            )

    async def record_answer(
        self, poll_id: str, user_id: int, name: str, options: list[int], at: float
    ) -> bool:
        """Store (or replace, or with no options retract) a vote; False if late or unknown."""
        async with self.storage.transaction() as db:
            async with db.execute(
                "SELECT chat_id, question_index, opened_at, closes_at FROM quiz_polls"
                " WHERE poll_id = ?",
                (poll_id,),
            ) as cursor:
                row = await cursor.fetchone()
            if row is None or at > row[3]:
                return False
            chat_id, index, opened_at, _closes = row
            if not options:
                await db.execute(
                    "DELETE FROM quiz_answers WHERE chat_id = ? AND question_index = ?"
                    " AND user_id = ?",
                    (chat_id, index, user_id),
                )
                return True
            await db.execute(
                "INSERT INTO quiz_answers (chat_id, question_index, user_id, options, seconds)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id, question_index, user_id)"
                " DO UPDATE SET options = excluded.options, seconds = excluded.seconds",
                (chat_id, index, user_id, json.dumps(sorted(options)), max(0.0, at - opened_at)),
            )
            await db.execute(
                "INSERT INTO quiz_players (chat_id, user_id, name) VALUES (?, ?, ?)"
                " ON CONFLICT (chat_id, user_id) DO UPDATE SET name = excluded.name",
                (chat_id, user_id, name[:64]),
            )
            return True

    async def answers(self, chat_id: int) -> list[Answer]:
        async with self.storage.db.execute(
            "SELECT user_id, question_index, options, seconds FROM quiz_answers WHERE chat_id = ?",
            (chat_id,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [Answer(u, i, tuple(json.loads(o)), s) for u, i, o, s in rows]

    async def players(self, chat_id: int) -> dict[int, str]:
        async with self.storage.db.execute(
            "SELECT user_id, name FROM quiz_players WHERE chat_id = ?", (chat_id,)
        ) as cursor:
            return {u: n for u, n in await cursor.fetchall()}

    async def migrate_chat(self, old: int, new: int) -> None:
        """A group became a supergroup: its session, scores and language move along."""
        async with self.storage.transaction() as db:
            for table in ("quiz_sessions", "quiz_polls", "quiz_answers", "quiz_players", "chats"):
                await db.execute(
                    f"UPDATE OR REPLACE {table} SET chat_id = ? WHERE chat_id = ?", (new, old)
                )
            async with db.execute(
                "SELECT data FROM quiz_sessions WHERE chat_id = ?", (new,)
            ) as cursor:
                row = await cursor.fetchone()
            if row is not None:
                session = session_from_json(row[0])
                session.chat_id = new
                await db.execute(
                    "UPDATE quiz_sessions SET data = ? WHERE chat_id = ?",
                    (session_to_json(session), new),
                )
