"""The storage interface the rest of the bot depends on.

Backends (SQLite today) implement this protocol; the engine never sees them,
and the adapters only through it, so another backend can be added without
touching either.

Exactly-once effects rest on one rule: an update's state change, its
`update_id` and the Bot API calls it wants to make are committed together
(`commit`). A redelivered update is then recognised and changes nothing, and a
reply whose change is committed waits in the outbox until Telegram accepted it.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

import orjson

from bot.core.conversation import Conversation
from bot.storage.sql import Sql


class ConversationKey(NamedTuple):
    """A conversation belongs to one user in one chat."""

    chat_id: int
    user_id: int


class Snapshot(NamedTuple):
    """What a turn starts from (a tuple: one is made for every update)."""

    applied: bool
    conversation: Conversation | None
    language: str | None = None
    active: bool = True
    #: The language a group's admins chose for the group.
    chat_language: str | None = None
    #: When the backend read it, in its own terms; the turn carries it to `commit`
    #: (`TurnRecord.read_at`). None: the backend does not check.
    read_at: int | None = None


class SnapshotOutdated(Exception):
    """The database changed after the turn's snapshot was read (another connection or
    process wrote): nothing was written; read the snapshot again and decide anew."""


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
    #: The user wrote again after blocking the bot.
    reactivate: bool = False
    #: The `read_at` of the snapshot the turn was decided from (None: not checked).
    read_at: int | None = None


class Pending(NamedTuple):
    """A Bot API call that was committed but not yet accepted by Telegram (a tuple:
    one is made for every reply)."""

    update_id: int
    #: Its place among its turn's calls, from 0.
    seq: int
    chat_id: int
    call: dict[str, Any]
    #: The turn's last call: once it is delivered, so are the others (a chat's calls go
    #: out in order), and the turn has nothing left to send.
    last: bool


def pending_calls(update_id: int, chat_id: int, calls: list[dict[str, Any]]) -> list[Pending]:
    """A turn's calls, in the order they go out."""
    end = len(calls) - 1
    return [Pending(update_id, seq, chat_id, call, seq == end) for seq, call in enumerate(calls)]


def delivery_progress(items: Sequence[Pending]) -> tuple[list[int], dict[int, int]]:
    """The turns whose calls were all delivered, and for the others how many went out."""
    finished = [item.update_id for item in items if item.last]
    done = set(finished)
    sent: dict[int, int] = {}
    for item in items:
        if item.update_id not in done:
            sent[item.update_id] = max(sent.get(item.update_id, 0), item.seq + 1)
    return finished, sent


def call_to_json(call: dict[str, Any] | list[dict[str, Any]]) -> str:
    """How outbox calls are stored: compact UTF-8 JSON (on every turn, so orjson)."""
    return orjson.dumps(call).decode()


def call_from_json(text: str) -> dict[str, Any]:
    call: dict[str, Any] = orjson.loads(text)
    return call


def calls_from_json(text: str) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = orjson.loads(text)
    return calls


class Storage(Protocol):
    async def open(self) -> None:
        """Connect and bring the schema up to date."""

    async def close(self) -> None: ...

    async def ping(self) -> bool:
        """True when the database answers (the readiness check)."""
        ...

    @property
    def sql(self) -> Sql:
        """Plain queries, for stores that work on every backend (group sessions)."""
        ...

    def hold_chat(self, chat_id: int) -> AbstractAsyncContextManager[None]:
        """Exclusive use of a chat across every process sharing this database."""
        ...

    async def load(self, key: ConversationKey) -> Conversation | None: ...

    async def save(self, key: ConversationKey, conversation: Conversation) -> None: ...

    async def forget_user(self, user_id: int) -> int:
        """Delete everything stored about `user_id`; return how many conversations went."""
        ...

    async def purge_idle(self, idle_since: float) -> int:
        """Delete conversations untouched since `idle_since` (a Unix time); return how many."""
        ...

    async def snapshot(self, update_id: int, key: ConversationKey) -> Snapshot: ...

    async def commit(self, record: TurnRecord) -> bool:
        """Apply `record` atomically; False if its update was applied before.

        Raises `SnapshotOutdated` (and writes nothing) if the backend finds that
        the snapshot `record.read_at` names no longer holds.
        """
        ...

    async def pending(self, chat_id: int | None = None) -> list[Pending]:
        """Committed calls not yet delivered, oldest first."""
        ...

    async def delivered(self, items: list[Pending]) -> None:
        """Telegram accepted these: forget them (now, or with the next write)."""
        ...

    async def settled(self) -> None:
        """Wait until every write asked for so far is done."""
        ...

    async def deactivate(self, user_id: int, chat_id: int) -> None:
        """The user blocked the bot: mark them inactive and drop their pending calls."""
        ...
