"""SQLite storage: a real file, migrations, restart and forget."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from bot.assistant import Assistant, Content
from bot.core import events
from bot.core.conversation import Conversation
from bot.storage import ConversationKey
from bot.storage.base import TurnRecord
from bot.storage.schema import MIGRATIONS
from bot.storage.sqlite import SQLiteStorage

KEY = ConversationKey(chat_id=10, user_id=20)


async def test_restart_mid_conversation_resumes(content: Content, tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    first = SQLiteStorage(path)
    await first.open()
    assistant = Assistant(content, first)
    await assistant.take_turn(KEY, events.Start())
    await assistant.take_turn(KEY, events.Typed("none of these"))
    turn = await assistant.take_turn(KEY, events.Typed("one eyelid twitches"))
    assert turn.state == "duration"
    await first.close()

    second = SQLiteStorage(path)
    await second.open()
    turn = await Assistant(content, second).take_turn(KEY, events.Start())
    assert turn.state == "duration"
    assert "Welcome back" in turn.messages[0].text
    assert turn.messages[1].question == "duration"
    await second.close()


async def test_forget_deletes_every_conversation_of_the_user(
    content: Content, storage: SQLiteStorage
) -> None:
    assistant = Assistant(content, storage)
    other = ConversationKey(chat_id=11, user_id=21)
    await assistant.take_turn(KEY, events.Start())
    await assistant.take_turn(ConversationKey(chat_id=-5, user_id=20), events.Start())
    await assistant.take_turn(other, events.Start())
    assert await assistant.forget(20) == 2
    assert await storage.load(KEY) is None
    assert await storage.load(other) is not None
    async with aiosqlite.connect(storage.path) as db:
        rows = await (
            await db.execute("SELECT count(*) FROM conversations WHERE user_id=20")
        ).fetchone()
    assert rows == (0,)


async def test_migrations_set_user_version_and_are_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    for _ in range(2):
        store = SQLiteStorage(path)
        await store.open()
        assert await store.schema_version() == len(MIGRATIONS)
        await store.close()


async def test_database_uses_wal_and_json(storage: SQLiteStorage, content: Content) -> None:
    await Assistant(content, storage).take_turn(KEY, events.Start())
    async with aiosqlite.connect(storage.path) as db:
        (mode,) = await (await db.execute("PRAGMA journal_mode")).fetchone()  # type: ignore[misc]
        (state,) = await (
            await db.execute("SELECT json_extract(data, '$.state') FROM conversations")
        ).fetchone()  # type: ignore[misc]
    assert mode == "wal"
    assert state == "danger_screen"


async def test_old_schema_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    async with aiosqlite.connect(path) as db:
        await db.execute("PRAGMA user_version = 0")
        await db.commit()
    store = SQLiteStorage(path)
    await store.open()
    assert await store.schema_version() == len(MIGRATIONS)
    assert await store.load(KEY) is None
    await store.close()


def test_regression_replies_waiting_in_a_one_row_per_call_outbox_survive_the_upgrade(
    tmp_path: Path,
) -> None:
    """Schema 6 keeps one outbox row per turn; a file from before it may hold replies
    that were committed but not sent, some turns half sent: they must still go out,
    each once and in order."""
    path = tmp_path / "db.sqlite3"
    old = sqlite3.connect(path, isolation_level=None)
    for version, script in enumerate(MIGRATIONS[:5], start=1):
        old.executescript(script)
        old.execute(f"PRAGMA user_version = {version}")
    edit = '{"method":"editMessageText","params":{"chat_id":10,"message_id":4,"text":"a"}}'
    question = '{"method":"sendMessage","params":{"chat_id":10,"text":"¿Dónde?"}}'
    old.executemany(
        "INSERT INTO outbox (update_id, seq, chat_id, user_id, call, created_at)"
        " VALUES (?, ?, 10, 20, ?, 0)",
        [(5, 1, question), (6, 1, question), (6, 0, edit)],  # 5's edit was delivered
    )
    old.close()

    async def upgraded() -> list[tuple[int, int, str, str]]:
        store = SQLiteStorage(path)
        await store.open()
        try:
            assert await store.schema_version() == len(MIGRATIONS)
            return [
                (p.update_id, p.seq, p.call["method"], p.call["params"]["text"])
                for p in await store.pending(10)
            ]
        finally:
            await store.close()

    assert asyncio.run(upgraded()) == [
        (5, 1, "sendMessage", "¿Dónde?"),
        (6, 0, "editMessageText", "a"),
        (6, 1, "sendMessage", "¿Dónde?"),
    ]


async def test_idle_conversations_are_purged_after_the_retention_period(
    content: Content, storage: SQLiteStorage
) -> None:
    assistant = Assistant(content, storage)
    for user in (1, 2):
        await assistant.take_turn(ConversationKey(user, user), events.Start())
    async with aiosqlite.connect(storage.path) as db:  # user 1 was last seen 200 days ago
        await db.execute(
            "UPDATE conversations SET updated_at = updated_at - 200 * 86400 WHERE user_id = 1"
        )
        await db.commit()

    assert (await storage.purge_idle(time.time() - 180 * 86400)).conversations == 1
    assert await storage.load(ConversationKey(1, 1)) is None
    assert await storage.load(ConversationKey(2, 2)) is not None


class BrieflyLocked:
    """The storage's connection as it is during WAL recovery after a crash: the first
    statements find the file locked."""

    def __init__(self, db: sqlite3.Connection, times: int) -> None:
        self.db = db
        self.times = times

    def execute(self, *args: Any) -> sqlite3.Cursor:
        if self.times:
            self.times -= 1
            locked = sqlite3.OperationalError("database is locked")
            locked.sqlite_errorcode = sqlite3.SQLITE_BUSY  # type: ignore[attr-defined]
            raise locked
        return self.db.execute(*args)


async def test_a_snapshot_is_read_again_when_the_file_is_briefly_locked(
    content: Content, storage: SQLiteStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Snapshots are read on the event loop, which must never wait for a lock: when the
    read finds the file locked it is tried again after a pause, and the loop goes on."""
    await Assistant(content, storage).take_turn(KEY, events.Start())
    monkeypatch.setattr(storage, "_db", BrieflyLocked(storage.db, times=3))
    ticks = 0

    async def loop_goes_on() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    ticking = asyncio.create_task(loop_goes_on())
    snapshot = await storage.snapshot(1, KEY)
    ticking.cancel()
    assert snapshot.conversation is not None
    assert snapshot.conversation.state == "danger_screen"
    assert not snapshot.applied
    assert ticks >= 3


