"""The storage interface the rest of the bot depends on.

Two backends implement it, SQLite (one process) and PostgreSQL (several);
the engine never sees them, and the adapters only through it.

Exactly-once effects rest on one rule: an update's state change, its
`update_id` and the Bot API calls it wants to make are committed together
(`commit`). A redelivered update is then recognised and changes nothing, and a
call whose change is committed waits in the outbox until Telegram accepted it.
"""

from __future__ import annotations

import socket
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from bot.core.conversation import Conversation
from bot.storage.sql import Row, Sql


class DatabaseUnreachable(Exception):
    """PostgreSQL (DATABASE_URL) cannot be reached or refused the connection.

    asyncpg's error is a traceback of some 40 lines; the operator needs which
    database, why, and the setting that names it — in one line, without the password.
    """


class ConversationKey(NamedTuple):
    """A conversation belongs to one user in one chat."""

    chat_id: int
    user_id: int


class Purged(NamedTuple):
    """What one retention purge deleted, counted for the operator's log line."""

    conversations: int
    group_sessions: int
    teacher_quizzes: int
    homework: int


class Snapshot(NamedTuple):
    """What a turn starts from (a tuple: one is made for every update)."""

    applied: bool
    conversation: Conversation | None
    language: str | None = None
    active: bool = True
    #: The language a group's admins chose for the group.
    chat_language: str | None = None
    #: The message that showed the conversation's open question (its newest copy, as
    #: Telegram numbered it), if known.
    question_message_id: int | None = None
    #: When the backend read it, in its own terms; the turn carries it to `commit`
    #: (`TurnRecord.read_at`). None: the backend does not check.
    read_at: int | None = None


class SnapshotOutdated(Exception):
    """Another process wrote after the turn's snapshot was read: nothing was written;
    read the snapshot again and decide anew."""


@dataclass
class TurnRecord:
    """Everything one update changes, written in one transaction."""

    update_id: int
    key: ConversationKey
    #: The conversation after the turn; None leaves the stored one as it is.
    conversation: Conversation | None = None
    #: Bot API calls to make, in order: {"method": ..., "params": {...}}.
    calls: list[dict[str, Any]] = field(default_factory=list)
    #: Delete everything stored about `key.user_id` first (`/forget`).
    forget: bool = False
    #: The user's explicit language choice, if this turn made one.
    language: str | None = None
    #: A group admin's language choice for the whole group, if this turn made one.
    chat_language: str | None = None
    #: The user wrote again after blocking the bot: the replies held for them wait again,
    #: to go out before this turn's.
    reactivate: bool = False
    #: The `read_at` of the snapshot the turn was decided from (None: not checked).
    read_at: int | None = None
    #: More rows to write with the turn, as (statement, arguments) in the SQL both
    #: databases speak: a group session's step, so that the session's change is
    #: applied once with its update id and its posts.
    writes: list[tuple[str, Row]] = field(default_factory=list)


class Pending(NamedTuple):
    """A Bot API call that was committed but not yet accepted by Telegram: one outbox
    row (a tuple: one is made for every reply)."""

    update_id: int
    #: Its place among its turn's calls, from 0.
    seq: int
    chat_id: int
    call: dict[str, Any]


def pending_calls(update_id: int, chat_id: int, calls: list[dict[str, Any]]) -> list[Pending]:
    """A turn's calls as the outbox holds them, in the order they go out."""
    return [Pending(update_id, seq, chat_id, call) for seq, call in enumerate(calls)]


class Lifecycle(Protocol):
    async def open(self) -> None:
        """Connect and bring the schema up to date."""

    async def close(self) -> None:
        """Write what is queued, then disconnect."""

    async def ping(self) -> bool:
        """True when the database answers (the readiness check)."""


