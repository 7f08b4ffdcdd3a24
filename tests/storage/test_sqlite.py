"""SQLite storage: a real file, migrations, restart and forget."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import aiosqlite
import pytest

from bot.assistant import Assistant, Consultation
from bot.core import events
from bot.storage import ConversationKey
from bot.storage.sqlite import MIGRATIONS, SQLiteStorage

KEY = ConversationKey(chat_id=10, user_id=20)


async def test_restart_mid_conversation_resumes(consultation: Consultation, tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    first = SQLiteStorage(path)
    await first.open()
    assistant = Assistant(consultation, first)
    await assistant.handle(KEY, events.Start())
    await assistant.handle(KEY, events.Say("none of these"))
    turn = await assistant.handle(KEY, events.Say("one eyelid twitches"))
    assert turn.state == "duration"
    await first.close()

    second = SQLiteStorage(path)
    await second.open()
    turn = await Assistant(consultation, second).handle(KEY, events.Start())
    assert turn.state == "duration"
    assert "Welcome back" in turn.messages[0].text
    assert turn.messages[1].question == "duration"
    await second.close()


async def test_forget_deletes_every_conversation_of_the_user(
    consultation: Consultation, storage: SQLiteStorage
) -> None:
    assistant = Assistant(consultation, storage)
    other = ConversationKey(chat_id=11, user_id=21)
    await assistant.handle(KEY, events.Start())
    await assistant.handle(ConversationKey(chat_id=-5, user_id=20), events.Start())
    await assistant.handle(other, events.Start())
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


async def test_database_uses_wal_and_json(
    storage: SQLiteStorage, consultation: Consultation
) -> None:
    await Assistant(consultation, storage).handle(KEY, events.Start())
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


async def test_idle_conversations_are_purged_after_the_retention_period(
    consultation: Consultation, storage: SQLiteStorage
) -> None:
    assistant = Assistant(consultation, storage)
    for user in (1, 2):
        await assistant.handle(ConversationKey(user, user), events.Start())
    async with aiosqlite.connect(storage.path) as db:  # user 1 was last seen 200 days ago
        await db.execute(
            "UPDATE conversations SET updated_at = updated_at - 200 * 86400 WHERE user_id = 1"
        )
        await db.commit()

    assert await storage.purge_idle(time.time() - 180 * 86400) == 1
    assert await storage.load(ConversationKey(1, 1)) is None
    assert await storage.load(ConversationKey(2, 2)) is not None


class _LockedFile:
    """A connection whose file is briefly unreadable, as during WAL recovery after a crash."""

    def execute(self, *_args: object) -> sqlite3.Cursor:
        raise sqlite3.OperationalError("database is locked")

    def close(self) -> None:
        pass


async def test_a_snapshot_is_read_on_the_writer_when_the_file_is_briefly_unreadable(
    consultation: Consultation, storage: SQLiteStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Snapshots are read on the event loop, which must never wait for a lock;
    when that read fails, the writer's thread reads it, waiting with the busy timeout."""
    await Assistant(consultation, storage).handle(KEY, events.Start())
    monkeypatch.setattr(storage, "_reader", _LockedFile())
    snapshot = await storage.snapshot(1, KEY)
    assert snapshot.conversation is not None
    assert snapshot.conversation.state == "danger_screen"
    assert not snapshot.applied