def a_turn(update_id: int, chat_id: int = 10) -> TurnRecord:
    text = "Which side of the face twitches? " * 20  # a question's size
    return TurnRecord(
        update_id,
        ConversationKey(chat_id, chat_id),
        conversation=Conversation(dialog_version="test", state="location", step=update_id),
        calls=[{"method": "sendMessage", "params": {"chat_id": chat_id, "text": text}}],
    )


async def test_turns_wait_while_another_process_holds_the_file(
    storage: SQLiteStorage,
) -> None:
    """Turns are written on the event loop, which must never block: while another
    process (say `spasmbot forget`) holds the write lock, the batch is tried again
    after pauses, the bot goes on with other work, and the turn lands once the lock
    is free."""
    other = sqlite3.connect(storage.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        commit = asyncio.create_task(storage.commit(a_turn(1)))
        started = time.perf_counter()
        await asyncio.sleep(0.2)
        # Not held up for the busy timeout (5 s) on the event loop:
        assert time.perf_counter() - started < 2.5
        assert not commit.done()
    finally:
        other.execute("COMMIT")
        other.close()
    assert await asyncio.wait_for(commit, 5) is True
    conversation = await storage.load(ConversationKey(10, 10))
    assert conversation is not None and conversation.step == 1
    assert [p.call["method"] for p in await storage.pending(10)] == ["sendMessage"]