class Turns(Protocol):
    def hold_chat(self, chat_id: int) -> AbstractAsyncContextManager[None]:
        """Exclusive use of a chat across every process sharing this database."""

    async def snapshot(self, update_id: int, key: ConversationKey) -> Snapshot: ...

    async def commit(self, record: TurnRecord) -> bool:
        """Apply `record` atomically; False if its update was applied before.

        Raises `SnapshotOutdated` (and writes nothing) if the backend finds that
        the snapshot `record.read_at` names no longer holds.
        """

    async def question_shown(self, key: ConversationKey, message_id: int) -> None:
        """Telegram showed the conversation's open question as message `message_id`:
        kept with the conversation (now, or with the next write), so that a Reply to an
        older message is known for one after a restart, or on another process."""

    async def comment_thread_seen(self, chat_id: int, root: int) -> None:
        """The thread of replies to message `root` in group `chat_id` is a channel post's
        comments (`root` is the post's copy)."""

    async def is_comment_thread(self, chat_id: int, root: int) -> bool:
        """Whether `comment_thread_seen` was told so (and retention has not forgotten it)."""

    async def migrated_into(self, chat_id: int) -> None:
        """A group of the bot's became supergroup `chat_id`: the "joined" Telegram sends
        there is no one adding the bot."""

    async def left_chat(self, chat_id: int) -> None:
        """The bot left `chat_id`: the next "joined" there is someone adding it again
        (`migrated_into` is forgotten)."""

    async def came_by_migration(self, chat_id: int) -> bool:
        """Whether the bot is in `chat_id` because its group became that supergroup
        (`migrated_into`, and retention has not forgotten it)."""

    async def pending(self, chat_id: int | None = None) -> list[Pending]:
        """Committed calls not yet delivered, oldest first."""

    async def delivered(self, items: list[Pending]) -> None:
        """Telegram accepted these: forget them (now, or with the next write)."""

    async def settled(self) -> None:
        """Wait until every write asked for so far is done."""

    async def load(self, key: ConversationKey) -> Conversation | None:
        """The stored conversation (a turn outside Telegram: the terminal chat)."""

    async def save(self, key: ConversationKey, conversation: Conversation) -> None: ...


class Maintenance(Protocol):
    async def forget_user(self, user_id: int) -> int:
        """Delete everything stored about `user_id`; return how many conversations went."""

    async def names_in_groups(self, user_id: int) -> list[tuple[int, str]]:
        """The groups where `user_id` is on a board, with the name shown there."""

    async def purge_idle(self, idle_since: float) -> Purged:
        """Delete conversations, group sessions and teaching material untouched since
        `idle_since` (a Unix time); return how many of each went."""

    async def deactivate(self, user_id: int, chat_id: int, hold: bool = False) -> None:
        """The user blocked the bot: mark them inactive and drop their chat's waiting
        calls, or with `hold` keep them for a day (`sql.HELD_SECONDS`): they go out
        first when the user writes again (`TurnRecord.reactivate`)."""


class Storage(Lifecycle, Turns, Maintenance, Protocol):
    """Where conversations are kept: turns, maintenance and the connection's lifecycle."""


class Database(Storage, Protocol):
    """A storage with its statement runner, as `storage_for` opens it.

    Group sessions (`bot.storage.teaching`) are written once in the SQL both
    databases speak and run on `statements`; turn handling sees only `Storage`.
    """

    @property
    def statements(self) -> Sql:
        """Runs the statements of stores written once for both databases."""


def database_unreachable(error: BaseException) -> bool:
    """Whether `error` says the database cannot be reached just now — its server down,
    restarting or failing over, a connection cut — rather than that a statement was
    wrong: the same work may be tried again once it answers (turns are exactly once).
    """
    if isinstance(error, ConnectionError | TimeoutError | socket.gaierror):
        return True
    import asyncpg  # a dependency; imported here so the SQLite paths need not load it

    if isinstance(
        error, asyncpg.PostgresConnectionError | asyncpg.exceptions.OperatorInterventionError
    ):
        return True
    # "connection is closed", "connection was closed in the middle of operation"
    return isinstance(error, asyncpg.InterfaceError) and "connection" in str(error)
