"""What both backends do alike, written once on their statement runner (`statements`).

A backend adds how it connects, how it locks and how it writes a turn; the
rows a turn writes, and every other operation, are the same on both.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import orjson

from bot.core.conversation import Conversation
from bot.storage import sql
from bot.storage.base import ConversationKey, Pending, Purged, Snapshot, TurnRecord
from bot.storage.sql import Row, Sql


class SharedStorage:
    """The operations of `Storage` that are the same statements on every backend."""

    @property
    def statements(self) -> Sql:
        raise NotImplementedError

    async def snapshot(self, update_id: int, key: ConversationKey) -> Snapshot:
        row = await self.statements.fetchone(sql.SNAPSHOT, *snapshot_args(update_id, key))
        return snapshot_from(row)

    async def load(self, key: ConversationKey) -> Conversation | None:
        row = await self.statements.fetchone(sql.LOAD, *key)
        return Conversation.from_json(row[0]) if row else None

    async def save(self, key: ConversationKey, conversation: Conversation) -> None:
        await self.statements.execute(sql.CONVERSATION, *conversation_row(key, conversation))

    async def question_shown(self, key: ConversationKey, message_id: int) -> None:
        await self.statements.execute(sql.QUESTION_SHOWN, *question_shown_row(key, message_id))

    async def comment_thread_seen(self, chat_id: int, root: int) -> None:
        await self.statements.execute(sql.COMMENT_THREAD, chat_id, root, time.time())

    async def is_comment_thread(self, chat_id: int, root: int) -> bool:
        return await self.statements.fetchone(sql.IS_COMMENT_THREAD, chat_id, root) is not None

    async def migrated_into(self, chat_id: int) -> None:
        await self.statements.execute(sql.MIGRATED_INTO, chat_id, time.time())

    async def left_chat(self, chat_id: int) -> None:
        await self.statements.execute(sql.LEFT_CHAT, chat_id)

    async def came_by_migration(self, chat_id: int) -> bool:
        return await self.statements.fetchone(sql.CAME_BY_MIGRATION, chat_id) is not None

    async def pending(self, chat_id: int | None = None) -> list[Pending]:
        if chat_id is None:
            rows = await self.statements.fetch(sql.PENDING)
        else:
            rows = await self.statements.fetch(sql.PENDING_IN_CHAT, chat_id)
        return [Pending(u, s, c, orjson.loads(call)) for u, s, c, call in rows]

    async def forget_user(self, user_id: int) -> int:
        async with self.statements.transaction() as tx:
            return await forget(tx, user_id)

    async def names_in_groups(self, user_id: int) -> list[tuple[int, str]]:
        return [
            (int(c), str(n)) for c, n in await self.statements.fetch(sql.NAMES_IN_GROUPS, user_id)
        ]

    async def purge_idle(self, idle_since: float) -> Purged:
        """Also forgets settings nobody uses any more, and updates too old to come again."""
        remembered_since = time.time() - sql.UPDATE_MEMORY_SECONDS
        conversations, users, updates = sql.PURGE
        idle_homework, homework_of_quizzes, quizzes, *seen = sql.PURGE_TEACHING
        *session_parts, sessions = sql.PURGE_GROUP_SESSIONS  # the sessions themselves last
        async with self.statements.transaction() as tx:
            conversations_gone = await tx.execute(conversations, idle_since)
            await tx.execute(users, idle_since)
            await tx.execute(updates, remembered_since)
            homework_gone = await tx.execute(idle_homework, idle_since)
            homework_gone += await tx.execute(homework_of_quizzes, idle_since)
            quizzes_gone = await tx.execute(quizzes, idle_since)
            for statement in (*seen, *session_parts):
                await tx.execute(statement, idle_since)
            sessions_gone = await tx.execute(sessions, idle_since)
            await tx.execute(sql.STAMP_GROUP_SESSIONS, time.time())
            await tx.execute(sql.PURGE_HELD, time.time() - sql.HELD_SECONDS)
        return Purged(conversations_gone, sessions_gone, quizzes_gone, homework_gone)

    async def deactivate(self, user_id: int, chat_id: int, hold: bool = False) -> None:
        now = time.time()
        async with self.statements.transaction() as tx:
            await tx.execute(sql.DEACTIVATE, user_id, now)
            if hold:
                await tx.execute(sql.HOLD_WAITING, now, chat_id)
            else:
                await tx.execute(sql.DROP_WAITING, chat_id)


async def forget(tx: Sql, user_id: int) -> int:
    """Delete everything of `user_id` inside `tx`; how many conversations went."""
    counts = [await tx.execute(statement, user_id) for statement in sql.FORGET_STATEMENTS]
    return counts[0]  # the first statement deletes the conversations


def snapshot_args(update_id: int, key: ConversationKey) -> Row:
    chat_id, user_id = key
    return (chat_id, user_id, update_id, user_id, user_id, chat_id, chat_id, user_id)


def question_shown_row(key: ConversationKey, message_id: int) -> Row:
    return (message_id, *key, message_id)


def snapshot_from(row: Row | None, read_at: int | None = None) -> Snapshot:
    assert row is not None  # the query always yields one row
    data, applied, language, active, chat_language, question_message_id = row
    return Snapshot(
        applied=bool(applied),
        conversation=Conversation.from_json(data) if data else None,
        language=language,
        active=active is None or bool(active),
        chat_language=chat_language,
        question_message_id=question_message_id,
        read_at=read_at,
    )


def conversation_row(
    key: ConversationKey, conversation: Conversation, now: float | None = None
) -> Row:
    when = time.time() if now is None else now
    return (*key, conversation.dialog_version, conversation.to_json(), when)


def turn_writes(records: Sequence[TurnRecord], now: float) -> list[tuple[str, list[Row]]]:
    """What turns applied for the first time write: each statement with its rows (calls
    as compact JSON). Forgetting comes first: a turn that forgets and starts again
    keeps its new start; a turn's own `writes` come last, in their order."""
    forgetting = [(r.key.user_id,) for r in records if r.forget]
    back = [r.key.chat_id for r in records if r.reactivate]
    release, drop_older = sql.RELEASE_HELD
    return [
        *((statement, forgetting) for statement in sql.FORGET_STATEMENTS),
        (release, [(chat_id, now - sql.HELD_SECONDS) for chat_id in back]),
        (drop_older, [(chat_id,) for chat_id in back]),
        (
            sql.CONVERSATION,
            [
                conversation_row(r.key, r.conversation, now)
                for r in records
                if r.conversation is not None
            ],
        ),
        (
            sql.USER,
            [(r.key.user_id, r.language, now) for r in records if r.language or r.reactivate],
        ),
        (sql.CHAT, [(r.key.chat_id, r.chat_language, now) for r in records if r.chat_language]),
        (
            sql.OUTBOX,
            [
                (r.update_id, seq, *r.key, orjson.dumps(call).decode(), now)
                for r in records
                for seq, call in enumerate(r.calls)
            ],
        ),
        *((statement, [row]) for r in records for statement, row in r.writes),
    ]
