"""One schema for both databases, and the databases of the last release upgrade into it.

Before, SQLite and PostgreSQL had lists of migrations of their own (SQLite's
went to version 6 with an outbox of one row per turn, PostgreSQL's to 5 with
one row per call). `legacy/` holds a database of each as that release left
it, built by its own migrations, with a conversation in progress and replies
committed but not all sent.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

import asyncpg
import pytest

from bot.core.conversation import Conversation
from bot.storage import ConversationKey
from bot.storage.base import Database, TurnRecord
from bot.storage.schema import MIGRATIONS
from bot.storage.teaching import TeachingStore
from tests.storage.backends import POSTGRES_URL, Backend

LEGACY = Path(__file__).parent / "legacy"
PRIVATE, GROUP = ConversationKey(10, 10), ConversationKey(-100, 10)
CALL = {"method": "sendMessage", "params": {"chat_id": 10, "text": "hello"}}


async def as_the_last_release_left_it(backend: Backend) -> None:
    if backend.name == "sqlite":
        with contextlib.closing(sqlite3.connect(backend.path)) as db:
            db.executescript((LEGACY / "sqlite-6.sql").read_text())
            db.executescript((LEGACY / "conversation.sql").read_text())
        return
    connection = await asyncpg.connect(POSTGRES_URL)
    try:
        await connection.execute(
            f'CREATE SCHEMA "{backend.schema}"; SET search_path TO "{backend.schema}"'
        )
        await connection.execute((LEGACY / "postgres-5.sql").read_text())
        await connection.execute((LEGACY / "conversation.sql").read_text())
    finally:
        await connection.close()


async def columns(backend: Backend, store: Database) -> list[tuple[str, str]]:
    """Every table's columns, by name."""
    if backend.name == "sqlite":
        query = (
            "SELECT m.name, p.name FROM sqlite_master AS m, pragma_table_info(m.name) AS p"
            " WHERE m.type = 'table' ORDER BY 1, 2"
        )
    else:
        query = (
            "SELECT table_name::text, column_name::text FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name <> 'schema_migrations'"
            " ORDER BY 1, 2"
        )
    return [(str(table), str(column)) for table, column in await store.statements.fetch(query)]


async def test_a_database_of_the_last_release_opens_with_its_conversations_and_replies(
    backend: Backend, tmp_path: Path
) -> None:
    await as_the_last_release_left_it(backend)
    async with backend.opened() as store:
        assert await store.schema_version() == len(MIGRATIONS)  # type: ignore[attr-defined]
        conversation = await store.load(PRIVATE)
        assert conversation is not None and conversation.state == "duration"
        assert conversation.answers == {"location": "one_eyelid"}
        snapshot = await store.snapshot(6, GROUP)  # Telegram delivers turn 6 again
        assert snapshot.applied and snapshot.conversation is not None
        assert snapshot.conversation.step == 3
        assert (snapshot.language, snapshot.chat_language) == ("de", "es")
        teaching = TeachingStore(store.statements)
        assert await teaching.kind(-100) == "case"
        # A quiz running across the upgrade still knows who started it, now in a column
        # of its own: the JSON no longer holds their id (`/forget` clears the column).
        running = await teaching.load(-101)
        assert running is not None and running.started_by == 77
        (data,) = await store.statements.fetchone(
            "SELECT data FROM group_sessions WHERE chat_id = -101"
        ) or ("",)
        assert json.loads(data)["started_by"] == 0
        # Each reply not yet sent goes out once, in order; turn 5's first one was sent.
        waiting = [(p.update_id, p.seq, p.call["params"]["text"]) for p in await store.pending()]
        assert waiting == [(5, 1, "¿Dónde?"), (6, 0, "b"), (6, 1, "¿Cuánto?")]
        # The conversation goes on.
        after = Conversation(dialog_version="test", state="course", step=6)
        assert await store.commit(TurnRecord(7, PRIVATE, conversation=after, calls=[CALL]))
        assert not await store.commit(TurnRecord(5, PRIVATE, calls=[CALL]))
        await store.delivered(await store.pending(10))
        assert await store.pending() == [] and await store.load(PRIVATE) == after
        upgraded = await columns(backend, store)
    fresh = Backend(backend.name, tmp_path / "fresh")
    (tmp_path / "fresh").mkdir()
    try:
        async with fresh.opened() as store:
            assert await columns(fresh, store) == upgraded  # the same tables as a new one
    finally:
        await fresh.drop()


@pytest.mark.skipif(not POSTGRES_URL, reason="set SPASMBOT_TEST_DATABASE_URL")
async def test_both_databases_have_the_same_tables(tmp_path: Path) -> None:
    """Version for version: SQLite's and PostgreSQL's migration lists are one."""
    found = []
    for name in ("sqlite", "postgres"):
        backend = Backend(name, tmp_path)
        try:
            async with backend.opened() as store:
                found.append(await columns(backend, store))
        finally:
            await backend.drop()
    assert found[0] == found[1]
