"""The statements both databases run, written once, and the runner they run on.

They are in the SQL that SQLite and PostgreSQL share (upserts with
`ON CONFLICT ... excluded`, `coalesce`, `EXISTS`), with `?` placeholders; each
backend's runner (`Sql`) passes them to its driver as that driver wants them:
as they are to `sqlite3`, numbered (`$1, $2, …`) to asyncpg.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

Row = tuple[Any, ...]


class Sql(Protocol):
    async def fetch(self, query: str, *args: Any) -> list[Row]: ...

    async def fetchone(self, query: str, *args: Any) -> Row | None: ...

    async def execute(self, query: str, *args: Any) -> int:
        """Run one statement; the number of rows it changed."""
        ...

    def transaction(self) -> AbstractAsyncContextManager[Sql]:
        """The same calls, all committed together or not at all."""
        ...


#: Telegram keeps an unconfirmed update for 24 hours; remember applied ones a while longer.
UPDATE_MEMORY_SECONDS = 3 * 24 * 3600

# -- turns -------------------------------------------------------------------------

#: What a turn starts from; arguments: chat, user, update, user, user, chat, chat, user.
SNAPSHOT = (
    "SELECT (SELECT data FROM conversations WHERE chat_id = ? AND user_id = ?),"
    " EXISTS (SELECT 1 FROM applied_updates WHERE update_id = ?),"
    " (SELECT language FROM users WHERE user_id = ?),"
    " (SELECT active FROM users WHERE user_id = ?),"
    " (SELECT language FROM chats WHERE chat_id = ?),"
    " (SELECT question_message_id FROM conversations WHERE chat_id = ? AND user_id = ?)"
)
#: Changes one row the first time an update is applied, none when it comes again.
APPLIED = (
    "INSERT INTO applied_updates (update_id, applied_at) VALUES (?, ?)"
    " ON CONFLICT (update_id) DO NOTHING"
)
LOAD = "SELECT data FROM conversations WHERE chat_id = ? AND user_id = ?"
CONVERSATION = (
    "INSERT INTO conversations (chat_id, user_id, dialog_version, data, updated_at)"
    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id, user_id) DO UPDATE SET"
    " dialog_version = excluded.dialog_version, data = excluded.data,"
    " updated_at = excluded.updated_at"
)
USER = (
    "INSERT INTO users (user_id, language, active, updated_at) VALUES (?, ?, 1, ?)"
    " ON CONFLICT (user_id) DO UPDATE SET active = 1,"
    " language = coalesce(excluded.language, users.language),"
    " updated_at = excluded.updated_at"
)
CHAT = (
    "INSERT INTO chats (chat_id, language, updated_at) VALUES (?, ?, ?)"
    " ON CONFLICT (chat_id) DO UPDATE SET language = excluded.language,"
    " updated_at = excluded.updated_at"
)
#: One row per Bot API call.
OUTBOX = (
    "INSERT INTO outbox (update_id, seq, chat_id, user_id, call, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)
#: The message showing a conversation's open question, unless a newer one is known;
#: arguments: message, chat, user, message.
QUESTION_SHOWN = (
    "UPDATE conversations SET question_message_id = ? WHERE chat_id = ? AND user_id = ?"
    " AND (question_message_id IS NULL OR question_message_id < ?)"
)
#: A channel post's comment thread seen; arguments: chat, root (the post's copy), now.
COMMENT_THREAD = (
    "INSERT INTO comment_threads (chat_id, root, seen_at) VALUES (?, ?, ?)"
    " ON CONFLICT (chat_id, root) DO UPDATE SET seen_at = excluded.seen_at"
)
IS_COMMENT_THREAD = "SELECT 1 FROM comment_threads WHERE chat_id = ? AND root = ?"
#: A supergroup a group of the bot's became; arguments: chat, now.
MIGRATED_INTO = (
    "INSERT INTO migrated_chats (chat_id, seen_at) VALUES (?, ?)"
    " ON CONFLICT (chat_id) DO UPDATE SET seen_at = excluded.seen_at"
)
CAME_BY_MIGRATION = "SELECT 1 FROM migrated_chats WHERE chat_id = ?"
LEFT_CHAT = "DELETE FROM migrated_chats WHERE chat_id = ?"
#: The calls waiting to go out (not those held for a person who blocked the bot).
PENDING = (
    "SELECT update_id, seq, chat_id, call FROM outbox WHERE held_at IS NULL ORDER BY update_id, seq"
)
PENDING_IN_CHAT = (
    "SELECT update_id, seq, chat_id, call FROM outbox WHERE chat_id = ? AND held_at IS NULL"
    " ORDER BY update_id, seq"
)
DELIVERED = "DELETE FROM outbox WHERE update_id = ? AND seq = ?"

# -- maintenance -------------------------------------------------------------------

#: What `/forget` deletes, in this order; each takes the user id, and the first
#: deletes the conversations.
FORGET_STATEMENTS: tuple[str, ...] = (
    "DELETE FROM conversations WHERE user_id = ?",
    "DELETE FROM users WHERE user_id = ?",
    "DELETE FROM outbox WHERE user_id = ?",
    "DELETE FROM group_votes WHERE user_id = ?",
    "DELETE FROM group_players WHERE user_id = ?",
    # A teacher's quizzes with their students' results, and a student's homework.
    "DELETE FROM homework WHERE quiz IN (SELECT code FROM teacher_quizzes WHERE owner_id = ?)",
    "DELETE FROM teacher_quizzes WHERE owner_id = ?",
    "DELETE FROM homework WHERE user_id = ?",
    "DELETE FROM teacher_topics WHERE user_id = ?",
    # A group session they started runs on for the class, but no longer knows who
    # started it (`started_by` 0): its results, at the end, go to nobody.
    "UPDATE group_sessions SET started_by = 0 WHERE started_by = ?",
)
#: A user's names on group boards, by group; argument: the user id.
NAMES_IN_GROUPS = "SELECT chat_id, name FROM group_players WHERE user_id = ?"
#: A waiting call rewritten; arguments: the call (JSON), update, seq.
REWRITE_PENDING = "UPDATE outbox SET call = ? WHERE update_id = ? AND seq = ?"
#: The chats a user has anything in; arguments: the user id three times.
CHATS_OF_USER = (
    "SELECT chat_id FROM conversations WHERE user_id = ?"
    " UNION SELECT chat_id FROM group_players WHERE user_id = ?"
    " UNION SELECT chat_id FROM group_votes WHERE user_id = ?"
)
#: Retention; arguments: idle since, idle since, applied before. The first deletes the
#: conversations, the second settings nobody uses any more.
PURGE: tuple[str, ...] = (
    "DELETE FROM conversations WHERE updated_at < ?",
    "DELETE FROM users WHERE updated_at < ? AND user_id NOT IN (SELECT user_id FROM conversations)",
    "DELETE FROM applied_updates WHERE applied_at < ?",
)
#: Retention of teaching material; argument: idle since. Homework untouched that long,
#: then quizzes neither changed nor used that long (with their results), comment
#: threads nobody wrote in that long, teachers' private topics not used that long, and
#: supergroups a group became that long ago (their "joined" came within seconds).
PURGE_TEACHING: tuple[str, ...] = (
    "DELETE FROM homework WHERE updated_at < ?",
    "DELETE FROM homework WHERE quiz IN (SELECT code FROM teacher_quizzes WHERE updated_at < ?)",
    "DELETE FROM teacher_quizzes WHERE updated_at < ?",
    "DELETE FROM comment_threads WHERE seen_at < ?",
    "DELETE FROM teacher_topics WHERE seen_at < ?",
    "DELETE FROM migrated_chats WHERE seen_at < ?",
)
#: Retention of group sessions; argument: idle since. A quiz or case study not saved for
#: the period (left paused, in its lobby, or waiting for /next) goes, with its polls,
#: votes and players' names; the group's replay (its questions only) stays for `/quiz
#: again`. The group is not told: a message into a group silent that long is noise, and
#: the next /next, /score or Start tap there is answered "nothing is running here".
PURGE_GROUP_SESSIONS: tuple[str, ...] = tuple(
    f"DELETE FROM {table} WHERE chat_id IN"
    " (SELECT chat_id FROM group_sessions WHERE updated_at < ?)"
    for table in ("group_polls", "group_votes", "group_players", "group_sessions")
)
#: A session stored before schema version 14 has no last-change time: it counts from
#: the first purge after the upgrade; argument: now.
STAMP_GROUP_SESSIONS = "UPDATE group_sessions SET updated_at = ? WHERE updated_at IS NULL"
#: How long replies that could not reach a person who blocked the bot are held for
#: their return: an emergency advice a day old is still worth reading first; one older
#: than that is not news any more, and a new consultation serves them better.
HELD_SECONDS = 24 * 3600
#: A user who blocked the bot; arguments: user, now. Then their chat's waiting calls
#: are dropped (`DROP_WAITING`; argument: chat) or held (`HOLD_WAITING`: a finished
#: consultation's advice; arguments: now, chat).
DEACTIVATE = (
    "INSERT INTO users (user_id, active, updated_at) VALUES (?, 0, ?)"
    " ON CONFLICT (user_id) DO UPDATE SET active = 0, updated_at = excluded.updated_at"
)
DROP_WAITING = "DELETE FROM outbox WHERE chat_id = ? AND held_at IS NULL"
HOLD_WAITING = "UPDATE outbox SET held_at = ? WHERE chat_id = ? AND held_at IS NULL"
#: A user back after blocking the bot: the calls held for them less than `HELD_SECONDS`
#: wait again (before the turn's own), older ones go; arguments: chat, held since; chat.
RELEASE_HELD: tuple[str, str] = (
    "UPDATE outbox SET held_at = NULL WHERE chat_id = ? AND held_at >= ?",
    "DELETE FROM outbox WHERE chat_id = ? AND held_at IS NOT NULL",
)
#: Retention of held calls; argument: held since.
PURGE_HELD = "DELETE FROM outbox WHERE held_at < ?"
