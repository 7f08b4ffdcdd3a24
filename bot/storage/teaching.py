"""Group sessions — quizzes and case studies — with their polls and votes.

A group runs one session at a time; its row says which kind it is, where it
is and when its next step is due, so a restart picks it up on time. Votes are
rows, one per member and poll, so fifty members voting at once never
overwrite each other. The tables are `group_*`: sessions, polls, votes, players.

The queries are written once in the SQL that SQLite and PostgreSQL share, so
the same code serves one process on SQLite and many on PostgreSQL.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace

from bot.core.group_polls import PollWindow
from bot.core.group_session import GroupSession, Kind, session_from_json, session_to_json
from bot.core.quiz import Answer
from bot.storage.sql import Row, Sql

#: Tables holding a group's session, keyed by chat.
SESSION_TABLES = ("group_sessions", "group_polls", "group_votes", "group_players")


ADD_POLL = (
    "INSERT INTO group_polls (poll_id, chat_id, round, opened_at, closes_at)"
    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (poll_id) DO UPDATE SET"
    " chat_id = excluded.chat_id, round = excluded.round,"
    " opened_at = excluded.opened_at, closes_at = excluded.closes_at"
)
#: A session whose starter was forgotten (`started_by` 0, `sql.FORGET_STATEMENTS`) stays
#: so: a step that read it before the forget and writes after it would write the
#: forgotten id back. The starter is a column; the JSON's `started_by` is always 0.
#: Each save is a change: retention purges a session not saved for its period.
SAVE = (
    "INSERT INTO group_sessions (chat_id, kind, data, due_at, started_by, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET kind = excluded.kind,"
    " data = excluded.data, due_at = excluded.due_at, updated_at = excluded.updated_at,"
    " started_by = CASE WHEN group_sessions.started_by = 0 THEN 0"
    " ELSE excluded.started_by END"
)
LOAD = "SELECT data, started_by FROM group_sessions WHERE chat_id = ?"
REPLAY = (
    "INSERT INTO group_replays (chat_id, kind, data) VALUES (?, ?, ?)"
    " ON CONFLICT (chat_id, kind) DO UPDATE SET data = excluded.data"
)


def saving(session: GroupSession) -> list[tuple[str, Row]]:
    """The writes that store `session` as it is now."""
    data = session_to_json(replace(session, started_by=0))  # the column says who
    row = (session.chat_id, session.kind.value, data, session.due_at, session.started_by)
    return [(SAVE, (*row, time.time()))]


def loaded(row: Row) -> GroupSession:
    """A session as `LOAD` reads it, its starter from its column."""
    data, started_by = row
    return replace(session_from_json(str(data)), started_by=int(started_by))


def ending(session: GroupSession) -> list[tuple[str, Row]]:
    """The writes that end `session`: its polls, votes and players go; what it was (its
    questions, not its votes, nor who started it) is kept to run again."""
    # A teacher's quiz is kept once, under its code (`teacher_quizzes`), not in every replay.
    ended = replace(session, started_by=0, poll_id=None, own_quiz="")
    replay = (session.chat_id, ended.kind.value, session_to_json(ended))
    gone = [
        (f"DELETE FROM {table} WHERE chat_id = ?", (session.chat_id,)) for table in SESSION_TABLES
    ]
    return [(REPLAY, replay), *gone]


def poll_row(poll_id: str, session: GroupSession, window: PollWindow) -> Row:
    return (poll_id, session.chat_id, session.round, window.opened_at, window.closes_at)


class TeachingStore:
    def __init__(self, sql: Sql) -> None:
        self.sql = sql

    async def kind(self, chat_id: int) -> Kind | None:
        """Which session the group is running, if any."""
        row = await self.sql.fetchone("SELECT kind FROM group_sessions WHERE chat_id = ?", chat_id)
        return Kind(row[0]) if row else None

    async def save(self, session: GroupSession) -> None:
        async with self.sql.transaction() as tx:
            for statement, args in saving(session):
                await tx.execute(statement, *args)

    async def load(self, chat_id: int) -> GroupSession | None:
        row = await self.sql.fetchone(LOAD, chat_id)
        return loaded(row) if row else None

    async def end(self, chat_id: int) -> None:
        """Forget a finished session with its polls, votes and players; keep what it was
        (its questions, not its votes) to run again."""
        async with self.sql.transaction() as tx:
            row = await tx.fetchone(LOAD, chat_id)
            if row is None:
                writes = [
                    (f"DELETE FROM {t} WHERE chat_id = ?", (chat_id,)) for t in SESSION_TABLES
                ]
            else:
                writes = ending(loaded(row))
            for statement, args in writes:
                await tx.execute(statement, *args)

    async def record_poll(self, session: GroupSession, window: PollWindow) -> None:
        """The round's poll Telegram took (`session.poll_id`), with its window, and the
        session asking it: one write, right after Telegram's answer (see `group_polls`)."""
        assert session.poll_id is not None
        async with self.sql.transaction() as tx:
            await tx.execute(ADD_POLL, *poll_row(session.poll_id, session, window))
            for statement, args in saving(session):
                await tx.execute(statement, *args)

    async def last(self, chat_id: int, kind: Kind) -> GroupSession | None:
        """The group's last session of `kind`, as it ended."""
        row = await self.sql.fetchone(
            "SELECT data FROM group_replays WHERE chat_id = ? AND kind = ?", chat_id, kind.value
        )
        return session_from_json(str(row[0])) if row else None

    async def due(self, now: float | None = None) -> list[int]:
        rows = await self.sql.fetch(
            "SELECT chat_id FROM group_sessions WHERE due_at IS NOT NULL AND due_at <= ?"
            " ORDER BY due_at",
            time.time() if now is None else now,
        )
        return [int(row[0]) for row in rows]

    async def add_poll(self, poll_id: str, chat_id: int, index: int, window: PollWindow) -> None:
        """A poll the session sent, with its window by Telegram's clock."""
        await self.sql.execute(
            ADD_POLL, poll_id, chat_id, index, window.opened_at, window.closes_at
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
                "SELECT chat_id, round, opened_at, closes_at FROM group_polls WHERE poll_id = ?",
                poll_id,
            )
            if row is None:
                return False
            chat_id, index, opened_at, closes_at = row
            window = PollWindow(opened_at, closes_at)
            if not options:
                await tx.execute(
                    "DELETE FROM group_votes WHERE chat_id = ? AND round = ? AND user_id = ?",
                    chat_id,
                    index,
                    user_id,
                )
                return True
            await tx.execute(
                "INSERT INTO group_votes (chat_id, round, user_id, options, seconds)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id, round, user_id)"
                " DO UPDATE SET options = excluded.options, seconds = excluded.seconds",
                chat_id,
                index,
                user_id,
                json.dumps(sorted(options)),
                window.seconds_into(at),
            )
            await tx.execute(
                "INSERT INTO group_players (chat_id, user_id, name) VALUES (?, ?, ?)"
                " ON CONFLICT (chat_id, user_id) DO UPDATE SET name = excluded.name",
                chat_id,
                user_id,
                name[:64],
            )
            return True

    async def answers(self, chat_id: int, index: int | None = None) -> list[Answer]:
        """Every vote in the group's session, or only those for poll number `index`."""
        query = "SELECT user_id, round, options, seconds FROM group_votes"
        if index is None:
            rows = await self.sql.fetch(
                query + " WHERE chat_id = ? ORDER BY round, user_id", chat_id
            )
        else:
            rows = await self.sql.fetch(
                query + " WHERE chat_id = ? AND round = ? ORDER BY user_id",
                chat_id,
                index,
            )
        return [Answer(u, i, tuple(json.loads(o)), s) for u, i, o, s in rows]

    async def players(self, chat_id: int) -> dict[int, str]:
        rows = await self.sql.fetch(
            "SELECT user_id, name FROM group_players WHERE chat_id = ?", chat_id
        )
        return {int(u): str(n) for u, n in rows}

    async def migrate_chat(self, old: int, new: int) -> None:
        """A group became a supergroup: its session, votes, scores and language move along."""
        async with self.sql.transaction() as tx:
            for table in (*SESSION_TABLES, "group_replays", "chats"):
                await tx.execute(f"DELETE FROM {table} WHERE chat_id = ?", new)
                await tx.execute(f"UPDATE {table} SET chat_id = ? WHERE chat_id = ?", new, old)
            row = await tx.fetchone("SELECT data FROM group_sessions WHERE chat_id = ?", new)
            if row is not None:  # both kinds keep the chat id at the top of their data
                data = json.loads(row[0])
                data["chat_id"] = new
                await tx.execute(
                    "UPDATE group_sessions SET data = ? WHERE chat_id = ?",
                    json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                    new,
                )
